/// Keras Dense: y = activation(x·kernel + bias) on the last axis (any rank ≥ 2).
/// Weights: kernel [in, units], bias [units].
public final class Dense: Layer {
    public static let kerasClassName = "Dense"
    public private(set) var config: LayerConfig
    public let units: Int
    public let activation: Activation
    let useBias: Bool
    let kernelInitializer: Initializer
    public private(set) var kernel: Weight?
    public private(set) var bias: Weight?

    public init(config: LayerConfig) throws {
        self.config = config
        units = try config.extent("units")
        activation = try config.activation("activation", default: "linear")
        useBias = try config.bool("use_bias", default: true)
        kernelInitializer = Initializer(keras: config["kernel_initializer"], fallback: .glorotUniform)
    }

    public convenience init(name: String, units: Int, activation: String = "linear", useBias: Bool = true) throws {
        try self.init(config: LayerConfig(className: "Dense", json: [
            "name": .string(name), "units": .number(Double(units)), "activation": .string(activation), "use_bias": .bool(useBias),
        ]))
    }

    public var weights: [Weight] { [kernel, bias].compactMap { $0 } }
    public var isBuilt: Bool { kernel != nil }

    public func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {
        guard inputShapes.count == 1, let last = inputShapes[0].last, let inDim = last else {
            throw ZooError("\(label): needs one input with a known last axis, got \(inputShapes.map { Shape.describe($0) })")
        }
        kernel = try Weight(name: "kernel", path: "\(name)/kernel", shape: [inDim, units], initializer: kernelInitializer, using: &rng)
        if useBias { bias = try Weight(name: "bias", path: "\(name)/bias", shape: [units], initializer: .zeros, using: &rng) }
    }

    public func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] {
        [Array(inputShapes[0].dropLast()) + [units]]
    }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        try requireBuilt()
        let y = try LinearOps.dense(inputs[0], kernel!.variable, bias?.variable, where_: label)
        return LayerOutput([ElementwiseOps.activation(y, activation)], masks: [masks.first ?? nil])
    }
}
