import XCTest
@testable import ZooCore

/// Checks a layer of the core against its float64 reference (`ReferenceLayers`).
///
/// The layer is built for the inputs' shapes with a fixed seed, and its weights are moved off
/// their initial values (`TestData.buildWithMovedWeights`). Then:
/// - forward: each output of the core's float32 pass, with and without the autodiff graph,
///   equals the Double reference's on the same inputs and weights within
///   `forwardTolerance`·(1 + |y|), and the output masks are equal;
/// - backward: for L = Σ_k Σ_i out_k[i]·r_k[i] with fixed random r, the core's analytic
///   gradient w.r.t. each differentiated input and each weight equals the central difference
///   (L(θ + eps) − L(θ − eps)) / 2eps of the Double reference within
///   `gradientTolerance`·(1 + |g|): on every entry of a tensor of up to `samplesPerTensor`
///   entries, and on that many distinct seeded entries of a larger one.
/// The worst errors on those scales are kept for the summary.
final class ReferenceCheck {
    /// The layer config options that give tf_keras's meanings (what the Keras reader writes into
    /// a Keras 2 config's layers; a layer ignores those it does not have).
    static let tfKerasOptions: [(String, JSONValue)] = [("hard_sigmoid_alpha", 0.2), ("mask_rule", "all"), ("normalize_epsilon", 1e-6),
                                                        ("fully_masked_rows", "uniform")]
    let forwardTolerance = 1e-5
    let gradientTolerance = 2e-4
    let eps = 1e-6
    let samplesPerTensor = 32
    private(set) var cases = 0
    private(set) var probes = 0
    /// max |float32 − Double| / (1 + |Double|) over every output value checked.
    private(set) var worstForward = 0.0
    /// max |analytic − numeric| / (1 + |numeric|) over every gradient probe.
    private(set) var worstGradient = 0.0

    var summary: String {
        "\(cases) cases, \(probes) gradient probes, worst forward error \(worstForward), worst gradient error \(worstGradient)"
    }

    /// Checks the layer `className` with `config` (with tf_keras's meanings, `tfKerasOptions`,
    /// when `keras2`) on `inputs`
    /// (batch axis first) and their `masks` ([B, T] or nil each; empty = none). Inputs not in
    /// `differentiable` (token ids) are not probed; nil means all of them. `training` calls the
    /// layer in training mode (BatchNormalization's batch statistics). Non-trainable weights
    /// (moving statistics) are not probed.
    func check(_ className: String, _ config: JSONValue, inputs: [Tensor], masks: [Tensor?] = [],
               differentiable: Set<Int>? = nil, keras2: Bool = false, training: Bool = false, seed: UInt64 = 7,
               file: StaticString = #filePath, line: UInt = #line) throws {
        let layerConfig = LayerConfig(className: className, json: keras2 ? Self.tfKerasOptions.reduce(config) { $0.setting($1.0, $1.1) } : config)
        let masks = masks.isEmpty ? Array(repeating: nil, count: inputs.count) : masks
        let what = "\(className) \(config.serialized())\(masks.contains { $0 != nil } ? " with masks" : "")"
        let layer = try LayerRegistry.shared.make(layerConfig)
        let reference = try ReferenceLayers.make(layerConfig, training: training)
        var rng = SeededGenerator(seed: seed)
        try TestData.buildWithMovedWeights(layer, inputs: inputs, rng: &rng)
        let differentiable = differentiable ?? Set(inputs.indices)
        cases += 1

        // The core: float32 forward (graph and inference paths), then the analytic gradient of L.
        let variables = inputs.enumerated().map { Variable($1, requiresGrad: differentiable.contains($0)) }
        for w in layer.weights { w.variable.grad = nil }
        let got = try layer.call(variables, masks: masks, context: CallContext(training: training))
        let inference = try GradientMode.withoutGradients {
            try layer.call(inputs.map { Variable($0) }, masks: masks, context: CallContext(training: training)).outputs
        }
        let r = got.outputs.map { out in Tensor(shape: out.shape, scalars: (0..<out.value.count).map { _ in rng.nextNormal() }) }
        ElementwiseOps.sum(zip(got.outputs, r).map { ElementwiseOps.dot($0, constant: $1) }).backward()

        // The reference on the same values.
        var inputs64 = inputs.map(Tensor64.init), weights64 = layer.weights.map { Tensor64($0.value) }
        let masks64 = masks.map { $0.map(Tensor64.init) }, r64 = r.map(Tensor64.init)
        let expected = reference.forward(inputs64, masks: masks64, weights: weights64)
        for (path, outputs) in [("graph", got.outputs), ("inference", inference)] {
            guard outputs.count == expected.outputs.count else {
                XCTFail("\(what): \(outputs.count) outputs, the reference \(expected.outputs.count)", file: file, line: line)
                return
            }
            for (k, (g, e)) in zip(outputs, expected.outputs).enumerated() {
                guard g.shape == e.shape else {
                    XCTFail("\(what) output \(k): shape \(g.shape), the reference \(e.shape)", file: file, line: line)
                    return
                }
                for j in 0..<e.count {
                    let error = abs(Double(g.value.scalars[j]) - e.scalars[j]) / (1 + abs(e.scalars[j]))
                    worstForward = max(worstForward, error)
                    guard error <= forwardTolerance else {
                        XCTFail("\(what) \(path) output \(k)[\(j)]: float32 \(g.value.scalars[j]), reference \(e.scalars[j])", file: file, line: line)
                        return
                    }
                }
            }
        }
        XCTAssertEqual(got.masks.map { $0.map(Tensor64.init) }, expected.masks, "\(what): output masks", file: file, line: line)

        func loss() -> Double {
            let outputs = reference.forward(inputs64, masks: masks64, weights: weights64).outputs
            var sum = 0.0
            for (o, p) in zip(outputs, r64) { for j in 0..<o.count { sum += o.scalars[j] * p.scalars[j] } }
            return sum
        }
        let targets = differentiable.sorted().map { (label: "input \($0)", isInput: true, index: $0, analytic: variables[$0].grad) }
            + layer.weights.enumerated().filter { $1.trainable }.map { (label: "weight \($1.path)", isInput: false, index: $0, analytic: $1.variable.grad) }
        var sampler = SeededGenerator(seed: seed &+ 99)
        for target in targets {
            let base = target.isInput ? inputs64[target.index] : weights64[target.index]
            func set(_ t: Tensor64) {
                if target.isInput { inputs64[target.index] = t } else { weights64[target.index] = t }
            }
            for entry in entries(base.count, using: &sampler) {
                var moved = base
                moved.scalars[entry] = base.scalars[entry] + eps
                set(moved)
                let plus = loss()
                moved.scalars[entry] = base.scalars[entry] - eps
                set(moved)
                let minus = loss()
                set(base)
                let numeric = (plus - minus) / (2 * eps), analytic = Double(target.analytic?.scalars[entry] ?? 0)
                let error = abs(analytic - numeric) / (1 + abs(numeric))
                probes += 1
                worstGradient = max(worstGradient, error)
                guard error <= gradientTolerance else {
                    XCTFail("\(what) \(target.label)[\(entry)]: analytic \(analytic), numeric \(numeric)", file: file, line: line)
                    break
                }
            }
        }
    }

    /// Every index below `count` when there are at most `samplesPerTensor`, else that many
    /// distinct ones drawn from `rng`.
    private func entries(_ count: Int, using rng: inout SeededGenerator) -> [Int] {
        guard count > samplesPerTensor else { return Array(0..<count) }
        var all = Array(0..<count)
        for i in 0..<samplesPerTensor { all.swapAt(i, i + Int(rng.next() % UInt64(count - i))) }
        return all.prefix(samplesPerTensor).sorted()
    }
}
