import Foundation
import ZooCore

/// Plugins/Poetry: the Tang poetry generator (`zoo generate poetry`): constrained decoding of
/// exact verse forms, rhymes (平水韵), optionally the tonal pattern, and acrostics over a
/// character LSTM, with a penalty on repeated characters; simplified→traditional conversion.
enum ZooPluginEntry: ZooPlugin {
    static let name = "Poetry"
    static let version = "1.0.0"
    static let summary = "Tang poetry generator: exact 5/7-character verse forms that rhyme, optional strict tones, acrostics, simplified input accepted"
    static let families = ["Poetry"]

    static func register(_ r: PluginRegistrar) throws {
        try r.generator("poetry", defaultModel: "poetry-tang-lstm", summary: "Tang poems (绝句, 律诗) in an exact verse form, rhymed", options: PoetryGenerator.options) {
            try PoetryGenerator(bundle: $0)
        }
    }
}
