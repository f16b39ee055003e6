/// The plugins built in this repository (Plugins/), by what they provide: lets an error name
/// the plugin that would provide a layer class, preset or generator even when that plugin was
/// not found.
public enum StandardPlugins {
    /// What a plugin provides, as its manifest lists it.
    public enum Kind: String, Sendable {
        case layer = "layer class"
        case preset
        case generator

        func names(in manifest: PluginManifest) -> [String] {
            switch self {
            case .layer: return manifest.layers
            case .preset: return manifest.presets
            case .generator: return manifest.generators
            }
        }
    }

    static let providers: [Kind: [String: String]] = [
        .layer: ["SimpleRNN": "SimpleRNN", "LSTM": "LSTM", "GRU": "GRU", "Attention": "Attention", "AdditiveAttention": "Attention"],
        .preset: ["simple-rnn-sentiment": "SimpleRNN", "lstm-sine": "LSTM", "lstm-stock": "LSTM", "bilstm-tagger": "LSTM",
                  "char-lstm": "LSTM", "gru-sentiment": "GRU", "seq2seq-reverse": "Seq2Seq", "attention-classifier": "Attention",
                  "chorale-lstm": "Music"],
        .generator: ["poetry": "Poetry", "text": "Text", "music": "Music"],
    ]

    public static func provider(of kind: Kind, _ name: String) -> String? { providers[kind]?[name] }

    /// The library file SwiftPM builds for a standard plugin.
    public static func fileName(of plugin: String) -> String { "libZooPlugin\(plugin).so" }
}
