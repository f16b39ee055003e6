import ArgumentParser
import Foundation
import Poetry
import ZooCore

/// `zoo generate poetry`: Tang-style poems in an exact verse form. The poems alone go to
/// stdout (one verse per line, a blank line between poems); model, seed and timing to stderr.
struct GeneratePoetryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poetry",
        abstract: "Write 绝句 or 律诗 with the shipped Tang poetry model.",
        discussion: "Simplified input is mapped to the corpus's traditional characters."
    )

    @Option(help: "The poem begins with this text (its punctuation must fall where the form puts it).")
    var prompt: String?

    @Option(help: "Head characters: verse i begins with the i-th (4 or 8 of them; sets --lines).")
    var acrostic: String?

    @Option(help: "Characters per verse: 5 (五言) or 7 (七言).")
    var form: Int = 7

    @Option(help: "Verses: 4 (绝句) or 8 (律诗).")
    var lines: Int?

    @Option(help: "Number of poems.")
    var count: Int = 1

    @Option(help: "Model: a catalog name or a bundle folder.")
    var model: String = "poetry-tang-lstm"

    @OptionGroup var sampling: SamplingOptions

    @Flag(help: "Structured output (JSON) instead of the poems as text.")
    var json = false

    func run() throws {
        try Failure.guarding("generate poetry") {
            guard count >= 1 else { throw ZooError("--count must be at least 1") }
            let started = Date()
            let bundle = try ModelBundle.locate(model)
            let poetry = try PoetryModel(bundle: bundle)
            let heads = try acrostic.map { try poetry.converter.convert($0, vocabulary: poetry.decoder.vocabulary, what: "--acrostic") } ?? []
            let start = try prompt.map { try poetry.converter.convert($0, vocabulary: poetry.decoder.vocabulary, what: "--prompt") } ?? []
            let poemForm = try PoemForm(charactersPerVerse: form, verses: lines ?? (heads.isEmpty ? 4 : heads.count))
            var sampler = try sampling.sampler()
            var rng = SeededGenerator(seed: sampling.seed)
            var poems: [[String]] = []
            for _ in 0..<count {
                poems.append(try poetry.decoder.poem(form: poemForm, prompt: start, acrostic: heads, sampler: &sampler, rng: &rng))
            }
            if json {
                let obj: JSONValue = ["model": .string(poetry.name), "form": .string(poemForm.name), "seed": .number(Double(sampling.seed)),
                                      "temperature": .number(Double("\(sampling.temperature)") ?? 0),
                                      "poems": .array(poems.map { v in ["verses": .array(v.map { .string($0) }), "text": .string(v.joined())] })]
                print(obj.serialized(pretty: true))
            } else {
                print(poems.map { $0.joined(separator: "\n") }.joined(separator: "\n\n"))
            }
            FileHandle.standardError.write(Data("\(poetry.name) · \(poemForm.name) · seed \(sampling.seed) · \(String(format: "%.2f", Date().timeIntervalSince(started))) s\n".utf8))
        }
    }
}
