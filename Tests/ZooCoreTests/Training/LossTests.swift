import XCTest
@testable import ZooCore

/// Every loss's value and gradient against real Keras 3 + jax.grad
/// (Fixtures/training/losses.json), probabilities (with Keras's clipping) and logits.
final class LossTests: XCTestCase {
    func testLossesMatchKeras() throws {
        let golden = try TrainingFixtures.load("losses")
        let cases = golden.objectValue!
        XCTAssertEqual(cases.count, 8)
        for (name, c) in cases {
            let logits = name.hasSuffix("_logits")
            let base = logits ? String(name.dropLast(7)) : name
            let loss = try Loss(kerasName: base, fromLogits: logits)
            let prediction = Variable(try GoldenCase.tensor(c["prediction"]!), requiresGrad: true)
            let value = try loss(prediction, try GoldenCase.tensor(c["target"]!))
            XCTAssertEqual(Double(value.value.scalar), c["loss"]!.doubleValue!, accuracy: 2e-6, name)
            value.backward()
            let expected = try GoldenCase.tensor(c["gradient"]!)
            XCTAssertLessThan(prediction.grad!.maxAbsDifference(expected), 2e-6, "\(name) gradient")
        }
    }

    func testWrongTargetsNameBothShapes() throws {
        let p = Variable(Tensor(shape: [2, 3, 5]))
        XCTAssertThrowsError(try Loss.sparseCategoricalCrossentropy(fromLogits: true)(p, Tensor(shape: [2, 4]))) { error in
            XCTAssertEqual("\(error)", "sparse_categorical_crossentropy: prediction (2, 3, 5) needs integer targets of shape (2, 3), got (2, 4)")
        }
        XCTAssertThrowsError(try Loss.sparseCategoricalCrossentropy(fromLogits: true)(p, Tensor(shape: [2, 3], repeating: 5))) { error in
            XCTAssertTrue("\(error)".contains("target class 5.0 is not an integer in 0..<5"), "\(error)")
        }
        XCTAssertThrowsError(try Loss.meanSquaredError(p, Tensor(shape: [2, 3])))
        XCTAssertThrowsError(try Loss(kerasName: "hinge"))
    }
}
