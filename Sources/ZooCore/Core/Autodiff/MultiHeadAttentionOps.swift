import Foundation

/// Differentiable scaled dot-product attention over heads, the core of Keras MultiHeadAttention
/// after its projections: for each batch item b, head n and query step t,
/// p[s] = softmax_s(q[b, t, n, :]·k[b, s, n, :] / √H) over the steps s the mask allows,
/// out[b, t, n, :] = Σ_s p[s]·drop[b, n, t, s]·v[b, s, n, :].
public enum MultiHeadAttentionOps {
    /// What a query step whose every value step is masked gets.
    /// MultiHeadAttention's config gives it as `fully_masked_rows` ("uniform", "zero").
    public enum FullyMaskedRow: String, Sendable {
        /// Equal weights 1/Tv on every value step: Keras 3's dot_product_attention (the path of
        /// dropout = 0), which puts the same large negative number at every masked score, and
        /// tf_keras's additive −1e9.
        case uniform
        /// Zero weights: Keras 3's masked Softmax layer (the path of dropout > 0), which zeroes
        /// the masked probabilities.
        case zero
    }

    /// - Parameters:
    ///   - q: projected queries [B, Tq, N·H] (head-major in the last axis: [B, Tq, N, H])
    ///   - k: projected keys [B, Tv, N·H]
    ///   - v: projected values [B, Tv, N·Hv]
    ///   - heads: N
    ///   - mask: [B, Tq, Tv] of 0/1 (1 = may attend), or nil
    ///   - dropout: multipliers [B, N, Tq, Tv] on the probabilities (training), or nil
    ///   - fullyMaskedRow: the weights of a query whose every key is masked
    ///   - layer: names the layer in errors
    /// - Returns: [B, Tq, N·Hv].
    public static func attend(query q: Variable, key k: Variable, value v: Variable, heads: Int, mask: Tensor?,
                              fullyMaskedRow: FullyMaskedRow, dropout: Tensor?, layer: String) throws -> Variable {
        guard q.value.rank == 3, k.value.rank == 3, v.value.rank == 3, heads > 0,
              k.shape[0] == q.shape[0], v.shape[0] == q.shape[0], v.shape[1] == k.shape[1], q.shape[2] == k.shape[2],
              q.shape[2] % heads == 0, v.shape[2] % heads == 0 else {
            throw ZooError("\(layer): incompatible projected query \(Shape.describe(q.shape)), key \(Shape.describe(k.shape)), "
                           + "value \(Shape.describe(v.shape)) for \(heads) heads")
        }
        let b = q.shape[0], tq = q.shape[1], tv = k.shape[1]
        if let mask, mask.shape != [b, tq, tv] { throw ZooError.shape("\(layer) attention mask", expected: "(\(b), \(tq), \(tv))", got: mask.shape) }
        if let dropout, dropout.shape != [b, heads, tq, tv] {
            throw ZooError.shape("\(layer) attention dropout", expected: "(\(b), \(heads), \(tq), \(tv))", got: dropout.shape)
        }
        let h = q.shape[2] / heads, hv = v.shape[2] / heads
        let scale = 1 / Float(h).squareRoot()
        let qs = q.value.scalars, ks = k.value.scalars, vs = v.value.scalars
        // probs[((i·N + n)·Tq + t)·Tv + s], before dropout.
        var probs = [Float](repeating: 0, count: b * heads * tq * tv)
        var out = Tensor(shape: [b, tq, heads * hv])
        var logits = [Float](repeating: 0, count: tv)
        for i in 0..<b {
            for n in 0..<heads {
                for t in 0..<tq {
                    let row = ((i * heads + n) * tq + t) * tv
                    let qBase = (i * tq + t) * heads * h + n * h
                    var allowed = 0
                    var top = -Float.infinity
                    for s in 0..<tv {
                        if let mask, mask.scalars[(i * tq + t) * tv + s] == 0 { continue }
                        let kBase = (i * tv + s) * heads * h + n * h
                        var acc: Float = 0
                        for j in 0..<h { acc += qs[qBase + j] * ks[kBase + j] }
                        logits[s] = acc * scale
                        top = max(top, logits[s])
                        allowed += 1
                    }
                    if allowed == 0 {
                        if fullyMaskedRow == .uniform { for s in 0..<tv { probs[row + s] = 1 / Float(tv) } }
                    } else {
                        var sum: Float = 0
                        for s in 0..<tv {
                            if let mask, mask.scalars[(i * tq + t) * tv + s] == 0 { continue }
                            let e = Foundation.exp(logits[s] - top)
                            probs[row + s] = e
                            sum += e
                        }
                        for s in 0..<tv { probs[row + s] /= sum }
                    }
                    let oBase = (i * tq + t) * heads * hv + n * hv
                    for s in 0..<tv {
                        let p = probs[row + s] * (dropout?.scalars[row + s] ?? 1)
                        if p == 0 { continue }
                        let vBase = (i * tv + s) * heads * hv + n * hv
                        for j in 0..<hv { out.scalars[oBase + j] += p * vs[vBase + j] }
                    }
                }
            }
        }
        let qShape = q.shape, kShape = k.shape, vShape = v.shape
        return OpNode.record1("multi_head_attention", inputs: [q, k, v], output: out) { dOut in
            var dq = Tensor(shape: qShape), dk = Tensor(shape: kShape), dv = Tensor(shape: vShape)
            var dp = [Float](repeating: 0, count: tv)
            for i in 0..<b {
                for n in 0..<heads {
                    for t in 0..<tq {
                        let row = ((i * heads + n) * tq + t) * tv
                        let qBase = (i * tq + t) * heads * h + n * h
                        let oBase = (i * tq + t) * heads * hv + n * hv
                        var dot: Float = 0
                        for s in 0..<tv {
                            let vBase = (i * tv + s) * heads * hv + n * hv
                            let drop = dropout?.scalars[row + s] ?? 1
                            var acc: Float = 0
                            for j in 0..<hv {
                                acc += dOut.scalars[oBase + j] * vs[vBase + j]
                                dv.scalars[vBase + j] += probs[row + s] * drop * dOut.scalars[oBase + j]
                            }
                            dp[s] = acc * drop
                            dot += dp[s] * probs[row + s]
                        }
                        let fullyMasked = mask.map { m in (0..<tv).allSatisfy { m.scalars[(i * tq + t) * tv + $0] == 0 } } ?? false
                        if fullyMasked { continue }
                        for s in 0..<tv {
                            let dLogit = probs[row + s] * (dp[s] - dot) * scale
                            if dLogit == 0 { continue }
                            let kBase = (i * tv + s) * heads * h + n * h
                            for j in 0..<h {
                                dq.scalars[qBase + j] += dLogit * ks[kBase + j]
                                dk.scalars[kBase + j] += dLogit * qs[qBase + j]
                            }
                        }
                    }
                }
            }
            return [dq, dk, dv]
        }
    }
}
