import ArgumentParser
import Foundation
import ZooCore

/// `zoo generate text`: continues a prompt with the Text plugin's character model (Shakespeare).
/// The text alone goes to stdout; model, seed and timing to stderr.
struct GenerateTextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Continue a prompt with the shipped Shakespeare character model."
    )

    @Option(help: "The text to continue (e.g. a speaker's name: \"ROMEO:\").")
    var prompt: String = ""

    @Option(help: "Characters to generate after the prompt.")
    var length: Int = 500

    @Option(help: "Number of texts.")
    var count: Int = 1

    @Option(help: "Model: a catalog name or a bundle (default: the generator's shipped model).")
    var model: String?

    @OptionGroup var sampling: SamplingOptions

    @OptionGroup var plugins: PluginOptions

    @Flag(help: "Structured output (JSON) instead of the text.")
    var json = false

    func run() throws {
        try GeneratorRun.run(generator: "text", command: "generate text", model: model,
                             options: ["prompt": prompt, "length": "\(length)"],
                             sampling: sampling, plugins: plugins, count: count, json: json)
    }
}
