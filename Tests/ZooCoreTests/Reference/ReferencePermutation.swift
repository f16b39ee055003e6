/// Axis permutation in Double, written as index arithmetic: output axis i is input axis
/// `perm[i]`. Shared by the Permute and Flatten(channels_first) references.
enum ReferencePermutation {
    static func apply(_ x: Tensor64, _ perm: [Int]) -> Tensor64 {
        let shape = perm.map { x.shape[$0] }
        var y = Tensor64(shape: shape)
        for o in 0..<y.count {
            var rest = o
            var outIndex = [Int](repeating: 0, count: shape.count)
            for a in stride(from: shape.count - 1, through: 0, by: -1) {
                outIndex[a] = rest % shape[a]
                rest /= shape[a]
            }
            var inIndex = [Int](repeating: 0, count: shape.count)
            for (a, p) in perm.enumerated() { inIndex[p] = outIndex[a] }
            let source = inIndex.indices.reduce(0) { $0 * x.shape[$1] + inIndex[$1] }
            y.scalars[o] = x.scalars[source]
        }
        return y
    }
}
