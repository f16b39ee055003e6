import ZooCore

/// Plugins/Text: the character-level text generator (`zoo generate text`), trained on
/// Shakespeare with the LSTM plugin's `char-lstm` preset.
enum ZooPluginEntry: ZooPlugin {
    static let manifest = PluginManifest(
        name: "Text", version: "1.0.0",
        summary: "character-level text generator (Shakespeare): continues a prompt",
        families: ["Text"], generators: ["text"]
    )

    static func register() throws {
        GeneratorRegistry.shared.register("text", defaultModel: "text-shakespeare-lstm", provider: manifest.name) {
            try TextGenerator(bundle: $0)
        }
    }
}
