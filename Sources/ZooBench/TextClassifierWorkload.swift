import ZooCore

/// W7 (issue 18): one training step of a CNN-LSTM text classifier, Embedding(20000, 128) →
/// Conv1D(64, 5, relu) → MaxPooling1D(4) → LSTM(128) → Dense(1, sigmoid), binary cross-entropy,
/// Adam(1e-3, ε 1e-7), on a batch of 64 random token rows of 200 steps (seed 1234) with random
/// 0/1 labels; timed like W1–W4 (5 warm-up steps, 20 timed). tools/bench/w7_anchor.py runs
/// the same step in PyTorch.
struct TextClassifierWorkload {
    static let id = "W7"
    let vocabulary = 20_000, embedding = 128, filters = 64, kernel = 5, pool = 4, units = 128, batch = 64, steps = 200

    /// Conv1D output steps (valid padding) and LSTM steps (after the pooling).
    var convSteps: Int { steps - kernel + 1 }
    var lstmSteps: Int { convSteps / pool }

    /// Matmul FLOPs of one forward pass: the convolution, the LSTM and the head.
    var forwardFlops: Double {
        2 * Double(batch * convSteps * kernel * embedding * filters) + 2 * Double(batch * lstmSteps * 4 * units * (filters + units))
            + 2 * Double(batch * units)
    }

    func model() throws -> Model {
        try ModelBuilder.sequential(name: Self.id, input: ModelInput(name: "tokens", shape: [steps], dtype: "int32"), layers: [
            ("Embedding", ["name": "embedding", "input_dim": .number(Double(vocabulary)), "output_dim": .number(Double(embedding))]),
            ("Conv1D", ["name": "conv", "filters": .number(Double(filters)), "kernel_size": .number(Double(kernel)), "activation": "relu"]),
            ("MaxPooling1D", ["name": "pool", "pool_size": .number(Double(pool))]),
            ("LSTM", ["name": "lstm", "units": .number(Double(units))]),
            ("Dense", ["name": "head", "units": 1, "activation": "sigmoid"]),
        ], seed: 1234)
    }

    /// Random token ids [batch, steps] and labels [batch, 1], seed 1234.
    func batchData() throws -> Dataset {
        var rng = SeededGenerator(seed: 1234)
        let x = (0..<(batch * steps)).map { _ in Float(Int.random(in: 0..<vocabulary, using: &rng)) }
        let y = (0..<batch).map { _ in Float(Int.random(in: 0...1, using: &rng)) }
        return try Dataset(inputs: [Tensor(shape: [batch, steps], scalars: x)], targets: [Tensor(shape: [batch, 1], scalars: y)])
    }

    func run() throws -> Workload.Result {
        let trainer = try Trainer(model: try model(), optimizer: try Adam(learningRate: 1e-3, epsilon: 1e-7),
                                  loss: .binaryCrossentropy(fromLogits: false), seed: 1234)
        let data = try batchData()
        let s = try Timing.measure(warmup: 5, count: 20) { _ = try trainer.trainStep(data, dropoutSeed: 0) }
        return Workload.Result(summary: s, unit: "seq/s", rate: Double(batch) / s.median, gflops: 3 * forwardFlops / s.median / 1e9)
    }
}
