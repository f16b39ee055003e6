import Foundation
import ZooCore

/// `zoo generate poetry`: Tang-style poems in an exact verse form. Options read from the
/// request: `prompt`, `acrostic` (head characters), `form` (5 or 7, default 7), `lines`
/// (4 or 8; default 4, or the number of head characters). Simplified input is mapped to the
/// corpus's traditional characters. stdout holds the poems alone, one verse per line, a blank
/// line between poems (or JSON).
final class PoetryGenerator: Generator {
    let poetry: PoetryModel

    init(bundle: URL) throws {
        poetry = try PoetryModel(bundle: bundle)
    }

    var name: String { poetry.name }

    func generate(_ request: GenerationRequest) throws -> GenerationOutput {
        guard request.count >= 1 else { throw ZooError("--count must be at least 1") }
        let options = request.options
        let vocabulary = poetry.decoder.vocabulary
        let heads = try options["acrostic"].map { try poetry.converter.convert($0, vocabulary: vocabulary, what: "--acrostic") } ?? []
        let start = try options["prompt"].map { try poetry.converter.convert($0, vocabulary: vocabulary, what: "--prompt") } ?? []
        let form = try integer(options["form"], "--form") ?? 7
        let lines = try integer(options["lines"], "--lines") ?? (heads.isEmpty ? 4 : heads.count)
        let poemForm = try PoemForm(charactersPerVerse: form, verses: lines)
        var sampler = request.sampler
        var rng = SeededGenerator(seed: request.seed)
        var poems: [[String]] = []
        for _ in 0..<request.count {
            poems.append(try poetry.decoder.poem(form: poemForm, prompt: start, acrostic: heads, sampler: &sampler, rng: &rng))
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

    private func integer(_ text: String?, _ flag: String) throws -> Int? {
        guard let text else { return nil }
        guard let value = Int(text) else { throw ZooError("\(flag) must be a whole number, got '\(text)'") }
        return value
    }
}
