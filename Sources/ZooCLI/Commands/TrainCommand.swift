import ArgumentParser
import Foundation
import ZooCore

/// `zoo train PRESET`: prints the model summary, trains with a live progress bar, evaluates on
/// the preset's held-out data, and writes into the output folder the checkpoint (after every
/// epoch, atomically), the History as CSV and JSON, and the curves as SVG.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a preset model (see `zoo train --list`).",
        discussion: "Same seed, same run. --resume continues a run from its checkpoint with the same loss curve."
    )

    @Argument(help: "The preset to train.")
    var preset: String?

    @OptionGroup var options: TrainingOptions

    @OptionGroup var plugins: PluginOptions

    @Option(help: "Training corpus for presets that learn from a file (char-lstm).")
    var data: String?

    @Option(help: "Resume from this checkpoint (written by an earlier run).")
    var resume: String?

    @Option(name: .shortAndLong, help: "Output folder (default: zoo-runs/PRESET).")
    var output: String?

    @Flag(help: "List the presets and exit.")
    var list = false

    func run() throws {
        plugins.load()
        try Failure.guarding("train") {
            if list {
                for p in PresetRegistry.shared.all {
                    print(p.name.padding(toLength: 22, withPad: " ", startingAt: 0) + p.summary)
                }
                return
            }
            try train()
        }
    }

    private func train() throws {
        let resumed = try resume.map { try Checkpoint(contentsOf: URL(fileURLWithPath: $0)) }
        guard let name = preset ?? resumed?.settings["preset"]?.stringValue else {
            throw ZooError("name a preset (see `zoo train --list`) or --resume a checkpoint")
        }
        let preset = try PresetRegistry.shared.preset(name)
        if let stored = resumed?.settings["preset"]?.stringValue, stored != name {
            throw ZooError("\(resume!): checkpoint is of preset '\(stored)', not '\(name)'")
        }
        let seed = resumed?.settings["seed"]?.intValue.map(UInt64.init) ?? options.seed
        let batchSize = options.batchSize ?? resumed?.settings["batch_size"]?.intValue ?? preset.batchSize
        let validationSplit = options.validationSplit ?? resumed?.settings["validation_split"]?.doubleValue ?? preset.validationSplit
        let epochs = options.epochs ?? resumed?.settings["epochs"]?.intValue ?? preset.epochs
        let outDir = URL(fileURLWithPath: output ?? "zoo-runs/\(name)")
        let checkpointURL = outDir.appendingPathComponent("checkpoint.zoockpt")
        try Self.prepare(outDir)

        let dataPath = data ?? resumed?.settings["data"]?.stringValue
        if preset.needsData && dataPath == nil { throw ZooError("preset '\(name)' learns from a corpus: give --data FILE") }
        let data = try preset.makeData(seed, dataPath.map { URL(fileURLWithPath: $0) })
        let model: Model
        let optimizer: Optimizer
        if let resumed {
            model = try resumed.makeModel()
            optimizer = try resumed.makeOptimizer()
            if let lr = options.learningRate { optimizer.learningRate = lr }
        } else {
            model = try preset.makeModel(seed, data.metadata)
            optimizer = try Adam(learningRate: options.learningRate ?? preset.learningRate)
        }
        print("\(name): \(preset.summary)")
        print(try model.summary())
        let settings = Checkpoint.runSettings(preset: name, seed: seed, batchSize: batchSize, validationSplit: validationSplit, epochs: epochs,
                                              metadata: data.metadata, data: dataPath)
        let trainer = try Trainer(model: model, optimizer: optimizer, loss: preset.loss, metrics: preset.metrics, seed: seed)
        trainer.shouldInterrupt = Interrupt.install()
        let started = Date()
        let history: History
        do {
            history = try trainer.fit(data.train, epochs: epochs, batchSize: batchSize, validationSplit: validationSplit,
                                      validationData: validationSplit == 0 ? data.test : nil,
                                      initialEpoch: resumed?.epoch ?? 0, history: resumed?.history ?? History(),
                                      callbacks: [ModelCheckpoint(url: checkpointURL, settings: settings)],
                                      progress: ProgressBar())
        } catch let error as ZooError {
            let kept = FileManager.default.fileExists(atPath: checkpointURL.path)
                ? "; last good checkpoint kept: \(checkpointURL.path)" : "; no checkpoint was written"
            throw ZooError(error.message + kept)
        }
        let seconds = Date().timeIntervalSince(started)
        var test = try trainer.evaluate(data.test, batchSize: batchSize)
        if let score = preset.score { test.merge(try score(model, data.test)) { $1 } }
        if preset.task == "language-model" { test["perplexity_per_symbol"] = exp(test["loss"]!) }
        print("test (\(data.test.count) held-out samples): " + test.sorted { $0.key < $1.key }.map { "\($0.key) \(ProgressBar.value($0.value))" }.joined(separator: ", "))
        try AtomicFile.write(history.csv(), to: outDir.appendingPathComponent("history.csv"))
        try AtomicFile.write(history.json().serialized(pretty: true) + "\n", to: outDir.appendingPathComponent("history.json"))
        try AtomicFile.write(HistoryChart.svg(history, title: "\(name) — seed \(seed)"), to: outDir.appendingPathComponent("history.svg"))
        print(String(format: "trained in %.1f s; wrote ", seconds) + outDir.path + "/{checkpoint.zoockpt, history.csv, history.json, history.svg}")
    }

    /// Makes the output folder before training starts, so that a name taken by a file or a
    /// folder that cannot be made fails at once, in one line, not after the last epoch.
    static func prepare(_ folder: URL) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), !isFolder.boolValue {
            throw ZooError("\(folder.path): a file of that name exists; -o names the output folder")
        }
        try AtomicFile.makeFolder(folder, for: "-o \(folder.path)")
    }
}
