import ArgumentParser
import Foundation
import RNNZoo
import ZooCore

/// `zoo convert SRC DST`: rewrites a model in the format DST's name asks for, through the format
/// registry (SRC is read by the format that recognises its content) — `.keras`,
/// `.weights.h5`, `.h5` (Keras 3 conventions; `--keras2` for the Keras 2 layouts), `.onnx`
/// (native recurrent operators, `--opset N`, default 17; `--step` writes a generator's one-step
/// model instead, `--decoder-step` a seq2seq model's DST.encoder.onnx and DST.decoder-step.onnx),
/// `.zoockpt` (from a checkpoint: `--model-only` drops the optimizer state, `--float16` halves
/// the size) or `.zoo` (a zoo bundle: the `.keras` members plus `--card`, the checkpoint's
/// data-side metadata and each `--include` file; `--float16` as well), or a plugin's format, whose
/// writer options are given as `--option NAME=VALUE`. A flag the destination's format does not
/// take is refused in one line naming the formats it applies to.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a model file; formats follow the extensions (.keras, .weights.h5, .h5, .onnx, .zoockpt, .zoo, a plugin's)."
    )

    @Argument(help: "The model to read (any Keras layout, a .zoockpt, a .zoo or a plugin's format; recognised by content).")
    var source: String

    @Argument(help: "The file to write (written atomically).")
    var destination: String

    @Flag(help: "(.h5, .weights.h5) Write the Keras 2 (tf_keras) layout: .h5 full model or .weights.h5 weights only.")
    var keras2 = false

    @Option(help: "(.onnx) The ONNX opset (13–20, default 17).")
    var opset: Int?

    @Flag(help: "(.onnx) A generator's one-step model: one token and each recurrent layer's states in, logits and states out.")
    var step = false

    @Flag(name: .customLong("decoder-step"),
          help: "(.onnx) For seq2seq: write DST.encoder.onnx (inputs → the encoder's final states) and DST.decoder-step.onnx (one decoder step with explicit states).")
    var decoderStep = false

    @Flag(name: .customLong("model-only"), help: "(.zoockpt) Leave out the optimizer state (a model to ship, not to resume).")
    var modelOnly = false

    @Flag(help: "(.keras, .h5, .weights.h5, .zoockpt, .zoo) Store weights as float16.")
    var float16 = false

    @Option(help: ArgumentHelp("(.zoo) The model card (JSON with at least name and version); from a bundle, its own card by default.", valueName: "card.json"))
    var card: String?

    @Option(help: ArgumentHelp("(.zoo) A data file to carry in the bundle (vocabulary, table); repeatable.", valueName: "FILE"))
    var include: [String] = []

    @Option(name: .customLong("option"),
            help: ArgumentHelp("A writer option of DST's format (a plugin's too): NAME=VALUE, or NAME for a switch; repeatable.", valueName: "NAME[=VALUE]"))
    var formatOptions: [String] = []

    @OptionGroup var architecture: ArchitectureOptions

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        plugins.load()
        try Failure.guarding("convert") {
            let destinationURL = URL(fileURLWithPath: destination)
            let registry = FormatRegistry.shared
            try registry.check(options, for: try registry.format(writing: destinationURL), destination: destinationURL)
            let written = try ModelFile(path: source, architecture: architecture.source).save(to: destination, options: options)
            if written != [destinationURL] {
                for file in written { print(file.path) }
            }
        }
    }

    /// The flags given, as the options of the destination's format (each format refuses the
    /// ones it does not declare).
    private var options: FormatOptions {
        var options = FormatOptions()
        let flags = [("keras2", keras2), ("step", step), ("decoder-step", decoderStep), ("model-only", modelOnly), ("float16", float16)]
        for (name, given) in flags where given { options.add(name) }
        if let opset { options.add("opset", String(opset)) }
        if let card { options.add("card", card) }
        for path in include { options.add("include", path) }
        for given in formatOptions {
            let parts = given.split(separator: "=", maxSplits: 1).map(String.init)
            options.add(parts.first ?? given, parts.count == 2 ? parts[1] : "yes")
        }
        return options
    }
}
