/// The Keras elementwise merge layers (Add, Subtract, Multiply, Average, Maximum, Minimum): a
/// list of inputs [B, ..., F] in, one tensor of their common shape out, no weights. Shapes
/// broadcast as in Keras: a lower-rank input gains axes of length 1 after the batch axis
/// ([B, F] with [B, T, F] is [B, 1, F]), and an axis of length 1 repeats ([B, 1, F] + [B, T, F]).
/// Masks ([B, T] of 0/1) follow Keras 3: the output mask is the OR of the inputs' masks when
/// every input has one, and Multiply, Maximum and Minimum skip masked values (see
/// `MergeOps.elementwise`). A Keras 2 (tf_keras) config keeps tf_keras's meaning: masks leave the
/// values alone and the output mask is the AND of the masks there are.
public class Merge: Layer {
    public class var kerasClassName: String { "Merge" }
    public private(set) var config: LayerConfig
    public let kind: MergeOps.Elementwise

    init(config: LayerConfig, kind: MergeOps.Elementwise) {
        self.config = config
        self.kind = kind
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
        let (y, mask) = try MergeOps.elementwise(kind, inputs, masks: masks, keras2: config.keras2, layer: label)
        return LayerOutput([y], masks: [mask])
    }
}
