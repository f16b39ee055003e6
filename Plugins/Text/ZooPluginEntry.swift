import ZooCore

/// Plugins/Text: the character-level text generator (`zoo generate text`), trained on
/// Shakespeare with the LSTM plugin's `char-lstm` preset.
enum ZooPluginEntry: ZooPlugin {
    static let name = "Text"
    static let version = "1.0.0"
    static let summary = "character-level text generator (Shakespeare): continues a prompt"
    static let families = ["Text"]

    static func register(_ r: PluginRegistrar) throws {
        try r.generator("text", defaultModel: "text-shakespeare-lstm", summary: "continue a prompt with a character model (Shakespeare)",
                        options: TextGenerator.options) { try TextGenerator(bundle: $0) }
    }
}
