import CZooKernels
import Foundation

/// Keras Adam: m ← m + (g − m)(1 − β₁), v ← v + (g² − v)(1 − β₂),
/// w ← w − lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ) · m / (√v + ε).
public class Adam: Optimizer {
    let beta1: Float
    let beta2: Float
    public let epsilon: Float
    /// Weights with at least this many elements are updated on all cores.
    static let parallelCount = 1 << 16

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
        let path = Gemm.path.rawValue
        m.withUnsafeMutableBufferPointer { m in
            v.withUnsafeMutableBufferPointer { v in
                let pm = m.baseAddress!, pv = v.baseAddress!
                // Large weights in one contiguous part per thread (parts are multiples of 16).
                Parallel.run(threads: count >= Self.parallelCount ? Gemm.maxThreads : 1) { t, n in
                    let lo = count * t / n / 16 * 16, hi = t + 1 == n ? count : count * (t + 1) / n / 16 * 16
                    zoo_adam_update(path, hi - lo, value + lo, g + lo, pm + lo, pv + lo, alpha, b1, b2, eps)
                }
            }
        }
        slots["m"] = m
        slots["v"] = v
    }
}
