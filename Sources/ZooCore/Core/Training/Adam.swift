import Foundation

/// Keras's Adam: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
/// w ← w − lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m / (√v + ε).
public final class Adam {
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public private(set) var iterations = 0
    private var moments: [ObjectIdentifier: (m: [Float], v: [Float])] = [:]

    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// Applies one update to every weight that has a gradient, then clears the gradients.
    public func step(_ weights: [Weight]) {
        iterations += 1
        let t = Double(iterations)
        let lr = Double(learningRate) * (1 - pow(Double(beta2), t)).squareRoot() / (1 - pow(Double(beta1), t))
        for w in weights {
            guard let g = w.variable.grad else { continue }
            let key = ObjectIdentifier(w)
            var (m, v) = moments[key] ?? ([Float](repeating: 0, count: g.count), [Float](repeating: 0, count: g.count))
            var value = w.variable.value
            for i in 0..<g.count {
                let gi = g.scalars[i]
                m[i] = beta1 * m[i] + (1 - beta1) * gi
                v[i] = beta2 * v[i] + (1 - beta2) * gi * gi
                value.scalars[i] -= Float(lr) * m[i] / (v[i].squareRoot() + epsilon)
            }
            moments[key] = (m, v)
            w.variable.value = value
            w.variable.grad = nil
        }
    }
}
