/// Keras MultiHeadAttention (`keras/src/layers/attention/multi_head_attention.py`) over inputs of
/// rank 3: query [B, Tq, Dq], value [B, Tv, Dv] and key [B, Tv, Dk] (the value when absent).
/// With N = num_heads, H = key_dim, Hv = value_dim (key_dim when unset) and O = output_shape
/// (Dq when unset; an int or a tuple):
/// Q = query·Wq + bq [B, Tq, N, H], K = key·Wk + bk [B, Tv, N, H], V = value·Wv + bv [B, Tv, N, Hv];
/// per head, p = softmax over the value steps of Q·Kᵀ/√H where the attention mask allows
/// (`MultiHeadAttentionOps`), with dropout on p in training; out = (p·V)·Wo + bo [B, Tq, …O].
///
/// Weights, in Keras `get_weights()` order (the EinsumDense sublayers `query`, `key`, `value`,
/// `attention_output`): query/kernel [Dq, N, H], query/bias [N, H], key/kernel [Dk, N, H],
/// key/bias [N, H], value/kernel [Dv, N, Hv], value/bias [N, Hv], attention_output/kernel
/// [N, Hv, …O], attention_output/bias [O]; no biases with use_bias=False.
///
/// Masks: `masks` = [query's [B, Tq], value's [B, Tv], key's [B, Tv], attention_mask [B, Tq, Tv]
/// (or [Tq, Tv]; non-zero = may attend)], each nil or absent when there is none. As Keras's
/// `_compute_attention_mask`, step (t, s) is allowed when all of query[t], value[s], key[s],
/// attention_mask[t, s] and, with use_causal_mask, s ≤ t allow it. A query step with no allowed
/// value step gets the weights `fully_masked_rows` gives ("uniform", "zero"; absent: Keras 3's,
/// see `attentionForFullyMaskedRows`). The output carries
/// the query's mask.
public final class MultiHeadAttention: Layer {
    public static let kerasClassName = "MultiHeadAttention"
    public private(set) var config: LayerConfig
    public let numHeads: Int
    public let keyDim: Int
    public let valueDim: Int
    public let dropout: Float
    let useBias: Bool
    /// The configured output_shape (nil: the query's last extent).
    let outputShape: [Int]?
    public let useCausalMask: Bool
    /// The weights of a query step with no allowed value step.
    public let attentionForFullyMaskedRows: MultiHeadAttentionOps.FullyMaskedRow
    let kernelInitializer: Initializer
    let biasInitializer: Initializer
    public private(set) var queryKernel: Weight?
    public private(set) var queryBias: Weight?
    public private(set) var keyKernel: Weight?
    public private(set) var keyBias: Weight?
    public private(set) var valueKernel: Weight?
    public private(set) var valueBias: Weight?
    public private(set) var outputKernel: Weight?
    public private(set) var outputBias: Weight?

    public init(config: LayerConfig) throws {
        self.config = config
        numHeads = try config.extent("num_heads")
        keyDim = try config.extent("key_dim")
        let valueDimSet = !(config["value_dim"]?.isNull ?? true)
        valueDim = try valueDimSet ? config.extent("value_dim") : keyDim
        dropout = try config.rate("dropout")
        useBias = try config.bool("use_bias", default: true)
        useCausalMask = try config.bool("use_causal_mask", default: false)
        // Keras 3's: zero on its dropout > 0 path (a masked Softmax layer), uniform otherwise.
        let keras3Rows: MultiHeadAttentionOps.FullyMaskedRow = dropout > 0 ? .zero : .uniform
        let rows = try config.string(Self.fullyMaskedRowsKey, default: keras3Rows.rawValue) ?? keras3Rows.rawValue
        guard let rule = MultiHeadAttentionOps.FullyMaskedRow(rawValue: rows) else {
            throw ZooError("\(config.label): '\(Self.fullyMaskedRowsKey)' must be \"uniform\" or \"zero\", got \"\(rows)\"")
        }
        attentionForFullyMaskedRows = rule
        outputShape = try Self.parseOutputShape(config)
        kernelInitializer = Initializer(keras: config["kernel_initializer"], fallback: .glorotUniform)
        biasInitializer = Initializer(keras: config["bias_initializer"], fallback: .zeros)
        if let axes = config["attention_axes"], !axes.isNull {
            let list = axes.arrayValue ?? [axes]
            guard list.count == 1, let axis = list[0].intValue, axis == 1 || axis == -2 else {
                throw ZooError("\(config.label): attention_axes=\(axes.serialized()) is not supported; only the default (the time axis, 1) is")
            }
        }
        if try config.bool("use_gate", default: false) { throw ZooError("\(config.label): use_gate=True (gated attention) is not supported") }
        if let window = config["sliding_window"], !window.isNull {
            throw ZooError("\(config.label): sliding_window=\(window.serialized()) is not supported")
        }
    }

    /// output_shape: null, an integer or a list of integers, each an extent.
    private static func parseOutputShape(_ config: LayerConfig) throws -> [Int]? {
        guard let v = config["output_shape"], !v.isNull else { return nil }
        let dims = v.arrayValue ?? [v]
        guard !dims.isEmpty else { return nil }
        return try dims.map { d in
            guard let x = d.doubleValue, x.rounded() == x, x >= 1, x <= Double(LayerConfig.maxExtent) else {
                throw ZooError("\(config.label): output_shape must be an extent or a list of extents in 1…\(LayerConfig.maxExtent), got \(v.serialized())")
            }
            return Int(x)
        }
    }

    /// The config key of `attentionForFullyMaskedRows`.
    public static let fullyMaskedRowsKey = "fully_masked_rows"

    public var weights: [Weight] {
        [queryKernel, queryBias, keyKernel, keyBias, valueKernel, valueBias, outputKernel, outputBias].compactMap { $0 }
    }
    public var isBuilt: Bool { queryKernel != nil }

    /// The output extents after the batch and time axes, for a query of `queryFeatures`.
    func outputExtents(queryFeatures: Int) -> [Int] { outputShape ?? [queryFeatures] }

    public func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {
        guard (2...3).contains(inputShapes.count) else {
            throw ZooError("\(label): expected query and value (and key), got \(inputShapes.count) input(s)")
        }
        let dims = try inputShapes.enumerated().map { i, shape -> Int in
            let role = ["query", "value", "key"][i]
            guard shape.count == 3 else {
                throw ZooError("\(label): \(role) \(Shape.describe(shape)) has rank \(shape.count); only (batch, time, features) inputs are supported")
            }
            guard let d = shape[2] else { throw ZooError("\(label): \(role) \(Shape.describe(shape)) has no known feature extent") }
            return d
        }
        let (dq, dv) = (dims[0], dims[1]), dk = dims.count > 2 ? dims[2] : dims[1]
        let n = numHeads
        func kernel(_ part: String, _ shape: [Int]) throws -> Weight {
            try Weight(name: "kernel", path: "\(name)/\(part)/kernel", shape: shape, initializer: kernelInitializer, using: &rng)
        }
        func bias(_ part: String, _ shape: [Int]) throws -> Weight? {
            guard useBias else { return nil }
            return try Weight(name: "bias", path: "\(name)/\(part)/bias", shape: shape, initializer: biasInitializer, using: &rng)
        }
        queryKernel = try kernel("query", [dq, n, keyDim])
        queryBias = try bias("query", [n, keyDim])
        keyKernel = try kernel("key", [dk, n, keyDim])
        keyBias = try bias("key", [n, keyDim])
        valueKernel = try kernel("value", [dv, n, valueDim])
        valueBias = try bias("value", [n, valueDim])
        let out = outputExtents(queryFeatures: dq)
        outputKernel = try kernel("attention_output", [n, valueDim] + out)
        outputBias = try bias("attention_output", out)
    }

    public func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] {
        guard let query = inputShapes.first, query.count == 3 else {
            throw ZooError("\(label): expects a query of rank 3 (batch, time, features), got \(inputShapes.map { Shape.describe($0) })")
        }
        return [Array(query.prefix(2)) + (outputShape.map { $0.map { Optional($0) } } ?? [query[2]])]
    }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 2...3)
        try requireBuilt()
        let query = inputs[0], value = inputs[1], key = inputs.count > 2 ? inputs[2] : inputs[1]
        guard query.value.rank == 3, value.value.rank == 3, key.value.rank == 3,
              value.shape[0] == query.shape[0], key.shape[0] == query.shape[0], key.shape[1] == value.shape[1] else {
            throw ZooError("\(label): incompatible query \(Shape.describe(query.shape)), value \(Shape.describe(value.shape)), "
                           + "key \(Shape.describe(key.shape)) (batch, time, features; key and value of one length)")
        }
        let mask = try attentionMask(masks, batch: query.shape[0], queryLength: query.shape[1], valueLength: value.shape[1])
        let q = try project(query, queryKernel!, queryBias)
        let k = try project(key, keyKernel!, keyBias)
        let v = try project(value, valueKernel!, valueBias)
        let b = query.shape[0], tq = query.shape[1], tv = value.shape[1]
        let drop = context.training && dropout > 0 ? context.dropoutMask([b, numHeads, tq, tv], rate: dropout) : nil
        let heads = try MultiHeadAttentionOps.attend(query: q, key: k, value: v, heads: numHeads, mask: mask,
                                                     fullyMaskedRow: attentionForFullyMaskedRows, dropout: drop, layer: label)
        let wo = outputKernel!
        let outExtents = Array(wo.shape.dropFirst(2))
        let kernel = try ElementwiseOps.reshape(wo.variable, [numHeads * valueDim, Shape.count(outExtents)])
        let bias = try outputBias.map { try ElementwiseOps.reshape($0.variable, [Shape.count(outExtents)]) }
        let y = try LinearOps.dense(heads, kernel, bias, where_: label)
        return LayerOutput([try ElementwiseOps.reshape(y, [b, tq] + outExtents)], masks: [masks.first ?? nil])
    }

    /// x [B, T, D] · kernel [D, N, E] + bias [N, E] → [B, T, N·E].
    private func project(_ x: Variable, _ kernel: Weight, _ bias: Weight?) throws -> Variable {
        let shape = kernel.shape
        guard x.shape[2] == shape[0] else {
            throw ZooError("\(label): input \(Shape.describe(x.shape)) does not fit kernel '\(kernel.path)' \(Shape.describe(shape))")
        }
        let k = try ElementwiseOps.reshape(kernel.variable, [shape[0], shape[1] * shape[2]])
        let b = try bias.map { try ElementwiseOps.reshape($0.variable, [shape[1] * shape[2]]) }
        return try LinearOps.dense(x, k, b, where_: label)
    }

    /// The combined mask [B, Tq, Tv] of 0/1 (`_compute_attention_mask`), or nil when nothing masks.
    func attentionMask(_ masks: [Tensor?], batch b: Int, queryLength tq: Int, valueLength tv: Int) throws -> Tensor? {
        func mask(_ i: Int) -> Tensor? { masks.count > i ? masks[i] : nil }
        let (queryMask, valueMask, keyMask, explicit) = (mask(0), mask(1), mask(2), mask(3))
        for (m, length, role) in [(queryMask, tq, "query"), (valueMask, tv, "value"), (keyMask, tv, "key")] {
            if let m, m.shape != [b, length] { throw ZooError.shape("\(label) \(role) mask", expected: "(\(b), \(length))", got: m.shape) }
        }
        if let explicit, explicit.shape != [b, tq, tv] && explicit.shape != [tq, tv] {
            throw ZooError.shape("\(label) attention_mask", expected: "(\(b), \(tq), \(tv))", got: explicit.shape)
        }
        guard queryMask != nil || valueMask != nil || keyMask != nil || explicit != nil || useCausalMask else { return nil }
        var out = Tensor(shape: [b, tq, tv], repeating: 1)
        for i in 0..<b {
            for t in 0..<tq {
                for s in 0..<tv {
                    var allowed = queryMask.map { $0.scalars[i * tq + t] != 0 } ?? true
                    allowed = allowed && (valueMask.map { $0.scalars[i * tv + s] != 0 } ?? true)
                    allowed = allowed && (keyMask.map { $0.scalars[i * tv + s] != 0 } ?? true)
                    if let explicit { allowed = allowed && explicit.scalars[(explicit.rank == 3 ? i * tq * tv : 0) + t * tv + s] != 0 }
                    if useCausalMask && s > t { allowed = false }
                    if !allowed { out.scalars[(i * tq + t) * tv + s] = 0 }
                }
            }
        }
        return out
    }
}
