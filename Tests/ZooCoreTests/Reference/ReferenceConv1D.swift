@testable import ZooCore

/// Keras Conv1D in Double: y[b, t, f] = act(Σ_k Σ_c x[b, t·s + k·d − pad, c]·kernel[k, c, f]
/// + bias[f]), taps outside the input reading zero. Weights: kernel [K, C, F], then bias [F]
/// unless use_bias=False. No output mask.
struct ReferenceConv1D: ReferenceLayer {
    let window: ReferenceTimeWindow
    let activation: ReferenceActivation

    init(config: LayerConfig) throws {
        window = try ReferenceTimeWindow(conv: config)
        activation = try ReferenceActivation(config, "activation", default: "linear")
    }

    func forward(_ inputs: [Tensor64], masks: [Tensor64?], weights: [Tensor64]) -> ReferenceOutput {
        let x = inputs[0], kernel = weights[0], bias = weights.count > 1 ? weights[1] : nil
        let b = x.shape[0], t = x.shape[1], c = x.shape[2], f = kernel.shape[2]
        let out = window.geometry(t).outputs
        var y = Tensor64(shape: [b, out, f])
        for i in 0..<b {
            for s in 0..<out {
                var z = bias?.scalars ?? [Double](repeating: 0, count: f)
                for (k, step) in window.taps(s, steps: t) {
                    for ch in 0..<c {
                        let v = x.scalars[(i * t + step) * c + ch]
                        for o in 0..<f { z[o] += v * kernel.scalars[(k * c + ch) * f + o] }
                    }
                }
                y.setRow(i * out + s, activation(z))
            }
        }
        return ReferenceOutput(outputs: [y], masks: [nil])
    }
}
