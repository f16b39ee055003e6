import XCTest
@testable import ZooCore

/// The noise layers in training draw what Keras draws, in distribution (their gradients are in
/// GradientTests, their inference identity in ReferenceGradientTests): SpatialDropout1D drops
/// whole channels, GaussianNoise adds N(0, stddev²), GaussianDropout multiplies by
/// N(1, rate/(1−rate)), AlphaDropout keeps SELU's zero mean and unit variance; each is
/// repeatable from the call's seed and the identity at inference, the mask passing.
/// ActivityRegularization adds (l1·Σ|x| + l2·Σx²)/batch to the call's losses.
final class NoiseLayerTests: XCTestCase {
    private func run(_ className: String, _ config: JSONValue, _ x: Tensor, training: Bool = true, seed: UInt64 = 5,
                     mask: Tensor? = nil) throws -> (Tensor, Tensor?) {
        let layer = try LayerRegistry.shared.make(LayerConfig(className: className, json: config))
        var rng = SeededGenerator(seed: 1)
        try layer.build(inputShapes: [x.shape.map { Optional($0) }], rng: &rng)
        let out = try layer.call([Variable(x)], masks: [mask], context: CallContext(training: training, seed: seed))
        return (out.outputs[0].value, out.masks[0])
    }

    private func moments(_ values: [Float]) -> (mean: Double, std: Double) {
        let n = Double(values.count)
        let mean = values.reduce(0.0) { $0 + Double($1) } / n
        let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n
        return (mean, variance.squareRoot())
    }

    func testIdentityAtInferenceAndRepeatableInTraining() throws {
        let x = TestData.random([4, 6, 5], seed: 3)
        let mask = TestData.mask([[1, 1, 1, 0, 0, 0], [1, 1, 1, 1, 1, 1], [0, 1, 1, 1, 1, 1], [1, 0, 1, 1, 1, 1]])
        let configs: [(String, JSONValue)] = [
            ("SpatialDropout1D", ["name": "d", "rate": 0.5]), ("GaussianNoise", ["name": "n", "stddev": 0.3]),
            ("GaussianDropout", ["name": "d", "rate": 0.4]), ("AlphaDropout", ["name": "d", "rate": 0.2]),
            ("ActivityRegularization", ["name": "r", "l1": 0.01]),
        ]
        for (className, config) in configs {
            let (y, m) = try run(className, config, x, training: false, mask: mask)
            XCTAssertEqual(y, x, className)
            XCTAssertEqual(m, mask, className)
            let (a, ma) = try run(className, config, x, mask: mask), (b, _) = try run(className, config, x, mask: mask)
            let (c, _) = try run(className, config, x, seed: 6, mask: mask)
            XCTAssertEqual(a, b, "\(className): the same seed draws the same noise")
            XCTAssertEqual(ma, mask, className)
            if className != "ActivityRegularization" { XCTAssertNotEqual(a, c, "\(className): another seed draws other noise") }
        }
    }

    func testSpatialDropout1DDropsWholeChannels() throws {
        let x = Tensor(shape: [64, 20, 16], repeating: 1)
        let (y, _) = try run("SpatialDropout1D", ["name": "d", "rate": 0.3], x)
        var dropped = 0
        for b in 0..<64 {
            for c in 0..<16 {
                let column = (0..<20).map { y.scalars[(b * 20 + $0) * 16 + c] }
                XCTAssertTrue(Set(column).count == 1, "sample \(b) channel \(c) differs over time")
                XCTAssertTrue(column[0] == 0 || abs(column[0] - 1 / 0.7) < 1e-6, "\(column[0])")
                if column[0] == 0 { dropped += 1 }
            }
        }
        XCTAssertEqual(Double(dropped) / 1024, 0.3, accuracy: 0.05)
        XCTAssertThrowsError(try run("SpatialDropout1D", ["name": "d", "rate": 0.3], Tensor(shape: [4, 5])))
    }

    func testGaussianNoiseAndGaussianDropoutDrawTheirDistributions() throws {
        let x = TestData.random([64, 50, 8], seed: 4)
        let (noisy, _) = try run("GaussianNoise", ["name": "n", "stddev": 0.5], x)
        let added = moments(zip(noisy.scalars, x.scalars).map { $0 - $1 })
        XCTAssertEqual(added.mean, 0, accuracy: 0.02)
        XCTAssertEqual(added.std, 0.5, accuracy: 0.01)
        let ones = Tensor(shape: [64, 50, 8], repeating: 1)
        let (scaled, _) = try run("GaussianDropout", ["name": "d", "rate": 0.3], ones)
        let factor = moments(scaled.scalars)
        XCTAssertEqual(factor.mean, 1, accuracy: 0.02)
        XCTAssertEqual(factor.std, (0.3 / 0.7).squareRoot(), accuracy: 0.015)
    }

    func testAlphaDropoutKeepsZeroMeanAndUnitVariance() throws {
        let x = TestData.random([64, 50, 8], seed: 4)
        let rate = 0.2, alphaP = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946
        let a = 1 / ((1 - rate) * (1 + rate * alphaP * alphaP)).squareRoot(), b = -a * alphaP * rate
        let (y, _) = try run("AlphaDropout", ["name": "d", "rate": .number(rate)], x)
        let dropped = Float(a * alphaP + b)
        var kept = 0
        for (yi, xi) in zip(y.scalars, x.scalars) {
            if abs(yi - dropped) < 1e-6 { continue }
            kept += 1
            XCTAssertEqual(Double(yi), a * Double(xi) + b, accuracy: 1e-5)
        }
        XCTAssertEqual(Double(kept) / Double(x.count), 1 - rate, accuracy: 0.02)
        let m = moments(y.scalars), before = moments(x.scalars)
        XCTAssertEqual(m.mean, before.mean, accuracy: 0.03)
        XCTAssertEqual(m.std, before.std, accuracy: 0.03)
        let (shared, _) = try run("AlphaDropout", ["name": "d", "rate": .number(rate), "noise_shape": [nil, 1, nil]], x)
        for i in 0..<64 {
            for c in 0..<8 {
                let isDropped = (0..<50).map { abs(shared.scalars[(i * 50 + $0) * 8 + c] - dropped) < 1e-6 }
                XCTAssertTrue(Set(isDropped).count == 1, "noise_shape [None, 1, None]: sample \(i) channel \(c)")
            }
        }
        XCTAssertThrowsError(try run("AlphaDropout", ["name": "d", "rate": 0.2, "noise_shape": [nil, 3, nil]], x)) { error in
            XCTAssertEqual("\(error)", "AlphaDropout 'd': noise_shape (None, 3, None) does not fit input (64, 50, 8)")
        }
    }

    func testActivityRegularizationAddsItsLossWithItsGradient() throws {
        let x = TestData.random([3, 4, 2], seed: 9)
        let layer = try LayerRegistry.shared.make(LayerConfig(className: "ActivityRegularization", json: ["name": "r", "l1": 0.05, "l2": 0.2]))
        let v = Variable(x, requiresGrad: true)
        let context = CallContext(training: true)
        let out = try layer.call([v], masks: [nil], context: context)
        XCTAssertEqual(out.outputs[0].value, x)
        XCTAssertEqual(context.losses.count, 1)
        func loss(_ t: [Double]) -> Double {
            t.reduce(0.0) { $0 + 0.05 * abs($1) + 0.2 * $1 * $1 } / 3
        }
        let x64 = x.scalars.map(Double.init)
        XCTAssertEqual(Double(context.losses[0].value.scalar), loss(x64), accuracy: 1e-6)
        context.losses[0].backward()
        let grad = try XCTUnwrap(v.grad)
        for i in 0..<x.count {
            var plus = x64, minus = x64
            plus[i] += 1e-7
            minus[i] -= 1e-7
            XCTAssertEqual(Double(grad.scalars[i]), (loss(plus) - loss(minus)) / 2e-7, accuracy: 1e-6)
        }
    }
}
