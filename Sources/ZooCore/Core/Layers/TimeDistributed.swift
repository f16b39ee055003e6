/// Keras TimeDistributed: applies the wrapped layer to every time step of [B, T, ...] by folding
/// time into the batch ([B·T, ...]) and unfolding the result. The mask passes through.
public final class TimeDistributed: Layer {
    public static let kerasClassName = "TimeDistributed"
    public private(set) var config: LayerConfig
    public let inner: Layer

    public init(config: LayerConfig) throws {
        self.config = config
        guard let entry = config["layer"] else { throw ZooError("\(config.label): config has no 'layer'") }
        inner = try LayerRegistry.shared.make(entry: entry)
    }

    public var weights: [Weight] { inner.weights }
    public var isBuilt: Bool { inner.isBuilt }

    private func innerShape(_ shape: [Int?]) throws -> [Int?] {
        guard shape.count >= 3 else {
            throw ZooError("\(label): needs an input of rank ≥ 3 (batch, time, ...), got \(Shape.describe(shape))")
        }
        let bt: Int? = shape[0].flatMap { b in shape[1].map { b * $0 } }
        return [bt] + Array(shape[2...])
    }

    public func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {
        try inner.build(inputShapes: [try innerShape(inputShapes[0])], rng: &rng)
    }

    public func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] {
        let s = inputShapes[0]
        return try inner.outputShapes(inputShapes: [try innerShape(s)]).map { [s[0], s[1]] + Array($0.dropFirst()) }
    }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        let x = inputs[0]
        guard x.value.rank >= 3 else { throw ZooError.shape(label, expected: "(batch, time, ...)", got: x.shape) }
        let b = x.shape[0], t = x.shape[1]
        let folded = try ElementwiseOps.reshape(x, [b * t] + Array(x.shape[2...]))
        let out = try inner.call([folded], masks: [nil], context: context)
        let y = out.outputs[0]
        return LayerOutput([try ElementwiseOps.reshape(y, [b, t] + Array(y.shape.dropFirst()))], masks: [masks.first ?? nil])
    }
}
