import Foundation
import KerasFormat
import Poetry
import RNNZoo
import XCTest
import ZooCore

/// Rhyme, tones and repetition with the model shipped in zoo/ (as zoo/index.json lists it): every poem
/// over seeds × forms × acrostics × prompts obeys its form and rhymes (and follows the tonal
/// pattern when asked), repeats characters no more than the validation poems do, and a request
/// that cannot be met is refused in one line.
final class RegulatedVerseTests: XCTestCase {
    nonisolated(unsafe) private static var shipped: PoetryModel?
    private static var repository: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    /// The shipped model, as zoo/index.json lists it (loaded once, through the zoo bundle format the
    /// RNNZoo library registers).
    private func model() throws -> PoetryModel {
        if let model = Self.shipped { return model }
        let index = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: Self.repository.appendingPathComponent("zoo/index.json"))) as? [String: Any])
        let entry = try XCTUnwrap((index["models"] as? [[String: Any]])?.first { $0["name"] as? String == "poetry-tang-lstm" })
        let path = try XCTUnwrap(entry["path"] as? String)
        Zoo.registerFormats()
        let model = try PoetryModel(bundle: Self.repository.appendingPathComponent("zoo/\(path)/poetry-tang-lstm.zoo"))
        Self.shipped = model
        return model
    }

    /// The validation poems of the corpus (its README's split: the last 652 lines), from
    /// `<repository>/../shared` or `$ZOO_SHARED`.
    private func validationPoems() throws -> [String] {
        let shared = ProcessInfo.processInfo.environment["ZOO_SHARED"].map { URL(fileURLWithPath: $0) }
            ?? Self.repository.deletingLastPathComponent().appendingPathComponent("shared")
        let corpus = shared.appendingPathComponent("data/poetry/tang-quatrains.txt")
        guard let text = try? String(contentsOf: corpus, encoding: .utf8) else { throw XCTSkip("NO POETRY CORPUS at \(corpus.path)") }
        return Array(text.split(separator: "\n").suffix(652).map(String.init))
    }

    /// Repeated characters per 20: (characters − distinct characters) / characters × 20.
    private func repeatsPer20(_ text: String) -> Double {
        let characters = text.filter { $0 != "，" && $0 != "。" }
        return Double(characters.count - Set(characters).count) / Double(characters.count) * 20
    }

    /// The poem has the form, its rhyme verses end in distinct characters of one level group,
    /// it fits the tonal pattern when the rules ask, begins with the heads and the prompt, and
    /// never has one character three times in a row.
    private func assertRules(_ poem: [String], form: PoemForm, rules: PoemRules, heads: String = "", prompt: String = "",
                             file: StaticString = #filePath, line: UInt = #line) {
        let context = poem.joined()
        XCTAssertEqual(poem.count, form.verses, context, file: file, line: line)
        let verses = poem.map { Array($0.dropLast()) }
        for (i, verse) in poem.enumerated() {
            XCTAssertEqual(verse.count, form.charactersPerVerse + 1, context, file: file, line: line)
            XCTAssertEqual(verse.last, i % 2 == 0 ? "，" : "。", context, file: file, line: line)
        }
        let ends = verses.enumerated().filter { $0.offset % 2 == 1 || ($0.offset == 0 && rules.firstLineRhymes(in: form)) }.map { $0.element.last! }
        XCTAssertTrue(Prosody.tang.rhyme(ends), "rhymes \(String(ends)): \(context)", file: file, line: line)
        if rules.strictTones {
            let pattern = TonalPattern(form: form, firstLineRhymes: rules.firstLineRhymes(in: form))
            XCTAssertTrue(pattern.fits(verses, prosody: .tang), "tones: \(context)", file: file, line: line)
        }
        if !heads.isEmpty { XCTAssertEqual(String(verses.map { $0[0] }), heads, context, file: file, line: line) }
        XCTAssertTrue(context.hasPrefix(prompt), context, file: file, line: line)
        for verse in verses {
            for i in 2..<verse.count { XCTAssertFalse(verse[i] == verse[i - 1] && verse[i] == verse[i - 2], context, file: file, line: line) }
        }
    }

    func testEveryPoemRhymesOverSeedsFormsAcrosticsAndPrompts() throws {
        let poetry = try model()
        let requests: [(prompt: String, heads: String)] = [("", ""), ("", "春夏秋冬"), ("", "山河花月春風秋雲"), ("白日", ""), ("春風", "")]
        for (chars, lines) in [(5, 4), (7, 4), (5, 8), (7, 8)] {
            let form = try PoemForm(charactersPerVerse: chars, verses: lines)
            for (r, request) in requests.enumerated() where request.heads.isEmpty || request.heads.count == lines {
                for seed in 0..<4 {
                    let rules = PoemRules(firstLineRhymes: seed >= 2 ? !(chars == 7) : nil, strictTones: seed % 2 == 1)
                    var rng = SeededGenerator(seed: UInt64(100 * r + seed))
                    var sampler = try Sampler(temperature: [0.8, 1, 1.3, 1][seed])
                    let poem = try poetry.decoder.poem(form: form, rules: rules, prompt: Array(request.prompt), acrostic: Array(request.heads),
                                                       sampler: &sampler, rng: &rng)
                    assertRules(poem, form: form, rules: rules, heads: request.heads, prompt: request.prompt)
                }
            }
        }
    }

    /// Over 200 poems in the validation set's mix of forms, the generated poems repeat characters
    /// no more often than the real ones (+ 0.05 per 20), and still reduplicate (叠字) sometimes.
    func testRepetitionIsNoHigherThanInRealPoems() throws {
        let poetry = try model()
        let real = try validationPoems()
        let realRate = real.map(repeatsPer20).reduce(0, +) / Double(real.count)
        var sampler = try Sampler()
        var rng = SeededGenerator(seed: 2026)
        var generated: [String] = []
        for (i, poem) in real.enumerated() where i % 3 == 0 {
            let form = try PoemForm(charactersPerVerse: poem.count % 32 == 0 ? 7 : 5, verses: poem.count == 24 || poem.count == 32 ? 4 : 8)
            generated.append(try poetry.decoder.poem(form: form, sampler: &sampler, rng: &rng).joined())
        }
        XCTAssertGreaterThanOrEqual(generated.count, 200)
        let rate = generated.map(repeatsPer20).reduce(0, +) / Double(generated.count)
        XCTAssertLessThanOrEqual(rate, realRate + 0.05, "generated \(rate) vs real \(realRate) repeated characters per 20")
        let reduplicated = generated.filter { poem in zip(poem, poem.dropFirst()).contains { $0 == $1 && $0 != "，" && $0 != "。" } }
        XCTAssertGreaterThan(reduplicated.count, 0, "no 叠字 in \(generated.count) poems")
    }

    func testImpossibleCombinationsFailWithOneLine() throws {
        let poetry = try model()
        func refusal(_ form: PoemForm, rules: PoemRules = PoemRules(), prompt: String = "", acrostic: String = "") throws -> String {
            var sampler = try Sampler()
            var rng = SeededGenerator(seed: 0)
            do {
                _ = try poetry.decoder.poem(form: form, rules: rules, prompt: Array(prompt), acrostic: Array(acrostic), sampler: &sampler, rng: &rng)
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        let five = try PoemForm(charactersPerVerse: 5, verses: 4)
        XCTAssertEqual(try refusal(five, prompt: "春眠不覺曉，處處聞啼鳥。"),
                       "prompt symbol 11 '鳥' ends verse 2, which must rhyme, but is not a level-tone (平) rhyme character")
        XCTAssertEqual(try refusal(five, prompt: "白日依山盡，黃河入海流。欲窮千里目，更上一層天。"), "the prompt's rhymes '流' and '天' share no rhyme group")
        XCTAssertEqual(try refusal(five, prompt: "白日依山盡，黃河入海流。欲窮千里目，更上一層流。"), "the prompt rhymes '流' twice; a rhyme character may not repeat")
        XCTAssertEqual(try refusal(five, rules: PoemRules(strictTones: true), prompt: "春眠", acrostic: "春花秋月"),
                       "--strict-tones: no tonal pattern fits the prompt and acrostic: in the 平起 one '月' (verse 4, character 1) must be level (平); "
                       + "in the 仄起 one '眠' (verse 1, character 2) must be oblique (仄)")
        XCTAssertEqual(try refusal(five, rules: PoemRules(firstLineRhymes: true, strictTones: true), prompt: "明月松間"),
                       "--strict-tones: no tonal pattern fits the prompt and acrostic: in the 平起 one '月' (verse 1, character 2) must be level (平); "
                       + "in the 仄起 one '松' (verse 1, character 3) must be oblique (仄)")
        XCTAssertEqual(try refusal(five, rules: PoemRules(strictTones: true), prompt: "明月松間照，"), "accepted")
        XCTAssertEqual(try refusal(five, prompt: "白日依山盡，黃河入海流。欲窮千里目，更上一層樓。"), "accepted")
        let seven = try PoemForm(charactersPerVerse: 7, verses: 4)
        XCTAssertEqual(try refusal(seven, prompt: "朝辭白帝彩雲間，千里江陵一日還。"), "accepted")
        XCTAssertEqual(try refusal(seven, prompt: "故人西辭黃鶴樓，"), "accepted")
        XCTAssertEqual(try refusal(seven, prompt: "獨在異鄉爲異客，"),
                       "prompt symbol 7 '客' ends verse 1, which must rhyme, but is not a level-tone (平) rhyme character (--first-line-rhyme no lets the first verse end otherwise)")
        XCTAssertEqual(try refusal(seven, rules: PoemRules(firstLineRhymes: false), prompt: "獨在異鄉爲異客，"), "accepted")
    }

    /// The table agrees with the real poems it was not derived from (lines 2/4/6/8 of the
    /// validation poems in one level group: 92.0 % when generated), and a tiny vocabulary whose
    /// groups are too small for a 七言律诗's five rhymes is refused in one line.
    func testTableAgreesWithValidationPoemsAndSmallGroupsAreRefused() throws {
        let real = try validationPoems()
        let rhymed = real.filter { poem in
            let verses = poem.split(whereSeparator: { $0 == "，" || $0 == "。" })
            return Prosody.tang.rhyme(verses.enumerated().filter { $0.offset % 2 == 1 }.map { $0.element.last! })
        }
        XCTAssertEqual(Double(rhymed.count) / Double(real.count), 0.920, accuracy: 0.001)
        let vocabulary = CharVocabulary(corpus: ["春眠不覺曉，處處聞啼鳥。", "白日依山盡，黃河入海流。"])
        let model = try ModelBuilder.sequential(name: "tiny", input: ModelInput(name: "chars", shape: [nil], dtype: "int32"), layers: [
            ("Embedding", ["name": "e", "input_dim": .number(Double(vocabulary.count)), "output_dim": 4]),
            ("LSTM", ["name": "l", "units": 4, "return_sequences": true]),
            ("Dense", ["name": "d", "units": .number(Double(vocabulary.count))]),
        ], seed: 1)
        let decoder = try PoemDecoder(model: model, vocabulary: vocabulary)
        var sampler = try Sampler()
        var rng = SeededGenerator(seed: 0)
        XCTAssertThrowsError(try decoder.poem(form: try PoemForm(charactersPerVerse: 7, verses: 8), sampler: &sampler, rng: &rng)) { error in
            XCTAssertEqual("\(error)", "no rhyme group has the 5 characters in the model's vocabulary that a 七言律诗 rhymes with")
        }
        XCTAssertThrowsError(try decoder.poem(form: try PoemForm(charactersPerVerse: 5, verses: 4), prompt: Array("白日依山盡，黃河入海山。"),
                                              sampler: &sampler, rng: &rng)) { error in
            XCTAssertEqual("\(error)", "the rhyme group of '山' (上平聲十五刪) has too few other characters in the model's vocabulary for 1 more rhyme")
        }
        let poem = try decoder.poem(form: try PoemForm(charactersPerVerse: 5, verses: 4), sampler: &sampler, rng: &rng)
        XCTAssertEqual(Set([poem[1].dropLast().last!, poem[3].dropLast().last!]), ["不", "流"], "the one group with two characters: \(poem)")
    }
}
