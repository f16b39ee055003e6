/// Keras GaussianNoise: in training, adds noise drawn from N(0, stddev²) to every element;
/// identity at inference. The mask passes.
public final class GaussianNoise: IdentityAtInference {
    public static let kerasClassName = "GaussianNoise"
    public private(set) var config: LayerConfig
    public let stddev: Float

    public init(config: LayerConfig) throws {
        self.config = config
        guard config["stddev"] != nil else { throw ZooError("\(config.label): config is missing 'stddev'") }
        stddev = Float(try config.nonNegative("stddev", default: 0))
    }

    public var weights: [Weight] { [] }
    public var isBuilt: Bool { true }
    public func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {}
    public func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] { inputShapes }

    /// x: any shape → the same shape.
    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        guard context.training, stddev > 0 else { return LayerOutput(inputs, masks: masks) }
        var noise = Tensor(shape: inputs[0].shape)
        for i in 0..<noise.count { noise.scalars[i] = stddev * context.rng.nextNormal() }
        return LayerOutput([try ElementwiseOps.add(inputs[0], Variable(noise))], masks: masks)
    }
}
