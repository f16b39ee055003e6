import ZooCore

/// Plugins/Seq2Seq: encoder-decoder models with state handed from encoder to decoder; the seq2seq-reverse preset (needs the LSTM plugin's layer).
enum ZooPluginEntry: ZooPlugin {
    static let name = "Seq2Seq"
    static let version = "1.0.0"
    static let summary = "encoder-decoder models with state handed from encoder to decoder; the seq2seq-reverse preset (needs the LSTM plugin's layer)."
    static let families = ["Seq2Seq"]

    static func register(_ r: PluginRegistrar) throws {
        try r.preset("seq2seq-reverse", ReversePreset.make())
    }
}
