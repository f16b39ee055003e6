/// Identifies the exact core a binary runs or was built against. `current` and
/// `compiledAgainst` are generated from the core's sources at build time (BuildHash/), so any
/// change to the core gives a new hash and plugins built before it are refused, not run.
public enum CoreBuild {}
