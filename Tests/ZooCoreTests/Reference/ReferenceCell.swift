/// One step of a Keras recurrent cell in Double, for one batch row. Weights as Keras stores them
/// (KERAS_LAYOUTS.md §9): kernel [I, G·H], recurrent_kernel [H, G·H], then the bias unless
/// use_bias=False; gate blocks of H run along the last axis.
protocol ReferenceCell {
    /// 1 (h) or 2 (h, c).
    var stateCount: Int { get }
    /// x [I] and the states before the step (h [H] first) → the states after it. The step's
    /// output is the new h.
    func step(_ x: [Double], states: [[Double]], weights: [Tensor64]) -> [[Double]]
}

extension ReferenceCell {
    /// x·K + h·R (+ b when `bias`, a flat [G·H]): [G·H].
    func preactivations(_ x: [Double], _ h: [Double], weights: [Tensor64], bias: [Double]?) -> [Double] {
        var z = weights[0].leftMultiply(x)
        let zh = weights[1].leftMultiply(h)
        for j in z.indices { z[j] += zh[j] + (bias?[j] ?? 0) }
        return z
    }
}
