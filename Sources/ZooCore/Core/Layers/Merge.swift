/// The Keras elementwise merge layers (Add, Subtract, Multiply, Average, Maximum, Minimum): a
/// list of inputs [B, ..., F] in, one tensor of their common shape out, no weights. Shapes
/// broadcast as in Keras: a lower-rank input gains axes of length 1 after the batch axis
/// ([B, F] with [B, T, F] is [B, 1, F]), and an axis of length 1 repeats ([B, 1, F] + [B, T, F]).
/// Masks ([B, T] of 0/1) follow Keras 3: the output mask is the OR of the inputs' masks when
/// every input has one, and Multiply, Maximum and Minimum skip masked values (see
/// `MergeOps.elementwise`). With `mask_rule` "all" (tf_keras's meaning, `MergeOps.MaskRule`) masks
/// leave the values alone and the output mask is the AND of the masks there are.
public class Merge: Layer {
    public class var kerasClassName: String { "Merge" }
    public private(set) var config: LayerConfig
    public let kind: MergeOps.Elementwise
    public let maskRule: MergeOps.MaskRule

    init(config: LayerConfig, kind: MergeOps.Elementwise) throws {
        self.config = config
        self.kind = kind
        maskRule = try config.maskRule()
    }

    /// How many inputs the layer takes.
    var inputCount: ClosedRange<Int> { kind == .subtract ? 2...2 : 1...Int.max }

    public var weights: [Weight] { [] }
    public var isBuilt: Bool { true }

    public func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {
        _ = try outputShapes(inputShapes: inputShapes)
    }

    /// The shape the inputs broadcast to as Keras's merges do (`MergeOps.broadcastShape`).
    public func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] {
        guard inputCount.contains(inputShapes.count) else {
            throw ZooError("\(label): expected \(kind == .subtract ? "2 inputs" : "a list of inputs"), got \(inputShapes.count)")
        }
        guard let shape = MergeOps.broadcastShape(inputShapes) else {
            throw ZooError("\(label): inputs have incompatible shapes \(inputShapes.map { Shape.describe($0) }.joined(separator: " and "))")
        }
        return [shape]
    }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        guard inputCount.contains(inputs.count) else {
            throw ZooError("\(label): expected \(kind == .subtract ? "2 inputs" : "a list of inputs"), got \(inputs.count)")
        }
        let (y, mask) = try MergeOps.elementwise(kind, inputs, masks: masks, maskRule: maskRule, layer: label)
        return LayerOutput([y], masks: [mask])
    }
}
