import Foundation
import ZooCore

/// Plugins/Poetry: the Tang poetry generator (`zoo generate poetry`): constrained decoding of
/// exact verse forms and acrostics over a character LSTM, simplified→traditional conversion.
enum ZooPluginEntry: ZooPlugin {
    static let name = "Poetry"
    static let version = "1.0.0"
    static let summary = "Tang poetry generator: exact 5/7-character verse forms and acrostics, simplified input accepted"
    static let families = ["Poetry"]

    static func register(_ r: PluginRegistrar) throws {
        try r.generator("poetry", defaultModel: "poetry-tang-lstm", summary: "Tang poems (绝句, 律诗) in an exact verse form", options: PoetryGenerator.options) {
            try PoetryGenerator(bundle: $0)
        }
    }
}
