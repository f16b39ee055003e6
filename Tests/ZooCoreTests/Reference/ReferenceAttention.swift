import Foundation
@testable import ZooCore

/// Keras 3 Attention and AdditiveAttention in Double (`keras/src/layers/attention/`).
/// Inputs: query [B, Tq, D], value [B, Tv, Dv], optionally key [B, Tv, D] (else the value);
/// masks: query [B, Tq], value [B, Tv]. Scores for query step t and value step s:
/// - Attention, score_mode "dot": Σ_d q[t, d]·k[s, d], times `scale` with use_scale;
/// - Attention, score_mode "concat": concat_score_weight · Σ_d tanh(scale·(q[t, d] + k[s, d]))
///   (no scale factor without use_scale);
/// - AdditiveAttention: Σ_d scale_d · tanh(q[t, d] + k[s, d]) (scale_d = 1 without use_scale).
/// Masked value steps (and with use_causal_mask the steps s > t) lose 1e9; a = softmax over s;
/// out[t] = Σ_s a[t, s]·v[s], zeroed at masked query steps. Output [B, Tq, Dv], masked like the
/// query. Weights: Attention: scale [] (use_scale), then concat_score_weight [] ("concat");
/// AdditiveAttention: scale [D] (use_scale).
struct ReferenceAttention: ReferenceLayer {
    enum Score { case dot, concat, additive }

    let score: Score
    let useScale: Bool
    let causal: Bool

    init(config: LayerConfig) throws {
        if config.className == "AdditiveAttention" {
            score = .additive
            useScale = try config.bool("use_scale", default: true)
            causal = false
        } else {
            switch try config.string("score_mode", default: "dot") {
            case "dot": score = .dot
            case "concat": score = .concat
            case let other: throw ZooError("reference: \(config.label) score_mode \(other ?? "null")")
            }
            useScale = try config.bool("use_scale", default: false)
            causal = try config.bool("use_causal_mask", default: false)
        }
    }

    func forward(_ inputs: [Tensor64], masks: [Tensor64?], weights: [Tensor64]) -> ReferenceOutput {
        let q = inputs[0], v = inputs[1], k = inputs.count > 2 ? inputs[2] : inputs[1]
        let queryMask = masks.count > 0 ? masks[0] : nil, valueMask = masks.count > 1 ? masks[1] : nil
        let b = q.shape[0], tq = q.shape[1], tv = v.shape[1], dv = v.shape[2]
        let scale = useScale ? weights[0].scalars : nil
        let concatWeight = score == .concat ? weights[useScale ? 1 : 0].scalars[0] : 1
        var out = Tensor64(shape: [b, tq, dv])
        for i in 0..<b {
            for t in 0..<tq {
                let query = q.row(i * tq + t)
                let scores = (0..<tv).map { s -> Double in
                    let key = k.row(i * tv + s)
                    var value = 0.0
                    for d in query.indices {
                        switch score {
                        case .dot: value += query[d] * key[d] * (scale?[0] ?? 1)
                        case .concat: value += concatWeight * tanh((scale?[0] ?? 1) * (query[d] + key[d]))
                        case .additive: value += (scale?[d] ?? 1) * tanh(query[d] + key[d])
                        }
                    }
                    let masked = (valueMask.map { $0.scalars[i * tv + s] == 0 } ?? false) || (causal && s > t)
                    return masked ? value - 1e9 : value
                }
                let a = ReferenceActivation.softmax(scores)
                var row = [Double](repeating: 0, count: dv)
                for s in 0..<tv { row = zip(row, v.row(i * tv + s)).map { $0 + a[s] * $1 } }
                let m = queryMask?.scalars[i * tq + t] ?? 1
                out.setRow(i * tq + t, row.map { $0 * m })
            }
        }
        return ReferenceOutput(outputs: [out], masks: [queryMask])
    }
}
