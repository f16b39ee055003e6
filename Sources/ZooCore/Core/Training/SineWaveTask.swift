import Foundation

/// The seeds' sine-wave predictor, end to end: windows of sin(t) → the next value, an
/// LSTM(16) → Dense(1) model trained with Adam on MSE, evaluated on held-out windows.
public struct SineWaveTask {
    public var window = 20
    public var samples = 512
    public var units = 16
    public var epochs = 12
    public var batchSize = 32
    public var learningRate: Float = 0.01
    public var seed: UInt64 = 42

    public init() {}

    /// Per-epoch training loss, and the final test MSE.
    public struct Report {
        public var epochLosses: [Float]
        public var testMSE: Float
    }

    /// Windows [N, window, 1] and next values [N, 1] of sin(0.1·k) from offset `start`.
    func data(count: Int, start: Int) -> (Tensor, Tensor) {
        var x = Tensor(shape: [count, window, 1]), y = Tensor(shape: [count, 1])
        for i in 0..<count {
            for s in 0..<window { x.scalars[i * window + s] = Float(sin(0.1 * Double(start + i + s))) }
            y.scalars[i] = Float(sin(0.1 * Double(start + i + window)))
        }
        return (x, y)
    }

    public func makeModel() throws -> Model {
        let lstm = try LSTM(config: LayerConfig(className: "LSTM", json: ["name": "lstm", "units": .number(Double(units))]))
        let dense = try Dense(name: "regression_head", units: 1)
        let model = Model.sequential(name: "lstm_sine", input: ModelInput(name: "series", shape: [nil, window, 1]),
                                     layers: [lstm, dense])
        try model.build(seed: seed)
        return model
    }

    /// Trains and evaluates; `progress(epoch, loss)` is called after each epoch.
    public func run(progress: (Int, Float) -> Void = { _, _ in }) throws -> Report {
        let model = try makeModel()
        let (xTrain, yTrain) = data(count: samples, start: 0)
        let (xTest, yTest) = data(count: samples / 4, start: samples + window)
        let adam = Adam(learningRate: learningRate)
        var rng = SeededGenerator(seed: seed)
        var losses: [Float] = []
        for epoch in 1...epochs {
            var order = Array(0..<samples)
            order.shuffle(using: &rng)
            var total: Double = 0
            var batches = 0
            for start in stride(from: 0, to: samples, by: batchSize) {
                let idx = Array(order[start..<min(start + batchSize, samples)])
                var xb = Tensor(shape: [idx.count, window, 1]), yb = Tensor(shape: [idx.count, 1])
                for (r, i) in idx.enumerated() {
                    for s in 0..<window { xb.scalars[r * window + s] = xTrain.scalars[i * window + s] }
                    yb.scalars[r] = yTrain.scalars[i]
                }
                let out = try model.forward([Variable(xb)], context: CallContext(training: true, seed: rng.next()))[0]
                let loss = try Losses.meanSquaredError(out, yb)
                guard loss.value.scalar.isFinite else { throw ZooError("lstm-sine: loss became \(loss.value.scalar) in epoch \(epoch)") }
                loss.backward()
                adam.step(model.trainableWeights)
                total += Double(loss.value.scalar)
                batches += 1
            }
            losses.append(Float(total / Double(batches)))
            progress(epoch, losses.last!)
        }
        let prediction = try model.predict([xTest])[0]
        var mse: Double = 0
        for i in 0..<yTest.count { mse += Double((prediction.scalars[i] - yTest.scalars[i]) * (prediction.scalars[i] - yTest.scalars[i])) }
        return Report(epochLosses: losses, testMSE: Float(mse / Double(yTest.count)))
    }
}
