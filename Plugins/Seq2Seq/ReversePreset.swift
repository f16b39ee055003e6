import ZooCore

/// `seq2seq-reverse`: an encoder–decoder LSTM that learns to reverse strings of 6 digits.
/// Tokens: 0 pad, 1–10 the digits 0–9, 11 start. The encoder's final (h, c) is the decoder's
/// initial state; the decoder is teacher-forced on [start, y₀ … y₄] and predicts [y₀ … y₅].
/// Scored by greedy decoding: the fraction of test strings reversed exactly.
enum ReversePreset {
    static let length = 6
    static let start: Float = 11
    static let units = 64

    static func make() -> Preset {
        Preset(name: "seq2seq-reverse", family: "Seq2Seq", task: "sequence-to-sequence",
               summary: "reverse 6-digit strings (LSTM encoder → LSTM decoder with the encoder's state)",
               epochs: 20, batchSize: 32, learningRate: 1e-2, validationSplit: 0.1,
               loss: .sparseCategoricalCrossentropy(fromLogits: false), metrics: [.accuracy],
               makeModel: model, makeData: { seed, _ in PresetData(train: try strings(4000, seed: seed), test: try strings(500, seed: seed ^ 0xFFFF)) },
               score: { model, test in ["exact_sequences": try exactSequences(model, test)] })
    }

    static func model(seed: UInt64, metadata: JSONValue) throws -> Model {
        let b = ModelBuilder(name: "seq2seq_reverse")
        let source = b.input("source", shape: [length], dtype: "int32")
        let target = b.input("decoder_input", shape: [length], dtype: "int32")
        let se = try b.call("Embedding", ["name": "source_embedding", "input_dim": 12, "output_dim": 16], source)[0]
        let enc = try b.call("LSTM", ["name": "encoder", "units": .number(Double(units)), "return_state": true], se, outputs: 3)
        let te = try b.call("Embedding", ["name": "target_embedding", "input_dim": 12, "output_dim": 16], target)[0]
        let dec = try b.call("LSTM", ["name": "decoder", "units": .number(Double(units)), "return_sequences": true], te,
                             initialState: [enc[1], enc[2]])[0]
        let out = try b.call("TimeDistributed", ["name": "next_digit", "layer": ["class_name": "Dense", "config": [
            "name": "digit", "units": 12, "activation": "softmax"]]], dec)[0]
        return try b.model(outputs: [out], seed: seed)
    }

    static func strings(_ count: Int, seed: UInt64) throws -> Dataset {
        var rng = SeededGenerator(seed: seed ^ 0x2e7e)
        var src = Tensor(shape: [count, length]), dec = Tensor(shape: [count, length]), tgt = Tensor(shape: [count, length])
        for i in 0..<count {
            let digits = (0..<length).map { _ in Float(Int.random(in: 1...10, using: &rng)) }
            let reversed = Array(digits.reversed())
            for t in 0..<length {
                src.scalars[i * length + t] = digits[t]
                tgt.scalars[i * length + t] = reversed[t]
                dec.scalars[i * length + t] = t == 0 ? start : reversed[t - 1]
            }
        }
        return try Dataset(inputs: [src, dec], targets: [tgt])
    }

    /// Greedy decoding: the decoder input grows by the model's own most likely digit each step.
    static func exactSequences(_ model: Model, _ test: Dataset) throws -> Double {
        let n = test.count
        var dec = Tensor(shape: [n, length])
        for i in 0..<n { dec.scalars[i * length] = start }
        var predicted = Tensor(shape: [n, length])
        for t in 0..<length {
            let probs = try model.predict([test.inputs[0], dec])[0]
            for i in 0..<n {
                let row = Array(probs.scalars[((i * length + t) * 12)..<((i * length + t + 1) * 12)])
                let best = Float(row.indices.max { row[$0] < row[$1] }!)
                predicted.scalars[i * length + t] = best
                if t + 1 < length { dec.scalars[i * length + t + 1] = best }
            }
        }
        var exact = 0
        for i in 0..<n where predicted.scalars[(i * length)..<((i + 1) * length)] == test.targets[0].scalars[(i * length)..<((i + 1) * length)] {
            exact += 1
        }
        return Double(exact) / Double(max(n, 1))
    }
}
