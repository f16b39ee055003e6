/// Differentiable regularization losses.
public enum RegularizationOps {
    /// Keras's activity regularization loss of an output: (l1·Σ|x| + l2·Σx²) / batch, the
    /// batch being x's first extent (Keras divides an output's regularization by it).
    /// - Parameters:
    ///   - x: [B, …]
    ///   - l1: the weight of Σ|x|
    ///   - l2: the weight of Σx²
    /// - Returns: a scalar
    public static func activity(_ x: Variable, l1: Double, l2: Double) -> Variable {
        let xv = x.value
        let batch = Double(max(xv.shape.first ?? 1, 1))
        var absolute = 0.0, squares = 0.0
        for v in xv.scalars {
            absolute += Double(abs(v))
            squares += Double(v) * Double(v)
        }
        let loss = (l1 * absolute + l2 * squares) / batch
        return OpNode.record1("activity_regularization", inputs: [x], output: Tensor(Float(loss))) { dy in
            var dx = Tensor(shape: xv.shape)
            let g = Double(dy.scalar) / batch
            for i in 0..<dx.count {
                let v = Double(xv.scalars[i])
                dx.scalars[i] = Float(g * (l1 * (v > 0 ? 1 : v < 0 ? -1 : 0) + 2 * l2 * v))
            }
            return [dx]
        }
    }
}
