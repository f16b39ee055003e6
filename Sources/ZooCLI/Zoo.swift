import ArgumentParser

/// The `zoo` command: thin — parses arguments, calls ZooCore, prints.
@main
struct Zoo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zoo",
        abstract: "RNNZoo: recurrent neural networks on a vectorized CPU core.",
        subcommands: [TrainCommand.self, GenerateCommand.self, PredictCommand.self, SummaryCommand.self, ConvertCommand.self,
                      ListCommand.self, InfoCommand.self, FetchCommand.self, CacheCommand.self, PublishCommand.self]
    )
}
