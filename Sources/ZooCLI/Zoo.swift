import ArgumentParser
import ZooCore

/// The `zoo` command: thin — parses arguments, calls ZooCore, prints.
@main
struct Zoo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zoo",
        abstract: "RNNZoo: recurrent neural networks on a vectorized CPU core.",
        subcommands: [ListCommand.self, InfoCommand.self, FetchCommand.self, GenerateCommand.self, TrainCommand.self, EvalCommand.self,
                      PredictCommand.self, SummaryCommand.self, ConvertCommand.self, CacheCommand.self, PublishCommand.self,
                      PluginsCommand.self]
    )

    static func main() {
        ProcessMemory.retainFreedMemory()
        main(nil)
    }
}
