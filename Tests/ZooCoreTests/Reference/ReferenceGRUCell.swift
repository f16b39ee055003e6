@testable import ZooCore

/// Keras GRU cell in Double, gate blocks z, r, h (G = 3), both `reset_after` modes. State [h].
///
/// reset_after = true, bias [2, 3H] (input bias b₀, recurrent bias b₁):
///   mx = x·K + b₀, mh = h·R + b₁; z = σ(mx_z + mh_z), r = σ(mx_r + mh_r), ĥ = φ(mx_h + r·mh_h).
/// reset_after = false, bias [3H]:
///   mx = x·K + b; z = σ(mx_z + (h·R)_z), r = σ(mx_r + (h·R)_r), ĥ = φ(mx_h + ((r·h)·R)_h).
/// Both: h' = z·h + (1 − z)·ĥ.
struct ReferenceGRUCell: ReferenceCell {
    let activation: ReferenceActivation
    let recurrentActivation: ReferenceActivation
    let resetAfter: Bool
    var stateCount: Int { 1 }

    init(config: LayerConfig) throws {
        activation = try ReferenceActivation(config, "activation", default: "tanh")
        recurrentActivation = try ReferenceActivation(config, "recurrent_activation", default: "sigmoid")
        resetAfter = try config.bool("reset_after", default: true)
    }

    func step(_ x: [Double], states: [[Double]], weights: [Tensor64]) -> [[Double]] {
        let h = states[0], u = h.count, recurrent = weights[1], bias = weights.count > 2 ? weights[2] : nil
        var mx = weights[0].leftMultiply(x), mh = recurrent.leftMultiply(h)
        for j in mx.indices {
            if resetAfter {
                mx[j] += bias?.scalars[j] ?? 0
                mh[j] += bias?.scalars[3 * u + j] ?? 0
            } else {
                mx[j] += bias?.scalars[j] ?? 0
            }
        }
        var z = [Double](repeating: 0, count: u), r = z, resetH = z
        for j in 0..<u {
            z[j] = recurrentActivation(mx[j] + mh[j])
            r[j] = recurrentActivation(mx[u + j] + mh[u + j])
            resetH[j] = r[j] * h[j]
        }
        let mrh = resetAfter ? mh : recurrent.leftMultiply(resetH)
        var hNext = z
        for j in 0..<u {
            let candidate = activation(mx[2 * u + j] + (resetAfter ? r[j] * mh[2 * u + j] : mrh[2 * u + j]))
            hNext[j] = z[j] * h[j] + (1 - z[j]) * candidate
        }
        return [hNext]
    }
}
