/// Keras GlobalAveragePooling1D (channels_last): [B, T, F] → [B, F] (or [B, 1, F] with
/// `keepdims`), the mean over the unmasked steps when a mask arrives.
public final class GlobalAveragePooling1D: Layer {
    public static let kerasClassName = "GlobalAveragePooling1D"
    public private(set) var config: LayerConfig
    public let keepDims: Bool

    public init(config: LayerConfig) throws {
        self.config = config
        keepDims = try config.bool("keepdims", default: false)
        if let format = try config.string("data_format", default: "channels_last"), format != "channels_last" {
            throw ZooError("\(config.label): data_format '\(format)' is not supported (channels_last only)")
        }
    }

    public var weights: [Weight] { [] }
    public var isBuilt: Bool { true }
    public func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {}

    public func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] {
        let s = inputShapes[0]
        return [keepDims ? [s[0], 1, s[2]] : [s[0], s[2]]]
    }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        let x = inputs[0]
        guard x.value.rank == 3 else { throw ZooError.shape(label, expected: "(batch, time, features)", got: x.shape) }
        let b = x.shape[0], t = x.shape[1], f = x.shape[2]
        let mask = masks.first ?? nil
        var weightsPerStep = Tensor(shape: [b, t])
        for i in 0..<b {
            let n = mask.map { m in (0..<t).reduce(Float(0)) { $0 + m.scalars[i * t + $1] } } ?? Float(t)
            for s in 0..<t { weightsPerStep.scalars[i * t + s] = (mask?.scalars[i * t + s] ?? 1) / n }
        }
        var y = Tensor(shape: keepDims ? [b, 1, f] : [b, f])
        for i in 0..<b {
            for s in 0..<t {
                let w = weightsPerStep.scalars[i * t + s]
                for j in 0..<f { y.scalars[i * f + j] += w * x.value.scalars[(i * t + s) * f + j] }
            }
        }
        let out = OpNode.record1("global_average_pooling1d", inputs: [x], output: y) { dy in
            var dx = Tensor(shape: [b, t, f])
            for i in 0..<b {
                for s in 0..<t {
                    let w = weightsPerStep.scalars[i * t + s]
                    for j in 0..<f { dx.scalars[(i * t + s) * f + j] = w * dy.scalars[i * f + j] }
                }
            }
            return [dx]
        }
        return LayerOutput([out])
    }
}
