import Foundation
import ZooCore

/// A poetry model bundle: `model.zoockpt` (a character LSTM of the `char-lstm` preset, its
/// vocabulary in the stored settings), `s2t.tsv` (the simplified→traditional table) and
/// `card.json`.
public final class PoetryModel {
    public let name: String
    public let decoder: PoemDecoder
    public let converter: ScriptConverter

    public init(bundle: URL) throws {
        let checkpoint = try Checkpoint(contentsOf: bundle.appendingPathComponent("model.zoockpt"))
        guard let vocabularyJSON = checkpoint.settings["metadata"]?["vocabulary"] else {
            throw PoetryError("\(bundle.path)/model.zoockpt: no vocabulary in the model's settings")
        }
        let vocabulary = try CharVocabulary(json: vocabularyJSON)
        decoder = try PoemDecoder(model: try checkpoint.makeModel(), vocabulary: vocabulary)
        converter = try ScriptConverter(contentsOf: bundle.appendingPathComponent("s2t.tsv"))
        name = bundle.lastPathComponent
    }
}
