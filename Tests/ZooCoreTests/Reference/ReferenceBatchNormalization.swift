@testable import ZooCore

/// Keras BatchNormalization in Double, per channel of `axis`:
/// y = (x − mean) / sqrt(var + epsilon) · gamma + beta. At inference mean and var are the
/// moving statistics; in training the batch's over every other axis, biased, and with a [B, T]
/// mask over the real steps only, divided by (count + 1e-7) as Keras 3's masked moments.
/// Weights: gamma (scale), beta (center), moving_mean, moving_variance. The mask passes.
struct ReferenceBatchNormalization: ReferenceLayer {
    let axis: Int
    let epsilon: Double
    let center: Bool
    let scale: Bool
    let training: Bool

    init(config: LayerConfig, training: Bool) throws {
        axis = try config.axes("axis", default: [-1])[0]
        epsilon = try config.double("epsilon", default: 1e-3)
        center = try config.bool("center", default: true)
        scale = try config.bool("scale", default: true)
        self.training = training
    }

    func forward(_ inputs: [Tensor64], masks: [Tensor64?], weights: [Tensor64]) -> ReferenceOutput {
        let x = inputs[0], mask = masks.first ?? nil
        let index = ReferenceNormalizationIndex(shape: x.shape, axes: ReferenceNormalizationIndex.positive([axis], rank: x.shape.count))
        var k = 0
        let gamma = scale ? weights[k].scalars : nil
        if scale { k += 1 }
        let beta = center ? weights[k].scalars : nil
        if center { k += 1 }
        var mean = weights[k].scalars, variance = weights[k + 1].scalars
        if training {
            let width = x.shape.last!
            let w = (0..<x.count).map { i in mask.map { $0.scalars[i / width] } ?? 1 }
            var count = [Double](repeating: mask == nil ? 0 : 1e-7, count: index.featureCount)
            mean = [Double](repeating: 0, count: index.featureCount)
            variance = mean
            for i in 0..<x.count { count[index.feature[i]] += w[i] }
            for i in 0..<x.count { mean[index.feature[i]] += w[i] * x.scalars[i] / count[index.feature[i]] }
            for i in 0..<x.count {
                let d = x.scalars[i] - mean[index.feature[i]]
                variance[index.feature[i]] += w[i] * d * d / count[index.feature[i]]
            }
        }
        var y = x
        for i in 0..<x.count {
            let p = index.feature[i]
            y.scalars[i] = (x.scalars[i] - mean[p]) / (variance[p] + epsilon).squareRoot() * (gamma?[p] ?? 1) + (beta?[p] ?? 0)
        }
        return ReferenceOutput(outputs: [y], masks: [mask])
    }
}
