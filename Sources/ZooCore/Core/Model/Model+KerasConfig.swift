/// Reading and writing the Keras model config (the `config.json` of a `.keras` archive, the
/// `model_config` attribute of an `.h5`) in its Keras 3 form: `batch_shape` (or `batch_input_shape`),
/// `{"args", "kwargs"}` inbound nodes, `initial_state` in kwargs. Unknown config keys are ignored.
/// A Keras 2 (tf_keras) config is read through formats/Keras, which turns its nodes into this
/// form and its meanings into the layers' options and the calls' `mask_source` (`CallMaskSource`).
///
/// Keras 3 call arguments: `initial_state`; `mask` (Keras records the mask it passed, computed by
/// `keras.src.ops` entries such as NotEqual, see `KerasMaskOp`); `use_causal_mask`, which the
/// layer's config holds here (`callOptions`). Keras 3 passes a mask only to calls with one tensor
/// argument: a call with `initial_state` and no recorded `mask` runs unmasked, as in Keras 3, and
/// its outputs still carry the masks the layer passes on from its input's (`keepsInputMask`:
/// Keras 3 sets output masks from the first argument's mask when no `mask` was passed).
/// MultiHeadAttention's call: `args` [query, value(, key)] (or as keyword arguments), the
/// `attention_mask` tensor, and the `query_mask`/`value_mask`/`key_mask` Keras recorded (read as
/// the call's explicit masks). `return_attention_scores=True` is refused. This model's own call
/// argument `mask_source` says what Keras 3's cannot: a call given initial states and masked with
/// its input's mask ("inputs"), a call run unmasked whose outputs carry no mask ("none").
/// The writer writes back the masks and operations it read, and leaves the others implicit (Keras
/// recomputes them on load as it propagates them); a call given initial states and masked with
/// its input's mask is written with `mask_source` "inputs", which formats/Keras turns into an
/// explicit mask for Keras 3.
extension Model {
    /// Call arguments of Keras 3 that this model keeps in the layer config.
    static let callOptions = ["use_causal_mask"]

    /// Builds the model described by a top-level Keras 3 config
    /// (`{"class_name": "Sequential" | "Functional" | "Model", "config": {...}}`); the layers'
    /// meanings are their configs' options (`LayerConfig`), the calls' masks their nodes' (`node`).
    /// Weights are created with `seed`, or, with `weightsFromFile`, left without values for the
    /// caller to fill from a file (`buildForFileWeights`).
    public static func fromKeras(config top: JSONValue, seed: UInt64 = 0, weightsFromFile: Bool = false) throws -> Model {
        guard let className = top["class_name"]?.stringValue, let config = top["config"] else {
            throw ZooError("model config: expected {\"class_name\": ..., \"config\": ...}")
        }
        let model: Model
        switch className {
        case "Sequential": model = try sequential(config)
        case "Functional", "Model": model = try functional(config)
        default: throw ZooError("model config: unsupported model class '\(className)' (Sequential, Functional)")
        }
        if weightsFromFile {
            try model.buildForFileWeights()
        } else {
            try model.build(seed: seed)
        }
        return model
    }

    private static func sequential(_ config: JSONValue) throws -> Model {
        let name = config["name"]?.stringValue ?? "sequential"
        guard var entries = config["layers"]?.arrayValue else { throw ZooError("Sequential '\(name)': config has no layers") }
        var input: ModelInput
        if let first = entries.first, first["class_name"]?.stringValue == "InputLayer" {
            input = try ModelInput(inputLayerConfig: first["config"] ?? .object([]), fallbackName: "input_layer")
            entries.removeFirst()
        } else if let first = entries.first?["config"], let shape = (first["batch_shape"] ?? first["batch_input_shape"])?.arrayValue {
            input = ModelInput(name: "input_layer", shape: try ModelInput.dims(shape, where_: "Sequential '\(name)' batch_shape"),
                               dtype: ModelInput.dtypeName(first["dtype"]) ?? "float32")
        } else if let shape = config["build_input_shape"]?.arrayValue {
            input = ModelInput(name: "input_layer", shape: try ModelInput.dims(shape, where_: "Sequential '\(name)' build_input_shape"))
        } else {
            throw ZooError("Sequential '\(name)': no InputLayer and no input shape in the config")
        }
        let layers = try entries.map { try LayerRegistry.shared.make(entry: $0) }
        if layers.first is Embedding { input.dtype = "int32" }
        return Model.sequential(name: name, input: input, layers: layers)
    }

    private static func functional(_ config: JSONValue) throws -> Model {
        let name = config["name"]?.stringValue ?? "functional"
        guard let entries = config["layers"]?.arrayValue else { throw ZooError("Functional '\(name)': config has no layers") }
        var inputs: [String: ModelInput] = [:]
        var layers: [Layer] = []
        var pending: [Node] = []
        var maskOps: [String: KerasMaskOp] = [:]
        for entry in entries {
            let className = entry["class_name"]?.stringValue ?? "?"
            let layerName = entry["name"]?.stringValue ?? entry["config"]?["name"]?.stringValue ?? "?"
            if className == "InputLayer" {
                inputs[layerName] = try ModelInput(inputLayerConfig: entry["config"] ?? .object([]), fallbackName: layerName)
                continue
            }
            if KerasMaskOp.isOperation(entry) {
                let op = try KerasMaskOp(entry: entry)
                maskOps[op.name] = op
                continue
            }
            let nodesJSON = entry["inbound_nodes"]?.arrayValue ?? []
            let layer = try LayerRegistry.shared.make(entry: try withCallOptions(entry, nodes: nodesJSON))
            layers.append(layer)
            for (call, nodeJSON) in nodesJSON.enumerated() {
                pending.append(try node(nodeJSON, layer: layer, index: layers.count - 1, call: call))
            }
        }
        for n in pending {
            if let ref = n.inputs.first(where: { maskOps[$0.layer] != nil }) {
                throw ZooError("\(layers[n.layer].label): input \(ref) is computed by a Keras operation, which is supported only as a mask")
            }
        }
        /// The graph tensors a mask is computed from (through its Keras operations).
        func sources(_ ref: TensorRef) -> [TensorRef] { maskOps[ref.layer].map { $0.inputs.flatMap(sources) } ?? [ref] }
        let inputRefs = try refList(config["input_layers"], where_: "Functional '\(name)' input_layers")
        let outputRefs = try refList(config["output_layers"], where_: "Functional '\(name)' output_layers")
        let modelInputs = try inputRefs.map { ref -> ModelInput in
            guard let i = inputs[ref.layer] else { throw ZooError("Functional '\(name)': input '\(ref.layer)' is not an InputLayer") }
            return i
        }
        // Order the calls so that each runs after the calls producing its inputs.
        var available = Set(inputRefs.map(\.layer))
        var ordered: [Node] = []
        while !pending.isEmpty {
            guard let i = pending.firstIndex(where: { n in
                (n.inputs + ((n.masks ?? []) + [n.attentionMask]).compactMap { $0 }.flatMap(sources)).allSatisfy { available.contains($0.layer + "#\($0.node)") || inputs[$0.layer] != nil }
            }) else {
                let names = pending.map { layers[$0.layer].label }.joined(separator: ", ")
                throw ZooError("Functional '\(name)': cannot order the graph; inputs missing for \(names)")
            }
            let n = pending.remove(at: i)
            available.insert(layers[n.layer].name + "#\(n.callIndex)")
            ordered.append(n)
        }
        return Model(name: name, isSequential: false, layers: layers, inputs: modelInputs, nodes: ordered, outputs: outputRefs,
                     maskOps: maskOps)
    }

    /// The layer entry with the `callOptions` its calls pass put into its config (all calls must
    /// agree: the option is one per layer here).
    private static func withCallOptions(_ entry: JSONValue, nodes: [JSONValue]) throws -> JSONValue {
        var config = entry["config"] ?? .object([])
        for key in callOptions {
            let values = nodes.compactMap { $0["kwargs"]?[key] }.filter { !$0.isNull }
            guard let first = values.first else { continue }
            guard values.count == nodes.count, values.allSatisfy({ $0 == first }) else {
                throw ZooError("layer '\(entry["name"]?.stringValue ?? "?")': its calls differ in '\(key)'; one value per layer is supported")
            }
            config = config.setting(key, first)
        }
        return entry.setting("config", config)
    }

    /// One inbound node of `layer` (the model's layer `index`), `{"args": [...], "kwargs": {...}}`.
    private static func node(_ json: JSONValue, layer: Layer, index: Int, call: Int) throws -> Node {
        let where_ = layer.label
        guard let args = json["args"]?.arrayValue else {
            throw ZooError("\(where_): inbound node \(json.serialized().prefix(120)) is not in the Keras 3 form {\"args\", \"kwargs\"} "
                           + "(formats/Keras reads Keras 2 configs)")
        }
        var refs: [TensorRef] = []
        var listArg = false
        for a in args {
            if let list = a.arrayValue {
                listArg = true
                refs += try list.map { try TensorRef(keras: $0, where_: where_) }
            } else if a["class_name"]?.stringValue == "__keras_tensor__" {
                refs.append(try TensorRef(keras: a, where_: where_))
            }
        }
        let kwargs = json["kwargs"] ?? [:]
        try refuseAttentionScores(kwargs, where_: where_)
        refs += try attentionTensors(kwargs, ["query", "value", "key"], where_: where_).compactMap { $0 }
        let positional = refs.count
        if let states = kwargs["initial_state"], !states.isNull {
            refs += try (states.arrayValue ?? [states]).map { try TensorRef(keras: $0, where_: where_) }
        }
        var masks: [TensorRef?]?
        var keepsInputMask = false
        let attentionMasks = try attentionTensors(kwargs, attentionMaskArguments, where_: where_)
        if let source = try CallMaskSource.read(kwargs, maskArguments: ["mask"] + attentionMaskArguments, label: where_) {
            masks = source == .unmasked ? [] : nil
        } else if let mask = kwargs["mask"], !mask.isNull {
            masks = try (mask.arrayValue ?? [mask]).map { try $0.isNull ? nil : TensorRef(keras: $0, where_: where_) }
            guard masks!.count <= positional else { throw ZooError("\(where_): \(masks!.count) masks for \(positional) input(s)") }
        } else if attentionMasks.contains(where: { $0 != nil }) {
            masks = attentionMasks
        } else if refs.count > positional {
            masks = []
            keepsInputMask = true
        }
        let attentionMask = try attentionTensors(kwargs, ["attention_mask"], where_: where_)[0]
        return Node(layer: index, inputs: refs, positional: positional, listArg: listArg, callIndex: call, masks: masks,
                    attentionMask: attentionMask, keepsInputMask: keepsInputMask)
    }

    /// MultiHeadAttention's mask call arguments, in input order.
    public static let attentionMaskArguments = ["query_mask", "value_mask", "key_mask"]

    /// The tensors given as the call arguments `names` (nil where absent or null).
    private static func attentionTensors(_ kwargs: JSONValue, _ names: [String], where_: String) throws -> [TensorRef?] {
        try names.map { name in
            guard let v = kwargs[name], !v.isNull else { return nil }
            return try TensorRef(keras: v, where_: "\(where_) \(name)")
        }
    }

    private static func refuseAttentionScores(_ kwargs: JSONValue, where_: String) throws {
        if kwargs["return_attention_scores"]?.boolValue == true {
            throw ZooError("\(where_): return_attention_scores=True is not supported; call the layer without it")
        }
    }

    /// `["name", 0, 0]` or `[["name", 0, 0], ...]`.
    private static func refList(_ json: JSONValue?, where_: String) throws -> [TensorRef] {
        guard let items = json?.arrayValue, !items.isEmpty else { throw ZooError("\(where_): missing") }
        if items[0].stringValue != nil { return [try TensorRef(keras: .array(items), where_: where_)] }
        return try items.map { try TensorRef(keras: $0, where_: where_) }
    }

    /// The Keras 3 config of this model (what `config.json` holds).
    public func kerasConfig() throws -> JSONValue {
        let shapes = try outputShapes()
        func entry(_ layer: Layer, nodes: [JSONValue]?) -> JSONValue {
            let config = JSONValue.object((layer.config.json.objectValue ?? []).filter { !Model.callOptions.contains($0.0) })
            var e: JSONValue = ["module": "keras.layers", "class_name": .string(type(of: layer).kerasClassName),
                                "config": config, "registered_name": nil]
            if let nodes { e = e.setting("name", .string(layer.name)).setting("inbound_nodes", .array(nodes)) }
            return e
        }
        func shapeJSON(_ s: [Int?]) -> JSONValue { .array(s.map { $0.map { .number(Double($0)) } ?? .null }) }
        func maskShape(_ ref: TensorRef) -> [Int?] {
            guard let op = maskOps[ref.layer] else { return shapes[ref] ?? [] }
            return op.outputShape(op.inputs.map(maskShape))
        }
        func maskTensor(_ ref: TensorRef) -> JSONValue {
            let config = ref.kerasTensor["config"]!.setting("shape", shapeJSON(maskShape(ref))).setting("dtype", "bool")
            return ref.kerasTensor.setting("config", config)
        }
        if isSequential {
            let layerEntries = [inputs[0].inputLayerEntry] + layers.map { entry($0, nodes: nil) }
            return ["module": "keras", "class_name": "Sequential",
                    "config": ["name": .string(name), "trainable": true, "layers": .array(layerEntries)],
                    "registered_name": nil, "build_config": ["input_shape": shapeJSON(inputs[0].shape)]]
        }
        var layerEntries = inputs.map(\.inputLayerEntry) + maskOps.keys.sorted().map { maskOps[$0]!.entry }
        for (i, layer) in layers.enumerated() {
            let calls = nodes.filter { $0.layer == i }.sorted { $0.callIndex < $1.callIndex }
            let nodeJSON = calls.map { n -> JSONValue in
                func tensor(_ ref: TensorRef) -> JSONValue {
                    var config = ref.kerasTensor["config"]!
                    if let s = shapes[ref] { config = config.setting("shape", shapeJSON(s)) }
                    let dtype = inputs.first { $0.name == ref.layer }?.dtype ?? "float32"
                    return ref.kerasTensor.setting("config", config.setting("dtype", .string(dtype)))
                }
                let tensors = n.inputs.map(tensor)
                let positional = Array(tensors.prefix(n.positional))
                var kwargs: JSONValue = [:]
                if n.inputs.count > n.positional { kwargs = kwargs.setting("initial_state", .array(Array(tensors.dropFirst(n.positional)))) }
                if let ref = n.attentionMask { kwargs = kwargs.setting("attention_mask", maskOps[ref.layer] == nil ? tensor(ref) : maskTensor(ref)) }
                if let masks = n.masks, !masks.isEmpty {
                    let refs = masks.map { $0.map(maskTensor) ?? .null }
                    if layer is MultiHeadAttention {
                        for (name, ref) in zip(Model.attentionMaskArguments, refs) where !ref.isNull { kwargs = kwargs.setting(name, ref) }
                    } else {
                        kwargs = kwargs.setting("mask", refs.count == 1 ? refs[0] : .array(refs))
                    }
                } else if n.masks?.isEmpty == true && !n.keepsInputMask {
                    kwargs = CallMaskSource.unmasked.written(into: kwargs)
                } else if n.masks == nil && n.inputs.count > n.positional {
                    kwargs = CallMaskSource.inputs.written(into: kwargs)
                }
                for key in Model.callOptions {
                    if let v = layer.config[key], !v.isNull { kwargs = kwargs.setting(key, v) }
                }
                return ["args": n.listArg ? [.array(positional)] : .array(positional), "kwargs": kwargs]
            }
            layerEntries.append(entry(layer, nodes: nodeJSON))
        }
        func refJSON(_ r: TensorRef) -> JSONValue { [.string(r.layer), .number(Double(r.node)), .number(Double(r.index))] }
        return ["module": "keras.src.models.functional", "class_name": "Functional",
                "config": ["name": .string(name), "trainable": true, "layers": .array(layerEntries),
                           "input_layers": .array(inputs.map { refJSON(TensorRef(layer: $0.name)) }),
                           "output_layers": .array(outputs.map(refJSON))],
                "registered_name": "Functional"]
    }
}
