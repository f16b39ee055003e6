import ZooCore

/// `attention-classifier`: recall the token that follows a marker. Sequences of 24 tokens
/// from 2–11 hold the marker 1 once, at a random position before the last; the class is the
/// token right after it (10 classes). Embedding(12, 16) → LSTM(32, sequences) →
/// Attention([h, h]) → GlobalAveragePooling1D → Dense(10, softmax).
enum AttentionClassifierPreset {
    static let length = 24

    static func make() -> Preset {
        Preset(name: "attention-classifier", family: "Attention", task: "classification",
               summary: "classify by the token after a marker (LSTM + dot-product self-attention)",
               epochs: 15, batchSize: 32, learningRate: 5e-3, validationSplit: 0.1,
               loss: .sparseCategoricalCrossentropy(fromLogits: false), metrics: [.accuracy],
               makeModel: { seed, _ in
                   let b = ModelBuilder(name: "attention_classifier")
                   let x = b.input("tokens", shape: [length], dtype: "int32")
                   let e = try b.call("Embedding", ["name": "embedding", "input_dim": 12, "output_dim": 16], x)[0]
                   let h = try b.call("LSTM", ["name": "lstm", "units": 32, "return_sequences": true], e)[0]
                   let a = try b.call("Attention", ["name": "attention"], h, h, listArgument: true)[0]
                   let p = try b.call("GlobalAveragePooling1D", ["name": "pool"], a)[0]
                   let y = try b.call("Dense", ["name": "class", "units": 10, "activation": "softmax"], p)[0]
                   return try b.model(outputs: [y], seed: seed)
               },
               makeData: { seed, _ in PresetData(train: try sequences(3000, seed: seed), test: try sequences(500, seed: seed ^ 0xFFFF)) })
    }

    static func sequences(_ count: Int, seed: UInt64) throws -> Dataset {
        var rng = SeededGenerator(seed: seed ^ 0xa77e)
        var x = Tensor(shape: [count, length]), y = Tensor(shape: [count, 1])
        for i in 0..<count {
            let marker = Int.random(in: 0..<(length - 1), using: &rng)
            for t in 0..<length {
                x.scalars[i * length + t] = t == marker ? 1 : Float(Int.random(in: 2...11, using: &rng))
            }
            y.scalars[i] = x.scalars[i * length + marker + 1] - 2
        }
        return try Dataset(inputs: [x], targets: [y])
    }
}
