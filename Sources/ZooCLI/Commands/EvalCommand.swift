import ArgumentParser
import Foundation
import RNNZoo
import ZooCore

/// `zoo eval MODEL --data PATH [--json]`: negative log-likelihood per symbol and perplexity of a
/// trained model on any data of its kind (a text file with one text per line, a MIDI folder),
/// encoded by the model's preset with the model's own vocabulary and evaluated by
/// `Trainer.evaluate` — the code path training uses for its validation loss. `--manifest FILE`
/// gives a MIDI folder's upbeats (the music preset says on stderr where it took them from).
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Perplexity and NLL per symbol of a model on a text file or MIDI folder.",
        discussion: "MODEL is a model file that names its preset (a bundle .zoo, a checkpoint .zoockpt), a catalog name (NAME[@VERSION]) or a generator (poetry, music, text)."
    )

    @Argument(help: "A bundle or checkpoint file, a catalog name or a generator name.")
    var model: String

    @Option(help: ArgumentHelp("The data to score: a text file (one text per line) or a MIDI file or folder.", valueName: "PATH"))
    var data: String

    @Option(help: ArgumentHelp("Music: the chorale manifest (CSV: file, split, pickup_quarters) giving the files' upbeats; default manifest.csv beside them, else inferred.", valueName: "FILE"))
    var manifest: String?

    @Option(name: .customLong("batch-size"), help: "Windows per forward pass.")
    var batchSize: Int = 64

    @Flag(help: "One JSON object: model, data, symbols, nll, perplexity and the preset's metrics.")
    var json = false

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        try Failure.guarding("eval") {
            plugins.load()
            let started = Date()
            let name = (try? GeneratorRegistry.shared.entry(model).defaultModel) ?? model
            let url = try ModelBundle.locate(name)
            let file = try ModelFile(path: url.path)
            let metadata = file.metadata
            guard let presetName = metadata["preset"]?.stringValue else {
                throw ZooError("\(url.path): the \(file.format) does not name the preset that encodes its data (its metadata has no \"preset\")")
            }
            let preset = try PresetRegistry.shared.preset(presetName)
            guard let encode = preset.evaluationData else { throw ZooError("preset '\(presetName)' cannot encode data for evaluation") }
            guard FileManager.default.fileExists(atPath: data) else { throw ZooError("\(data): no such file or folder") }
            if let manifest, !FileManager.default.fileExists(atPath: manifest) { throw ZooError("\(manifest): no such manifest") }
            // A problem that names neither the data nor the model file is the model's: its metadata
            // (a vocabulary that is not one) or its config against that metadata.
            let dataset: Dataset, scores: [String: Double]
            do {
                // The music preset reads the manifest's path from this metadata member (ChoraleLSTMPreset.manifestKey).
                dataset = try encode(URL(fileURLWithPath: data), manifest.map { metadata.setting("data_manifest", .string($0)) } ?? metadata)
                let trainer = try Trainer(model: file.model, optimizer: try Adam(learningRate: preset.learningRate),
                                          loss: preset.loss, metrics: preset.metrics)
                scores = try trainer.evaluate(dataset, batchSize: batchSize)
            } catch let error as ZooError {
                throw error.naming(url.path, unlessItNames: [data])
            }
            let nll = scores["loss"] ?? .nan
            let symbols = dataset.targets.first.map { $0.count } ?? 0
            let modelName = file.card["name"]?.stringValue ?? url.deletingPathExtension().lastPathComponent
            let version = file.card["version"]?.stringValue
            if json {
                var members: [(String, JSONValue)] = [("model", .string(modelName)), ("version", version.map(JSONValue.string) ?? .null),
                                                      ("data", .string(data)), ("symbols", .number(Double(symbols))),
                                                      ("nll", .number(nll)), ("perplexity", .number(exp(nll)))]
                members += scores.filter { $0.key != "loss" }.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) }
                print(JSONValue.object(members).serialized(pretty: true))
            } else {
                let extra = scores.filter { $0.key != "loss" }.sorted { $0.key < $1.key }.map { ", \($0.key) \(String(format: "%.4f", $0.value))" }.joined()
                print("\(modelName)\(version.map { "@\($0)" } ?? "") on \(data): \(symbols) symbols, NLL \(String(format: "%.4f", nll)) nats per symbol, perplexity \(String(format: "%.2f", exp(nll)))\(extra)")
            }
            FileHandle.standardError.write(Data(String(format: "evaluated in %.2f s\n", Date().timeIntervalSince(started)).utf8))
        }
    }
}
