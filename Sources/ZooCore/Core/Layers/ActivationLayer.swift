/// Keras Activation: applies one activation elementwise (softmax over the last axis) to x of
/// any shape [B, …]. The Swift name differs from Keras's `Activation` only because the core's
/// activation function type holds that name. Supported: linear, tanh, sigmoid, hard_sigmoid,
/// relu, softmax. Refused at construction, with one line: the other names of Keras 3.15's
/// `keras.activations` (celu, elu, exponential, gelu, glu, hard_shrink, hard_silu, hard_swish,
/// hard_tanh, leaky_relu, log_sigmoid, log_softmax, mish, relu6, selu, silu, soft_shrink,
/// softplus, softsign, sparse_plus, sparse_sigmoid, sparsemax, squareplus, swish, tanh_shrink,
/// threshold). No weights; the mask passes on.
public final class ActivationLayer: Layer {
    public static let kerasClassName = "Activation"
    public private(set) var config: LayerConfig
    public let activation: Activation

    public init(config: LayerConfig) throws {
        self.config = config
        guard config["activation"]?.stringValue != nil else {
            throw ZooError("\(config.label): 'activation' must be the name of a Keras activation, got \(config["activation"]?.serialized() ?? "nothing")")
        }
        activation = try config.activation("activation", default: "linear")
    }

    public var weights: [Weight] { [] }
    public var isBuilt: Bool { true }
    public func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {}
    public func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] { inputShapes }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        return LayerOutput([ElementwiseOps.activation(inputs[0], activation)], masks: [masks.first ?? nil])
    }
}
