/// Differentiable losses, averaged over all elements (Keras's default reduction for these).
public enum Losses {
    /// mean((prediction − target)²) over every element; shapes must match.
    public static func meanSquaredError(_ prediction: Variable, _ target: Tensor) throws -> Variable {
        guard prediction.value.count == target.count else {
            throw ZooError("mean_squared_error: prediction \(Shape.describe(prediction.shape)) vs target \(Shape.describe(target.shape))")
        }
        let n = Float(max(target.count, 1))
        var diff = prediction.value
        var s: Double = 0
        for i in 0..<diff.count {
            diff.scalars[i] -= target.scalars[i]
            s += Double(diff.scalars[i]) * Double(diff.scalars[i])
        }
        let d = diff
        return OpNode.record1("mean_squared_error", inputs: [prediction], output: Tensor(Float(s / Double(n)))) { dy in
            var g = d
            for i in 0..<g.count { g.scalars[i] *= 2 * dy.scalar / n }
            return [g]
        }
    }
}
