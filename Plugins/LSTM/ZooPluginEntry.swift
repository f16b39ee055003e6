import ZooCore

/// Plugins/LSTM: the Keras LSTM layer (and Keras 2's CuDNNLSTM, read as LSTM) and the LSTM presets (sine and stock regression, Bidirectional tagger, character language model).
enum ZooPluginEntry: ZooPlugin {
    static let name = "LSTM"
    static let version = "1.0.0"
    static let summary = "the Keras LSTM layer (and Keras 2's CuDNNLSTM, read as LSTM) and the LSTM presets (sine and stock regression, Bidirectional tagger, character language model)."
    static let families = ["LSTM"]

    static func register(_ r: PluginRegistrar) throws {
        try r.layer("LSTM", RecurrentLayer<LSTMCell>.self) { try RecurrentLayer<LSTMCell>(config: $0) }
        try r.layer("CuDNNLSTM", readAs: RecurrentLayer<LSTMCell>.self) { try RecurrentLayer<LSTMCell>.cuDNN(config: $0) }
        try r.preset("lstm-sine", SinePreset.make())
        try r.preset("lstm-stock", StockPreset.make())
        try r.preset("bilstm-tagger", TaggerPreset.make())
        try r.preset("char-lstm", CharLSTMPreset.make())
        try r.preset("char-lstm-large", CharLSTMPreset.makeLarge())
    }
}
