import XCTest
@testable import ZooCore

/// One training step through Conv1D and the layers over time equals Keras 3's
/// (Fixtures/training/conv_steps.json, tools/keras_golden/conv_training_steps.py): SGD with
/// learning rate 0.5 on the mean squared error, for a CNN-LSTM classifier (Embedding, Conv1D,
/// MaxPooling1D, LSTM, Dense) and a stack of ZeroPadding1D, causal dilated Conv1D,
/// AveragePooling1D, UpSampling1D, Cropping1D, strided Conv1D and GlobalMaxPooling1D; the weights
/// after it differ from Keras's by half the gradients' differences.
final class ConvTrainingStepTests: XCTestCase {
    func testOneStepMatchesKeras() throws {
        let golden = try TrainingFixtures.load("conv_steps")
        let steps = try XCTUnwrap(golden["steps"]?.arrayValue)
        XCTAssertEqual(steps.count, 2)
        for path in Gemm.availablePaths {
            try Gemm.withPath(path) {
                for step in steps {
                    let name = step["name"]?.stringValue ?? "?"
                    let model = try Model.fromKeras(config: try XCTUnwrap(step["config"], name))
                    try assign(step["weights"], to: model, name)
                    let inputs = try (step["inputs"]?.arrayValue ?? []).map(GoldenCase.tensor)
                    let targets = try (step["targets"]?.arrayValue ?? []).map(GoldenCase.tensor)
                    let trainer = try Trainer(model: model, optimizer: try SGD(learningRate: 0.5), loss: try Loss(kerasName: "mse"))
                    let result = try trainer.trainStep(try Dataset(inputs: inputs, targets: targets), dropoutSeed: 0)
                    XCTAssertEqual(result.loss, step["loss_value"]?.doubleValue ?? .nan, accuracy: 1e-5, name)
                    var worst: Float = 0
                    for entry in step["weights_after"]?.arrayValue ?? [] {
                        let expected = try (entry["weights"]?.arrayValue ?? []).map(GoldenCase.tensor)
                        guard !expected.isEmpty else { continue }
                        let layer = try XCTUnwrap(model.layer(named: entry["layer"]?.stringValue ?? ""), name)
                        XCTAssertEqual(layer.weights.count, expected.count, "\(name): \(layer.label)")
                        for (w, e) in zip(layer.weights, expected) { worst = max(worst, w.value.maxAbsDifference(e)) }
                    }
                    XCTAssertLessThanOrEqual(worst, 1e-5, "\(name) on \(path): weights after one step")
                    print("\(name) on \(path): one SGD step, weights vs Keras max abs error \(worst), loss \(result.loss) vs \(step["loss_value"]?.doubleValue ?? .nan)")
                }
            }
        }
    }

    private func assign(_ weights: JSONValue?, to model: Model, _ name: String) throws {
        for entry in weights?.arrayValue ?? [] {
            let arrays = try (entry["weights"]?.arrayValue ?? []).map(GoldenCase.tensor)
            guard !arrays.isEmpty else { continue }
            let layer = try XCTUnwrap(model.layer(named: entry["layer"]?.stringValue ?? ""), name)
            for (w, a) in zip(layer.weights, arrays) { try w.assign(a) }
        }
    }
}
