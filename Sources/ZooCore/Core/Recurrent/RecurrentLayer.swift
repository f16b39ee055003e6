/// A Keras recurrent layer: a `RecurrentCell` run over time by `Recurrence`, with the Keras
/// options `return_sequences`, `return_state`, `go_backwards`, `stateful`, `dropout`,
/// `recurrent_dropout`, masks and `initial_state` (extra inputs after the sequence).
///
/// Weights (Keras order and names): kernel [I, G·H], recurrent_kernel [H, G·H], bias.
public final class RecurrentLayer<Cell: RecurrentCell>: Layer {
    public static var kerasClassName: String { Cell.kerasClassName }
    public private(set) var config: LayerConfig
    public let cell: Cell
    public let returnSequences: Bool
    public let returnState: Bool
    public let goBackwards: Bool
    public let stateful: Bool
    public let dropout: Float
    let recurrentDropout: Float
    /// Masked steps output zeros (set by Bidirectional for return_sequences).
    public var zeroOutputForMask = false
    /// The Keras 2 class whose cuDNN weight layout files hold (CuDNNLSTM, CuDNNGRU), or nil.
    private(set) var cuDNNSource: String?
    /// Prefix of the weight paths ("bilstm/forward_lstm" inside a Bidirectional).
    public var weightPathPrefix: String
    let kernelInitializer: Initializer
    let recurrentInitializer: Initializer

    public private(set) var kernel: Weight?
    private(set) var recurrentKernel: Weight?
    public private(set) var bias: Weight?
    /// Carried states of a stateful layer ([B, H] each), nil until the first call.
    public private(set) var states: [Tensor]?

    public init(config: LayerConfig) throws {
        self.config = config
        cell = try Cell(config: config)
        guard cell.units > 0 else { throw ZooError("\(config.label): units must be positive, got \(cell.units)") }
        for f in [cell.activation] where f == .softmax || f == .logSoftmax {
            throw ZooError("\(config.label): \(f.kerasName) cannot be a recurrent activation")
        }
        for key in ["activation", "recurrent_activation"] where config[key] != nil {
            let f = try config.activation(key, default: "linear")
            if f.needsInput { throw ZooError("\(config.label): \(key) '\(f.kerasName)' is not supported inside a recurrent cell (its gradient needs the cell's pre-activations)") }
        }
        returnSequences = try config.bool("return_sequences", default: false)
        returnState = try config.bool("return_state", default: false)
        goBackwards = try config.bool("go_backwards", default: false)
        stateful = try config.bool("stateful", default: false)
        dropout = try config.rate("dropout")
        recurrentDropout = try config.rate("recurrent_dropout")
        kernelInitializer = Initializer(keras: config["kernel_initializer"], fallback: .glorotUniform)
        recurrentInitializer = Initializer(keras: config["recurrent_initializer"], fallback: .orthogonal)
        weightPathPrefix = config.name
        if try config.bool("time_major", default: false) {
            throw ZooError("\(config.label): time_major=True is not supported; feed (batch, time, features)")
        }
    }

    public var weights: [Weight] { [kernel, recurrentKernel, bias].compactMap { $0 } }
    public var isBuilt: Bool { kernel != nil }

    public func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {
        guard let shape = inputShapes.first, shape.count == 3, let inDim = shape[2] else {
            throw ZooError("\(label): needs an input of shape (batch, time, features) with known features, got \(inputShapes.first.map { Shape.describe($0) } ?? "nothing")")
        }
        let g = Cell.gateCount * cell.units
        let prefix = "\(weightPathPrefix)/\(Cell.kerasCellName)"
        kernel = try Weight(name: "kernel", path: "\(prefix)/kernel", shape: [inDim, g], initializer: kernelInitializer, using: &rng)
        recurrentKernel = try Weight(name: "recurrent_kernel", path: "\(prefix)/recurrent_kernel", shape: [cell.units, g],
                                     initializer: recurrentInitializer, using: &rng)
        if cell.useBias {
            bias = try Weight(name: "bias", path: "\(prefix)/bias", shape: cell.biasShape, using: &rng) { [cell] in cell.initialBias(using: &$0) }
        }
        if let cuDNNSource {
            let forms = CuDNNWeightLayout.forms(source: cuDNNSource, gates: Cell.gateCount, units: cell.units, inputWidth: inDim,
                                                splitBias: cell.biasShape.count == 2)
            kernel?.fileForm = forms.kernel
            recurrentKernel?.fileForm = forms.recurrentKernel
            bias?.fileForm = forms.bias
        }
    }

    public func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] {
        let shape = inputShapes[0]
        let b = shape.first ?? nil, t: Int? = shape.count > 1 ? shape[1] : nil
        var out: [[Int?]] = [returnSequences ? [b, t, cell.units] : [b, cell.units]]
        if returnState { out += Array(repeating: [b, cell.units], count: Cell.stateCount) }
        return out
    }

    /// Zeroes the carried states of a stateful layer.
    public func resetStates() {
        states = nil
    }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...(1 + Cell.stateCount))
        try requireBuilt()
        let x = inputs[0]
        if let cuDNNSource, masks.first ?? nil != nil {
            throw ZooError("\(label): a mask reaches this \(cuDNNSource), which Keras 2 ran ignoring masks; as \(Self.kerasClassName) it would honour it and compute something else — remove mask_zero or Masking before it")
        }
        guard x.value.rank == 3 else { throw ZooError.shape(label, expected: "(batch, time, features)", got: x.shape) }
        let b = x.shape[0]
        var initial = Array(inputs.dropFirst())
        if initial.isEmpty, stateful, let states, states.first?.shape.first == b {
            initial = states.map { Variable($0) }
        }
        var op = Recurrence(cell: cell)
        op.goBackwards = goBackwards
        op.returnSequences = returnSequences
        op.zeroOutputForMask = zeroOutputForMask
        let inputMask = context.training && dropout > 0 ? context.dropoutMask([b, x.shape[2]], rate: dropout) : nil
        let recMask = context.training && recurrentDropout > 0 ? context.dropoutMask([b, cell.units], rate: recurrentDropout) : nil
        let outs = try op(x, initialStates: initial, kernel: kernel!.variable, recurrentKernel: recurrentKernel!.variable,
                          bias: bias?.variable, mask: masks.first ?? nil, inputDropout: inputMask,
                          recurrentDropout: recMask, layer: label)
        if stateful { states = outs.dropFirst().map(\.value) }
        let outMask = returnSequences ? (masks.first ?? nil) : nil
        if returnState {
            return LayerOutput(outs, masks: [outMask] + Array(repeating: nil, count: Cell.stateCount))
        }
        return LayerOutput([outs[0]], masks: [outMask])
    }
}

extension RecurrentLayer {
    /// A layer read from a Keras 2 CuDNNLSTM / CuDNNGRU entry: this class with cuDNN's fixed
    /// choices (tanh, sigmoid gates, a bias; GRU with reset_after) whose weights files hold in
    /// cuDNN's layout (`CuDNNWeightLayout`); written back as this class.
    public static func cuDNN(config: LayerConfig) throws -> RecurrentLayer {
        var native = LayerConfig(className: kerasClassName, json: config.json)
        native["activation"] = "tanh"
        native["recurrent_activation"] = "sigmoid"
        native["use_bias"] = true
        if Cell.gateCount == 3 { native["reset_after"] = true }
        let layer = try RecurrentLayer(config: native)
        layer.cuDNNSource = config.className
        return layer
    }
}
