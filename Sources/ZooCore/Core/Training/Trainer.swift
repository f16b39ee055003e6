import Foundation

/// Keras's compile/fit/evaluate/predict for a `Model`: the optimizer, one loss per model output
/// (summed with the losses layers add, such as ActivityRegularization's, as Keras does),
/// metrics, and a seed that makes a run repeatable bit for bit.
///
/// Each epoch draws its shuffle order and the dropout seeds of its batches from a generator
/// seeded by (seed, epoch), so a run resumed from a checkpoint after epoch k continues exactly
/// as the uninterrupted run would have.
public final class Trainer {
    public let model: Model
    public var optimizer: Optimizer
    let losses: [Loss]
    public let metrics: [Metric]
    public let seed: UInt64
    /// Set by a callback (EarlyStopping) to end `fit` after the current epoch.
    var stopTraining = false
    /// Asked after every batch; when it returns true `fit` stops at once with an error saying
    /// where (Ctrl-C in `zoo train`). Checkpoints already written stay as they are.
    public var shouldInterrupt: (() -> Bool)?
    /// The History of the current (or last) `fit`, including the epoch just finished when
    /// the callbacks run.
    public private(set) var history = History()

    /// `losses` holds one loss per model output, or one loss for all outputs.
    public init(model: Model, optimizer: Optimizer, losses: [Loss], metrics: [Metric] = [], seed: UInt64 = 0) throws {
        guard losses.count == 1 || losses.count == model.outputs.count else {
            throw ZooError("model '\(model.name)' has \(model.outputs.count) outputs but \(losses.count) losses were given")
        }
        self.model = model
        self.optimizer = optimizer
        self.losses = losses.count == 1 ? Array(repeating: losses[0], count: model.outputs.count) : losses
        self.metrics = metrics
        self.seed = seed
    }

    public convenience init(model: Model, optimizer: Optimizer, loss: Loss, metrics: [Metric] = [], seed: UInt64 = 0) throws {
        try self.init(model: model, optimizer: optimizer, losses: [loss], metrics: metrics, seed: seed)
    }

    /// Names of the logged quantities in display order ("loss", then metrics; per output
    /// "<output>_accuracy" when the model has several outputs).
    var metricNames: [String] {
        let outs = model.outputs.count
        return metrics.flatMap { m in outs == 1 ? [m.rawValue == "mae" ? "mae" : m.rawValue] : model.outputs.map { "\($0.layer)_\(m.rawValue)" } }
    }

    /// One optimisation step on `batch`; returns the summed loss and each metric's (sum, count).
    /// A non-finite loss throws before any weight changes.
    public func trainStep(_ batch: Dataset, dropoutSeed: UInt64) throws -> (loss: Double, metrics: [(Double, Int)]) {
        let context = CallContext(training: true, seed: dropoutSeed)
        let outputs = try model.forward(batch.inputs.map { Variable($0) }, context: context)
        let terms = try zip(outputs, zip(losses, batch.targets)).map { try $1.0($0, $1.1) } + context.losses
        let total = terms.count == 1 ? terms[0] : ElementwiseOps.sum(terms)
        let loss = Double(total.value.scalar)
        guard loss.isFinite else { throw ZooError("loss became \(loss)") }
        total.backward()
        optimizer.step(model.trainableWeights)
        return (loss, metricTotals(outputs.map(\.value), batch.targets))
    }

    /// Keras `fit`. Trains epochs `initialEpoch..<epochs`, appending to `history`; validation
    /// comes from `validationData`, else from the last `validationSplit` of `data`.
    /// `epochDidEnd(epoch, history)` runs after the callbacks (checkpointing).
    @discardableResult
    public func fit(_ data: Dataset, epochs: Int, batchSize: Int = 32, shuffle: Bool = true,
                    validationSplit: Double = 0, validationData: Dataset? = nil, initialEpoch: Int = 0,
                    history: History = History(), callbacks: [TrainingCallback] = [],
                    progress: TrainingProgress? = nil,
                    epochDidEnd: ((Int, History) throws -> Void)? = nil) throws -> History {
        guard batchSize > 0 else { throw ZooError("batch size must be positive, got \(batchSize)") }
        var train = data, validation = validationData
        if validation == nil, validationSplit > 0 { (train, validation) = try data.split(validationFraction: validationSplit) }
        guard train.count > 0 else { throw ZooError("no training samples") }
        self.history = history
        stopTraining = false
        for c in callbacks { try c.trainingWillBegin(self) }
        let batches = (train.count + batchSize - 1) / batchSize
        let names = ["loss"] + metricNames
        for epoch in initialEpoch..<max(initialEpoch, epochs) {
            let started = Date()
            var rng = SeededGenerator(seed: seed ^ (UInt64(epoch + 1) &* 0x9E37_79B9_7F4A_7C15))
            var order = Array(0..<train.count)
            if shuffle { order.shuffle(using: &rng) }
            progress?.epochWillBegin(epoch, of: epochs, batches: batches)
            var lossSum = 0.0, seen = 0
            var metricSums = Array(repeating: (0.0, 0), count: metricNames.count)
            for b in 0..<batches {
                let idx = order[(b * batchSize)..<min(train.count, (b + 1) * batchSize)]
                let step: (loss: Double, metrics: [(Double, Int)])
                do {
                    step = try trainStep(train.batch(idx), dropoutSeed: rng.next())
                } catch let e as ZooError {
                    throw ZooError("training stopped in epoch \(epoch + 1), batch \(b + 1): \(e.message)")
                }
                lossSum += step.loss * Double(idx.count)
                seen += idx.count
                for (i, m) in step.metrics.enumerated() { metricSums[i].0 += m.0; metricSums[i].1 += m.1 }
                progress?.batchDidEnd(b, logs: [("loss", lossSum / Double(seen))] + zip(metricNames, metricSums).map { ($0, $1.0 / Double(max($1.1, 1))) })
                if shouldInterrupt?() == true {
                    throw ZooError("interrupted in epoch \(epoch + 1), batch \(b + 1) of \(batches)")
                }
            }
            var logs: [(String, Double)] = [("loss", lossSum / Double(seen))]
            logs += zip(metricNames, metricSums).map { ($0, $1.0 / Double(max($1.1, 1))) }
            if let validation {
                let v = try evaluate(validation, batchSize: batchSize)
                logs += names.map { ("val_" + $0, v[$0]!) }
            }
            logs.append(("learning_rate", Double(optimizer.learningRate)))
            progress?.epochDidEnd(epoch, logs: logs, seconds: Date().timeIntervalSince(started))
            let dict = Dictionary(logs) { a, _ in a }
            self.history.append(dict, order: logs.map(\.0))
            for c in callbacks { try c.epochDidEnd(epoch, logs: dict, trainer: self) }
            try epochDidEnd?(epoch, self.history)
            if stopTraining { break }
        }
        for c in callbacks { try c.trainingDidEnd(self) }
        return self.history
    }

    /// Keras `evaluate`: the loss and metrics over `data`, by batches, in inference mode.
    public func evaluate(_ data: Dataset, batchSize: Int = 32) throws -> [String: Double] {
        var lossSum = 0.0
        var metricSums = Array(repeating: (0.0, 0), count: metricNames.count)
        try GradientMode.withoutGradients {
            for start in stride(from: 0, to: data.count, by: batchSize) {
                let batch = data.batch(start..<min(data.count, start + batchSize))
                let context = CallContext(training: false)
                let outputs = try model.forward(batch.inputs.map { Variable($0) }, context: context)
                for (o, (l, t)) in zip(outputs, zip(losses, batch.targets)) {
                    lossSum += Double(try l(o, t).value.scalar) * Double(batch.count)
                }
                for extra in context.losses { lossSum += Double(extra.value.scalar) * Double(batch.count) }
                for (i, m) in metricTotals(outputs.map(\.value), batch.targets).enumerated() {
                    metricSums[i].0 += m.0
                    metricSums[i].1 += m.1
                }
            }
        }
        var result = ["loss": lossSum / Double(max(data.count, 1))]
        for (n, s) in zip(metricNames, metricSums) { result[n] = s.0 / Double(max(s.1, 1)) }
        return result
    }

    /// Keras `predict`: the model's outputs over `inputs`, computed by batches.
    public func predict(_ inputs: [Tensor], batchSize: Int = 32) throws -> [Tensor] {
        let n = inputs.first?.shape.first ?? 0
        var parts: [[Tensor]] = []
        for start in stride(from: 0, to: n, by: batchSize) {
            parts.append(try model.predict(inputs.map { Dataset.gather($0, start..<min(n, start + batchSize)) }))
        }
        guard let first = parts.first else { return [] }
        return first.indices.map { o in
            let chunks = parts.map { $0[o] }
            return Tensor(shape: [n] + first[o].shape.dropFirst(), scalars: chunks.flatMap(\.scalars))
        }
    }

    private func metricTotals(_ outputs: [Tensor], _ targets: [Tensor]) -> [(Double, Int)] {
        metrics.flatMap { m in zip(outputs, zip(losses, targets)).map { m.total($0, $1.1, loss: $1.0) } }
    }
}
