/// Keras RMSprop (not centered): v ← ρ·v + (1 − ρ)·g², Δ = lr·g / √(v + ε); with momentum
/// μ > 0, m ← μ·m + Δ and w ← w − m, else w ← w − Δ.
final class RMSprop: Optimizer {
    let rho: Float
    let momentum: Float
    let epsilon: Float

    init(learningRate: Float = 1e-3, rho: Float = 0.9, momentum: Float = 0, epsilon: Float = 1e-7,
                clipnorm: Float? = nil, globalClipnorm: Float? = nil, clipvalue: Float? = nil) throws {
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        try super.init(learningRate: learningRate, clipnorm: clipnorm, globalClipnorm: globalClipnorm, clipvalue: clipvalue)
    }

    override var kerasClassName: String { "RMSprop" }
    override var slotNames: [String] { momentum > 0 ? ["velocity", "momentum"] : ["velocity"] }
    override var config: [String: Double] {
        super.config.merging(["rho": Double(rho), "momentum": Double(momentum), "epsilon": Double(epsilon)]) { $1 }
    }

    override func update(_ value: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>, count: Int,
                                slots: inout [String: [Float]]) {
        let lr = learningRate, rho = rho, eps = epsilon, mu = momentum
        var v = slots.removeValue(forKey: "velocity")!
        var m = slots.removeValue(forKey: "momentum") ?? []
        v.withUnsafeMutableBufferPointer { v in
            m.withUnsafeMutableBufferPointer { m in
                for i in 0..<count {
                    v[i] = rho * v[i] + (1 - rho) * g[i] * g[i]
                    let delta = lr * g[i] / (v[i] + eps).squareRoot()
                    if mu > 0 {
                        m[i] = mu * m[i] + delta
                        value[i] -= m[i]
                    } else {
                        value[i] -= delta
                    }
                }
            }
        }
        slots["velocity"] = v
        if mu > 0 { slots["momentum"] = m }
    }
}
