/// Keras Dropout: in training, zeroes each element with probability `rate` and scales the rest
/// by 1/(1−rate); identity at inference. The mask passes through.
public final class Dropout: IdentityAtInference {
    public static let kerasClassName = "Dropout"
    public private(set) var config: LayerConfig
    public let rate: Float

    public init(config: LayerConfig) throws {
        self.config = config
        rate = try config.rate("rate")
    }

    public var weights: [Weight] { [] }
    public var isBuilt: Bool { true }
    public func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {}
    public func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] { inputShapes }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        guard context.training, rate > 0 else { return LayerOutput(inputs, masks: masks) }
        let m = context.dropoutMask(inputs[0].shape, rate: rate)
        return LayerOutput([ElementwiseOps.multiply(inputs[0], constant: m)], masks: masks)
    }
}
