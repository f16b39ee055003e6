/// Maps Keras `class_name`s to layer factories. The core registers its generic layers (Dense,
/// Embedding, wrappers, pooling, merges); the recurrent and attention families come from plugins, loaded
/// by `PluginHost` before the first lookup.
public final class LayerRegistry: @unchecked Sendable {
    public typealias Factory = (LayerConfig) throws -> Layer

    static let shared = LayerRegistry()
    private var factories: [String: (factory: Factory, provider: String, type: Layer.Type)] = [:]

    private init() {
        register(Dense.self) { try Dense(config: $0) }
        register(Embedding.self) { try Embedding(config: $0) }
        register(Bidirectional.self) { try Bidirectional(config: $0) }
        register(TimeDistributed.self) { try TimeDistributed(config: $0) }
        register(Masking.self) { try Masking(config: $0) }
        register(Dropout.self) { try Dropout(config: $0) }
        register(GlobalAveragePooling1D.self) { try GlobalAveragePooling1D(config: $0) }
        register(RepeatVector.self) { try RepeatVector(config: $0) }
        register(Flatten.self) { try Flatten(config: $0) }
        register(Reshape.self) { try Reshape(config: $0) }
        register(Permute.self) { try Permute(config: $0) }
        register(ActivationLayer.self) { try ActivationLayer(config: $0) }
        register(Add.self) { try Add(config: $0) }
        register(Subtract.self) { try Subtract(config: $0) }
        register(Multiply.self) { try Multiply(config: $0) }
        register(Average.self) { try Average(config: $0) }
        register(Maximum.self) { try Maximum(config: $0) }
        register(Minimum.self) { try Minimum(config: $0) }
        register(Concatenate.self) { try Concatenate(config: $0) }
        register(Dot.self) { try Dot(config: $0) }
        register(Conv1D.self) { try Conv1D(config: $0) }
        register(MaxPooling1D.self) { try MaxPooling1D(config: $0) }
        register(AveragePooling1D.self) { try AveragePooling1D(config: $0) }
        register(GlobalMaxPooling1D.self) { try GlobalMaxPooling1D(config: $0) }
        register(Cropping1D.self) { try Cropping1D(config: $0) }
        register(ZeroPadding1D.self) { try ZeroPadding1D(config: $0) }
        register(UpSampling1D.self) { try UpSampling1D(config: $0) }
        register(LayerNormalization.self) { try LayerNormalization(config: $0) }
        register(BatchNormalization.self) { try BatchNormalization(config: $0) }
        register(SpatialDropout1D.self) { try SpatialDropout1D(config: $0) }
        register(GaussianNoise.self) { try GaussianNoise(config: $0) }
        register(GaussianDropout.self) { try GaussianDropout(config: $0) }
        register(AlphaDropout.self) { try AlphaDropout(config: $0) }
        register(ActivityRegularization.self) { try ActivityRegularization(config: $0) }
        register(MultiHeadAttention.self) { try MultiHeadAttention(config: $0) }
    }

    /// Registers (or replaces) the factory for `type.kerasClassName`.
    func register<L: Layer>(_ type: L.Type, provider: String = "ZooCore", factory: @escaping Factory) {
        factories[L.kerasClassName] = (factory, provider, type)
    }

    /// Registers (or replaces) a factory for `className`, a Keras class read as `type` (Keras 2's
    /// CuDNNLSTM as LSTM): the layer made is written back as `type.kerasClassName`.
    func register<L: Layer>(_ className: String, readAs type: L.Type, provider: String = "ZooCore", factory: @escaping Factory) {
        factories[className] = (factory, provider, type)
    }

    var classNames: [String] {
        PluginHost.shared.loadDefaults()
        return factories.keys.sorted()
    }

    /// Whether `className` is a recurrent layer (over any cell) or a `Bidirectional` wrapper —
    /// the layers whose calls take `initial_state` and pass their input's mask on with
    /// `return_sequences` — among the classes of the loaded plugins and the core.
    public static func isRecurrent(_ className: String) -> Bool {
        PluginHost.shared.loadDefaults()
        guard let type = shared.factories[className]?.type else { return false }
        return type is AnyRecurrentLayer.Type || type == Bidirectional.self
    }

    /// Which plugin or library provides a class name.
    func provider(of className: String) -> String? {
        PluginHost.shared.loadDefaults()
        return factories[className]?.provider
    }

    /// Makes a layer from a Keras layer entry (`{"class_name": ..., "config": {...}}`).
    func make(entry: JSONValue) throws -> Layer {
        guard let className = entry["class_name"]?.stringValue else {
            throw ZooError("layer entry without a class_name: \(entry.serialized().prefix(120))")
        }
        PluginHost.shared.loadDefaults()
        if factories[className] == nil, let refusal = UnsupportedKerasLayer.refusal(entry: entry) { throw ZooError(refusal) }
        return try make(LayerConfig(className: className, json: entry["config"] ?? .object([])))
    }

    func make(_ config: LayerConfig) throws -> Layer {
        PluginHost.shared.loadDefaults()
        guard let entry = factories[config.className] else {
            if let advice = UnsupportedKerasLayer.advice[config.className] { throw ZooError("\(config.label): \(advice)") }
            throw ZooError("\(config.label): unknown layer class '\(config.className)': \(PluginHost.shared.explainMissing(.layer, config.className)) (known: \(classNames.joined(separator: ", ")))")
        }
        return try entry.factory(config)
    }
}
