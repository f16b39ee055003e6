import XCTest
@testable import ZooCore

/// Checks a layer's backward pass against central finite differences of its forward pass.
///
/// The probe loss is L = Σ_k Σ_i out_k[i] · r_k[i] with fixed random r, accumulated in Double.
/// Each differentiated float input and each trainable weight is perturbed entry by entry (all entries of
/// small tensors, a seeded sample of large ones) by ±eps; the analytic gradient must agree with
/// (L(+eps) − L(−eps)) / 2eps within `atol + rtol·|numeric|`. A probe within eps of a kink (relu,
/// a hard_sigmoid corner) is accepted when the analytic value matches one of the one-sided
/// slopes instead; at most 10 % of the probes may be such kinks.
struct GradientCheck {
    var eps: Float = 4e-3
    var atol: Double = 1.5e-3
    var rtol: Double = 1.5e-2
    var samplesPerTensor = 24

    /// Builds `layer` for the inputs' shapes (batch axis included) with `seed`, then checks it.
    func check(_ layer: Layer, inputs: [Tensor], masks: [Tensor?] = [], differentiable: Set<Int>? = nil,
               skipInputEntries: Set<Int> = [],
               training: Bool = false, seed: UInt64 = 7, file: StaticString = #filePath, line: UInt = #line) throws {
        var rng = SeededGenerator(seed: seed)
        try TestData.buildWithMovedWeights(layer, inputs: inputs, rng: &rng)
        let diffInputs = differentiable ?? Set(inputs.indices)
        let masks = masks.isEmpty ? Array(repeating: nil, count: inputs.count) : masks

        func run(_ values: [Tensor]) throws -> [Variable] {
            let vars = values.enumerated().map { Variable($1, requiresGrad: diffInputs.contains($0)) }
            let ctx = CallContext(training: training, seed: seed)
            return try layer.call(vars, masks: masks, context: ctx).outputs
        }
        let probe = try run(inputs).map { out -> Tensor in
            var r = Tensor(shape: out.shape)
            for i in 0..<r.count { r.scalars[i] = rng.nextNormal() }
            return r
        }
        func loss(_ values: [Tensor]) throws -> Double {
            let outs = try run(values)
            var s = 0.0
            for (o, r) in zip(outs, probe) {
                for i in 0..<o.value.count { s += Double(o.value.scalars[i]) * Double(r.scalars[i]) }
            }
            return s
        }
        // Analytic gradients.
        for w in layer.weights { w.variable.grad = nil }
        let vars = inputs.enumerated().map { Variable($1, requiresGrad: diffInputs.contains($0)) }
        let outs = try layer.call(vars, masks: masks, context: CallContext(training: training, seed: seed)).outputs
        let total = ElementwiseOps.sum(zip(outs, probe).map { ElementwiseOps.dot($0, constant: $1) })
        total.backward()

        var targets: [(String, () -> Tensor, (Tensor) throws -> Void, Tensor?)] = []
        var current = inputs
        for i in inputs.indices where diffInputs.contains(i) {
            targets.append(("input \(i)", { current[i] }, { current[i] = $0 }, vars[i].grad))
        }
        for w in layer.weights where w.trainable {
            targets.append(("weight \(w.path)", { w.value }, { try w.assign($0) }, w.variable.grad))
        }
        var sampler = SeededGenerator(seed: seed &+ 99)
        var probes = 0, kinks = 0
        let l0 = try loss(current)
        for (label, get, set, analytic) in targets {
            let base = get()
            let indices = (base.count <= samplesPerTensor
                ? Array(0..<base.count) : (0..<samplesPerTensor).map { _ in Int(sampler.next() % UInt64(base.count)) })
                .filter { !(label.hasPrefix("input") && skipInputEntries.contains($0)) }
            for idx in indices {
                var plus = base, minus = base
                plus.scalars[idx] += eps
                minus.scalars[idx] -= eps
                try set(plus)
                let lp = try loss(current)
                try set(minus)
                let lm = try loss(current)
                try set(base)
                let numeric = (lp - lm) / Double(2 * eps)
                let a = Double(analytic?.scalars[idx] ?? 0)
                probes += 1
                let tol = atol + rtol * abs(numeric)
                let right = (lp - l0) / Double(eps), left = (l0 - lm) / Double(eps)
                if abs(a - numeric) > tol, min(abs(a - right), abs(a - left)) <= tol + 0.01 {
                    kinks += 1
                    continue
                }
                XCTAssertLessThanOrEqual(abs(a - numeric), tol,
                                         "\(layer.label) \(label)[\(idx)]: analytic \(a), numeric \(numeric)",
                                         file: file, line: line)
            }
        }
        XCTAssertLessThanOrEqual(kinks * 10, probes, "\(layer.label): \(kinks) of \(probes) probes on kinks", file: file, line: line)
    }
}

/// Test data helpers.
enum TestData {
    static func random(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
        var rng = SeededGenerator(seed: seed)
        var t = Tensor(shape: shape)
        for i in 0..<t.count { t.scalars[i] = scale * rng.nextNormal() }
        return t
    }

    /// A [B, T] mask from rows of 0/1.
    static func mask(_ rows: [[Float]]) -> Tensor {
        Tensor(shape: [rows.count, rows[0].count], scalars: rows.flatMap { $0 })
    }

    static func layer(_ className: String, _ config: JSONValue) throws -> Layer {
        try LayerRegistry.shared.make(LayerConfig(className: className, json: config))
    }

    /// Builds `layer` for the inputs' shapes (batch axis included) unless it is built, then moves
    /// every weight off its initial value by 0.3·N(0, 1): zero biases and unit scales hide bugs.
    static func buildWithMovedWeights(_ layer: Layer, inputs: [Tensor], rng: inout SeededGenerator) throws {
        if !layer.isBuilt {
            try layer.build(inputShapes: inputs.map { $0.shape.map { Optional($0) } }, rng: &rng)
        }
        for w in layer.weights {
            var v = w.value
            for i in 0..<v.count { v.scalars[i] += 0.3 * rng.nextNormal() }
            try w.assign(v)
        }
    }
}
