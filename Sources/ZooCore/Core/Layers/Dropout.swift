/// Keras Dropout: in training, zeroes each element with probability `rate` and scales the rest
/// by 1/(1−rate); identity at inference. The mask passes through.
final class Dropout: IdentityAtInference {
    static let kerasClassName = "Dropout"
    private(set) var config: LayerConfig
    let rate: Float

    init(config: LayerConfig) throws {
        self.config = config
        rate = try config.rate("rate")
    }

    var weights: [Weight] { [] }
    var isBuilt: Bool { true }
    func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {}
    func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] { inputShapes }

    func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        guard context.training, rate > 0 else { return LayerOutput(inputs, masks: masks) }
        let m = context.dropoutMask(inputs[0].shape, rate: rate)
        return LayerOutput([ElementwiseOps.multiply(inputs[0], constant: m)], masks: masks)
    }
}
