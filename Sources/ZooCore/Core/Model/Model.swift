/// A Keras-style model: Sequential or Functional (several inputs and outputs, layers called
/// with `initial_state`, shared state between encoder and decoder), built from and written to
/// a Keras config (`class_name` + `config`) so a saved model describes itself.
public final class Model {
    /// One layer call of the graph, in execution order.
    struct Node {
        var layer: Int
        /// Positional inputs, then `initial_state` tensors.
        var inputs: [TensorRef]
        /// The number of positional inputs among `inputs` (the rest are initial states).
        var positional: Int
        /// Whether the positional inputs were passed as one list (Attention's [q, v]).
        var listArg: Bool
        /// Index of this call among the layer's calls.
        var callIndex: Int
        /// The masks of the positional inputs when the call fixes them: the `mask` call argument
        /// Keras recorded (nil entries and missing ones: no mask); empty: the call runs unmasked
        /// (`CallMaskSource.unmasked`, or Keras 3's call given initial states and no `mask`). Nil:
        /// each input's own mask (with initial states: `CallMaskSource.inputs`).
        var masks: [TensorRef?]?
        /// The `attention_mask` call argument (MultiHeadAttention), or nil.
        var attentionMask: TensorRef? = nil
        /// Keras 3's call given initial states and no `mask`: it runs unmasked (`masks` empty), but
        /// its outputs carry the masks the layer passes on from its input's own mask (Keras 3 sets
        /// them from the first argument's mask when no `mask` was passed).
        var keepsInputMask = false
    }

    public let name: String
    public let isSequential: Bool
    public let layers: [Layer]
    public let inputs: [ModelInput]
    let nodes: [Node]
    /// The Keras operations computing the explicit masks of `nodes`, by name.
    let maskOps: [String: KerasMaskOp]
    public let outputs: [TensorRef]
    init(name: String, isSequential: Bool, layers: [Layer], inputs: [ModelInput], nodes: [Node], outputs: [TensorRef],
         maskOps: [String: KerasMaskOp] = [:]) {
        self.name = name
        self.isSequential = isSequential
        self.layers = layers
        self.inputs = inputs
        self.nodes = nodes
        self.maskOps = maskOps
        self.outputs = outputs
    }

    /// A Sequential model of `layers` fed by one input of `inputShape` (with batch axis).
    public static func sequential(name: String, input: ModelInput, layers: [Layer]) -> Model {
        var nodes: [Node] = []
        var prev = TensorRef(layer: input.name)
        for (i, l) in layers.enumerated() {
            nodes.append(Node(layer: i, inputs: [prev], positional: 1, listArg: false, callIndex: 0))
            prev = TensorRef(layer: l.name)
        }
        return Model(name: name, isSequential: true, layers: layers, inputs: [input], nodes: nodes, outputs: [prev])
    }

    /// All weights, layer by layer in Keras order.
    public var weights: [Weight] { layers.flatMap(\.weights) }
    var trainableWeights: [Weight] { layers.flatMap(\.trainableWeights) }
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

    public func layer(named name: String) -> Layer? { layers.first { $0.name == name } }

    /// The first weight still without a value (built for a file that has not filled it), or nil.
    public var firstUnfilledWeight: Weight? { weights.first { !$0.isFilled } }

    /// Creates every layer's weights by propagating the input shapes through the graph.
    /// The same seed gives the same weights.
    public func build(seed: UInt64 = 0) throws {
        try build(using: SeededGenerator(seed: seed))
    }

    /// Gives every layer its weights' shapes without values, for a file to fill: no initializer
    /// runs and nothing is allocated (see `SeededGenerator.forFileWeights`).
    func buildForFileWeights() throws {
        try build(using: .forFileWeights)
    }

    private func build(using generator: SeededGenerator) throws {
        var rng = generator
        _ = try propagateShapes { layer, shapes in
            if !layer.isBuilt { try layer.build(inputShapes: shapes, rng: &rng) }
        }
    }

    /// Output shape of every layer call, keyed by tensor (used by `summary`).
    public func outputShapes() throws -> [TensorRef: [Int?]] {
        try propagateShapes { _, _ in }
    }

    private func propagateShapes(_ visit: (Layer, [[Int?]]) throws -> Void) throws -> [TensorRef: [Int?]] {
        var shapes: [TensorRef: [Int?]] = [:]
        for input in inputs { shapes[TensorRef(layer: input.name)] = input.shape }
        for node in nodes {
            let layer = layers[node.layer]
            let inShapes = try node.inputs.map { ref -> [Int?] in
                guard let s = shapes[ref] else { throw ZooError("\(layer.label): input \(ref) is not produced by any earlier layer") }
                return s
            }
            try visit(layer, inShapes)
            for (i, s) in try layer.outputShapes(inputShapes: inShapes).enumerated() {
                shapes[TensorRef(layer: layer.name, node: node.callIndex, index: i)] = s
            }
        }
        return shapes
    }

    /// Runs the graph on `inputs` (model-input order). Returns the outputs in model-output order.
    public func forward(_ inputs: [Variable], context: CallContext) throws -> [Variable] {
        guard inputs.count == self.inputs.count else {
            throw ZooError("model '\(name)': expects \(self.inputs.count) input(s) (\(self.inputs.map(\.name).joined(separator: ", "))), got \(inputs.count)")
        }
        var values: [TensorRef: (Variable, Tensor?)] = [:]
        for (spec, v) in zip(self.inputs, inputs) {
            try checkInput(spec, v.value)
            values[TensorRef(layer: spec.name)] = (v, nil)
        }
        for node in nodes {
            let layer = layers[node.layer]
            let args = try node.inputs.map { ref -> (Variable, Tensor?) in
                guard let v = values[ref] else { throw ZooError("\(layer.label): input \(ref) was not computed") }
                return v
            }
            var masks = Array(args.prefix(node.positional).map(\.1))
            if let explicit = node.masks {
                masks = try masks.indices.map { i in try explicit.indices.contains(i) ? explicit[i].map { try maskValue($0, values: &values) } : nil }
            }
            if let ref = node.attentionMask {
                masks = (0..<3).map { $0 < masks.count ? masks[$0] : nil } + [try maskValue(ref, values: &values)]
            }
            var out = try layer.call(args.map(\.0), masks: masks, context: context)
            if node.keepsInputMask { out.masks = LayerCall.passedMasks(args[0].1, of: layer, outputs: out.outputs.count) }
            for (i, (o, m)) in zip(out.outputs, out.masks).enumerated() {
                values[TensorRef(layer: layer.name, node: node.callIndex, index: i)] = (o, m)
            }
        }
        return try outputs.map { ref in
            guard let v = values[ref] else { throw ZooError("model '\(name)': output \(ref) was not computed") }
            return v.0
        }
    }

    /// The 0/1 value of an explicit mask: a computed tensor, or a Keras operation evaluated on one.
    private func maskValue(_ ref: TensorRef, values: inout [TensorRef: (Variable, Tensor?)]) throws -> Tensor {
        if let v = values[ref] { return v.0.value }
        guard let op = maskOps[ref.layer] else { throw ZooError("model '\(name)': mask \(ref) was not computed") }
        let y = try op.apply(try op.inputs.map { try maskValue($0, values: &values) })
        values[ref] = (Variable(y), nil)
        return y
    }

    /// Inference: outputs for plain tensors, without recording gradients.
    public func predict(_ inputs: [Tensor]) throws -> [Tensor] {
        try GradientMode.withoutGradients {
            try forward(inputs.map { Variable($0) }, context: CallContext(training: false)).map(\.value)
        }
    }

    /// Zeroes the carried state of every stateful recurrent layer.
    func resetStates() {
        for case let l as AnyRecurrentLayer in layers { l.resetStates() }
        for case let b as Bidirectional in layers {
            b.forward.resetStates()
            b.backward.resetStates()
        }
    }

    private func checkInput(_ spec: ModelInput, _ t: Tensor) throws {
        let ok = t.rank == spec.shape.count && zip(t.shape.dropFirst(), spec.shape.dropFirst()).allSatisfy { $1 == nil || $0 == $1! }
        guard ok else {
            throw ZooError.shape("model '\(name)' input '\(spec.name)'", expected: Shape.describe(spec.shape), got: t.shape)
        }
    }
}
