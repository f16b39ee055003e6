/// Differentiable layer and batch normalization with Keras 3's float32 formula:
/// out = x·inv + (beta − mean·inv), inv = gamma / sqrt(variance + epsilon). Statistics are
/// accumulated in Double; the variance is the biased one (divided by the count).
public enum NormalizationOps {
    /// Keras LayerNormalization: each `axes.rest` group of x is normalized over its feature
    /// positions.
    /// - Parameters:
    ///   - x: any shape (`axes.shape`)
    ///   - gamma: featureCount values (any shape of that count), nil = 1
    ///   - beta: featureCount values, nil = 0
    ///   - axes: the shape of x and which positions are features
    ///   - epsilon: added to the variance
    /// - Returns: x's shape
    public static func layerNormalization(_ x: Variable, gamma: Variable?, beta: Variable?, axes: NormalizationAxes,
                                          epsilon: Double) -> Variable {
        normalize(x, gamma: gamma, beta: beta, axes: axes, statistic: axes.rest, statisticCount: axes.restCount,
                  elementWeights: nil, extraCount: 0, epsilon: epsilon).output
    }

    /// Keras BatchNormalization in training: statistics per feature over every other position.
    /// With `elementWeights` (a mask spread to x's shape, 0 or 1) only weighted elements count,
    /// over (Σ weights + 1e-7) as Keras 3's masked moments; every element is normalized.
    /// - Parameters:
    ///   - x: any shape (`axes.shape`)
    ///   - gamma: featureCount values, or nil (1)
    ///   - beta: featureCount values, or nil (0)
    ///   - axes: the shape of x and which positions are features
    ///   - epsilon: added to the variance
    ///   - elementWeights: x's element count, or nil
    /// - Returns: the output (x's shape) and the batch mean and variance [featureCount]
    public static func batchNormalization(_ x: Variable, gamma: Variable?, beta: Variable?, axes: NormalizationAxes,
                                          elementWeights: [Float]?, epsilon: Double) -> (output: Variable, mean: [Float], variance: [Float]) {
        normalize(x, gamma: gamma, beta: beta, axes: axes, statistic: axes.feature, statisticCount: axes.featureCount,
                  elementWeights: elementWeights, extraCount: elementWeights == nil ? 0 : 1e-7, epsilon: epsilon)
    }

    /// Keras BatchNormalization at inference: the given statistics.
    /// - Parameters:
    ///   - x: any shape (`axes.shape`)
    ///   - gamma: featureCount values, or nil (1)
    ///   - beta: featureCount values, or nil (0)
    ///   - axes: the shape of x and which positions are features
    ///   - epsilon: added to the variance
    ///   - mean: featureCount values (the moving mean)
    ///   - variance: featureCount values (the moving variance)
    /// - Returns: x's shape
    public static func batchNormalization(_ x: Variable, gamma: Variable?, beta: Variable?, axes: NormalizationAxes,
                                          mean: Tensor, variance: Tensor, epsilon: Double) -> Variable {
        let n = axes.featureCount
        var r = [Float](repeating: 0, count: n), inv = r, shift = r
        for p in 0..<n {
            r[p] = Float(1 / (Double(variance.scalars[p]) + epsilon).squareRoot())
            inv[p] = r[p] * (gamma?.value.scalars[p] ?? 1)
            shift[p] = (beta?.value.scalars[p] ?? 0) - mean.scalars[p] * inv[p]
        }
        let xv = x.value
        var y = xv
        for i in 0..<y.count {
            let p = axes.feature[i]
            y.scalars[i] = xv.scalars[i] * inv[p] + shift[p]
        }
        let inputs = [x] + [gamma, beta].compactMap { $0 }
        return OpNode.record1("batch_normalization", inputs: inputs, output: y) { dy in
            var dx = Tensor(shape: xv.shape)
            var dGamma = [Double](repeating: 0, count: n), dBeta = dGamma
            for i in 0..<dy.count {
                let p = axes.feature[i], g = dy.scalars[i]
                dx.scalars[i] = g * inv[p]
                dGamma[p] += Double(g) * Double(xv.scalars[i] - mean.scalars[p]) * Double(r[p])
                dBeta[p] += Double(g)
            }
            var grads: [Tensor?] = [dx]
            if let gamma { grads.append(Tensor(shape: gamma.shape, scalars: dGamma.map(Float.init))) }
            if let beta { grads.append(Tensor(shape: beta.shape, scalars: dBeta.map(Float.init))) }
            return grads
        }
    }

    /// Normalizes each group of elements (`statistic[i]` in 0..<statisticCount) by its weighted
    /// mean and biased variance over (Σ w + extraCount), then scales and shifts per feature.
    private static func normalize(_ x: Variable, gamma: Variable?, beta: Variable?, axes: NormalizationAxes,
                                  statistic: [Int], statisticCount: Int, elementWeights: [Float]?, extraCount: Double,
                                  epsilon: Double) -> (output: Variable, mean: [Float], variance: [Float]) {
        let xv = x.value
        let s = statisticCount
        var total = [Double](repeating: 0, count: s), sum = total, squares = total
        for i in 0..<xv.count {
            let w = Double(elementWeights?[i] ?? 1)
            total[statistic[i]] += w
            sum[statistic[i]] += w * Double(xv.scalars[i])
        }
        let denominator = total.map { $0 + extraCount }
        let mean = (0..<s).map { Float(sum[$0] / denominator[$0]) }
        for i in 0..<xv.count {
            let d = Double(xv.scalars[i]) - Double(mean[statistic[i]])
            squares[statistic[i]] += Double(elementWeights?[i] ?? 1) * d * d
        }
        let variance = (0..<s).map { Float(squares[$0] / denominator[$0]) }
        let r = variance.map { Float(1 / (Double($0) + epsilon).squareRoot()) }
        let g = gamma?.value.scalars, b = beta?.value.scalars
        var y = xv
        for i in 0..<y.count {
            let k = statistic[i], p = axes.feature[i]
            let inv = r[k] * (g?[p] ?? 1)
            y.scalars[i] = xv.scalars[i] * inv + ((b?[p] ?? 0) - mean[k] * inv)
        }
        let inputs = [x] + [gamma, beta].compactMap { $0 }
        let output = OpNode.record1("normalization", inputs: inputs, output: y) { dy in
            // y_i = (x_i − μ)·r·γ + β with μ = Σ w x / D, v = Σ w (x − μ)² / D, r = (v + ε)^(−1/2).
            var dMean = [Double](repeating: 0, count: s), dR = dMean, centred = dMean
            var dGamma = [Double](repeating: 0, count: axes.featureCount), dBeta = dGamma
            for i in 0..<dy.count {
                let k = statistic[i], p = axes.feature[i]
                let c = Double(xv.scalars[i]) - Double(mean[k])
                let gi = Double(dy.scalars[i]) * Double(g?[p] ?? 1)
                dMean[k] -= gi * Double(r[k])
                dR[k] += gi * c
                centred[k] += Double(elementWeights?[i] ?? 1) * c
                dGamma[p] += Double(dy.scalars[i]) * c * Double(r[k])
                dBeta[p] += Double(dy.scalars[i])
            }
            var dVariance = [Double](repeating: 0, count: s)
            for k in 0..<s {
                let rk = Double(r[k])
                dVariance[k] = -0.5 * dR[k] * rk * rk * rk
                dMean[k] += dVariance[k] * -2 * centred[k] / denominator[k]
            }
            var dx = Tensor(shape: xv.shape)
            for i in 0..<dx.count {
                let k = statistic[i], p = axes.feature[i]
                let w = Double(elementWeights?[i] ?? 1)
                let c = Double(xv.scalars[i]) - Double(mean[k])
                let direct = Double(dy.scalars[i]) * Double(g?[p] ?? 1) * Double(r[k])
                dx.scalars[i] = Float(direct + (dMean[k] + 2 * dVariance[k] * c) * w / denominator[k])
            }
            var grads: [Tensor?] = [dx]
            if let gamma { grads.append(Tensor(shape: gamma.shape, scalars: dGamma.map(Float.init))) }
            if let beta { grads.append(Tensor(shape: beta.shape, scalars: dBeta.map(Float.init))) }
            return grads
        }
        return (output, mean, variance)
    }
}
