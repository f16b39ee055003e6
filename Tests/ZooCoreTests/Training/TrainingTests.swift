import Foundation
import XCTest
@testable import ZooCore

/// fit/evaluate end to end on the presets: convergence, repeatability, resume, NaN handling.
final class TrainingTests: XCTestCase {
    private func train(_ name: String, epochs: Int? = nil, seed: UInt64 = 7) throws -> (Trainer, [String: Double]) {
        let preset = try PresetRegistry.shared.preset(name)
        let model = try preset.makeModel(seed, .null)
        let data = try preset.makeData(seed, nil)
        let trainer = try Trainer(model: model, optimizer: try Adam(learningRate: preset.learningRate), loss: preset.loss,
                                  metrics: preset.metrics, seed: seed)
        try trainer.fit(data.train, epochs: epochs ?? preset.epochs, batchSize: preset.batchSize, validationSplit: preset.validationSplit)
        var scores = try trainer.evaluate(data.test)
        if let score = preset.score { scores.merge(try score(model, data.test)) { $1 } }
        return (trainer, scores)
    }

    func testSineRegressionConverges() throws {
        let (trainer, scores) = try train("lstm-sine")
        XCTAssertLessThan(scores["loss"]!, 1e-3)
        XCTAssertLessThan(trainer.history["loss"]!.last!, trainer.history["loss"]!.first! / 10)
        XCTAssertEqual(trainer.history.keys, ["loss", "mae", "val_loss", "val_mae", "learning_rate"])
    }

    func testSeq2SeqLearnsToReverseDigitStrings() throws {
        let (_, scores) = try train("seq2seq-reverse")
        XCTAssertGreaterThan(scores["exact_sequences"]!, 0.95)
    }

    func testAttentionClassifierRecallsTheMarkedToken() throws {
        let (_, scores) = try train("attention-classifier")
        XCTAssertGreaterThan(scores["accuracy"]!, 0.95)
    }

    func testSentimentClassification() throws {
        XCTAssertGreaterThan(try train("gru-sentiment").1["accuracy"]!, 0.95)
        XCTAssertGreaterThan(try train("simple-rnn-sentiment").1["accuracy"]!, 0.9)
    }

    func testSameSeedSameRunBitForBit() throws {
        let a = try train("gru-sentiment", epochs: 2, seed: 3).0
        let b = try train("gru-sentiment", epochs: 2, seed: 3).0
        XCTAssertEqual(a.history, b.history)
        for (x, y) in zip(a.model.weights, b.model.weights) { XCTAssertEqual(x.value.scalars, y.value.scalars, x.path) }
        let c = try train("gru-sentiment", epochs: 2, seed: 4).0
        XCTAssertNotEqual(a.history["loss"], c.history["loss"])
    }

    /// Training 4 epochs, or 2 epochs + checkpoint + 2 more from the restored checkpoint, gives the
    /// same History and weights bit for bit (Adam's moments and iteration count travel along).
    func testResumeFromCheckpointContinuesTheSameRun() throws {
        let preset = try PresetRegistry.shared.preset("bilstm-tagger")
        let data = try preset.makeData(5, nil)
        func trainer(_ model: Model, _ optimizer: Optimizer) throws -> Trainer {
            try Trainer(model: model, optimizer: optimizer, loss: preset.loss, metrics: preset.metrics, seed: 5)
        }
        let full = try trainer(try preset.makeModel(5, .null), try Adam(learningRate: 0.01))
        try full.fit(data.train, epochs: 4, validationSplit: 0.1)

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-resume-\(getpid())")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("run.zoockpt")
        let first = try trainer(try preset.makeModel(5, .null), try Adam(learningRate: 0.01))
        try first.fit(data.train, epochs: 2, validationSplit: 0.1, callbacks: [ModelCheckpoint(url: url)])
        let checkpoint = try Checkpoint(contentsOf: url)
        XCTAssertEqual(checkpoint.epoch, 2)
        let second = try trainer(try checkpoint.makeModel(), try checkpoint.makeOptimizer())
        try second.fit(data.train, epochs: 4, validationSplit: 0.1, initialEpoch: checkpoint.epoch, history: checkpoint.history)
        XCTAssertEqual(second.history, full.history)
        for (x, y) in zip(second.model.weights, full.model.weights) { XCTAssertEqual(x.value.scalars, y.value.scalars, x.path) }
    }

    func testNaNInDataIsRefusedWithTheSample() throws {
        var x = Tensor(shape: [4, 3, 1])
        x.scalars[7] = .nan
        XCTAssertThrowsError(try Dataset(inputs: [x], targets: [Tensor(shape: [4, 1])])) { error in
            XCTAssertEqual("\(error)", "training data: input 0 holds nan in sample 2")
        }
    }

    func testDivergingLearningRateStopsBeforeCorruptingWeights() throws {
        let preset = try PresetRegistry.shared.preset("lstm-stock")
        let model = try preset.makeModel(1, .null)
        let data = try preset.makeData(1, nil)
        let trainer = try Trainer(model: model, optimizer: try SGD(learningRate: 1e12), loss: .meanSquaredError, seed: 1)
        XCTAssertThrowsError(try trainer.fit(data.train, epochs: 3)) { error in
            XCTAssertTrue("\(error)".hasPrefix("training stopped in epoch 1, batch "), "\(error)")
            XCTAssertTrue("\(error)".contains("loss became"), "\(error)")
        }
    }

    func testEarlyStoppingAndReduceLROnPlateau() throws {
        let preset = try PresetRegistry.shared.preset("lstm-sine")
        let data = try preset.makeData(1, nil)
        let trainer = try Trainer(model: try preset.makeModel(1, .null), optimizer: try SGD(learningRate: 0), loss: .meanSquaredError, seed: 1)
        let early = EarlyStopping(monitor: "loss", minDelta: 1e-6, patience: 2)
        let plateau = try ReduceLROnPlateau(monitor: "loss", factor: 0.5, patience: 1, minDelta: 1e-6)
        try trainer.fit(data.train, epochs: 10, callbacks: [early, plateau])
        XCTAssertEqual(trainer.history.epochs, 3, "lr 0: no improvement after epoch 1, stop after patience 2")
        XCTAssertEqual(early.stoppedEpoch, 2)
        XCTAssertThrowsError(try Trainer(model: try preset.makeModel(1, .null), optimizer: try SGD(), loss: .meanSquaredError)
            .fit(data.train, epochs: 1, callbacks: [EarlyStopping(monitor: "val_accuracy")])) { error in
            XCTAssertTrue("\(error)".contains("monitored quantity 'val_accuracy' is not logged"), "\(error)")
        }
    }
}
