/// Keras RepeatVector: x [B, F] → [B, n, F], the input repeated n times along a new time axis
/// (the bridge between an encoder's last output and a decoder's sequence). No weights; a mask
/// does not pass (Keras's RepeatVector does not support masking).
public final class RepeatVector: Layer {
    public static let kerasClassName = "RepeatVector"
    public private(set) var config: LayerConfig
    /// The number of repetitions (the output's time steps).
    public let n: Int

    public init(config: LayerConfig) throws {
        self.config = config
        n = try config.extent("n")
    }

    public var weights: [Weight] { [] }
    public var isBuilt: Bool { true }

    public func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {
        _ = try outputShapes(inputShapes: inputShapes)
    }

    public func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] {
        guard inputShapes.count == 1, inputShapes[0].count == 2 else {
            throw ZooError("\(label): expected one input of shape (batch, features), got \(inputShapes.map { Shape.describe($0) }.joined(separator: ", "))")
        }
        return [[inputShapes[0][0], n, inputShapes[0][1]]]
    }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        guard inputs[0].value.rank == 2 else { throw ZooError.shape(label, expected: "(batch, features)", got: inputs[0].shape) }
        return LayerOutput([try ShapeOps.repeatVector(inputs[0], n)])
    }
}
