import ZooCore

/// A new layer kind: the sequence reversed in time (no weights). [B, T, F] → [B, T, F].
final class ReverseTime: Layer {
    static let kerasClassName = "ReverseTime"
    let config: LayerConfig

    init(config: LayerConfig) { self.config = config }

    var weights: [Weight] { [] }
    var isBuilt: Bool { true }
    func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {}
    func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] { inputShapes }

    func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        LayerOutput([ElementwiseOps.reverseTime(inputs[0])])
    }
}
