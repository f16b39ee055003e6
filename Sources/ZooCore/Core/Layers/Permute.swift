/// Keras Permute: reorders the non-batch axes; `dims` is 1-based and leaves out the batch axis
/// ((2, 1) turns [B, T, F] into [B, F, T]). No weights; a mask does not pass (Keras's Permute
/// does not support masking).
public final class Permute: Layer {
    public static let kerasClassName = "Permute"
    public private(set) var config: LayerConfig
    /// The 1-based permutation of the non-batch axes.
    public let dims: [Int]

    public init(config: LayerConfig) throws {
        self.config = config
        let items = config["dims"]?.arrayValue ?? []
        let list = items.compactMap(\.intValue)
        guard !items.isEmpty, list.count == items.count, list.sorted() == Array(1...list.count) else {
            throw ZooError("\(config.label): 'dims' must be a permutation of 1…n, got \(config["dims"]?.serialized() ?? "nothing")")
        }
        dims = list
    }

    public var weights: [Weight] { [] }
    public var isBuilt: Bool { true }

    public func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {
        _ = try outputShapes(inputShapes: inputShapes)
    }

    /// The full permutation, batch axis included.
    public var permutation: [Int] { [0] + dims }

    public func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] {
        guard inputShapes.count == 1, inputShapes[0].count == dims.count + 1 else {
            throw ZooError("\(label): expected one input of rank \(dims.count + 1) for dims \(dims), got \(inputShapes.map { Shape.describe($0) }.joined(separator: ", "))")
        }
        return [permutation.map { inputShapes[0][$0] }]
    }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        guard inputs[0].value.rank == dims.count + 1 else {
            throw ZooError("\(label): expected an input of rank \(dims.count + 1) for dims \(dims), got \(Shape.describe(inputs[0].shape))")
        }
        return LayerOutput([try ShapeOps.transpose(inputs[0], permutation)])
    }
}
