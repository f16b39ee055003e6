import XCTest
@testable import ZooCore

/// Training through the normalization and regularization layers with `fit`: a masked
/// Embedding → SpatialDropout1D → LSTM → LayerNormalization → BatchNormalization →
/// GaussianNoise → LSTM → ActivityRegularization → Dense model learns to count the tokens equal
/// to 1 in a padded row: the evaluation loss (inference mode, BatchNormalization on its moving
/// statistics) falls below 0.05, and the moving variance has left its initial 1 and stays positive.
final class NormalizationTrainingTests: XCTestCase {
    func testMaskedNormalizedLSTMLearnsToCount() throws {
        let model = try ModelBuilder.sequential(name: "counter", input: ModelInput(name: "tokens", shape: [8], dtype: "int32"), layers: [
            ("Embedding", ["name": "embedding", "input_dim": 4, "output_dim": 8, "mask_zero": true]),
            ("SpatialDropout1D", ["name": "spatial_dropout", "rate": 0.1]),
            ("LSTM", ["name": "lstm_1", "units": 16, "return_sequences": true]),
            ("LayerNormalization", ["name": "layer_norm"]),
            ("BatchNormalization", ["name": "batch_norm", "momentum": 0.9]),
            ("GaussianNoise", ["name": "noise", "stddev": 0.05]),
            ("LSTM", ["name": "lstm_2", "units": 16]),
            ("ActivityRegularization", ["name": "activity", "l2": 1e-4]),
            ("Dense", ["name": "count", "units": 1]),
        ], seed: 4)
        var rng = SeededGenerator(seed: 12)
        let count = 512
        var x = Tensor(shape: [count, 8]), y = Tensor(shape: [count, 1])
        for i in 0..<count {
            let length = 3 + Int(rng.next() % 6)
            for s in 0..<length {
                let token = 1 + Float(rng.next() % 3)
                x.scalars[i * 8 + s] = token
                if token == 1 { y.scalars[i] += 1 }
            }
        }
        let data = try Dataset(inputs: [x], targets: [y])
        let trainer = try Trainer(model: model, optimizer: try Adam(learningRate: 0.01), loss: try Loss(kerasName: "mse"), seed: 4)
        let before = try trainer.evaluate(data)["loss"]!
        try trainer.fit(data, epochs: 25, batchSize: 32)
        let after = try trainer.evaluate(data)["loss"]!
        XCTAssertLessThan(after, 0.05, "evaluation loss \(before) → \(after), training \(trainer.history["loss"]!)")
        let moving = try XCTUnwrap((model.layer(named: "batch_norm") as? BatchNormalization)?.movingVariance).value.scalars
        XCTAssertTrue(moving.allSatisfy { $0 > 0 && $0 != 1 }, "\(moving)")
        print("counter: evaluation loss \(before) → \(after)")
    }
}
