import Foundation
import ZooBundleFormat
import ZooCore

/// A poetry model bundle (`.zoo`): a character LSTM of the `char-lstm` preset, its vocabulary in
/// `zoo-metadata.json` and `s2t.tsv` (the simplified→traditional table).
public final class PoetryModel {
    public let name: String
    public let decoder: PoemDecoder
    public let converter: ScriptConverter

    public init(bundle url: URL) throws {
        let bundle = try ZooBundle(contentsOf: url)
        let vocabulary = try bundle.characterVocabulary()
        decoder = try PoemDecoder(model: try bundle.model(), vocabulary: vocabulary)
        converter = try ScriptConverter(text: String(decoding: try bundle.data("s2t.tsv"), as: UTF8.self), source: "\(url.path):s2t.tsv")
        name = bundle.name
    }
}
