@_exported import Foundation
@_exported import ZooCatalog
@_exported import ZooCore

/// RNNZoo as a Swift library: everything the `zoo` command does, with typed results and thrown
/// errors (`ZooError`, one line naming the file and the problem).
///
///     let lstm = try Zoo.open("model.h5")              // any Keras layout, .zoockpt, .zoo, a plugin's format
///     print(try lstm.model.summary())
///     let y = try lstm.model.predict([x])               // x: Tensor [batch, time, features]
///     try Zoo.save(lstm.model, to: "model.onnx")        // .keras, .weights.h5, .h5, .onnx, .zoo, a plugin's
///     let poem = try Zoo.generate("poetry", options: ["acrostic": "春夏秋冬"])
///     let trained = try Zoo.train("lstm-sine", epochs: 3)   // Zoo.presets lists them; checkpoint: writes a .zoockpt
///     let folder = try Zoo.fetch("poetry-tang-lstm")    // verified, into $ZOO_HOME
///
/// Model families (LSTM, GRU, …), presets, generators and formats beyond the zoo's own are
/// plugins: they are found beside the running executable and in `$ZOO_PLUGIN_PATH`;
/// `loadPlugins(from:)` adds folders, and `generators`, `presets` and `formats` list what they
/// provide. A plugin's layers are found by their Keras class name wherever a model is built
/// (`ModelBuilder`) or read (`open`).
public enum Zoo {
    /// Loads the plugins of `folders` (before the default folders) so that their layers, presets
    /// and generators can be used; returns every plugin seen, refused ones with the reason
    /// (a refused plugin is never run).
    @discardableResult
    public static func loadPlugins(from folders: [URL] = []) -> [PluginRecord] {
        registerFormats()
        for folder in folders { PluginHost.shared.load(folder: folder) }
        PluginHost.shared.loadDefaults()
        return PluginHost.shared.plugins
    }

    /// Registers the zoo's own formats (Keras, ONNX, the RNNZoo checkpoint, the zoo bundle) in the
    /// core's `FormatRegistry`, once; every call of the facade does it first. A program that loads
    /// plugins through `PluginHost` itself calls it before, so that no plugin takes their names or
    /// extensions.
    public static func registerFormats() {
        _ = StandardFormats.registered
    }

    /// Every model format known: the zoo's own, then the plugins' (their names, extensions,
    /// and whether they read and write).
    public static var formats: [ModelFormat] {
        loadPlugins()
        return FormatRegistry.shared.formats
    }

    /// Opens any model file the zoo reads (by content: any Keras layout, `.zoockpt`, `.zoo`, a
    /// plugin's format); a weights-only Keras file needs `architecture`.
    public static func open(_ path: String, architecture: ModelFile.ArchitectureSource = ModelFile.ArchitectureSource()) throws -> ModelFile {
        loadPlugins()
        return try ModelFile(path: path, architecture: architecture)
    }

    /// Writes `model` in the format `path`'s extension names (written atomically): `.onnx` (native
    /// recurrent operators; options `opset`, `step`, `decoder-step`), `.keras`, `.weights.h5` or
    /// `.h5` (Keras 3 conventions, or the Keras 2 layouts with `keras2`), `.zoo` (option `card`),
    /// or a plugin's format; `options` are the format's own (`Zoo.formats` lists them). Returns
    /// the files written.
    @discardableResult
    public static func save(_ model: Model, to path: String, keras2: Bool = false, options: FormatOptions = FormatOptions()) throws -> [URL] {
        loadPlugins()
        var options = options
        if keras2 { options.add("keras2") }
        return try FormatRegistry.shared.write(ModelWriteRequest(model: model, destination: URL(fileURLWithPath: path), options: options))
    }

    /// Generates with a registered generator ("poetry", "text", "music", or a plugin's):
    /// `options` are its declared options by name without dashes (checked against the
    /// declaration, defaults filled in); `model` a bundle path or catalog name (default: the
    /// generator's shipped model).
    public static func generate(_ generator: String, options: [String: String] = [:], model: String? = nil,
                                sampler: Sampler? = nil, seed: UInt64 = 1, count: Int = 1) throws -> GenerationOutput {
        loadPlugins()
        let entry = try GeneratorRegistry.shared.entry(generator)
        guard count >= 1 else { throw ZooError("count must be at least 1, got \(count)") }
        let request = try GenerationRequest(options: options, sampler: sampler ?? Sampler(), seed: seed, count: count)
            .checked(against: entry.options)
        return try entry.make(try ModelBundle.locate(model ?? entry.defaultModel)).generate(request)
    }

    /// The registered generators, by name (`zoo generate --help`), each with the options it
    /// declares — name, kind (text, integer range, choice, file), default, help — that
    /// `generate(_:options:model:sampler:seed:count:)` checks its `options` against.
    public static var generators: [GeneratorRegistry.Entry] {
        loadPlugins()
        return GeneratorRegistry.shared.all
    }

    /// The registered presets, by name (`zoo train --list`): what `train` can train.
    public static var presets: [Preset] {
        loadPlugins()
        return PresetRegistry.shared.all
    }

    /// Trains a preset (`presets` lists them) from its own initial weights: the model, its loss
    /// curve, and the held-out scores (loss and the preset's metrics). With `checkpoint`, the run
    /// is written there after every epoch as `zoo train` writes its `checkpoint.zoockpt` (model,
    /// optimizer state, history and run settings): `open`, `zoo train --resume`, and generators
    /// whose model is a trained preset take that file.
    public static func train(_ preset: String, data: URL? = nil, epochs: Int? = nil, batchSize: Int? = nil,
                             seed: UInt64 = 0, checkpoint: URL? = nil) throws -> (model: Model, history: History, test: [String: Double]) {
        loadPlugins()
        let preset = try PresetRegistry.shared.preset(preset)
        if preset.needsData && data == nil { throw ZooError("preset '\(preset.name)' learns from a corpus: give data") }
        let prepared = try preset.makeData(seed, data)
        let model = try preset.makeModel(seed, prepared.metadata)
        let trainer = try Trainer(model: model, optimizer: try Adam(learningRate: preset.learningRate), loss: preset.loss,
                                  metrics: preset.metrics, seed: seed)
        let batch = batchSize ?? preset.batchSize, epochs = epochs ?? preset.epochs
        let settings = Checkpoint.runSettings(preset: preset.name, seed: seed, batchSize: batch, validationSplit: preset.validationSplit,
                                              epochs: epochs, metadata: prepared.metadata, data: data?.path)
        let callbacks: [TrainingCallback] = checkpoint.map { [ModelCheckpoint(url: $0, settings: settings)] } ?? []
        let history = try trainer.fit(prepared.train, epochs: epochs, batchSize: batch,
                                      validationSplit: preset.validationSplit,
                                      validationData: preset.validationSplit == 0 ? prepared.test : nil, callbacks: callbacks)
        return (model, history, try trainer.evaluate(prepared.test, batchSize: batch))
    }

    /// The models of a registry (a folder, file:// or http:// URL; default `$ZOO_REGISTRY`, else
    /// the catalog shipped with the project), newest version of each.
    public static func catalog(_ registry: String? = nil) throws -> [CatalogEntry] {
        try Registry.resolve(registry).index().newestOfEach
    }

    /// Fetches `NAME[@VERSION]` into the cache (`$ZOO_HOME`), every file checked against its
    /// card's sha256; returns the model's folder.
    public static func fetch(_ reference: String, registry: String? = nil) throws -> URL {
        let fetcher = Fetcher(registry: try Registry.resolve(registry), cache: ModelCache.resolve())
        return try fetcher.fetch(ModelReference(parsing: reference)).model.folder
    }
}
