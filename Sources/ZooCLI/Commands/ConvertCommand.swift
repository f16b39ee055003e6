import ArgumentParser
import Foundation
import KerasFormat
import ONNXFormat
import RNNZoo
import ZooCore

/// `zoo convert SRC DST`: rewrites a model in the format DST's name asks for — `.keras`,
/// `.weights.h5`, `.h5` (Keras 3 conventions; `--keras2` for the Keras 2 layouts), `.onnx`
/// (native recurrent operators, `--opset N`, default 17; `--step` writes a generator's one-step
/// model instead, `--decoder-step` a seq2seq model's DST.encoder.onnx and DST.decoder-step.onnx),
/// `.zoockpt` (from a checkpoint: `--model-only` drops the optimizer state, `--float16` halves
/// the size) or `.zoo` (a zoo bundle: the `.keras` members plus `--card`, the checkpoint's
/// data-side metadata and each `--include` file; `--float16` as well).
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a model file; formats follow the extensions (.keras, .weights.h5, .h5, .onnx, .zoockpt, .zoo)."
    )

    @Argument(help: "The model to read (any Keras layout, recognised by content, or a .zoockpt).")
    var source: String

    @Argument(help: "The file to write (written atomically).")
    var destination: String

    @Flag(help: "Write the Keras 2 (tf_keras) layout: .h5 full model or .weights.h5 weights only.")
    var keras2 = false

    @Option(help: "(.onnx) The ONNX opset (13–20).")
    var opset: Int = ONNXExporter.defaultOpset

    @Flag(help: "(.onnx) A generator's one-step model: one token and each recurrent layer's states in, logits and states out.")
    var step = false

    @Flag(name: .customLong("decoder-step"),
          help: "(.onnx) For seq2seq: write DST.encoder.onnx (inputs → the encoder's final states) and DST.decoder-step.onnx (one decoder step with explicit states).")
    var decoderStep = false

    @Flag(name: .customLong("model-only"), help: "(.zoockpt) Leave out the optimizer state (a model to ship, not to resume).")
    var modelOnly = false

    @Flag(help: "(.zoockpt, .zoo) Store weights as float16.")
    var float16 = false

    @Option(help: ArgumentHelp("(.zoo) The model card (JSON with at least name and version); from a bundle, its own card by default.", valueName: "card.json"))
    var card: String?

    @Option(help: ArgumentHelp("(.zoo) A data file to carry in the bundle (vocabulary, table); repeatable.", valueName: "FILE"))
    var include: [String] = []

    @OptionGroup var architecture: ArchitectureOptions

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        plugins.load()
        try Failure.guarding("convert") {
            let destinationURL = URL(fileURLWithPath: destination)
            let isONNX = destination.lowercased().hasSuffix(".onnx")
            if (step || decoderStep) && !isONNX {
                throw ZooError("\(destination): --step and --decoder-step write ONNX; name the destination .onnx")
            }
            if step && decoderStep { throw ZooError("--step and --decoder-step exclude each other (a generator or a seq2seq model)") }
            if destination.hasSuffix(".zoockpt") {
                guard ModelFile.isCheckpoint(URL(fileURLWithPath: source)) else {
                    throw ZooError("\(destination): a .zoockpt is written from a .zoockpt checkpoint; write .keras, .weights.h5 or .h5 instead")
                }
                let checkpoint = try Checkpoint(contentsOf: URL(fileURLWithPath: source))
                _ = try checkpoint.makeModel()
                try checkpoint.write(to: destinationURL, modelOnly: modelOnly, float16: float16)
                return
            }
            if destination.hasSuffix(".\(ZooBundle.fileExtension)") {
                try writeBundle(to: destinationURL)
                return
            }
            if isONNX {
                let model = try ModelFile(path: source, architecture: architecture.source).model
                if step {
                    try ONNXExporter.writeStep(model, to: destinationURL, opset: opset)
                } else if decoderStep {
                    for file in try ONNXExporter.writeDecoderStep(model, to: destinationURL, opset: opset) { print(file.path) }
                } else {
                    try ONNXExporter.write(model, to: destinationURL, opset: opset)
                }
                return
            }
            _ = try KerasModelFile.layout(forWriting: destinationURL, keras2: keras2)
            let model = try ModelFile(path: source, architecture: architecture.source).model
            try KerasModelFile.save(model, to: destinationURL, keras2: keras2)
        }
    }

    /// A zoo bundle from SRC: its data-side metadata (the preset's metadata and the preset's name,
    /// which `zoo eval` uses to encode data) comes from the checkpoint's settings or the source
    /// bundle. From a bundle, its card and data files carry over unless `--card` or an
    /// `--include` of the same name replaces them, so converting a bundle in place (to float16,
    /// say) keeps everything it held.
    private func writeBundle(to url: URL) throws {
        let sourceURL = URL(fileURLWithPath: source)
        let sourceBundle = ModelFile.isCheckpoint(sourceURL) ? nil : try? ZooBundle(contentsOf: sourceURL)
        let cardJSON: JSONValue
        if let card {
            do { cardJSON = try JSONValue.parse(try Data(contentsOf: URL(fileURLWithPath: card))) } catch {
                throw ZooError("\(card): not a readable JSON card (\(SystemReason.reason(error)))")
            }
        } else if let sourceBundle {
            cardJSON = sourceBundle.card
        } else {
            throw ZooError("\(destination): a .zoo bundle needs --card card.json")
        }
        var metadata = JSONValue.null
        if ModelFile.isCheckpoint(sourceURL) {
            let settings = try Checkpoint(contentsOf: sourceURL).settings
            metadata = (settings["metadata"] ?? .object([])).setting("preset", settings["preset"] ?? .null)
        } else if let sourceBundle {
            metadata = try sourceBundle.metadata()
        }
        var files = try include.map { path -> (String, [UInt8]) in
            guard let data = FileManager.default.contents(atPath: path) else { throw ZooError("\(path): cannot read the file to include") }
            return (URL(fileURLWithPath: path).lastPathComponent, [UInt8](data))
        }
        for name in sourceBundle?.dataFiles ?? [] where !files.contains(where: { $0.0 == name }) {
            files.append((name, try sourceBundle!.data(name)))
        }
        let model = try ModelFile(path: source, architecture: architecture.source).model
        try ZooBundle.write(model, card: cardJSON, metadata: metadata, files: files, float16: float16, to: url)
    }
}
