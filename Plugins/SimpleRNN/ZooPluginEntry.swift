import ZooCore

/// Plugins/SimpleRNN: the Keras SimpleRNN layer and the simple-rnn-sentiment preset.
enum ZooPluginEntry: ZooPlugin {
    static let manifest = PluginManifest(
        name: "SimpleRNN", version: "1.0.0",
        summary: "the Keras SimpleRNN layer and the simple-rnn-sentiment preset.",
        families: ["SimpleRNN"], layers: ["SimpleRNN"], presets: ["simple-rnn-sentiment"]
    )

    static func register() throws {
        LayerRegistry.shared.register(SimpleRNN.self, provider: manifest.name) { try SimpleRNN(config: $0) }
        PresetRegistry.shared.register(SentimentPreset.make(cell: "SimpleRNN"), provider: manifest.name)
    }
}
