/// Keras Conv1D (channels_last, groups 1): x [B, T, C] → y [B, T_out, filters],
/// y[b, t, f] = activation(Σ_k Σ_c x[b, t·strides + k·dilation_rate − pad, c]·kernel[k, c, f]
/// + bias[f]) with T_out and pad from `padding` (valid, same, causal; see `TimeWindow`).
/// Weights: kernel [kernel_size, C, filters], bias [filters]. Runs as one GEMM over the
/// windows (`ConvOps.conv1d`). A mask does not pass (Keras's Conv1D does not support masking).
public final class Conv1D: Layer {
    public static let kerasClassName = "Conv1D"
    public private(set) var config: LayerConfig
    public let filters: Int
    public let window: TimeWindow
    public let activation: Activation
    let useBias: Bool
    let kernelInitializer: Initializer
    public private(set) var kernel: Weight?
    public private(set) var bias: Weight?

    public init(config: LayerConfig) throws {
        self.config = config
        filters = try config.extent("filters")
        let size = try config.steps("kernel_size")
        let stride = try config.steps("strides", default: 1)
        let dilation = try config.steps("dilation_rate", default: 1)
        let padding = try config.windowPadding(allowed: TimeWindow.Padding.allCases)
        guard dilation * (size - 1) < LayerConfig.maxExtent else {
            throw ZooError("\(config.label): kernel_size \(size) with dilation_rate \(dilation) spans more than \(LayerConfig.maxExtent) steps")
        }
        window = TimeWindow(size: size, stride: stride, dilation: dilation, padding: padding)
        let groups = try config.int("groups", default: 1)
        guard groups == 1 else { throw ZooError("\(config.label): groups \(groups) is not supported (groups 1 only)") }
        try config.requireChannelsLast()
        activation = try config.activation("activation", default: "linear")
        useBias = try config.bool("use_bias", default: true)
        kernelInitializer = Initializer(keras: config["kernel_initializer"], fallback: .glorotUniform)
    }

    public var weights: [Weight] { [kernel, bias].compactMap { $0 } }
    public var isBuilt: Bool { kernel != nil }

    public func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {
        _ = try outputShapes(inputShapes: inputShapes)
        let shape = inputShapes[0]
        guard let channels = shape[2] else { throw ZooError("\(label): needs a known channel axis, got \(Shape.describe(shape))") }
        kernel = try Weight(name: "kernel", path: "\(name)/kernel", shape: [window.size, channels, filters], initializer: kernelInitializer, using: &rng)
        if useBias { bias = try Weight(name: "bias", path: "\(name)/bias", shape: [filters], initializer: .zeros, using: &rng) }
    }

    public func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] {
        let shape = try inputShape(inputShapes)
        if let t = shape[1], window.outputSteps(t) < 1 {
            throw ZooError("\(label): \(t) time steps are fewer than the window's \(window.span) with padding 'valid'")
        }
        return [[shape[0], window.outputSteps(shape[1]), filters]]
    }

    private func inputShape(_ inputShapes: [[Int?]]) throws -> [Int?] {
        guard inputShapes.count == 1, inputShapes[0].count == 3 else {
            throw ZooError("\(label): expected one input of shape (batch, time, channels), got \(inputShapes.map { Shape.describe($0) }.joined(separator: ", "))")
        }
        return inputShapes[0]
    }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        try requireBuilt()
        let y = try ConvOps.conv1d(inputs[0], kernel!.variable, bias?.variable, window: window, where_: label)
        return LayerOutput([ElementwiseOps.activation(y, activation)])
    }
}
