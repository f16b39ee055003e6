/// The core re-exports ZooSupport (`ZooError`, `SystemReason`, `AtomicFile`, `Shape`): whoever
/// imports ZooCore sees them, and they live once, in libZooSupport.so.
@_exported import ZooSupport
