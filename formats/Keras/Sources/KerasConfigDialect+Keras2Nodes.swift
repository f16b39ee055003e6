import ZooCore

/// Reading the Keras 2 (tf_keras) dialect's inbound nodes: the core reads one node form, Keras
/// 3's (`Model.fromKeras`), with tf_keras's meanings said by its call argument `mask_source`
/// (`CallMaskSource`).
extension KerasConfigDialect {
    /// Whether a Keras 2 node's inputs after the first are the layer's initial states: a
    /// recurrent class of the layer registry (`LayerRegistry.isRecurrent`: any cell's layer, Keras
    /// 2's CuDNNLSTM/CuDNNGRU, Bidirectional) or a layer with tf_keras's RNN config key
    /// `return_sequences`.
    static func takesInitialStates(_ entry: JSONValue, className: String) -> Bool {
        LayerRegistry.isRecurrent(className) || entry["config"]?["return_sequences"] != nil
    }
    /// MultiHeadAttention's call arguments tf_keras records beside the query.
    static let attentionArguments = ["value", "key", "attention_mask"]
    /// The other call arguments of a Keras 2 node the core reads.
    static let keras2CallOptions = ["use_causal_mask", "return_attention_scores"]

    /// `top` with its layers' Keras 2 inbound nodes in the Keras 3 form:
    /// - `[[name, node, index, kwargs], …]` becomes `{"args", "kwargs"}`: a recurrent layer's
    ///   (`takesInitialStates`) inputs after the first are its `initial_state`, another layer's
    ///   several inputs one list argument; MultiHeadAttention's `value`, `key` and
    ///   `attention_mask`, which tf_keras records beside the query, and `use_causal_mask` and
    ///   `return_attention_scores` are keyword arguments;
    /// - tf_keras masks a call given initial states with its input's mask (`mask_source`
    ///   "inputs"; Keras 3 runs it unmasked), and runs a call given `{"mask": null}` unmasked with
    ///   no output mask ("none"; Keras 3's `mask: null` leaves a call without initial states
    ///   masked, one with them keeping its input's mask).
    /// With `keras2` (the config is read with tf_keras's meanings) its Keras 3-form nodes get the
    /// same meanings (a Keras 3 config given Keras 2 meanings: `--config` beside a Keras 2 weights
    /// file); a node that has a `mask_source` keeps it unless it has `mask: null`. A tensor
    /// reference that is not `[name, node, index, …]` is refused in one line naming the layer.
    static func keras3Nodes(_ top: JSONValue, keras2: Bool) throws -> JSONValue {
        guard let config = top["config"], let entries = config["layers"]?.arrayValue else { return top }
        let layers = try entries.map { entry -> JSONValue in
            guard let nodes = entry["inbound_nodes"]?.arrayValue else { return entry }
            let className = entry["class_name"]?.stringValue ?? "?"
            let label = "\(className) '\(entry["name"]?.stringValue ?? entry["config"]?["name"]?.stringValue ?? "?")'"
            let recurrent = takesInitialStates(entry, className: className)
            return entry.setting("inbound_nodes", .array(try nodes.map { node in
                node["args"] == nil ? try keras3Node(node, recurrent: recurrent, label: label) : keras2 ? keras2Meanings(node) : node
            }))
        }
        return top.setting("config", config.setting("layers", .array(layers)))
    }

    /// A Keras 2 node `[[name, node, index, kwargs], …]` in the Keras 3 form.
    private static func keras3Node(_ node: JSONValue, recurrent: Bool, label: String) throws -> JSONValue {
        guard let items = node.arrayValue else { throw ZooError("\(label): unreadable inbound node \(node.serialized().prefix(120))") }
        let tensors = try items.map { try tensor($0, label: label) }
        let recorded = items.first?[3] ?? [:]
        var kwargs: JSONValue = [:]
        for name in attentionArguments {
            if let value = recorded[name], !value.isNull { kwargs = kwargs.setting(name, try tensor(value, label: "\(label) \(name)")) }
        }
        for name in keras2CallOptions {
            if let value = recorded[name] { kwargs = kwargs.setting(name, value) }
        }
        let args: [JSONValue]
        if recurrent {
            args = Array(tensors.prefix(1))
            if tensors.count > 1 { kwargs = kwargs.setting("initial_state", .array(Array(tensors.dropFirst()))) }
        } else {
            args = tensors.count > 1 ? [.array(tensors)] : tensors
        }
        if items.contains(where: { $0[3]?["mask"]?.isNull == true }) {
            kwargs = CallMaskSource.unmasked.written(into: kwargs)
        } else if recurrent && tensors.count > 1 {
            kwargs = CallMaskSource.inputs.written(into: kwargs)
        }
        return ["args": .array(args), "kwargs": kwargs]
    }

    /// A Keras 3-form node read with tf_keras's meanings (see `keras3Nodes`): `mask: null` runs
    /// the call unmasked whatever `mask_source` it has.
    private static func keras2Meanings(_ node: JSONValue) -> JSONValue {
        let kwargs = node["kwargs"] ?? [:]
        guard kwargs["mask"].map({ $0.isNull }) ?? true,
              !Model.attentionMaskArguments.contains(where: { kwargs[$0].map { !$0.isNull } ?? false }) else { return node }
        if kwargs["mask"] != nil {
            let unmasked = JSONValue.object((kwargs.objectValue ?? []).filter { $0.0 != "mask" && $0.0 != CallMaskSource.key })
            return node.setting("kwargs", CallMaskSource.unmasked.written(into: unmasked))
        }
        guard kwargs[CallMaskSource.key] == nil, let states = kwargs["initial_state"], !states.isNull else { return node }
        return node.setting("kwargs", CallMaskSource.inputs.written(into: kwargs))
    }

    /// The Keras 3 tensor `{"class_name": "__keras_tensor__", "config": {"keras_history": …}}` of
    /// a Keras 2 reference `[name, node, index, …]`.
    private static func tensor(_ ref: JSONValue, label: String) throws -> JSONValue {
        guard let items = ref.arrayValue, items.count >= 3, items[0].stringValue != nil, items[1].intValue != nil, items[2].intValue != nil else {
            throw ZooError("\(label): cannot read a tensor reference from \(ref.serialized().prefix(160))")
        }
        return ["class_name": "__keras_tensor__", "config": ["keras_history": .array(Array(items.prefix(3)))]]
    }
}
