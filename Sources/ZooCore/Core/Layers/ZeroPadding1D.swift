/// Keras ZeroPadding1D (channels_last): x [B, T, C] → [B, before + T + after, C], zero steps
/// added at both ends (`padding`: n for both or [before, after]). No weights; a mask does not
/// pass (Keras's ZeroPadding1D does not support masking).
public final class ZeroPadding1D: Layer {
    public static let kerasClassName = "ZeroPadding1D"
    public private(set) var config: LayerConfig
    public let before: Int
    public let after: Int

    public init(config: LayerConfig) throws {
        self.config = config
        (before, after) = try config.stepPair("padding", default: (1, 1))
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
        if let t = s[1], before + t + after > LayerConfig.maxExtent {
            throw ZooError("\(label): padding (\(before), \(after)) around \(t) steps exceeds \(LayerConfig.maxExtent) steps")
        }
        return [[s[0], s[1].map { before + $0 + after }, s[2]]]
    }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        return LayerOutput([try TimeOps.zeroPad(inputs[0], before: before, after: after, where_: label)])
    }
}
