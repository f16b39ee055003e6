/// Identifies the exact core a binary runs. `current` is generated from the core's sources at
/// build time (BuildHash/); the same build-tool plugin stamps every plugin with the hash of the
/// core it is compiled against, so a plugin built before any change to the core is refused, not run.
public enum CoreBuild {}
