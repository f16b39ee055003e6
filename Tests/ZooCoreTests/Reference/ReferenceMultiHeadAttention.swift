import Foundation
@testable import ZooCore

/// Keras 3 MultiHeadAttention in Double (`keras/src/layers/attention/multi_head_attention.py`),
/// inference: query [B, Tq, Dq], value [B, Tv, Dv], optionally key [B, Tv, Dk] (else the value);
/// masks [query [B, Tq], value [B, Tv], key [B, Tv], attention_mask [B, Tq, Tv]], each optional.
/// Weights: query kernel [Dq, N, H] (+ bias [N, H]), key kernel [Dk, N, H] (+ bias), value kernel
/// [Dv, N, Hv] (+ bias [N, Hv]), output kernel [N, Hv, …O] (+ bias [O]).
/// For batch b, head n, query step t: the value steps s allowed by every mask (and s ≤ t with
/// use_causal_mask) get p = softmax(Q[t, n]·K[s, n] / √H); with none allowed, every s gets 1/Tv
/// (dropout = 0: Keras 3's dot_product_attention; tf_keras's additive −1e9) or 0 (Keras 3 with
/// dropout > 0: its masked Softmax).
/// out[t] = Σ_n Σ_s p[s]·V[s, n]·Wo[n] + bo, shaped [B, Tq, …O], masked like the query.
struct ReferenceMultiHeadAttention: ReferenceLayer {
    let heads: Int
    let useBias: Bool
    let causal: Bool
    let zeroFullyMasked: Bool

    init(config: LayerConfig) throws {
        heads = try config.int("num_heads")
        useBias = try config.bool("use_bias", default: true)
        causal = try config.bool("use_causal_mask", default: false)
        let rows = try config.string("fully_masked_rows", default: nil)
        zeroFullyMasked = try rows.map { $0 == "zero" } ?? (config.double("dropout", default: 0) > 0)
    }

    func forward(_ inputs: [Tensor64], masks: [Tensor64?], weights: [Tensor64]) -> ReferenceOutput {
        let query = inputs[0], value = inputs[1], key = inputs.count > 2 ? inputs[2] : inputs[1]
        func mask(_ i: Int) -> Tensor64? { masks.count > i ? masks[i] : nil }
        let stride = useBias ? 2 : 1
        let w = (0..<4).map { (kernel: weights[$0 * stride], bias: useBias ? weights[$0 * stride + 1] : nil) }
        let b = query.shape[0], tq = query.shape[1], tv = value.shape[1]
        let h = w[0].kernel.shape[2], hv = w[2].kernel.shape[2]
        let outShape = Array(w[3].kernel.shape.dropFirst(2)), o = outShape.reduce(1, *)
        /// x [B, T, D] · kernel [D, N, E] + bias → [B, T, N·E].
        func project(_ x: Tensor64, _ p: (kernel: Tensor64, bias: Tensor64?)) -> Tensor64 {
            let d = x.shape[2], width = p.kernel.count / d
            let kernel = Tensor64(shape: [d, width], scalars: p.kernel.scalars)
            var y = Tensor64(shape: [x.shape[0], x.shape[1], width])
            for r in 0..<(x.shape[0] * x.shape[1]) {
                var z = kernel.leftMultiply(x.row(r))
                if let bias = p.bias { for j in z.indices { z[j] += bias.scalars[j] } }
                y.setRow(r, z)
            }
            return y
        }
        let q = project(query, w[0]), k = project(key, w[1]), v = project(value, w[2])
        var out = Tensor64(shape: [b, tq] + outShape)
        for i in 0..<b {
            for t in 0..<tq {
                var attended = [Double](repeating: 0, count: heads * hv)
                for n in 0..<heads {
                    let allowed = (0..<tv).map { s -> Bool in
                        var ok = (mask(0)?.scalars[i * tq + t] ?? 1) != 0
                        ok = ok && (mask(1)?.scalars[i * tv + s] ?? 1) != 0 && (mask(2)?.scalars[i * tv + s] ?? 1) != 0
                        ok = ok && (mask(3)?.scalars[(i * tq + t) * tv + s] ?? 1) != 0
                        return ok && !(causal && s > t)
                    }
                    var p = [Double](repeating: 0, count: tv)
                    if allowed.contains(true) {
                        let scores = (0..<tv).map { s -> Double in
                            var dot = 0.0
                            for j in 0..<h { dot += q.scalars[(i * tq + t) * heads * h + n * h + j] * k.scalars[(i * tv + s) * heads * h + n * h + j] }
                            return dot / Double(h).squareRoot()
                        }
                        let top = zip(scores, allowed).filter(\.1).map(\.0).max()!
                        let e = zip(scores, allowed).map { $1 ? exp($0 - top) : 0 }
                        let sum = e.reduce(0, +)
                        p = e.map { $0 / sum }
                    } else if !zeroFullyMasked {
                        p = [Double](repeating: 1 / Double(tv), count: tv)
                    }
                    for s in 0..<tv {
                        for j in 0..<hv { attended[n * hv + j] += p[s] * v.scalars[(i * tv + s) * heads * hv + n * hv + j] }
                    }
                }
                let kernel = Tensor64(shape: [heads * hv, o], scalars: w[3].kernel.scalars)
                var y = kernel.leftMultiply(attended)
                if let bias = w[3].bias { for j in y.indices { y[j] += bias.scalars[j] } }
                out.scalars.replaceSubrange(((i * tq + t) * o)..<((i * tq + t + 1) * o), with: y)
            }
        }
        return ReferenceOutput(outputs: [out], masks: [mask(0)])
    }
}
