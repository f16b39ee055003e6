import ZooCore

/// Plugins/SimpleRNN: the Keras SimpleRNN layer.
enum ZooPluginEntry: ZooPlugin {
    static let name = "SimpleRNN"
    static let version = "1.0.0"
    static let summary = "the Keras SimpleRNN layer."
    static let families = ["SimpleRNN"]

    static func register(_ r: PluginRegistrar) throws {
        try r.layer("SimpleRNN", RecurrentLayer<SimpleRNNCell>.self) { try RecurrentLayer<SimpleRNNCell>(config: $0) }
    }
}
