import ZooCore

/// LayerNormalization and BatchNormalization with standard operators; the mask passes through
/// both, as in Keras.
/// - LayerNormalization over trailing axes at opset ≥ 17: the `LayerNormalization` operator
///   (axis = the first normalized axis, Scale and B shaped as those axes; ones/zeros when
///   scale/center are off). Otherwise, and at opsets 13–16:
///   (x − ReduceMean(x)) / Sqrt(ReduceMean((x − mean)²) + epsilon) · gamma + beta over the axes,
///   gamma and beta broadcast as [1 …, extents on the axes, … 1].
/// - BatchNormalization (inference, moving statistics): the `BatchNormalization` operator, whose
///   channel axis is 1: another channel axis is moved there by `Transpose` and back.
/// A one-step graph refuses either layer along the time axis of a sequence.
extension ONNXGraphEmitter {
    /// The call of a normalization layer on `x`.
    /// In a one-step graph a statistic or channel along time would see one step: refused.
    mutating func normalization(_ layer: Layer, _ x: ONNXValue, shape: [Int?], base: String) throws -> ONNXValue {
        let timeAxes = x.shape.count >= 3 ? [1] : []
        if stepped, let n = layer as? LayerNormalization, n.resolvedAxes.contains(where: timeAxes.contains) {
            throw ZooError("\(n.label): normalizes over the time axis; a one-step model cannot run it")
        }
        if stepped, let n = layer as? BatchNormalization, timeAxes.contains(n.resolvedAxis) {
            throw ZooError("\(n.label): has a channel per time step (axis 1); a one-step model cannot run it")
        }
        switch layer {
        case let n as LayerNormalization:
            return ONNXValue(name: try layerNormalization(n, x, base: base), shape: shape, mask: x.mask)
        case let n as BatchNormalization:
            return ONNXValue(name: try batchNormalization(n, x, base: base), shape: shape, mask: x.mask)
        default:
            throw ZooError("\(layer.label): not a normalization layer")
        }
    }

    private mutating func layerNormalization(_ n: LayerNormalization, _ x: ONNXValue, base: String) throws -> String {
        let axes = n.resolvedAxes, rank = x.shape.count
        let extents = try axes.map { a -> Int in
            guard let d = x.shape[a] else { throw ZooError("\(n.label): axis \(a) has no known extent") }
            return d
        }
        let count = extents.reduce(1, *)
        let gamma = n.gamma?.value.scalars ?? [Float](repeating: 1, count: count)
        let beta = n.beta?.value.scalars ?? [Float](repeating: 0, count: count)
        if b.opset >= 17, let first = axes.first, axes == Array(first..<rank) {
            let scale = b.floats(base + "/gamma", shape: extents, gamma), shift = b.floats(base + "/beta", shape: extents, beta)
            return b.one("LayerNormalization", [x.name, scale, shift], base: base,
                         [ONNXGraphBuilder.attribute("axis", int: first), ONNXGraphBuilder.attribute("epsilon", float: Float(n.epsilon))])
        }
        let broadcast = (0..<rank).map { a in axes.firstIndex(of: a).map { extents[$0] } ?? 1 }
        let mean = b.reduce("ReduceMean", x.name, axes: axes, keepDims: true, base: base + "/mean")
        let centred = b.one("Sub", [x.name, mean], base: base + "/centred")
        let variance = b.reduce("ReduceMean", b.one("Mul", [centred, centred], base: base + "/squares"), axes: axes, keepDims: true,
                                base: base + "/variance")
        let deviation = b.one("Sqrt", [b.one("Add", [variance, b.floats(base + "/epsilon", shape: [], [Float(n.epsilon)])], base: base + "/shifted")],
                              base: base + "/deviation")
        let normalized = b.one("Div", [centred, deviation], base: base + "/normalized")
        let scaled = b.one("Mul", [normalized, b.floats(base + "/gamma", shape: broadcast, gamma)], base: base + "/scaled")
        return b.one("Add", [scaled, b.floats(base + "/beta", shape: broadcast, beta)], base: base)
    }

    private mutating func batchNormalization(_ n: BatchNormalization, _ x: ONNXValue, base: String) throws -> String {
        guard let mean = n.movingMean, let variance = n.movingVariance else { throw ZooError("\(n.label): not built") }
        let channels = mean.elementCount, axis = n.resolvedAxis, rank = x.shape.count
        // perm moves the channel axis to 1; inverse moves it back.
        var perm = Array(0..<rank)
        perm.remove(at: axis)
        perm.insert(axis, at: 1)
        let inverse = (0..<rank).map { perm.firstIndex(of: $0)! }
        let input = axis == 1 ? x.name : b.transpose(x.name, perm, base: base + "/channels_second")
        let inputs = [input,
                      b.floats(base + "/gamma", shape: [channels], n.gamma?.value.scalars ?? [Float](repeating: 1, count: channels)),
                      b.floats(base + "/beta", shape: [channels], n.beta?.value.scalars ?? [Float](repeating: 0, count: channels)),
                      b.floats(base + "/moving_mean", shape: [channels], mean.value.scalars),
                      b.floats(base + "/moving_variance", shape: [channels], variance.value.scalars)]
        let y = b.one("BatchNormalization", inputs, base: axis == 1 ? base : base + "/normalized",
                      [ONNXGraphBuilder.attribute("epsilon", float: Float(n.epsilon))])
        return axis == 1 ? y : b.transpose(y, inverse, base: base)
    }
}
