import ZooCore

/// Plugins/Attention: the Keras Attention (dot) and AdditiveAttention (Bahdanau) layers and the attention-classifier preset.
enum ZooPluginEntry: ZooPlugin {
    static let name = "Attention"
    static let version = "1.0.0"
    static let summary = "the Keras Attention (dot) and AdditiveAttention (Bahdanau) layers and the attention-classifier preset."
    static let families = ["Attention"]

    static func register(_ r: PluginRegistrar) throws {
        try r.layer("Attention", Attention.self) { try Attention(config: $0) }
        try r.layer("AdditiveAttention", AdditiveAttention.self) { try AdditiveAttention(config: $0) }
        try r.preset("attention-classifier", AttentionClassifierPreset.make())
    }
}
