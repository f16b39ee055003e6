/// Keras AveragePooling1D (channels_last): x [B, T, C] → [B, T_out, C], the mean of each window
/// over the steps inside the input (padding steps are not counted); windows of pool_size steps
/// moved strides steps apart, padding valid or same (see `TimeWindow`); the gradient is shared by
/// the steps averaged. No weights; a mask does not pass (Keras's AveragePooling1D does not support
/// masking).
public final class AveragePooling1D: Layer {
    public static let kerasClassName = "AveragePooling1D"
    public private(set) var config: LayerConfig
    public let window: TimeWindow

    public init(config: LayerConfig) throws {
        self.config = config
        window = try config.poolingWindow()
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
        if let t = s[1], window.outputSteps(t) < 1 {
            throw ZooError("\(label): \(t) time steps are fewer than pool_size \(window.size) with padding 'valid'")
        }
        return [[s[0], window.outputSteps(s[1]), s[2]]]
    }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        return LayerOutput([try TimeOps.pool1d(inputs[0], .average, window: window, where_: label)])
    }
}
