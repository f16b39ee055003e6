import Foundation
import ZooCore

/// A music model bundle (`.zoo`): a `chorale-lstm` network, and in `zoo-metadata.json` its
/// vocabulary and each voice's sounding range.
public final class MusicModel {
    public let name: String
    public let decoder: ChoraleDecoder

    /// Reads the bundle through the core's `FormatRegistry` (the zoo bundle format the host registers).
    public init(bundle url: URL) throws {
        let bundle = try FormatRegistry.shared.read(url)
        let metadata = bundle.metadata
        let vocabulary = try MusicVocabulary(json: metadata["vocabulary"] ?? .null)
        let ranges = try Voice.allCases.map { voice -> ClosedRange<Int> in
            guard let pair = metadata["sounding_ranges"]?[voice.name]?.arrayValue?.compactMap(\.intValue), pair.count == 2, pair[0] <= pair[1] else {
                throw ZooError("\(url.path): the model's metadata has no sounding range for the \(voice.name.lowercased())")
            }
            return pair[0]...pair[1]
        }
        decoder = try ChoraleDecoder(model: bundle.model, vocabulary: vocabulary, soundingRanges: ranges)
        name = bundle.name(source: url)
    }
}
