import XCTest
@testable import ZooCore

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

    /// Adam's vector kernel (8 lanes and a tail, split across threads for large weights) gives
    /// the scalar rule's floats exactly, on every kernel path.
    func testAdamKernelEqualsTheScalarRuleBitForBit() throws {
        let count = (1 << 16) + 13
        var rng = SeededGenerator(seed: 4)
        let initial = Tensor(shape: [count], scalars: (0..<count).map { _ in rng.nextNormal() })
        let grads = (0..<2).map { _ in Tensor(shape: [count], scalars: (0..<count).map { _ in rng.nextNormal() }) }
        for path in Gemm.availablePaths {
            let optimizer = try Adam(learningRate: 0.01)
            let weight = Weight(name: "w", path: "layer/w", value: initial)
            var w = initial.scalars, m = [Float](repeating: 0, count: count), v = m
            for (t, g) in grads.enumerated() {
                Gemm.withPath(path) {
                    weight.variable.grad = g
                    optimizer.step([weight])
                }
                let step = Float(t + 1)
                let alpha = Float(0.01) * (1 - pow(Float(0.999), step)).squareRoot() / (1 - pow(Float(0.9), step))
                for i in 0..<count {
                    m[i] += (g.scalars[i] - m[i]) * (1 - 0.9)
                    v[i] += (g.scalars[i] * g.scalars[i] - v[i]) * (1 - 0.999)
                    w[i] -= alpha * m[i] / (v[i].squareRoot() + 1e-7)
                }
                let differing = (0..<count).filter { weight.value.scalars[$0] != w[$0] }
                XCTAssertEqual(differing.count, 0, "\(path) step \(t + 1): \(differing.prefix(3).map { (weight.value.scalars[$0], w[$0]) })")
            }
        }
    }

    func testOnlyOneClippingModeIsAccepted() {
        XCTAssertThrowsError(try SGD(clipnorm: 1, clipvalue: 1)) { error in
            XCTAssertTrue("\(error)".contains("only one of clipnorm"), "\(error)")
        }
        XCTAssertThrowsError(try SGD(momentum: 1.5))
    }
}
