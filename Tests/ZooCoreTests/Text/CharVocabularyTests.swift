import XCTest
@testable import ZooCore

final class CharVocabularyTests: XCTestCase {
    func testRoundTripAndUnknownCharacter() throws {
        let v = CharVocabulary(corpus: ["春眠不覺曉，處處聞啼鳥。", "春風"])
        XCTAssertEqual(v.symbols.first, "\n")
        XCTAssertEqual(v.symbols[1], "春", "the most frequent symbol comes first")
        XCTAssertEqual(v.decode(try v.encode("春風")), "春風")
        XCTAssertThrowsError(try v.encode("春夏")) { error in
            XCTAssertEqual("\(error)", "character '夏' (U+590F) at position 2 is not in the model's vocabulary")
        }
        XCTAssertEqual(try CharVocabulary(json: v.json), v)
        XCTAssertThrowsError(try CharVocabulary(json: ["symbols": ["a", "\n"]]))
    }

    /// The char-lstm preset on the Tang corpus reproduces its README's facts: the last 652 lines
    /// are the validation split, and the training part's alphabet is 4,949 symbols (+ "\n").
    func testTangCorpusSplitAndVocabulary() throws {
        let data = try PresetRegistry.shared.preset("char-lstm").makeData(0, SharedData.url("data/poetry/tang-quatrains.txt"))
        let vocabulary = try CharVocabulary(json: data.metadata["vocabulary"]!)
        XCTAssertEqual(vocabulary.count, 4950)
        XCTAssertEqual(String(vocabulary.symbols[1...3]), "。，不", "the two punctuation marks (equally frequent, by code point), then 不")
        let trainSymbols = data.train.count * 64, testSymbols = data.test.count * 64
        XCTAssertEqual(Double(testSymbols) / Double(trainSymbols + testSymbols), 0.02, accuracy: 0.002)
        XCTAssertEqual(data.train.inputs[0].shape, [data.train.count, 64])
        XCTAssertEqual(data.train.inputs[0].scalars[0], 0, "the stream starts at a boundary")
        XCTAssertEqual(Array(data.train.targets[0].scalars[0..<63]), Array(data.train.inputs[0].scalars[1..<64]))
    }
}
