@testable import ZooCore

/// Keras Dot in Double: out[b, i…, j…] = Σ_k x[b, i… with k at axes.0] · y[b, j… with k at
/// axes.1], the output holding x's other axes then y's other non-batch axes ([B] becomes
/// [B, 1]); with `normalize` each input is first divided by max(‖·‖₂, 1e-7) along its axis.
/// No output mask.
struct ReferenceDot: ReferenceLayer {
    let axes: (Int, Int)
    let normalize: Bool
    /// The smallest norm divided by: 1e-7, or tf_keras's 1e-6 in a Keras 2 config.
    let smallestNorm: Double

    init(config: LayerConfig) throws {
        if let a = config["axes"]?.intValue {
            axes = (a, a)
        } else {
            let list = config["axes"]?.arrayValue?.compactMap(\.intValue) ?? []
            guard list.count == 2 else { throw ZooError("reference: \(config.label) needs axes") }
            axes = (list[0], list[1])
        }
        normalize = try config.bool("normalize", default: false)
        smallestNorm = try config.double("normalize_epsilon", default: 1e-7)
    }

    func forward(_ inputs: [Tensor64], masks: [Tensor64?], weights: [Tensor64]) -> ReferenceOutput {
        var x = inputs[0], y = inputs[1]
        let a = axes.0 < 0 ? axes.0 + x.shape.count : axes.0, b = axes.1 < 0 ? axes.1 + y.shape.count : axes.1
        if normalize {
            x = normalised(x, axis: a)
            y = normalised(y, axis: b)
        }
        let xRest = x.shape.indices.filter { $0 != 0 && $0 != a }, yRest = y.shape.indices.filter { $0 != 0 && $0 != b }
        var shape = [x.shape[0]] + xRest.map { x.shape[$0] } + yRest.map { y.shape[$0] }
        let flatShape = shape
        if shape.count == 1 { shape.append(1) }
        var out = Tensor64(shape: shape)
        for e in 0..<out.count {
            let c = ReferenceIndex.coordinates(e, flatShape)
            var cx = [Int](repeating: 0, count: x.shape.count), cy = [Int](repeating: 0, count: y.shape.count)
            cx[0] = c[0]
            cy[0] = c[0]
            for (n, d) in xRest.enumerated() { cx[d] = c[1 + n] }
            for (n, d) in yRest.enumerated() { cy[d] = c[1 + xRest.count + n] }
            var s = 0.0
            for k in 0..<x.shape[a] {
                cx[a] = k
                cy[b] = k
                s += x.scalars[ReferenceIndex.flat(cx, x.shape)] * y.scalars[ReferenceIndex.flat(cy, y.shape)]
            }
            out.scalars[e] = s
        }
        return ReferenceOutput(outputs: [out], masks: [nil])
    }

    /// x divided by max(‖x‖₂ along `axis`, `smallestNorm`).
    private func normalised(_ x: Tensor64, axis: Int) -> Tensor64 {
        var out = x
        for e in 0..<x.count {
            var c = ReferenceIndex.coordinates(e, x.shape)
            var s = 0.0
            for k in 0..<x.shape[axis] {
                c[axis] = k
                let v = x.scalars[ReferenceIndex.flat(c, x.shape)]
                s += v * v
            }
            out.scalars[e] = x.scalars[e] / max(s.squareRoot(), smallestNorm)
        }
        return out
    }
}
