import ArgumentParser
import Foundation
import ZooCore

/// `zoo generate poetry`: Tang-style poems in an exact verse form, from the Poetry plugin's
/// generator. The poems alone go to stdout (one verse per line, a blank line between poems);
/// model, seed and timing to stderr.
struct GeneratePoetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poetry",
        abstract: "Write 绝句 or 律诗 with the shipped Tang poetry model.",
        discussion: "Simplified input is mapped to the corpus's traditional characters."
    )

    @Option(help: "The poem begins with this text (its punctuation must fall where the form puts it).")
    var prompt: String?

    @Option(help: "Head characters: verse i begins with the i-th (4 or 8 of them; sets --lines).")
    var acrostic: String?

    @Option(help: "Characters per verse: 5 (五言) or 7 (七言).")
    var form: Int = 7

    @Option(help: "Verses: 4 (绝句) or 8 (律诗).")
    var lines: Int?

    @Option(help: "Number of poems.")
    var count: Int = 1

    @Option(help: "Model: a catalog name or a bundle folder (default: the generator's shipped model).")
    var model: String?

    @OptionGroup var sampling: SamplingOptions

    @OptionGroup var plugins: PluginOptions

    @Flag(help: "Structured output (JSON) instead of the poems as text.")
    var json = false

    func run() throws {
        var options = ["form": "\(form)"]
        options["prompt"] = prompt
        options["acrostic"] = acrostic
        options["lines"] = lines.map { "\($0)" }
        try GeneratorRun.run(generator: "poetry", command: "generate poetry", model: model, options: options,
                             sampling: sampling, plugins: plugins, count: count, json: json)
    }
}
