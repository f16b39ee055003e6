import XCTest
import ZooCore

/// Two steps of each optimizer against the weights real Keras 3 computed from the same
/// gradients (Fixtures/training/optimizers.json), including clipnorm, clipvalue and
/// global_clipnorm.
final class OptimizerTests: XCTestCase {
    func testEveryOptimizerMatchesKeras() throws {
        let golden = try TrainingFixtures.load("optimizers")
        let initial = try golden["initial"]!.arrayValue!.map(GoldenCase.tensor)
        let gradients = try golden["gradients"]!.arrayValue!.map { try $0.arrayValue!.map(GoldenCase.tensor) }
        let cases = golden["cases"]!.objectValue!
        XCTAssertEqual(cases.count, 11)
        for (name, spec) in cases {
            let c = spec["config"]!
            let lr = Float(c["learning_rate"]!.doubleValue!)
            let clip = (c["clipnorm"]?.doubleValue.map(Float.init), c["global_clipnorm"]?.doubleValue.map(Float.init), c["clipvalue"]?.doubleValue.map(Float.init))
            let optimizer: Optimizer
            switch name {
            case let n where n.hasPrefix("sgd"):
                optimizer = try SGD(learningRate: lr, momentum: Float(c["momentum"]!.doubleValue!), nesterov: c["nesterov"]!.boolValue!,
                                    clipnorm: clip.0, globalClipnorm: clip.1, clipvalue: clip.2)
            case "adamw":
                optimizer = try AdamW(learningRate: lr, weightDecay: Float(c["weight_decay"]!.doubleValue!))
            case let n where n.hasPrefix("adam"):
                optimizer = try Adam(learningRate: lr, clipnorm: clip.0, globalClipnorm: clip.1, clipvalue: clip.2)
            case let n where n.hasPrefix("rmsprop"):
                optimizer = try RMSprop(learningRate: lr, rho: Float(c["rho"]!.doubleValue!), momentum: Float(c["momentum"]!.doubleValue!))
            default:
                XCTFail("unexpected case \(name)")
                continue
            }
            let weights = initial.enumerated().map { Weight(name: "w\($0.offset)", path: "layer/w\($0.offset)", value: $0.element) }
            for (s, step) in spec["steps"]!.arrayValue!.enumerated() {
                for (w, g) in zip(weights, gradients[s]) { w.variable.grad = g }
                optimizer.step(weights)
                for (w, expected) in zip(weights, try step.arrayValue!.map(GoldenCase.tensor)) {
                    XCTAssertLessThan(w.value.maxAbsDifference(expected), 2e-6, "\(name) step \(s + 1) \(w.path): \(w.value.scalars) vs \(expected.scalars)")
                    XCTAssertNil(w.variable.grad, "\(name): gradients are cleared after a step")
                }
            }
            XCTAssertEqual(optimizer.iterations, 2)
        }
    }

    func testOnlyOneClippingModeIsAccepted() {
        XCTAssertThrowsError(try SGD(clipnorm: 1, clipvalue: 1)) { error in
            XCTAssertTrue("\(error)".contains("only one of clipnorm"), "\(error)")
        }
        XCTAssertThrowsError(try SGD(momentum: 1.5))
    }
}
