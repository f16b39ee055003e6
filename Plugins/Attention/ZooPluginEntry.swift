import ZooCore

/// Plugins/Attention: the Keras Attention (dot) and AdditiveAttention (Bahdanau) layers and the attention-classifier preset.
enum ZooPluginEntry: ZooPlugin {
    static let manifest = PluginManifest(
        name: "Attention", version: "1.0.0",
        summary: "the Keras Attention (dot) and AdditiveAttention (Bahdanau) layers and the attention-classifier preset.",
        families: ["Attention"], layers: ["Attention", "AdditiveAttention"], presets: ["attention-classifier"]
    )

    static func register() throws {
        LayerRegistry.shared.register(Attention.self, provider: manifest.name) { try Attention(config: $0) }
        LayerRegistry.shared.register(AdditiveAttention.self, provider: manifest.name) { try AdditiveAttention(config: $0) }
        PresetRegistry.shared.register(AttentionClassifierPreset.make(), provider: manifest.name)
    }
}
