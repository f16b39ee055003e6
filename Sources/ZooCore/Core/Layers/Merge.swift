/// The Keras elementwise merge layers (Add, Subtract, Multiply, Average, Maximum, Minimum): a
/// list of equally shaped inputs [B, ..., F] in, one tensor of that shape out, no weights.
/// Masks ([B, T] of 0/1) follow Keras 3: the output mask is the OR of the inputs' masks when
/// every input has one, and Multiply, Maximum and Minimum skip masked values (see
/// `MergeOps.elementwise`).
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

    /// The common shape of the inputs (an unknown extent takes a known one's value).
    public func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] {
        guard inputCount.contains(inputShapes.count), var shape = inputShapes.first else {
            throw ZooError("\(label): expected \(kind == .subtract ? "2 inputs" : "a list of inputs"), got \(inputShapes.count)")
        }
        for s in inputShapes.dropFirst() {
            guard s.count == shape.count, zip(s, shape).allSatisfy({ $0 == nil || $1 == nil || $0 == $1 }) else {
                throw ZooError("\(label): inputs must have equal shapes, got \(inputShapes.map { Shape.describe($0) }.joined(separator: " and "))")
            }
            shape = zip(shape, s).map { $0 ?? $1 }
        }
        return [shape]
    }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        guard inputCount.contains(inputs.count) else {
            throw ZooError("\(label): expected \(kind == .subtract ? "2 inputs" : "a list of inputs"), got \(inputs.count)")
        }
        let (y, mask) = try MergeOps.elementwise(kind, inputs, masks: masks, layer: label)
        return LayerOutput([y], masks: [mask])
    }
}
