import ZooCore

/// `gru-sentiment` and `simple-rnn-sentiment`: binary review sentiment on a synthetic
/// vocabulary. Token 0 pads (sequences are pre-padded to 30, as Keras's `pad_sequences`),
/// tokens 1–8 are positive words, 9–16 negative, 17–49 neutral; a review of 6–30 words is
/// positive when it holds more positive than negative words (ties are not generated).
/// Embedding(50, 16, mask_zero) → GRU/SimpleRNN(32) → Dense(1, sigmoid), binary cross-entropy.
/// The layers come from the GRU and SimpleRNN plugins, looked up by class name when the model is built.
enum SentimentPreset {
    static let vocabulary = 50
    static let length = 30

    /// The preset over `cell` ("GRU" or "SimpleRNN").
    static func make(cell: String) -> Preset {
        let slug = cell == "GRU" ? "gru" : "simple-rnn"
        return Preset(name: "\(slug)-sentiment", family: cell, task: "classification",
                      summary: "positive/negative reviews over a synthetic vocabulary (Embedding → \(cell)(32) → Dense(1, sigmoid))",
                      epochs: 8, batchSize: 32, learningRate: 5e-3, validationSplit: 0.1,
                      loss: .binaryCrossentropy(fromLogits: false), metrics: [.accuracy],
                      makeModel: { seed, _ in
                          try ModelBuilder.sequential(name: "\(slug.replacingOccurrences(of: "-", with: "_"))_sentiment",
                                                      input: ModelInput(name: "review", shape: [length], dtype: "int32"), layers: [
                              ("Embedding", ["name": "embedding", "input_dim": .number(Double(vocabulary)), "output_dim": 16, "mask_zero": true]),
                              (cell, ["name": .string(slug.replacingOccurrences(of: "-", with: "_")), "units": 32]),
                              ("Dense", ["name": "sentiment", "units": 1, "activation": "sigmoid"]),
                          ], seed: seed)
                      },
                      makeData: { seed, _ in PresetData(train: try reviews(2000, seed: seed), test: try reviews(500, seed: seed ^ 0xFFFF)) })
    }

    static func reviews(_ count: Int, seed: UInt64) throws -> Dataset {
        var rng = SeededGenerator(seed: seed ^ 0x5e47)
        var x = Tensor(shape: [count, length]), y = Tensor(shape: [count, 1])
        for i in 0..<count {
            let n = Int.random(in: 6...length, using: &rng)
            var words: [Int]
            repeat {
                words = (0..<n).map { _ in
                    let u = rng.nextUniform()
                    return u < 0.15 ? Int.random(in: 1...8, using: &rng) : u < 0.3 ? Int.random(in: 9...16, using: &rng)
                                    : Int.random(in: 17..<vocabulary, using: &rng)
                }
            } while words.filter { $0 <= 8 }.count == words.filter { (9...16).contains($0) }.count
            for (j, w) in words.enumerated() { x.scalars[i * length + length - n + j] = Float(w) }
            y.scalars[i] = words.filter { $0 <= 8 }.count > words.filter { (9...16).contains($0) }.count ? 1 : 0
        }
        return try Dataset(inputs: [x], targets: [y])
    }
}
