/// Keras Reshape: x [B, …] → [B, target_shape…], the same values in row-major order. One entry
/// of `target_shape` may be -1: the extent that keeps the element count. No weights; a mask
/// does not pass (Keras's Reshape does not support masking).
public final class Reshape: Layer {
    public static let kerasClassName = "Reshape"
    public private(set) var config: LayerConfig
    /// The output shape without the batch axis; -1 for the inferred extent.
    public let targetShape: [Int]

    public init(config: LayerConfig) throws {
        self.config = config
        guard let given = config["target_shape"], let dims = given.arrayValue, !dims.isEmpty else {
            throw ZooError("\(config.label): 'target_shape' must be a non-empty list of integers")
        }
        targetShape = try dims.map { d in
            guard let i = d.intValue, i == -1 || (1...LayerConfig.maxExtent).contains(i) else {
                throw ZooError("\(config.label): target_shape \(given.serialized()) must hold extents 1…\(LayerConfig.maxExtent) and at most one -1")
            }
            return i
        }
        guard targetShape.filter({ $0 == -1 }).count <= 1 else {
            throw ZooError("\(config.label): target_shape \(given.serialized()) has more than one -1")
        }
    }

    public var weights: [Weight] { [] }
    public var isBuilt: Bool { true }

    public func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {
        _ = try outputShapes(inputShapes: inputShapes)
    }

    /// The target shape for `count` elements per batch row, -1 resolved.
    private func resolved(count: Int) throws -> [Int] {
        let known = targetShape.filter { $0 != -1 }.reduce(1, *)
        if targetShape.contains(-1) {
            guard known > 0, count % known == 0 else {
                throw ZooError("\(label): cannot reshape \(count) values per sample into \(Shape.describe(targetShape))")
            }
            return targetShape.map { $0 == -1 ? count / known : $0 }
        }
        guard known == count else {
            throw ZooError("\(label): cannot reshape \(count) values per sample into \(Shape.describe(targetShape)) (\(known) values)")
        }
        return targetShape
    }

    public func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] {
        guard inputShapes.count == 1, let s = inputShapes.first, !s.isEmpty else {
            throw ZooError("\(label): expected one input with a batch axis, got \(inputShapes.map { Shape.describe($0) }.joined(separator: ", "))")
        }
        let rest = s.dropFirst().compactMap { $0 }
        guard rest.count == s.count - 1 else { return [[s[0]] + targetShape.map { $0 == -1 ? nil : $0 }] }
        return [[s[0]] + (try resolved(count: rest.reduce(1, *)))]
    }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        let x = inputs[0]
        guard x.value.rank >= 1 else { throw ZooError.shape(label, expected: "(batch, ...)", got: x.shape) }
        let shape = try resolved(count: x.shape.dropFirst().reduce(1, *))
        return LayerOutput([try ElementwiseOps.reshape(x, [x.shape[0]] + shape)])
    }
}
