import ZooCore

/// Plugins/Seq2Seq: encoder-decoder models with state handed from encoder to decoder; the seq2seq-reverse preset (needs the LSTM plugin's layer).
enum ZooPluginEntry: ZooPlugin {
    static let manifest = PluginManifest(
        name: "Seq2Seq", version: "1.0.0",
        summary: "encoder-decoder models with state handed from encoder to decoder; the seq2seq-reverse preset (needs the LSTM plugin's layer).",
        families: ["Seq2Seq"], layers: [], presets: ["seq2seq-reverse"]
    )

    static func register() throws {
        PresetRegistry.shared.register(ReversePreset.make(), provider: manifest.name)
    }
}
