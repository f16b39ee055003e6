@testable import ZooCore

/// Keras LayerNormalization in Double: per sample, over the configured axes,
/// y = (x − mean) / sqrt(var + epsilon) · gamma + beta with the biased variance; gamma and beta
/// hold one value per position along the axes. Weights: gamma (scale), beta (center). The mask passes.
struct ReferenceLayerNormalization: ReferenceLayer {
    let axes: [Int]
    let epsilon: Double
    let center: Bool
    let scale: Bool

    init(config: LayerConfig) throws {
        axes = try config.axes("axis", default: [-1])
        epsilon = try config.double("epsilon", default: 1e-3)
        center = try config.bool("center", default: true)
        scale = try config.bool("scale", default: true)
    }

    func forward(_ inputs: [Tensor64], masks: [Tensor64?], weights: [Tensor64]) -> ReferenceOutput {
        let x = inputs[0]
        let index = ReferenceNormalizationIndex(shape: x.shape, axes: ReferenceNormalizationIndex.positive(axes, rank: x.shape.count))
        let gamma = scale ? weights[0].scalars : nil, beta = center ? weights[scale ? 1 : 0].scalars : nil
        var mean = [Double](repeating: 0, count: index.restCount), variance = mean
        for i in 0..<x.count { mean[index.rest[i]] += x.scalars[i] / Double(index.featureCount) }
        for i in 0..<x.count { variance[index.rest[i]] += (x.scalars[i] - mean[index.rest[i]]) * (x.scalars[i] - mean[index.rest[i]]) / Double(index.featureCount) }
        var y = x
        for i in 0..<x.count {
            let g = index.rest[i], p = index.feature[i]
            y.scalars[i] = (x.scalars[i] - mean[g]) / (variance[g] + epsilon).squareRoot() * (gamma?[p] ?? 1) + (beta?[p] ?? 0)
        }
        return ReferenceOutput(outputs: [y], masks: [masks.first ?? nil])
    }
}
