import ArgumentParser
import ZooCore

/// The options every generator takes (`zoo generate NAME`), beside the ones it declares itself.
struct GenerateOptions: ParsableArguments {
    @Option(help: "Model: a catalog name or a bundle file or folder (default: the generator's shipped model).")
    var model: String?

    @Option(help: "Number of samples (generators that make several per run).")
    var count: Int?

    @Flag(help: "Structured output (JSON) instead of plain samples; with --help, the generator's options as JSON.")
    var json = false

    @OptionGroup var sampling: SamplingOptions

    @OptionGroup var plugins: PluginOptions
}
