@testable import ZooCore

/// Keras Dense in Double on the last axis of an input of any rank ≥ 2:
/// y[..., o] = f(Σ_i x[..., i]·kernel[i, o] + bias[o]), f over the row (softmax normalises it).
/// Weights: kernel [I, O], then bias [O] unless use_bias=False. The input mask passes on.
struct ReferenceDense: ReferenceLayer {
    let activation: ReferenceActivation

    init(config: LayerConfig) throws {
        activation = try ReferenceActivation(config, "activation", default: "linear")
    }

    func forward(_ inputs: [Tensor64], masks: [Tensor64?], weights: [Tensor64]) -> ReferenceOutput {
        let x = inputs[0], kernel = weights[0], bias = weights.count > 1 ? weights[1] : nil
        let rows = x.count / x.rowLength
        var y = Tensor64(shape: Array(x.shape.dropLast()) + [kernel.shape[1]])
        for r in 0..<rows {
            var z = kernel.leftMultiply(x.row(r))
            if let bias { for o in z.indices { z[o] += bias.scalars[o] } }
            y.setRow(r, activation(z))
        }
        return ReferenceOutput(outputs: [y], masks: [masks.first ?? nil])
    }
}
