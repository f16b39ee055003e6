import Foundation

/// Keras Adam: m ← m + (g − m)(1 − β₁), v ← v + (g² − v)(1 − β₂),
/// w ← w − lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ) · m / (√v + ε).
public class Adam: Optimizer {
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float

    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7,
                clipnorm: Float? = nil, globalClipnorm: Float? = nil, clipvalue: Float? = nil) throws {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        try super.init(learningRate: learningRate, clipnorm: clipnorm, globalClipnorm: globalClipnorm, clipvalue: clipvalue)
    }

    public override var kerasClassName: String { "Adam" }
    public override var slotNames: [String] { ["m", "v"] }
    public override var config: [String: Double] {
        super.config.merging(["beta_1": Double(beta1), "beta_2": Double(beta2), "epsilon": Double(epsilon)]) { $1 }
    }

    public override func update(_ value: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>, count: Int,
                                slots: inout [String: [Float]]) {
        let t = Float(iterations)
        let alpha = learningRate * (1 - Foundation.pow(beta2, t)).squareRoot() / (1 - Foundation.pow(beta1, t))
        let b1 = beta1, b2 = beta2, eps = epsilon
        var m = slots.removeValue(forKey: "m")!, v = slots.removeValue(forKey: "v")!
        m.withUnsafeMutableBufferPointer { m in
            v.withUnsafeMutableBufferPointer { v in
                for i in 0..<count {
                    m[i] += (g[i] - m[i]) * (1 - b1)
                    v[i] += (g[i] * g[i] - v[i]) * (1 - b2)
                    value[i] -= alpha * m[i] / (v[i].squareRoot() + eps)
                }
            }
        }
        slots["m"] = m
        slots["v"] = v
    }
}
