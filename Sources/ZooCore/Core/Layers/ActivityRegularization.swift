/// Keras ActivityRegularization: passes x on unchanged (and its mask) and adds the loss
/// (l1·Σ|x| + l2·Σx²) / batch to the call (`CallContext.addLoss`), which the Trainer adds to
/// the training and evaluation loss, as Keras adds a layer's activity regularization.
final class ActivityRegularization: IdentityAtInference {
    static let kerasClassName = "ActivityRegularization"
    private(set) var config: LayerConfig
    let l1: Double
    let l2: Double

    init(config: LayerConfig) throws {
        self.config = config
        l1 = try config.nonNegative("l1", default: 0)
        l2 = try config.nonNegative("l2", default: 0)
    }

    var weights: [Weight] { [] }
    var isBuilt: Bool { true }
    func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {}
    func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] { inputShapes }

    /// x: [B, …] → x.
    func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        if l1 != 0 || l2 != 0 { context.addLoss(RegularizationOps.activity(inputs[0], l1: l1, l2: l2)) }
        return LayerOutput(inputs, masks: masks)
    }
}
