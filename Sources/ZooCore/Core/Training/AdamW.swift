/// Keras AdamW: decoupled weight decay w ← w − lr·λ·w applied before the Adam update.
final class AdamW: Adam {
    let weightDecay: Float

    init(learningRate: Float = 1e-3, weightDecay: Float = 0.004, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-7, clipnorm: Float? = nil, globalClipnorm: Float? = nil, clipvalue: Float? = nil) throws {
        self.weightDecay = weightDecay
        try super.init(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
                       clipnorm: clipnorm, globalClipnorm: globalClipnorm, clipvalue: clipvalue)
    }

    override var kerasClassName: String { "AdamW" }
    override var config: [String: Double] {
        super.config.merging(["weight_decay": Double(weightDecay)]) { $1 }
    }

    override func update(_ value: UnsafeMutablePointer<Float>, gradient g: UnsafePointer<Float>, count: Int,
                                slots: inout [String: [Float]]) {
        let decay = learningRate * weightDecay
        for i in 0..<count { value[i] -= value[i] * decay }
        super.update(value, gradient: g, count: count, slots: &slots)
    }
}
