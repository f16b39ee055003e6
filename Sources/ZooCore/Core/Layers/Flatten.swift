/// Keras Flatten: x [B, d1, …, dk] → [B, d1·…·dk] (a [B] input gives [B, 1]). With
/// `data_format` channels_first, axis 1 (the channels) is moved last first, as Keras does. No
/// weights; a mask does not pass (Keras's Flatten does not support masking).
public final class Flatten: Layer {
    public static let kerasClassName = "Flatten"
    public private(set) var config: LayerConfig
    public let channelsFirst: Bool

    public init(config: LayerConfig) throws {
        self.config = config
        let format = try config.string("data_format", default: "channels_last")
        guard format == "channels_last" || format == "channels_first" else {
            throw ZooError("\(config.label): data_format must be channels_last or channels_first, got '\(format ?? "")'")
        }
        channelsFirst = format == "channels_first"
    }

    public var weights: [Weight] { [] }
    public var isBuilt: Bool { true }
    public func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {}

    public func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] {
        guard inputShapes.count == 1, let s = inputShapes.first, !s.isEmpty else {
            throw ZooError("\(label): expected one input with a batch axis, got \(inputShapes.map { Shape.describe($0) }.joined(separator: ", "))")
        }
        let rest = s.dropFirst()
        let flat: Int? = rest.contains { $0 == nil } ? nil : rest.reduce(1) { $0 * $1! }
        return [[s[0], flat]]
    }

    /// The axis order Keras flattens in: channels moved last for channels_first.
    public func permutation(rank: Int) -> [Int] {
        channelsFirst && rank > 2 ? [0] + Array(2..<rank) + [1] : Array(0..<rank)
    }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        let x = inputs[0]
        guard x.value.rank >= 1 else { throw ZooError.shape(label, expected: "(batch, ...)", got: x.shape) }
        let ordered = try ShapeOps.transpose(x, permutation(rank: x.value.rank))
        return LayerOutput([try ElementwiseOps.reshape(ordered, [x.shape[0], x.shape.dropFirst().reduce(1, *)])])
    }
}
