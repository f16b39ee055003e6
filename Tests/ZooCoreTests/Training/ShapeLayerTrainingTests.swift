import XCTest
@testable import ZooCore

/// Training through the shape layers: an addition-RNN-shaped model (LSTM encoder → RepeatVector
/// → LSTM decoder → Dense softmax, as keras.io's) learns to reverse three one-hot digits, and a
/// Reshape → Permute → Flatten → Dense → Activation stack learns a linear target.
final class ShapeLayerTrainingTests: XCTestCase {
    func testRepeatVectorEncoderDecoderLearnsToReverseDigits() throws {
        let model = try ModelBuilder.sequential(name: "reverser", input: ModelInput(name: "digits", shape: [3, 10]), layers: [
            ("LSTM", ["name": "encoder", "units": 32]),
            ("RepeatVector", ["name": "repeat", "n": 3]),
            ("LSTM", ["name": "decoder", "units": 32, "return_sequences": true]),
            ("Dense", ["name": "answer", "units": 10, "activation": "softmax"]),
        ], seed: 3)
        var rng = SeededGenerator(seed: 11)
        let count = 512
        var x = Tensor(shape: [count, 3, 10]), y = Tensor(shape: [count, 3])
        for i in 0..<count {
            for s in 0..<3 {
                let d = Int(rng.next() % 10)
                x.scalars[(i * 3 + s) * 10 + d] = 1
                y.scalars[i * 3 + (2 - s)] = Float(d)
            }
        }
        let data = try Dataset(inputs: [x], targets: [y])
        let trainer = try Trainer(model: model, optimizer: try Adam(learningRate: 0.01), loss: try Loss(kerasName: "sparse_categorical_crossentropy"),
                                  metrics: [try Metric(kerasName: "accuracy")], seed: 3)
        try trainer.fit(data, epochs: 30, batchSize: 32)
        let scores = try trainer.evaluate(data)
        XCTAssertGreaterThan(scores["accuracy"]!, 0.95, "\(scores)")
    }

    func testReshapePermuteFlattenActivationStackFitsALinearTarget() throws {
        let model = try ModelBuilder.sequential(name: "shapes", input: ModelInput(name: "x", shape: [4, 3]), layers: [
            ("Reshape", ["name": "pairs", "target_shape": [2, -1]]),
            ("Permute", ["name": "swap", "dims": [2, 1]]),
            ("Flatten", ["name": "flat"]),
            ("Dense", ["name": "out", "units": 1]),
            ("Activation", ["name": "act", "activation": "linear"]),
        ], seed: 5)
        var rng = SeededGenerator(seed: 2)
        let count = 256
        let x = Tensor(shape: [count, 4, 3], scalars: (0..<(count * 12)).map { _ in rng.nextUniform() * 2 - 1 })
        var y = Tensor(shape: [count, 1])
        for i in 0..<count { y.scalars[i] = (0..<12).reduce(0) { $0 + Float($1 % 3 - 1) * x.scalars[i * 12 + $1] } }
        let trainer = try Trainer(model: model, optimizer: try Adam(learningRate: 0.05), loss: try Loss(kerasName: "mse"), seed: 5)
        try trainer.fit(try Dataset(inputs: [x], targets: [y]), epochs: 40, batchSize: 32)
        XCTAssertLessThan(trainer.history["loss"]!.last!, 1e-3, "\(trainer.history["loss"]!)")
    }
}
