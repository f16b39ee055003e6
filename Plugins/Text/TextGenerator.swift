import Foundation
import ZooCore

/// `zoo generate text`: continues `prompt` with `length` characters sampled one at a time from a
/// character LSTM bundle (the `char-lstm` preset; vocabulary in `zoo-metadata.json`). The model
/// reads the boundary "\n" first, as every training text began, then the prompt. stdout holds the
/// prompt and its continuation (or JSON); a prompt character the model never saw is an error
/// naming it. The model runs in the core's `SamplingLoop`.
final class TextGenerator: Generator {
    let name: String
    let vocabulary: CharVocabulary
    let loop: SamplingLoop

    static let options = [
        GeneratorOption("prompt", default: "", help: "The text to continue, e.g. a speaker's name as the corpus writes it (\"Romeo.\") or as tiny Shakespeare does (\"ROMEO:\")."),
        GeneratorOption("length", .integer(0...1_000_000), default: "500", help: "Characters to generate after the prompt."),
    ]

    init(bundle url: URL) throws {
        let bundle = try FormatRegistry.shared.read(url)
        vocabulary = try bundle.characterVocabulary(source: url)
        loop = try SamplingLoop(model: bundle.model)
        guard loop.vocabularySize == vocabulary.count else {
            throw ZooError("\(url.path): the model predicts \(loop.vocabularySize) symbols but the vocabulary has \(vocabulary.count)")
        }
        name = bundle.name(source: url)
    }

    func generate(_ request: GenerationRequest) throws -> GenerationOutput {
        let request = try request.checked(against: Self.options)
        let prompt = SpeakerPrompt.normalized(request.options["prompt"] ?? "")
        let length = request.integer("length") ?? 500
        let promptIDs = try prompt.map { c -> Int in
            guard let id = vocabulary.id(of: c) else {
                let code = c.unicodeScalars.map { String(format: "U+%04X", $0.value) }.joined(separator: " ")
                throw ZooError("--prompt: '\(c)' (\(code)) is not in the text model's vocabulary")
            }
            return id
        }
        var sampler = request.sampler
        var rng = SeededGenerator(seed: request.seed)
        var texts: [String] = []
        for _ in 0..<request.count {
            var text = prompt
            var written = 0
            _ = loop.run(prompt: promptIDs, sampler: &sampler, rng: &rng, next: { _ in written < length ? .sample(allowed: nil) : .stop }) { id in
                text.append(vocabulary.symbols[id])
                written += 1
            }
            texts.append(text)
        }
        let stdout: String
        if request.json {
            stdout = JSONValue.object([("model", .string(name)), ("seed", .number(Double(request.seed))),
                                       ("texts", .array(texts.map(JSONValue.string)))]).serialized(pretty: true)
        } else {
            stdout = texts.joined(separator: "\n\n")
        }
        return GenerationOutput(stdout: stdout, info: "\(name) · \(length) characters · seed \(request.seed)")
    }
}
