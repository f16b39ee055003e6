import ZooCore

/// Plugins/GRU: the Keras GRU layer (reset_after true and false) and the gru-sentiment preset.
enum ZooPluginEntry: ZooPlugin {
    static let manifest = PluginManifest(
        name: "GRU", version: "1.0.0",
        summary: "the Keras GRU layer (reset_after true and false) and the gru-sentiment preset.",
        families: ["GRU"], layers: ["GRU"], presets: ["gru-sentiment"]
    )

    static func register() throws {
        LayerRegistry.shared.register(GRU.self, provider: manifest.name) { try GRU(config: $0) }
        PresetRegistry.shared.register(SentimentPreset.make(cell: "GRU"), provider: manifest.name)
    }
}
