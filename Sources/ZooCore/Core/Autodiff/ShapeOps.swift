/// Ops that move values without arithmetic: axis permutation and repetition along a new axis.
public enum ShapeOps {
    /// `x` with its axes reordered: output axis i is input axis `perm[i]` (a permutation of
    /// 0..<rank), as numpy's `transpose`.
    public static func transpose(_ x: Variable, _ perm: [Int]) throws -> Variable {
        guard perm.sorted() == Array(0..<x.value.rank) else {
            throw ZooError("transpose: \(perm) is not a permutation of the axes of \(Shape.describe(x.shape))")
        }
        let y = transpose(x.value, perm)
        var inverse = perm
        for (i, p) in perm.enumerated() { inverse[p] = i }
        return OpNode.record1("transpose", inputs: [x], output: y) { dy in [transpose(dy, inverse)] }
    }

    /// The same permutation on a plain tensor.
    public static func transpose(_ x: Tensor, _ perm: [Int]) -> Tensor {
        let shape = perm.map { x.shape[$0] }
        if perm == Array(0..<x.rank) { return x }
        var strides = [Int](repeating: 1, count: x.rank)
        for a in stride(from: x.rank - 2, through: 0, by: -1) { strides[a] = strides[a + 1] * x.shape[a + 1] }
        let sourceStrides = perm.map { strides[$0] }
        var y = Tensor(shape: shape)
        var index = [Int](repeating: 0, count: shape.count)
        var source = 0
        for o in 0..<y.count {
            y.scalars[o] = x.scalars[source]
            var a = shape.count - 1
            while a >= 0 {
                index[a] += 1
                source += sourceStrides[a]
                if index[a] < shape[a] { break }
                source -= sourceStrides[a] * shape[a]
                index[a] = 0
                a -= 1
            }
        }
        return y
    }

    /// x [B, F] repeated `n` times along a new axis 1: [B, n, F]. The gradient sums the copies.
    static func repeatVector(_ x: Variable, _ n: Int) throws -> Variable {
        guard x.value.rank == 2 else { throw ZooError("repeat: expected (batch, features), got \(Shape.describe(x.shape))") }
        let b = x.shape[0], f = x.shape[1]
        var y = Tensor(shape: [b, n, f])
        for i in 0..<b {
            for s in 0..<n {
                for j in 0..<f { y.scalars[(i * n + s) * f + j] = x.value.scalars[i * f + j] }
            }
        }
        return OpNode.record1("repeat_vector", inputs: [x], output: y) { dy in
            var dx = Tensor(shape: [b, f])
            for i in 0..<b {
                for s in 0..<n {
                    for j in 0..<f { dx.scalars[i * f + j] += dy.scalars[(i * n + s) * f + j] }
                }
            }
            return [dx]
        }
    }
}
