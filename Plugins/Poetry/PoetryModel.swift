import Foundation
import ZooCore

/// A poetry model bundle (`.zoo`): a character LSTM of the `char-lstm` preset, its vocabulary in
/// `zoo-metadata.json` and `s2t.tsv` (the simplified→traditional table).
public final class PoetryModel {
    public let name: String
    public let decoder: PoemDecoder
    public let converter: ScriptConverter

    /// Reads the bundle through the core's `FormatRegistry` (the zoo bundle format the host registers).
    public init(bundle url: URL) throws {
        let bundle = try FormatRegistry.shared.read(url)
        decoder = try PoemDecoder(model: bundle.model, vocabulary: try bundle.characterVocabulary(source: url))
        converter = try ScriptConverter(text: String(decoding: try bundle.dataFile("s2t.tsv", source: url), as: UTF8.self), source: "\(url.path):s2t.tsv")
        name = bundle.name(source: url)
    }
}
