/// Keras GaussianDropout: in training, multiplies every element by noise drawn from
/// N(1, rate/(1−rate)) (standard deviation sqrt(rate/(1−rate))); identity at inference. The
/// mask passes.
final class GaussianDropout: IdentityAtInference {
    static let kerasClassName = "GaussianDropout"
    private(set) var config: LayerConfig
    let rate: Float

    init(config: LayerConfig) throws {
        self.config = config
        guard config["rate"] != nil else { throw ZooError("\(config.label): config is missing 'rate'") }
        rate = try config.rate("rate")
    }

    var weights: [Weight] { [] }
    var isBuilt: Bool { true }
    func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {}
    func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] { inputShapes }

    /// x: any shape → the same shape.
    func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        guard context.training, rate > 0 else { return LayerOutput(inputs, masks: masks) }
        let stddev = Float((Double(rate) / (1 - Double(rate))).squareRoot())
        var noise = Tensor(shape: inputs[0].shape)
        for i in 0..<noise.count { noise.scalars[i] = 1 + stddev * context.rng.nextNormal() }
        return LayerOutput([ElementwiseOps.multiply(inputs[0], constant: noise)], masks: masks)
    }
}
