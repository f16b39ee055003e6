import Foundation
import ZooCore

/// Plugins/Poetry: the Tang poetry generator (`zoo generate poetry`): constrained decoding of
/// exact verse forms and acrostics over a character LSTM, simplified→traditional conversion.
enum ZooPluginEntry: ZooPlugin {
    static let manifest = PluginManifest(
        name: "Poetry", version: "1.0.0",
        summary: "Tang poetry generator: exact 5/7-character verse forms and acrostics, simplified input accepted",
        families: ["Poetry"], generators: ["poetry"]
    )

    static func register() throws {
        GeneratorRegistry.shared.register("poetry", defaultModel: "poetry-tang-lstm", provider: manifest.name) {
            try PoetryGenerator(bundle: $0)
        }
    }
}
