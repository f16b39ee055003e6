/// The plugins built in this repository (Plugins/), by what they provide: lets an error name
/// the plugin that would provide a layer class even when that plugin was not found.
public enum StandardPlugins {
    static let layerProviders: [String: String] = [
        "SimpleRNN": "SimpleRNN", "LSTM": "LSTM", "GRU": "GRU",
        "Attention": "Attention", "AdditiveAttention": "Attention",
    ]

    public static func provider(ofLayer className: String) -> String? { layerProviders[className] }

    /// The library file SwiftPM builds for a standard plugin.
    public static func fileName(of plugin: String) -> String { "libZooPlugin\(plugin).so" }
}
