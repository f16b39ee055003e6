import Foundation

/// Differentiable attention over [B, T, D] tensors: scores, value mask, softmax over the value
/// steps, weighted sum of values, query mask — the Keras 3 `Attention` / `AdditiveAttention`
/// computation as one op.
public enum AttentionOps {
    /// How scores[b, t, s] are computed from query q[b, t, :] and key k[b, s, :].
    public enum Score {
        /// c · Σ_d q·k (c = the `scale` scalar when given, else 1).
        case dot(scale: Variable?)
        /// α · Σ_d w_d · tanh(β · (q + k)): AdditiveAttention is α = 1, β = 1, w = `scale` [D]
        /// (or ones); Attention(score_mode="concat") is α = concat_score_weight, β = scale, w = 1.
        case tanh(alpha: Variable?, beta: Variable?, weights: Variable?)
    }

    /// Keras subtracts this from the scores of masked value steps.
    static let maskPenalty: Float = 1.0e9

    /// - Parameters: query [B, Tq, D], value [B, Tv, Dv], key [B, Tv, D];
    ///   queryMask [B, Tq] and valueMask [B, Tv] of 0/1 or nil.
    /// - Returns: [output [B, Tq, Dv], attention weights [B, Tq, Tv]].
    public static func attend(query q: Variable, value v: Variable, key k: Variable, score: Score,
                              queryMask: Tensor?, valueMask: Tensor?, causal: Bool, layer: String) throws -> [Variable] {
        guard q.value.rank == 3, v.value.rank == 3, k.value.rank == 3,
              q.shape[0] == v.shape[0], k.shape[0] == v.shape[0], k.shape[1] == v.shape[1], q.shape[2] == k.shape[2] else {
            throw ZooError("\(layer): incompatible query \(Shape.describe(q.shape)), value \(Shape.describe(v.shape)), key \(Shape.describe(k.shape))")
        }
        let b = q.shape[0], tq = q.shape[1], tv = v.shape[1], d = q.shape[2], dv = v.shape[2]
        var extras: [Variable] = []
        var c: Float = 1, alpha: Float = 1, beta: Float = 1
        var w = [Float](repeating: 1, count: d)
        var isDot = true
        switch score {
        case let .dot(scale):
            if let scale { c = scale.value.scalars[0]; extras = [scale] }
        case let .tanh(a, bt, ws):
            isDot = false
            if let a { alpha = a.value.scalars[0]; extras.append(a) }
            if let bt { beta = bt.value.scalars[0]; extras.append(bt) }
            if let ws {
                guard ws.value.count == d else { throw ZooError.shape("\(layer) scale", expected: "(\(d),)", got: ws.shape) }
                w = ws.value.scalars
                extras.append(ws)
            }
        }
        let qs = q.value.scalars, ks = k.value.scalars, vs = v.value.scalars
        var raw = [Float](repeating: 0, count: b * tq * tv)
        var weights = Tensor(shape: [b, tq, tv])
        var out = Tensor(shape: [b, tq, dv])
        for i in 0..<b {
            for t in 0..<tq {
                let row = (i * tq + t) * tv
                for s in 0..<tv {
                    var acc: Float = 0
                    for j in 0..<d {
                        let qv = qs[(i * tq + t) * d + j], kv = ks[(i * tv + s) * d + j]
                        acc += isDot ? qv * kv : w[j] * Foundation.tanh(beta * (qv + kv))
                    }
                    raw[row + s] = acc
                    var sc = isDot ? c * acc : alpha * acc
                    if let valueMask, valueMask.scalars[i * tv + s] == 0 { sc -= maskPenalty }
                    if causal, s > t { sc -= maskPenalty }
                    weights.scalars[row + s] = sc
                }
                weights.withUnsafeMutableBufferPointer { p in
                    VectorMath.softmaxRows(p.baseAddress! + row, p.baseAddress! + row, rows: 1, cols: tv)
                }
                let qm = queryMask?.scalars[i * tq + t] ?? 1
                for s in 0..<tv {
                    let a = weights.scalars[row + s] * qm
                    for j in 0..<dv { out.scalars[(i * tq + t) * dv + j] += a * vs[(i * tv + s) * dv + j] }
                }
            }
        }
        let attn = weights
        return OpNode.record("attention", inputs: [q, v, k] + extras, outputs: [out, weights]) { grads in
            var dq = Tensor(shape: q.shape), dvv = Tensor(shape: v.shape), dk = Tensor(shape: k.shape)
            var dc: Float = 0, dAlpha: Float = 0, dBeta: Float = 0
            var dw = [Float](repeating: 0, count: d)
            var dA = [Float](repeating: 0, count: tv)
            for i in 0..<b {
                for t in 0..<tq {
                    let row = (i * tq + t) * tv
                    let qm = queryMask?.scalars[i * tq + t] ?? 1
                    for s in 0..<tv {
                        var acc = grads[1]?.scalars[row + s] ?? 0
                        if let dOut = grads[0] {
                            for j in 0..<dv {
                                let g = dOut.scalars[(i * tq + t) * dv + j] * qm
                                acc += g * vs[(i * tv + s) * dv + j]
                                dvv.scalars[(i * tv + s) * dv + j] += attn.scalars[row + s] * g
                            }
                        }
                        dA[s] = acc
                    }
                    var dot: Float = 0
                    for s in 0..<tv { dot += dA[s] * attn.scalars[row + s] }
                    for s in 0..<tv {
                        let dS = attn.scalars[row + s] * (dA[s] - dot)
                        if dS == 0 { continue }
                        if isDot {
                            dc += dS * raw[row + s]
                            for j in 0..<d {
                                dq.scalars[(i * tq + t) * d + j] += c * dS * ks[(i * tv + s) * d + j]
                                dk.scalars[(i * tv + s) * d + j] += c * dS * qs[(i * tq + t) * d + j]
                            }
                        } else {
                            dAlpha += dS * raw[row + s]
                            for j in 0..<d {
                                let pre = qs[(i * tq + t) * d + j] + ks[(i * tv + s) * d + j]
                                let u = Foundation.tanh(beta * pre)
                                dw[j] += alpha * dS * u
                                let dpre = alpha * dS * w[j] * (1 - u * u)
                                dBeta += dpre * pre
                                dq.scalars[(i * tq + t) * d + j] += beta * dpre
                                dk.scalars[(i * tv + s) * d + j] += beta * dpre
                            }
                        }
                    }
                }
            }
            var result: [Tensor?] = [dq, dvv, dk]
            switch score {
            case let .dot(scale):
                if scale != nil { result.append(Tensor(shape: [], scalars: [dc]).reshaped(scale!.shape)) }
            case let .tanh(a, bt, ws):
                if let a { result.append(Tensor(shape: a.shape, scalars: [dAlpha])) }
                if let bt { result.append(Tensor(shape: bt.shape, scalars: [dBeta])) }
                if let ws { result.append(Tensor(shape: ws.shape, scalars: dw)) }
            }
            return result
        }
    }
}
