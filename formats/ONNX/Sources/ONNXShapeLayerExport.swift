import ZooCore

/// The layers that only move values (RepeatVector, Flatten, Reshape, Permute) and Activation,
/// with standard operators: Tile, Flatten, Reshape, Transpose and the activation's own op. As in
/// Keras, a mask stops at the four shape layers and passes through Activation.
extension ONNXGraphEmitter {
    /// The call of one of these layers on `x`.
    mutating func shapeLayer(_ layer: Layer, _ x: ONNXValue, shape: [Int?], base: String) throws -> ONNXValue {
        switch layer {
        case let r as RepeatVector:
            let column = b.unsqueeze(x.name, axes: [1], base: base + "/column")
            return ONNXValue(name: b.one("Tile", [column, b.int64s(base + "/repeats", [1, r.n, 1])], base: base), shape: shape, mask: nil)
        case let f as Flatten:
            let ordered = f.channelsFirst && x.shape.count > 2 ? b.transpose(x.name, f.permutation(rank: x.shape.count), base: base + "/channels_last") : x.name
            return ONNXValue(name: b.one("Flatten", [ordered], base: base, [ONNXGraphBuilder.attribute("axis", int: 1)]), shape: shape, mask: nil)
        case let r as Reshape:
            return ONNXValue(name: b.reshape(x.name, [0] + r.targetShape, base: base), shape: shape, mask: nil)
        case let p as Permute:
            return ONNXValue(name: b.transpose(x.name, p.permutation, base: base), shape: shape, mask: nil)
        case let a as ActivationLayer:
            return ONNXValue(name: b.activation(x.name, a.activation, base: base), shape: shape, mask: x.mask)
        default:
            throw ZooError("\(layer.label): not a shape layer")
        }
    }
}
