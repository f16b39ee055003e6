/// Keras SGD: without momentum w ← w − lr·g; with momentum m ← μ·m − lr·g, then
/// w ← w + m, or with Nesterov w ← w + μ·m − lr·g.
final class SGD: Optimizer {
    let momentum: Float
    let nesterov: Bool

    init(learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false,
                clipnorm: Float? = nil, globalClipnorm: Float? = nil, clipvalue: Float? = nil) throws {
        guard momentum >= 0, momentum < 1 else { throw ZooError("SGD: momentum must be in [0, 1), got \(momentum)") }
        self.momentum = momentum
        self.nesterov = nesterov
        try super.init(learningRate: learningRate, clipnorm: clipnorm, globalClipnorm: globalClipnorm, clipvalue: clipvalue)
    }

    override var kerasClassName: String { "SGD" }
    override var slotNames: [String] { momentum > 0 ? ["momentum"] : [] }
    override var config: [String: Double] {
        super.config.merging(["momentum": Double(momentum), "nesterov": nesterov ? 1 : 0]) { $1 }
    }

    override func update(_ value: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>, count: Int,
                                slots: inout [String: [Float]]) {
        let lr = learningRate
        guard momentum > 0 else {
            for i in 0..<count { value[i] -= lr * g[i] }
            return
        }
        slots["momentum"]!.withUnsafeMutableBufferPointer { m in
            for i in 0..<count {
                m[i] = momentum * m[i] - lr * g[i]
                value[i] += nesterov ? momentum * m[i] - lr * g[i] : m[i]
            }
        }
    }
}
