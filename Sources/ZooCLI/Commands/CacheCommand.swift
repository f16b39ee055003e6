import ArgumentParser

/// `zoo cache list|verify|rm|prune`: look after the model cache ($ZOO_HOME, default ~/.cache/rnnzoo).
struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "List, verify, remove or prune the cached models ($ZOO_HOME, default ~/.cache/rnnzoo).",
        subcommands: [CacheListCommand.self, CacheVerifyCommand.self, CacheRemoveCommand.self, CachePruneCommand.self]
    )
}
