import ZooCore

/// The Keras merge layers with standard operators: Add/Sub/Mul/Max/Min (and Div for Average),
/// Concat, and MatMul between two Transposes for Dot. Masks follow the core (Keras 3): the
/// elementwise merges pass on the `Or` of their inputs' masks when every input has one,
/// Multiply, Maximum and Minimum choose their operands with `Where` as Keras does, Concatenate
/// spreads each mask over its input (`Expand`), joins them and keeps a step where any entry is
/// real, and Dot passes no mask; a merge's `mask_rule` "all" and Dot's `normalize_epsilon` keep
/// tf_keras's meanings. A one-step graph refuses Concatenate along time and Dot of sequences,
/// which mix steps.
extension ONNXGraphEmitter {
    /// Add, Subtract, Multiply, Average, Maximum or Minimum of inputs that broadcast as Keras's
    /// do (ONNX broadcasting, after a lower-rank input is widened after its batch axis).
    /// `maskRule` (the layer's when nil) `.all` is tf_keras's meaning (masks leave the values
    /// alone, the mask is the `And` of the masks there are).
    mutating func elementwiseMerge(_ m: Merge, _ x: [ONNXValue], maskRule: MergeOps.MaskRule? = nil, shape: [Int?],
                                   base: String) throws -> ONNXValue {
        guard !x.isEmpty, m.kind != .subtract || x.count == 2 else { throw ZooError("\(m.label): \(x.count) inputs cannot be merged") }
        let rank = x.map(\.shape.count).max()!
        var x = x
        if x.contains(where: { $0.shape.count < rank }) {
            guard !x.contains(where: { $0.mask != nil }) else { throw ZooError("\(m.label): masked inputs of different ranks are not merged") }
            // Keras widens a lower-rank input after the batch axis; ONNX broadcasting aligns the last axes.
            x = x.map { v in
                let added = rank - v.shape.count
                guard added > 0 else { return v }
                let name = b.unsqueeze(v.name, axes: Array(1...added), base: base + "/widened")
                return ONNXValue(name: name, shape: [v.shape[0]] + [Int?](repeating: 1, count: added) + v.shape.dropFirst(), mask: nil)
            }
        }
        let featureAxis = rank - 1
        if (maskRule ?? m.maskRule) == .all {
            // tf_keras: the values without masks, the mask the And of the masks there are.
            let present = x.compactMap(\.mask)
            let y = try elementwiseMerge(m, x.map { ONNXValue(name: $0.name, shape: $0.shape, mask: nil) }, maskRule: .any, shape: shape, base: base)
            let mask = present.dropFirst().reduce(present.first) { combined, next in combined.map { b.one("And", [$0, next], base: base + "/mask") } }
            return ONNXValue(name: y.name, shape: shape, mask: mask)
        }
        /// Each input's mask as bool [B, T, 1] (nil: none).
        let masks = x.enumerated().map { i, v in v.mask.map { b.unsqueeze($0, axes: [featureAxis], base: base + "/mask_\(i)") } }
        let allMasked = !masks.contains { $0 == nil }
        var outMask: String?
        if allMasked, var combined = x[0].mask {
            for v in x.dropFirst() { combined = b.one("Or", [combined, v.mask!], base: base + "/mask") }
            outMask = combined
        }
        var y = x[0].name
        switch m.kind {
        case .add, .average:
            for v in x.dropFirst() { y = b.one("Add", [y, v.name], base: base) }
            if m.kind == .average { y = b.one("Div", [y, b.floats(base + "/count", shape: [], [Float(x.count)])], base: base) }
        case .subtract:
            y = b.one("Sub", [x[0].name, x[1].name], base: base)
        case .multiply:
            let one = masks.contains { $0 != nil } ? b.floats(base + "/one", shape: [], [1]) : ""
            let factors = zip(x, masks).map { v, mask in mask.map { b.one("Where", [$0, v.name, one], base: base + "/factor") } ?? v.name }
            y = factors[0]
            for f in factors.dropFirst() { y = b.one("Mul", [y, f], base: base) }
            if allMasked, let outMask {
                let real = b.unsqueeze(outMask, axes: [featureAxis], base: base + "/real")
                y = b.one("Where", [real, y, b.floats(base + "/zero", shape: [], [0])], base: base + "/masked")
            }
        case .maximum, .minimum:
            let op = m.kind == .maximum ? "Max" : "Min"
            var merged = masks[0]
            for (v, mask) in zip(x.dropFirst(), masks.dropFirst()) {
                var next = v.name
                if let mask { next = b.one("Where", [mask, next, y], base: base + "/next") }
                if let merged { y = b.one("Where", [merged, y, next], base: base + "/merged") }
                merged = mask.flatMap { mk in merged.map { b.one("Or", [$0, mk], base: base + "/merged_mask") } }
                y = b.one(op, [y, next], base: base)
            }
        }
        return ONNXValue(name: y, shape: shape, mask: outMask)
    }

    /// Concatenate along its axis; the mask as Keras computes it (every entry real: tf_keras's, with
    /// `mask_rule` "all").
    mutating func concatenate(_ c: Concatenate, _ x: [ONNXValue], shape: [Int?], base: String) throws -> ONNXValue {
        guard let rank = x.first?.shape.count else { throw ZooError("\(c.label): no inputs") }
        let axis = try c.resolvedAxis(rank: rank)
        if stepped && axis == 1 && rank >= 3 { throw ZooError("\(c.label): joins along time; a one-step model cannot run it") }
        let y = b.one("Concat", x.map(\.name), base: base, [ONNXGraphBuilder.attribute("axis", int: axis)])
        guard x.contains(where: { $0.mask != nil }) else { return ONNXValue(name: y, shape: shape, mask: nil) }
        let yes = b.cast(b.int32Scalar(base + "/true", 1), to: .bool, base: base + "/true")
        let spread = x.map { v -> String in
            let full = b.one("Shape", [v.name], base: base + "/shape")
            let mask = v.mask.map { b.unsqueeze($0, axes: [rank - 1], base: base + "/mask") } ?? yes
            return b.one("Expand", [mask, full], base: base + "/spread")
        }
        let joined = b.cast(b.one("Concat", spread, base: base + "/masks", [ONNXGraphBuilder.attribute("axis", int: axis)]), to: .int32, base: base + "/masks")
        let kept = b.reduce(c.maskRule == .all ? "ReduceMin" : "ReduceMax", joined, axes: [rank - 1], keepDims: false, base: base + "/kept")
        return ONNXValue(name: y, shape: shape, mask: b.cast(kept, to: .bool, base: base + "/mask"))
    }

    /// Dot of inputs of rank 2 or 3: each transposed so that MatMul contracts its axis
    /// ([B, M, K]·[B, K, N]), a rank-2 input widened by one axis and the result narrowed again
    /// as Keras's batch_dot does; `normalize` multiplies each input by min(1/‖x‖, 1/ε) first (ε: `normalizeEpsilon`).
    mutating func dot(_ d: Dot, _ x: [ONNXValue], shape: [Int?], base: String) throws -> ONNXValue {
        guard x.count == 2 else { throw ZooError("\(d.label): expected 2 inputs, got \(x.count)") }
        let ranks = (x[0].shape.count, x[1].shape.count)
        guard ranks.0 <= 3, ranks.1 <= 3 else {
            throw ZooError("\(d.label): Dot of inputs of rank above 3 is not exported (ranks \(ranks.0) and \(ranks.1))")
        }
        if stepped && max(ranks.0, ranks.1) >= 3 { throw ZooError("\(d.label): a Dot of sequences mixes time steps; a one-step model cannot run it") }
        let axes = try d.resolvedAxes(ranks: ranks)
        var left = x[0].name, right = x[1].name
        if d.normalize {
            let limit = Float(1 / d.normalizeEpsilon)
            left = normalised(left, axis: axes.0, limit: limit, base: base + "/normalize_x")
            right = normalised(right, axis: axes.1, limit: limit, base: base + "/normalize_y")
        }
        if ranks.0 == 2 {
            left = b.unsqueeze(left, axes: [1], base: base + "/x")
        } else if axes.0 == 1 {
            left = b.transpose(left, [0, 2, 1], base: base + "/x")
        }
        if ranks.1 == 2 {
            right = b.unsqueeze(right, axes: [2], base: base + "/y")
        } else if axes.1 == 2 {
            right = b.transpose(right, [0, 2, 1], base: base + "/y")
        }
        var y = b.one("MatMul", [left, right], base: base)
        if ranks.0 == 2 {
            y = b.squeeze(y, axes: [1], base: base + "/squeeze")
        } else if ranks.1 == 2 {
            y = b.squeeze(y, axes: [2], base: base + "/squeeze")
        }
        return ONNXValue(name: y, shape: shape, mask: nil)
    }

    /// x · min(1/√(Σ x² along `axis`), limit): Keras's L2 normalisation (limit 1e7; tf_keras's 1e6).
    private mutating func normalised(_ x: String, axis: Int, limit: Float, base: String) -> String {
        let sum = b.reduce("ReduceSum", b.one("Mul", [x, x], base: base + "/square"), axes: [axis], keepDims: true, base: base + "/sum")
        let inverse = b.one("Reciprocal", [b.one("Sqrt", [sum], base: base + "/norm")], base: base + "/inverse")
        let factor = b.one("Min", [inverse, b.floats(base + "/limit", shape: [], [limit])], base: base + "/factor")
        return b.one("Mul", [x, factor], base: base)
    }
}
