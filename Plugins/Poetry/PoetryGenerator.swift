import Foundation
import ZooCore

/// `zoo generate poetry`: Tang-style poems in an exact verse form that rhyme (`PoemRules`).
/// Options read from the request: `prompt`, `acrostic` (head characters), `form` (5 or 7,
/// default 7), `lines` (4 or 8; default 4, or the number of head characters),
/// `first-line-rhyme` (yes/no; default yes for 七言, no for 五言), `strict-tones` (yes/no,
/// default no). Simplified input is mapped to the corpus's traditional characters. stdout holds
/// the poems alone, one verse per line, a blank line between poems (or JSON).
final class PoetryGenerator: Generator {
    let poetry: PoetryModel

    static let options = [
        GeneratorOption("prompt", help: "The poem begins with this text (its punctuation must fall where the form puts it)."),
        GeneratorOption("acrostic", help: "Head characters: verse i begins with the i-th (4 or 8 of them; sets --lines)."),
        GeneratorOption("form", .choice(["5", "7"]), default: "7", help: "Characters per verse: 5 (五言) or 7 (七言)."),
        GeneratorOption("lines", .choice(["4", "8"]), help: "Verses: 4 (绝句) or 8 (律诗); default 4, or one per head character."),
        GeneratorOption("first-line-rhyme", .choice(["yes", "no"]),
                        help: "The first verse rhymes with the even ones (首句入韵); default yes for 七言, no for 五言."),
        GeneratorOption("strict-tones", .choice(["yes", "no"]), default: "no",
                        help: "Follow the level/oblique (平仄) pattern of regulated verse (对, 粘); no: only the rhymes are level."),
    ]

    init(bundle: URL) throws {
        poetry = try PoetryModel(bundle: bundle)
    }

    var name: String { poetry.name }

    func generate(_ request: GenerationRequest) throws -> GenerationOutput {
        let request = try request.checked(against: Self.options)
        let options = request.options
        let vocabulary = poetry.decoder.vocabulary
        let heads = try options["acrostic"].map { try poetry.converter.convert($0, vocabulary: vocabulary, what: "--acrostic") } ?? []
        let start = try options["prompt"].map { try poetry.converter.convert($0, vocabulary: vocabulary, what: "--prompt") } ?? []
        let form = request.integer("form") ?? 7
        let lines = request.integer("lines") ?? (heads.isEmpty ? 4 : heads.count)
        let poemForm = try PoemForm(charactersPerVerse: form, verses: lines)
        let rules = PoemRules(firstLineRhymes: options["first-line-rhyme"].map { $0 == "yes" }, strictTones: options["strict-tones"] == "yes")
        var sampler = request.sampler
        var rng = SeededGenerator(seed: request.seed)
        var poems: [[String]] = []
        for _ in 0..<request.count {
            poems.append(try poetry.decoder.poem(form: poemForm, rules: rules, prompt: start, acrostic: heads, sampler: &sampler, rng: &rng))
        }
        let text: String
        if request.json {
            let object: JSONValue = ["model": .string(poetry.name), "form": .string(poemForm.name), "seed": .number(Double(request.seed)),
                                     "temperature": .number(Double("\(request.sampler.temperature)") ?? 0),
                                     "poems": .array(poems.map { verses in ["verses": .array(verses.map { .string($0) }), "text": .string(verses.joined())] })]
            text = object.serialized(pretty: true)
        } else {
            text = poems.map { $0.joined(separator: "\n") }.joined(separator: "\n\n")
        }
        return GenerationOutput(stdout: text, info: "\(poetry.name) · \(poemForm.name) · seed \(request.seed)")
    }
}
