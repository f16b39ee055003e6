/// Keras's functional API in Swift: declare inputs, call layers (by Keras class name and
/// config, exactly as a saved model describes them) on tensors, and make a `Model`.
///
///     let b = ModelBuilder(name: "classifier")
///     let x = b.input("tokens", shape: [nil, 20], dtype: "int32")
///     let e = try b.call("Embedding", ["name": "embed", "input_dim": 50, "output_dim": 16], x)[0]
///     let model = try b.model(outputs: [try b.call("LSTM", ["name": "lstm", "units": 32], e)[0]])
public final class ModelBuilder {
    public let name: String
    private var inputs: [ModelInput] = []
    private var layers: [Layer] = []
    private var nodes: [Model.Node] = []

    public init(name: String) {
        self.name = name
    }

    /// A model input; `shape` excludes the batch axis.
    public func input(_ name: String, shape: [Int?], dtype: String = "float32") -> TensorRef {
        inputs.append(ModelInput(name: name, shape: [nil] + shape, dtype: dtype))
        return TensorRef(layer: name)
    }

    /// Creates a layer from its Keras class name and config and calls it on `inputs` (passed as
    /// one list when `listArgument`, as Attention takes [query, value], and always to the merge
    /// layers), with optional
    /// `initialState` and `attentionMask` (MultiHeadAttention's). Returns the call's outputs (e.g.
    /// [sequence, h, c] for return_state).
    @discardableResult
    public func call(_ className: String, _ config: JSONValue, _ inputs: TensorRef..., initialState: [TensorRef] = [],
                     attentionMask: TensorRef? = nil, listArgument: Bool = false, outputs: Int = 1) throws -> [TensorRef] {
        let layer = try LayerRegistry.shared.make(LayerConfig(className: className, json: config))
        guard !layers.contains(where: { $0.name == layer.name }) else {
            throw ZooError("model '\(name)': two layers are named '\(layer.name)'")
        }
        layers.append(layer)
        let takesList = layer is Merge || layer is Concatenate || layer is Dot
        return call(layerIndex: layers.count - 1, inputs, initialState: initialState, attentionMask: attentionMask,
                    listArgument: listArgument || takesList, outputs: outputs)
    }

    /// Calls an existing layer of this builder again (shared weights).
    @discardableResult
    public func call(shared layerName: String, _ inputs: TensorRef..., initialState: [TensorRef] = [], outputs: Int = 1) throws -> [TensorRef] {
        guard let i = layers.firstIndex(where: { $0.name == layerName }) else {
            throw ZooError("model '\(name)': no layer named '\(layerName)' to share")
        }
        return call(layerIndex: i, inputs, initialState: initialState, attentionMask: nil, listArgument: false, outputs: outputs)
    }

    private func call(layerIndex: Int, _ inputs: [TensorRef], initialState: [TensorRef], attentionMask: TensorRef?, listArgument: Bool,
                      outputs: Int) -> [TensorRef] {
        let callIndex = nodes.filter { $0.layer == layerIndex }.count
        nodes.append(Model.Node(layer: layerIndex, inputs: inputs + initialState, positional: inputs.count,
                                listArg: listArgument, callIndex: callIndex, attentionMask: attentionMask))
        return (0..<outputs).map { TensorRef(layer: layers[layerIndex].name, node: callIndex, index: $0) }
    }

    /// The Functional model with these outputs, its weights built from `seed`.
    public func model(outputs: [TensorRef], seed: UInt64 = 0) throws -> Model {
        let model = Model(name: name, isSequential: false, layers: layers, inputs: inputs, nodes: nodes, outputs: outputs)
        try model.build(seed: seed)
        return model
    }

    /// A Sequential model: one input (shape without batch axis), then each (class name, config).
    public static func sequential(name: String, input: ModelInput, layers: [(String, JSONValue)], seed: UInt64 = 0) throws -> Model {
        let made = try layers.map { try LayerRegistry.shared.make(LayerConfig(className: $0.0, json: $0.1)) }
        let model = Model.sequential(name: name, input: ModelInput(name: input.name, shape: [nil] + input.shape, dtype: input.dtype), layers: made)
        try model.build(seed: seed)
        return model
    }
}
