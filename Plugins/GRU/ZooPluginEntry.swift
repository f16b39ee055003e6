import ZooCore

/// Plugins/GRU: the Keras GRU layer (reset_after true and false; Keras 2's CuDNNGRU read as GRU).
enum ZooPluginEntry: ZooPlugin {
    static let name = "GRU"
    static let version = "1.0.0"
    static let summary = "the Keras GRU layer (reset_after true and false; Keras 2's CuDNNGRU read as GRU)."
    static let families = ["GRU"]

    static func register(_ r: PluginRegistrar) throws {
        try r.layer("GRU", RecurrentLayer<GRUCell>.self) { try RecurrentLayer<GRUCell>(config: $0) }
        try r.layer("CuDNNGRU", readAs: RecurrentLayer<GRUCell>.self) { try RecurrentLayer<GRUCell>.cuDNN(config: $0) }
    }
}
