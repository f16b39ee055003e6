import ZooCore

/// Plugins/LSTM: the Keras LSTM layer and the LSTM presets (sine and stock regression, Bidirectional tagger, character language model).
enum ZooPluginEntry: ZooPlugin {
    static let manifest = PluginManifest(
        name: "LSTM", version: "1.0.0",
        summary: "the Keras LSTM layer and the LSTM presets (sine and stock regression, Bidirectional tagger, character language model).",
        families: ["LSTM"], layers: ["LSTM"], presets: ["lstm-sine", "lstm-stock", "bilstm-tagger", "char-lstm"]
    )

    static func register() throws {
        LayerRegistry.shared.register(LSTM.self, provider: manifest.name) { try LSTM(config: $0) }
        for preset in [SinePreset.make(), StockPreset.make(), TaggerPreset.make(), CharLSTMPreset.make()] {
            PresetRegistry.shared.register(preset, provider: manifest.name)
        }
    }
}
