@testable import ZooCore

/// Keras LSTM cell in Double, gate blocks i, f, c, o (G = 4):
/// z = x·K + h·R + b; i = σ(z_i), f = σ(z_f), g = φ(z_c), o = σ(z_o); c' = f·c + i·g;
/// h' = o·φ(c'). States [h, c]. (`unit_forget_bias` only initialises b_f, so it has no place
/// in a forward pass.)
struct ReferenceLSTMCell: ReferenceCell {
    let activation: ReferenceActivation
    let recurrentActivation: ReferenceActivation
    var stateCount: Int { 2 }

    init(config: LayerConfig) throws {
        activation = try ReferenceActivation(config, "activation", default: "tanh")
        recurrentActivation = try ReferenceActivation(config, "recurrent_activation", default: "sigmoid")
    }

    func step(_ x: [Double], states: [[Double]], weights: [Tensor64]) -> [[Double]] {
        let h = states[0], c = states[1], u = h.count
        let z = preactivations(x, h, weights: weights, bias: weights.count > 2 ? weights[2].scalars : nil)
        var hNext = [Double](repeating: 0, count: u), cNext = hNext
        for j in 0..<u {
            let i = recurrentActivation(z[j]), f = recurrentActivation(z[u + j])
            let g = activation(z[2 * u + j]), o = recurrentActivation(z[3 * u + j])
            cNext[j] = f * c[j] + i * g
            hNext[j] = o * activation(cNext[j])
        }
        return [hNext, cNext]
    }
}
