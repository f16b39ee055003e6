import ZooCore
import Foundation

/// `char-lstm` and `char-lstm-large`: character language models trained on a text file of one
/// text per line (the Tang poems, Shakespeare). The last 2 % of the lines are held out for
/// validation (for the Tang corpus exactly its README's split: lines 1–31,959 train, the last 652
/// validate). Texts are joined with the boundary "\n" into one stream cut into windows of 64
/// characters; the model predicts each next character with sparse categorical cross-entropy.
/// Validation perplexity per character = exp(val_loss).
/// - `char-lstm`: Embedding(V, 64) → LSTM(256) → Dense(V) logits.
/// - `char-lstm-large`: Embedding(V, 128) → LSTM(512) → Dropout(0.3) → Dense(V) logits.
enum CharLSTMPreset {
    static let window = 64

    static func make() -> Preset {
        make(name: "char-lstm", embedding: 64, units: 256, dropout: 0,
             summary: "character language model of a text file, one text per line (--data FILE)")
    }

    static func makeLarge() -> Preset {
        make(name: "char-lstm-large", embedding: 128, units: 512, dropout: 0.3,
             summary: "larger character language model (LSTM 512, dropout 0.3) of a text file, one text per line (--data FILE)")
    }

    /// A preset of the family; `embedding` and `units` are widths, `dropout` the rate before the
    /// logits (0: no Dropout layer).
    static func make(name: String, embedding: Int, units: Int, dropout: Double, summary: String) -> Preset {
        Preset(name: name, family: "LSTM", task: "language-model", summary: summary,
               epochs: 3, batchSize: 64, learningRate: 2e-3, validationSplit: 0,
               loss: .sparseCategoricalCrossentropy(fromLogits: true), metrics: [.accuracy],
               makeModel: { seed, metadata in try model(seed: seed, metadata: metadata, embedding: embedding, units: units, dropout: dropout) },
               makeData: { _, file in try data(file, preset: name) }, needsData: true,
               evaluationData: { file, metadata in
                   let vocabulary = try CharVocabulary(json: metadata["vocabulary"] ?? .null)
                   return try windows(try lines(file)[...], vocabulary: vocabulary, source: file.path)
               })
    }

    static func model(seed: UInt64, metadata: JSONValue, embedding: Int, units: Int, dropout: Double) throws -> Model {
        let vocabulary = try CharVocabulary(json: metadata["vocabulary"] ?? .null)
        let layers: [(String, JSONValue)] = [
            ("Embedding", ["name": "char_embedding", "input_dim": .number(Double(vocabulary.count)), "output_dim": .number(Double(embedding))]),
            ("LSTM", ["name": "lstm", "units": .number(Double(units)), "return_sequences": true]),
        ] + (dropout > 0 ? [("Dropout", ["name": "dropout", "rate": .number(dropout)])] : []) + [
            ("Dense", ["name": "logits", "units": .number(Double(vocabulary.count))]),
        ]
        return try ModelBuilder.sequential(name: "char_lstm", input: ModelInput(name: "chars", shape: [nil], dtype: "int32"), layers: layers, seed: seed)
    }

    static func data(_ file: URL?, preset: String) throws -> PresetData {
        guard let file else { throw ZooError("\(preset): no corpus given") }
        let lines = try lines(file)
        let held = lines.count * 2 / 100
        guard lines.count >= 2, held >= 1 else { throw ZooError("\(file.path): need at least 50 lines of text, found \(lines.count)") }
        let train = lines[..<(lines.count - held)], validation = lines[(lines.count - held)...]
        let vocabulary = CharVocabulary(corpus: Array(train))
        return PresetData(train: try windows(train, vocabulary: vocabulary, source: file.path),
                          test: try windows(validation, vocabulary: vocabulary, source: file.path),
                          metadata: ["vocabulary": vocabulary.json])
    }

    /// The non-empty lines of a UTF-8 text file.
    static func lines(_ file: URL) throws -> [Substring] {
        guard let bytes = FileManager.default.contents(atPath: file.path) else { throw ZooError("\(file.path): cannot read the corpus") }
        guard let text = String(data: bytes, encoding: .utf8) else { throw ZooError("\(file.path): the corpus is not UTF-8 text") }
        return text.split(separator: "\n", omittingEmptySubsequences: true)
    }

    /// The texts joined by the boundary "\n" (id 0) into one stream of ids, characters outside the
    /// vocabulary left out, cut into [n, 64] windows with the next character as target.
    static func windows(_ part: ArraySlice<Substring>, vocabulary: CharVocabulary, source: String) throws -> Dataset {
        var stream = [0]
        for line in part {
            stream += line.compactMap { vocabulary.id(of: $0) }
            stream.append(0)
        }
        let n = (stream.count - 1) / window
        guard n > 0 else { throw ZooError("\(source): too little text for one window of \(window + 1) characters") }
        var x = [Float](repeating: 0, count: n * window), y = x
        for i in 0..<(n * window) {
            x[i] = Float(stream[i])
            y[i] = Float(stream[i + 1])
        }
        return try Dataset(inputs: [Tensor(shape: [n, window], scalars: x)], targets: [Tensor(shape: [n, window], scalars: y)])
    }
}
