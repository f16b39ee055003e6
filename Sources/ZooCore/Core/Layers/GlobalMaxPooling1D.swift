/// Keras GlobalMaxPooling1D (channels_last): x [B, T, C] → [B, C] (or [B, 1, C] with
/// `keepdims`), the maximum over all steps. Keras 3 (and tf_keras) read no mask here: masked
/// steps count like the others, and the mask does not pass.
public final class GlobalMaxPooling1D: Layer {
    public static let kerasClassName = "GlobalMaxPooling1D"
    public private(set) var config: LayerConfig
    public let keepDims: Bool

    public init(config: LayerConfig) throws {
        self.config = config
        keepDims = try config.bool("keepdims", default: false)
        try config.requireChannelsLast()
    }

    public var weights: [Weight] { [] }
    public var isBuilt: Bool { true }

    public func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {
        _ = try outputShapes(inputShapes: inputShapes)
    }

    public func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] {
        guard inputShapes.count == 1, inputShapes[0].count == 3 else {
            throw ZooError("\(label): expected one input of shape (batch, time, channels), got \(inputShapes.map { Shape.describe($0) }.joined(separator: ", "))")
        }
        let s = inputShapes[0]
        return [keepDims ? [s[0], 1, s[2]] : [s[0], s[2]]]
    }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        return LayerOutput([try TimeOps.globalMax(inputs[0], keepDims: keepDims, where_: label)])
    }
}
