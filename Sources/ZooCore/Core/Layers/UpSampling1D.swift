/// Keras UpSampling1D: x [B, T, C] → [B, T·size, C], each step repeated `size` times in place
/// (y[b, t] = x[b, ⌊t / size⌋]). No weights; a mask does not pass (Keras's UpSampling1D does not
/// support masking).
public final class UpSampling1D: Layer {
    public static let kerasClassName = "UpSampling1D"
    public private(set) var config: LayerConfig
    public let size: Int

    public init(config: LayerConfig) throws {
        self.config = config
        size = try config.steps("size", default: 2)
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
        if let t = s[1], t > LayerConfig.maxExtent / size {
            throw ZooError("\(label): \(t) steps repeated \(size) times exceed \(LayerConfig.maxExtent) steps")
        }
        return [[s[0], s[1].map { $0 * size }, s[2]]]
    }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        return LayerOutput([try TimeOps.repeatSteps(inputs[0], size, where_: label)])
    }
}
