/// Keras GaussianNoise: in training, adds noise drawn from N(0, stddev²) to every element;
/// identity at inference. The mask passes.
final class GaussianNoise: IdentityAtInference {
    static let kerasClassName = "GaussianNoise"
    private(set) var config: LayerConfig
    let stddev: Float

    init(config: LayerConfig) throws {
        self.config = config
        guard config["stddev"] != nil else { throw ZooError("\(config.label): config is missing 'stddev'") }
        stddev = Float(try config.nonNegative("stddev", default: 0))
    }

    var weights: [Weight] { [] }
    var isBuilt: Bool { true }
    func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {}
    func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] { inputShapes }

    /// x: any shape → the same shape.
    func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        guard context.training, stddev > 0 else { return LayerOutput(inputs, masks: masks) }
        var noise = Tensor(shape: inputs[0].shape)
        for i in 0..<noise.count { noise.scalars[i] = stddev * context.rng.nextNormal() }
        return LayerOutput([try ElementwiseOps.add(inputs[0], Variable(noise))], masks: masks)
    }
}
