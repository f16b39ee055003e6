import ZooCore

/// Plugins/Sentiment: the review-sentiment presets over the GRU and the SimpleRNN layer, which
/// the GRU and SimpleRNN plugins provide.
enum ZooPluginEntry: ZooPlugin {
    static let name = "Sentiment"
    static let version = "1.0.0"
    static let summary = "the gru-sentiment and simple-rnn-sentiment presets (binary review sentiment; the GRU and SimpleRNN plugins provide the layers)."
    static let families = ["Sentiment"]

    static func register(_ r: PluginRegistrar) throws {
        try r.preset("gru-sentiment", SentimentPreset.make(cell: "GRU"))
        try r.preset("simple-rnn-sentiment", SentimentPreset.make(cell: "SimpleRNN"))
    }
}
