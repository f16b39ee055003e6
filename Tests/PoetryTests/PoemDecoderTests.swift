import KerasFormat
import Poetry
import XCTest
import ZooBundleFormat
import ZooCore

/// The verse form is exact by construction, whatever the model: checked with an untrained
/// model whose raw preferences would put punctuation and line breaks anywhere (and whose few
/// characters cannot fill the rhymes of every form, so most cases ask for the form alone).
final class PoemDecoderTests: XCTestCase {
    static let corpus: [Substring] = ["春眠不覺曉，處處聞啼鳥。夜來風雨聲，花落知多少。", "床前明月光，疑是地上霜。舉頭望明月，低頭思故鄉。",
                                      "白日依山盡，黃河入海流。欲窮千里目，更上一層樓。", "夏秋冬後來"]

    private func decoder(seed: UInt64 = 1) throws -> PoemDecoder {
        let vocabulary = CharVocabulary(corpus: PoemDecoderTests.corpus)
        let model = try ModelBuilder.sequential(name: "tiny", input: ModelInput(name: "chars", shape: [nil], dtype: "int32"), layers: [
            ("Embedding", ["name": "e", "input_dim": .number(Double(vocabulary.count)), "output_dim": 8]),
            ("LSTM", ["name": "l", "units": 16, "return_sequences": true]),
            ("Dense", ["name": "d", "units": .number(Double(vocabulary.count)), "bias_initializer": "ones"]),
        ], seed: seed)
        let boundary = model.layers[2].weights[1]
        var b = boundary.value
        b.scalars[0] = 50
        b.scalars[vocabulary.id(of: "，")!] = 40
        try boundary.assign(b)
        return try PoemDecoder(model: model, vocabulary: vocabulary)
    }

    func testEveryFormIsExactForManySeedsAndTemperatures() throws {
        let d = try decoder()
        for (chars, verses) in [(5, 4), (7, 4), (5, 8), (7, 8)] {
            let form = try PoemForm(charactersPerVerse: chars, verses: verses)
            for seed in 0..<25 {
                var rng = SeededGenerator(seed: UInt64(seed))
                var sampler = try Sampler(temperature: [0, 0.5, 1, 2.5][seed % 4])
                let poem = try d.poem(form: form, rules: .formOnly, sampler: &sampler, rng: &rng)
                XCTAssertEqual(poem.count, verses)
                for (i, verse) in poem.enumerated() {
                    XCTAssertEqual(verse.count, chars + 1, "\(verse)")
                    XCTAssertEqual(verse.last, i % 2 == 0 ? "，" : "。")
                    XCTAssertTrue(verse.dropLast().allSatisfy { $0 != "，" && $0 != "。" && $0 != "\n" }, "\(verse)")
                }
            }
        }
    }

    func testAcrosticPromptAndSeed() throws {
        let d = try decoder()
        let form = try PoemForm(charactersPerVerse: 7, verses: 4)
        var rng = SeededGenerator(seed: 3)
        var sampler = try Sampler(temperature: 1)
        let poem = try d.poem(form: form, rules: .formOnly, acrostic: Array("春夏秋冬"), sampler: &sampler, rng: &rng)
        XCTAssertEqual(poem.map { $0.first! }, Array("春夏秋冬"))
        let prompted = try d.poem(form: form, rules: .formOnly, prompt: Array("春眠不覺曉來風，花"), sampler: &sampler, rng: &rng)
        XCTAssertTrue(prompted.joined().hasPrefix("春眠不覺曉來風，花"))
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        XCTAssertEqual(try d.poem(form: form, rules: .formOnly, sampler: &sampler, rng: &a), try d.poem(form: form, rules: .formOnly, sampler: &sampler, rng: &b))
    }

    func testImpossibleRequestsAreRefused() throws {
        let d = try decoder()
        let form = try PoemForm(charactersPerVerse: 5, verses: 4)
        var rng = SeededGenerator(seed: 0)
        var sampler = try Sampler()
        func refusal(prompt: String = "", acrostic: String = "") -> String {
            do {
                _ = try d.poem(form: form, rules: .formOnly, prompt: Array(prompt), acrostic: Array(acrostic), sampler: &sampler, rng: &rng)
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(refusal(acrostic: "春夏"), "--acrostic gives 2 heads for 4 verses")
        XCTAssertEqual(refusal(prompt: "春眠，"), "prompt symbol 3 '，' falls where a 五言绝句 needs a character")
        XCTAssertEqual(refusal(prompt: "春眠不覺曉。"), "prompt symbol 6 '。' falls where a 五言绝句 has '，'")
        XCTAssertEqual(refusal(prompt: "夏", acrostic: "春夏秋冬"), "the prompt starts verse 1 with '夏' but the acrostic head is '春'")
        XCTAssertThrowsError(try PoemForm(charactersPerVerse: 6, verses: 4))
        XCTAssertThrowsError(try PoemForm(charactersPerVerse: 5, verses: 6))
    }

    func testSimplifiedInputIsConverted() throws {
        let vocabulary = CharVocabulary(corpus: PoemDecoderTests.corpus)
        let converter = ScriptConverter(table: ["后": ["後", "后"], "风": ["風"], "头": ["頭"]])
        XCTAssertEqual(try converter.convert("风后 头", vocabulary: vocabulary, what: "--prompt"), Array("風後頭"))
        XCTAssertThrowsError(try converter.convert("龙", vocabulary: vocabulary, what: "--acrostic")) { error in
            XCTAssertEqual("\(error)", "--acrostic: '龙' (U+9F99) is not in the poetry model's vocabulary, and the simplified→traditional table has no form of it that is")
        }
    }

    /// The shipped bundle's table maps common simplified characters to the corpus's forms.
    func testShippedConversionTable() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("zoo/poetry-tang-lstm/0.4.0/poetry-tang-lstm.zoo")
        let table = try ZooBundle(contentsOf: url).data("s2t.tsv")
        let converter = try ScriptConverter(text: String(decoding: table, as: UTF8.self), source: "s2t.tsv")
        let vocabulary = try CharVocabulary(symbols: Array("\n風學發後后頭"))
        XCTAssertEqual(try converter.convert("风学发后头", vocabulary: vocabulary, what: "x"), Array("風學發後頭"))
    }
}
