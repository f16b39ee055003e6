@testable import ZooCore

/// Keras Concatenate in Double: the inputs joined along `axis` (negative counts from the end),
/// element by element through coordinates. The mask, from Keras 3's `compute_mask`: each input's
/// mask spread over its shape (all true without one), joined along the axis, then any over the
/// last axis (all of them with `mask_rule` "all", as tf_keras); none when no input has a mask.
struct ReferenceConcatenate: ReferenceLayer {
    let axis: Int
    let keras2: Bool

    init(config: LayerConfig) throws {
        axis = try config.int("axis", default: -1)
        keras2 = config["mask_rule"]?.stringValue == "all"
    }

    func forward(_ inputs: [Tensor64], masks: [Tensor64?], weights: [Tensor64]) -> ReferenceOutput {
        let rank = inputs[0].shape.count, a = axis < 0 ? axis + rank : axis
        let y = join(inputs, axis: a)
        guard masks.contains(where: { $0 != nil }) else { return ReferenceOutput(outputs: [y], masks: [nil]) }
        let spread = inputs.enumerated().map { i, x -> Tensor64 in
            guard i < masks.count, let m = masks[i] else { return Tensor64(shape: x.shape, scalars: x.scalars.map { _ in 1 }) }
            return Tensor64(shape: x.shape, scalars: (0..<x.count).map { m.scalars[$0 / x.rowLength] })
        }
        let joined = join(spread, axis: a)
        var mask = Tensor64(shape: Array(joined.shape.dropLast()))
        for r in 0..<mask.count where keras2 ? joined.row(r).allSatisfy({ $0 != 0 }) : joined.row(r).contains(where: { $0 != 0 }) {
            mask.scalars[r] = 1
        }
        return ReferenceOutput(outputs: [y], masks: [mask])
    }

    /// Each output element from the input whose stretch of the axis holds its coordinate.
    private func join(_ xs: [Tensor64], axis a: Int) -> Tensor64 {
        var shape = xs[0].shape
        shape[a] = xs.reduce(0) { $0 + $1.shape[a] }
        var y = Tensor64(shape: shape)
        for e in 0..<y.count {
            var coords = ReferenceIndex.coordinates(e, shape)
            var which = 0
            while coords[a] >= xs[which].shape[a] {
                coords[a] -= xs[which].shape[a]
                which += 1
            }
            y.scalars[e] = xs[which].scalars[ReferenceIndex.flat(coords, xs[which].shape)]
        }
        return y
    }
}
