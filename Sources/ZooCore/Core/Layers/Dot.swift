/// Keras Dot: the batchwise dot product of two inputs over one axis of each, `axes` an integer
/// (the same axis of both; negative counts from the end) or [axis of the first, axis of the
/// second], never the batch axis. [B, T, F]·[B, S, F] with axes 2 → [B, T, S]; two [B, F] with
/// axes 1 → [B, 1]. `normalize` L2-normalises both inputs along those axes first (cosine
/// similarity): x / max(‖x‖, ε), ε = `normalize_epsilon` (Keras 3's 1e-7 when absent; tf_keras's
/// 1e-6). No weights, no output mask.
public final class Dot: Layer {
    public static let kerasClassName = "Dot"
    public private(set) var config: LayerConfig
    /// The axes as written in the config: (first input's, second input's).
    public let axes: (Int, Int)
    public let normalize: Bool
    /// ε of the normalisation (`normalize_epsilon`).
    public let normalizeEpsilon: Double
    /// The config key of `normalizeEpsilon`.
    public static let normalizeEpsilonKey = "normalize_epsilon"

    public init(config: LayerConfig) throws {
        self.config = config
        guard let value = config["axes"], !value.isNull else { throw ZooError("\(config.label): config is missing 'axes'") }
        if let a = value.intValue {
            axes = (a, a)
        } else if let list = value.arrayValue, list.count == 2, let a = list[0].intValue, let b = list[1].intValue {
            axes = (a, b)
        } else {
            throw ZooError("\(config.label): 'axes' must be an integer or two integers, got \(value.serialized())")
        }
        normalize = try config.bool("normalize", default: false)
        normalizeEpsilon = try config.double(Self.normalizeEpsilonKey, default: 1e-7)
        guard normalizeEpsilon > 0, normalizeEpsilon.isFinite else {
            throw ZooError("\(config.label): '\(Self.normalizeEpsilonKey)' must be a finite number > 0, got \(normalizeEpsilon)")
        }
    }

    public var weights: [Weight] { [] }
    public var isBuilt: Bool { true }

    public func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {
        _ = try outputShapes(inputShapes: inputShapes)
    }

    /// The axes for inputs of these ranks, counted from the batch axis.
    public func resolvedAxes(ranks: (Int, Int)) throws -> (Int, Int) {
        let a = axes.0 < 0 ? axes.0 + ranks.0 : axes.0, b = axes.1 < 0 ? axes.1 + ranks.1 : axes.1
        guard ranks.0 >= 2, ranks.1 >= 2, (1..<ranks.0).contains(a), (1..<ranks.1).contains(b) else {
            throw ZooError("\(label): axes (\(axes.0), \(axes.1)) do not name non-batch axes of rank-\(ranks.0) and rank-\(ranks.1) inputs")
        }
        return (a, b)
    }

    public func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] {
        guard inputShapes.count == 2 else { throw ZooError("\(label): expected 2 inputs, got \(inputShapes.count)") }
        let x = inputShapes[0], y = inputShapes[1]
        let (a, b) = try resolvedAxes(ranks: (x.count, y.count))
        if let k1 = x[a], let k2 = y[b], k1 != k2 {
            throw ZooError("\(label): cannot take the dot product of \(Shape.describe(x)) and \(Shape.describe(y)) over axes (\(a), \(b))")
        }
        var shape = x.enumerated().filter { $0.offset != a }.map(\.element) + y.enumerated().filter { $0.offset != 0 && $0.offset != b }.map(\.element)
        if shape.count == 1 { shape.append(1) }
        return [shape]
    }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        guard inputs.count == 2 else { throw ZooError("\(label): expected 2 inputs, got \(inputs.count)") }
        let axes = try resolvedAxes(ranks: (inputs[0].value.rank, inputs[1].value.rank))
        return LayerOutput([try MergeOps.batchDot(inputs[0], inputs[1], axes: axes, normalize: normalize, epsilon: normalizeEpsilon,
                                                    layer: label)])
    }
}
