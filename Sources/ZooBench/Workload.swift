import Foundation
import ZooCore

/// One workload of SPEC.md §2: a character model Embedding(V, E) → L recurrent layers of
/// width H → Dense(V) logits on every step, sparse categorical cross-entropy, Adam(1e-3, ε 1e-7).
struct Workload {
    enum Kind { case train, generate, infer }

    var id: String
    var kind: Kind
    var cell: String
    var v = 96, e = 64, h = 256, layers = 1, batch = 32, steps = 64

    static let spec: [Workload] = [
        .init(id: "W1", kind: .train, cell: "LSTM"),
        .init(id: "W2", kind: .train, cell: "GRU"),
        .init(id: "W3", kind: .train, cell: "SimpleRNN"),
        .init(id: "W4", kind: .train, cell: "LSTM", e: 128, h: 512, layers: 2, batch: 64, steps: 100),
        .init(id: "W5", kind: .generate, cell: "LSTM", batch: 1, steps: 1),
        .init(id: "W6", kind: .infer, cell: "LSTM", batch: 64, steps: 64),
    ]

    var gates: Int { ["LSTM": 4, "GRU": 3, "SimpleRNN": 1][cell]! }

    /// Matmul FLOPs of one forward pass over [batch, steps] (common.py `fwd_flops`).
    func forwardFlops(batch b: Int, steps t: Int) -> Double {
        var f = 0.0
        for l in 0..<layers { f += 2 * Double(b * t * gates * h * ((l == 0 ? e : h) + h)) }
        return f + 2 * Double(b * t * h * v)
    }

    func model() throws -> Model {
        var layerSpecs: [(String, JSONValue)] = [("Embedding", ["name": "embedding", "input_dim": .number(Double(v)), "output_dim": .number(Double(e))])]
        for l in 0..<layers {
            var config: JSONValue = ["name": .string("rnn_\(l)"), "units": .number(Double(h)), "return_sequences": true]
            if cell == "GRU" { config = config.setting("reset_after", true) }
            if cell == "SimpleRNN" { config = config.setting("activation", "tanh") }
            layerSpecs.append((cell, config))
        }
        layerSpecs.append(("Dense", ["name": "logits", "units": .number(Double(v))]))
        return try ModelBuilder.sequential(name: id, input: ModelInput(name: "chars", shape: [nil], dtype: "int32"), layers: layerSpecs, seed: 1234)
    }

    /// Random token ids [batch, steps] and next-token targets, seed 1234.
    func batchData() throws -> Dataset {
        var rng = SeededGenerator(seed: 1234)
        let n = batch * steps
        let x = (0..<n).map { _ in Float(Int.random(in: 0..<v, using: &rng)) }
        let y = (0..<n).map { _ in Float(Int.random(in: 0..<v, using: &rng)) }
        return try Dataset(inputs: [Tensor(shape: [batch, steps], scalars: x)], targets: [Tensor(shape: [batch, steps], scalars: y)])
    }

    struct Result {
        var summary: Timing.Summary
        var unit: String
        var rate: Double
        var gflops: Double
        var usPerToken: Double?
    }

    func run() throws -> Result {
        let model = try model()
        switch kind {
        case .train:
            let data = try batchData()
            let trainer = try Trainer(model: model, optimizer: try Adam(learningRate: 1e-3, epsilon: 1e-7),
                                      loss: .sparseCategoricalCrossentropy(fromLogits: true), seed: 1234)
            let s = try Timing.measure(warmup: id == "W4" ? 3 : 5, count: 20) { _ = try trainer.trainStep(data, dropoutSeed: 0) }
            return Result(summary: s, unit: "seq/s", rate: Double(batch) / s.median, gflops: 3 * forwardFlops(batch: batch, steps: steps) / s.median / 1e9)
        case .infer:
            let data = try batchData()
            let s = try Timing.measure(warmup: 5, count: 30) { _ = try model.predict(data.inputs) }
            return Result(summary: s, unit: "seq/s", rate: Double(batch) / s.median, gflops: forwardFlops(batch: batch, steps: steps) / s.median / 1e9)
        case .generate:
            // The generators' loop: a fresh state, then n draws, each token fed back.
            let loop = try SamplingLoop(model: model)
            var sampler = try Sampler(temperature: 1)
            var rng = SeededGenerator(seed: 1234)
            var token = 0
            func generate(_ n: Int) {
                var drawn = 0
                _ = loop.run(start: token, sampler: &sampler, rng: &rng, next: { _ in drawn < n ? .sample(allowed: nil) : .stop },
                             took: { token = $0; drawn += 1 })
            }
            generate(100)
            let s = Timing.measure(warmup: 0, count: 15) { generate(1000) }
            return Result(summary: s, unit: "tok/s", rate: 1000 / s.median, gflops: 1000 * forwardFlops(batch: 1, steps: 1) / s.median / 1e9,
                          usPerToken: s.median / 1000 * 1e6)
        }
    }
}
