/// Keras Cropping1D: x [B, T, C] → [B, T − before − after, C], the first `before` and the last
/// `after` steps removed (`cropping`: n for both or [before, after]). No weights; a mask does not
/// pass (Keras's Cropping1D does not support masking).
public final class Cropping1D: Layer {
    public static let kerasClassName = "Cropping1D"
    public private(set) var config: LayerConfig
    public let before: Int
    public let after: Int

    public init(config: LayerConfig) throws {
        self.config = config
        (before, after) = try config.stepPair("cropping", default: (1, 1))
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
        if let t = s[1], before + after >= t {
            throw ZooError("\(label): cropping (\(before), \(after)) leaves nothing of \(t) time steps")
        }
        return [[s[0], s[1].map { $0 - before - after }, s[2]]]
    }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        return LayerOutput([try TimeOps.crop(inputs[0], before: before, after: after, where_: label)])
    }
}
