import ArgumentParser
import Foundation
import RNNZoo
import ZooCore

/// `zoo summary MODEL`: the Keras-style table (layer, output shape, parameters; totals) with the
/// parameter counts Keras reports.
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print the Keras-style summary table of a model file."
    )

    @Argument(help: "The model file (any Keras layout, a .zoockpt, a .zoo or a plugin's format; recognised by content).")
    var model: String

    @OptionGroup var architecture: ArchitectureOptions

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        plugins.load()
        try Failure.guarding("summary") {
            let loaded = try ModelFile(path: model, architecture: architecture.source)
            FileHandle.standardError.write(Data("\(model): \(loaded.description)\n".utf8))
            print(try loaded.model.summary(), terminator: "")
        }
    }
}
