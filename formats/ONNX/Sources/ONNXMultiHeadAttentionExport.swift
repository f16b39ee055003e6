import ZooCore

/// Keras MultiHeadAttention with standard operators (inference: dropout is the identity).
/// Projections are MatMul + Add on [B, T, D] with the kernel flattened to [D, N·E]; the heads
/// are split by Reshape [0, 0, N, E] and Transpose to [B, N, T, E]; scores = MatMul(Q, Kᵀ)·1/√H
/// [B, N, Tq, Tv]. The allowed steps are Keras's `_compute_attention_mask`: And of the query mask
/// [B, Tq, 1], the value and key masks [B, 1, Tv], the attention_mask input (Cast to bool:
/// non-zero allows) and, with use_causal_mask, row ≥ column from Range over the dynamic lengths.
/// A disallowed score is replaced by −1e9 (`Where`, as Keras does), so a query step with no
/// allowed value step gets uniform weights, as in Keras 3's dot_product_attention; on the
/// layer's dropout > 0 path the weights are then zeroed where disallowed (Keras 3's masked
/// Softmax). Softmax over the last axis, MatMul with V, heads merged back to [B, Tq, N·Hv], then
/// MatMul + Add with the output kernel [N·Hv, O] and a Reshape to output_shape. The output
/// carries the query's mask.
extension ONNXGraphEmitter {
    mutating func multiHeadAttention(_ a: MultiHeadAttention, _ x: [ONNXValue], attentionMask: ONNXValue?, shape: [Int?],
                                     base: String) throws -> ONNXValue {
        guard x.count >= 2, let wq = a.queryKernel, let wk = a.keyKernel, let wv = a.valueKernel, let wo = a.outputKernel else {
            throw ZooError("\(a.label): not built, or called without query and value")
        }
        let query = x[0], value = x[1], key = x.count > 2 ? x[2] : x[1]
        let n = a.numHeads
        let q = heads(project(query.name, wq, a.queryBias, base: base + "/query"), n: n, keys: false, base: base + "/query")
        let k = heads(project(key.name, wk, a.keyBias, base: base + "/key"), n: n, keys: true, base: base + "/key")
        let v = heads(project(value.name, wv, a.valueBias, base: base + "/value"), n: n, keys: false, base: base + "/value")
        var scores = b.one("MatMul", [q, k], base: base + "/scores")
        scores = b.one("Mul", [scores, b.floats(base + "/inverse_sqrt_key_dim", shape: [], [1 / Float(a.keyDim).squareRoot()])],
                       base: base + "/scaled")
        var allowed: String?
        func and(_ m: String) { allowed = allowed.map { b.one("And", [$0, m], base: base + "/allowed") } ?? m }
        if let m = query.mask { and(b.unsqueeze(m, axes: [2], base: base + "/query_mask")) }
        if let m = value.mask { and(b.unsqueeze(m, axes: [1], base: base + "/value_mask")) }
        if x.count > 2, let m = key.mask { and(b.unsqueeze(m, axes: [1], base: base + "/key_mask")) }
        if let m = attentionMask { and(b.cast(m.name, to: .bool, base: base + "/attention_mask")) }
        if a.useCausalMask { and(causalMask(query.name, value.name, base: base + "/causal")) }
        var weights: String
        if let allowed {
            let mask = b.unsqueeze(allowed, axes: [1], base: base + "/heads_mask")
            scores = b.one("Where", [mask, scores, b.floats(base + "/masked_score", shape: [], [-1e9])], base: base + "/masked_scores")
            weights = b.one("Softmax", [scores], base: base + "/weights", [ONNXGraphBuilder.attribute("axis", int: -1)])
            if a.attentionForFullyMaskedRows == .zero {
                weights = b.one("Mul", [weights, b.cast(mask, to: .float, base: base + "/kept")], base: base + "/masked_weights")
            }
        } else {
            weights = b.one("Softmax", [scores], base: base + "/weights", [ONNXGraphBuilder.attribute("axis", int: -1)])
        }
        let merged = b.reshape(b.transpose(b.one("MatMul", [weights, v], base: base + "/attended"), [0, 2, 1, 3], base: base + "/time_major"),
                               [0, 0, n * a.valueDim], base: base + "/merged")
        let out = Array(wo.shape.dropFirst(2))
        var y = b.one("MatMul", [merged, b.floats(base + "/output/kernel", shape: [n * a.valueDim, Shape.count(out)], wo.value.scalars)],
                      base: base + "/output")
        if let bo = a.outputBias { y = b.one("Add", [y, b.floats(base + "/output/bias", shape: [Shape.count(out)], bo.value.scalars)], base: base + "/output") }
        if out.count > 1 { y = b.reshape(y, [0, 0] + out, base: base + "/output_shape") }
        return ONNXValue(name: y, shape: shape, mask: query.mask)
    }

    /// x [B, T, D] · kernel [D, N, E] (flattened to [D, N·E]) + bias [N·E].
    private mutating func project(_ x: String, _ kernel: Weight, _ bias: Weight?, base: String) -> String {
        let s = kernel.shape
        let y = b.one("MatMul", [x, b.floats(base + "/kernel", shape: [s[0], s[1] * s[2]], kernel.value.scalars)], base: base)
        guard let bias else { return y }
        return b.one("Add", [y, b.floats(base + "/bias", shape: [s[1] * s[2]], bias.value.scalars)], base: base)
    }

    /// [B, T, N·E] → [B, N, T, E], or for keys [B, N, E, T] (ready for Q·Kᵀ).
    private mutating func heads(_ x: String, n: Int, keys: Bool, base: String) -> String {
        b.transpose(b.reshape(x, [0, 0, n, -1], base: base + "/heads"), keys ? [0, 2, 3, 1] : [0, 2, 1, 3], base: base + "/head_major")
    }

    /// The causal mask [1, Tq, Tv]: query step t may attend to value step s ≤ t.
    private mutating func causalMask(_ query: String, _ value: String, base: String) -> String {
        let zero = b.squeeze(b.int64s(base + "/zero", [0]), axes: [0], base: base + "/zero")
        let one = b.squeeze(b.int64s(base + "/one", [1]), axes: [0], base: base + "/one")
        func steps(_ x: String, _ name: String) -> String {
            let length = b.squeeze(b.slice(b.one("Shape", [x], base: base + "/\(name)_shape"), from: 1, to: 2, base: base + "/\(name)_length"),
                                   axes: [0], base: base + "/\(name)_length")
            return b.one("Range", [zero, length, one], base: base + "/\(name)_steps")
        }
        let rows = b.unsqueeze(steps(query, "query"), axes: [0, 2], base: base + "/rows")
        let cols = b.unsqueeze(steps(value, "value"), axes: [0, 1], base: base + "/cols")
        return b.one("GreaterOrEqual", [rows, cols], base: base)
    }
}
