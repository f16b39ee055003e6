/// What a plugin target defines, as `enum ZooPluginEntry: ZooPlugin` in a file named
/// `ZooPluginEntry.swift`. Its manifest is read from that file at build time (see Plugins/README.md):
/// `name`, `version`, `summary` and `families` must be string literals, and every registration
/// names its layer class, preset, generator or format with a string literal.
public protocol ZooPlugin {
    static var name: String { get }
    static var version: String { get }
    static var summary: String { get }
    /// Model families ("LSTM", "Seq2Seq", ...).
    static var families: [String] { get }
    /// Adds the plugin's layers, presets, generators and formats to the registries.
    static func register(_ registrar: PluginRegistrar) throws
}
