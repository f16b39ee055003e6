/// Keras Concatenate: a list of inputs joined along `axis` (default -1, the features; negative
/// counts from the end, 0 the batch axis is refused), every other extent equal: [B, T, F1] and
/// [B, T, F2] → [B, T, F1 + F2]. No weights. The mask is Keras's: each input's mask ([B, T] of
/// 0/1, all ones without one) spread over its features, concatenated and OR-ed over the last
/// axis (AND with `mask_rule` "all", as tf_keras); none when no input has one.
public final class Concatenate: Layer {
    public static let kerasClassName = "Concatenate"
    public private(set) var config: LayerConfig
    /// The axis as written in the config (negative counts from the end).
    public let axis: Int
    public let maskRule: MergeOps.MaskRule

    public init(config: LayerConfig) throws {
        self.config = config
        axis = try config.int("axis", default: -1)
        maskRule = try config.maskRule()
    }

    public var weights: [Weight] { [] }
    public var isBuilt: Bool { true }

    public func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {
        _ = try outputShapes(inputShapes: inputShapes)
    }

    /// `axis` for inputs of `rank`, counted from the batch axis.
    public func resolvedAxis(rank: Int) throws -> Int {
        let a = axis < 0 ? axis + rank : axis
        guard a >= 1, a < rank else {
            throw ZooError("\(label): axis \(axis) is outside the non-batch axes of rank-\(rank) inputs")
        }
        return a
    }

    public func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] {
        guard var shape = inputShapes.first else { throw ZooError("\(label): expected a list of inputs, got none") }
        let a = try resolvedAxis(rank: shape.count)
        for s in inputShapes.dropFirst() {
            let fits = s.count == shape.count && s.indices.allSatisfy { $0 == a || s[$0] == nil || shape[$0] == nil || s[$0] == shape[$0] }
            guard fits else {
                throw ZooError("\(label): cannot concatenate \(inputShapes.map { Shape.describe($0) }.joined(separator: ", ")) along axis \(axis)")
            }
            for d in s.indices where d != a { shape[d] = shape[d] ?? s[d] }
            shape[a] = shape[a].flatMap { x in s[a].map { x + $0 } }
        }
        return [shape]
    }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        guard let first = inputs.first else { throw ZooError("\(label): expected a list of inputs, got none") }
        let a = try resolvedAxis(rank: first.value.rank)
        let y = try MergeOps.concatenate(inputs, axis: a, layer: label)
        let mask = try MergeOps.concatenatedMask(inputs.map(\.shape), masks: masks, axis: a, maskRule: maskRule, layer: label)
        return LayerOutput([y], masks: [mask])
    }
}
