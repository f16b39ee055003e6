import ZooCore

/// `bilstm-tagger`: sequence tagging that needs both directions. Sentences of 20 tokens from
/// 1–8; the tag of a token is 1 when it repeats the previous token, else 2 when the next token
/// repeats it, else 0. Embedding(9, 16) → Bidirectional(LSTM(32), concat) →
/// TimeDistributed(Dense(3, softmax)), sparse categorical cross-entropy.
enum TaggerPreset {
    static let length = 20

    static func make() -> Preset {
        Preset(name: "bilstm-tagger", family: "LSTM", task: "tagging",
               summary: "tag repeated tokens, which needs left and right context (Bidirectional LSTM tagger)",
               epochs: 10, batchSize: 32, learningRate: 1e-2, validationSplit: 0.1,
               loss: .sparseCategoricalCrossentropy(fromLogits: false), metrics: [.accuracy],
               makeModel: { seed, _ in
                   try ModelBuilder.sequential(name: "bilstm_tagger", input: ModelInput(name: "tokens", shape: [length], dtype: "int32"), layers: [
                       ("Embedding", ["name": "embedding", "input_dim": 9, "output_dim": 16]),
                       ("Bidirectional", ["name": "bilstm", "merge_mode": "concat",
                                          "layer": ["class_name": "LSTM", "config": ["name": "lstm", "units": 32, "return_sequences": true]]]),
                       ("TimeDistributed", ["name": "tags", "layer": ["class_name": "Dense", "config": ["name": "tag", "units": 3, "activation": "softmax"]]]),
                   ], seed: seed)
               },
               makeData: { seed, _ in PresetData(train: try sentences(2000, seed: seed), test: try sentences(400, seed: seed ^ 0xFFFF)) })
    }

    static func sentences(_ count: Int, seed: UInt64) throws -> Dataset {
        var rng = SeededGenerator(seed: seed ^ 0x7a66)
        var x = Tensor(shape: [count, length]), y = Tensor(shape: [count, length])
        for i in 0..<count {
            let tokens = (0..<length).map { _ in Int.random(in: 1...8, using: &rng) }
            for t in 0..<length {
                x.scalars[i * length + t] = Float(tokens[t])
                let tag = t > 0 && tokens[t - 1] == tokens[t] ? 1 : t + 1 < length && tokens[t + 1] == tokens[t] ? 2 : 0
                y.scalars[i * length + t] = Float(tag)
            }
        }
        return try Dataset(inputs: [x], targets: [y])
    }
}
