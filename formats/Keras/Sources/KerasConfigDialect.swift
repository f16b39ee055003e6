import ZooCore

/// Rewrites a Keras 3 model config (what `Model.kerasConfig()` gives) in the Keras 2 (tf_keras)
/// dialect: `batch_input_shape` instead of `batch_shape`, dtypes as plain strings, no
/// `module`/`registered_name`/`build_config` wrappers on the model's own layers (tf_keras keeps them on wrapped layers), and inbound nodes as
/// `[[[layer, node, index, {}], …]]` with initial states as extra inputs of the call, and
/// without the keys only Keras 3 knows (tf_keras refuses unknown keyword arguments) nor the layer
/// options that give tf_keras's meanings (`KerasConfigMeanings`: tf_keras has them unsaid) nor
/// the calls' `mask_source` (`CallMaskSource`: "inputs" is tf_keras's rule, "none" its
/// `{"mask": null}`). Reading the dialect: `keras3Nodes` (KerasConfigDialect+Keras2Nodes).
enum KerasConfigDialect {
    /// Layer config keys Keras 3 writes and tf_keras 2.21 does not accept (LayerNormalization's
    /// `rms_scaling` among them; `seed` is kept for
    /// Dropout, where tf_keras has it). `backward_layer` is left out: tf_keras mirrors `layer`
    /// (named without its `forward_` prefix, which tf_keras adds again).
    static let keras3OnlyKeys: Set<String> = ["quantization_config", "zero_output_for_mask", "backward_layer", "lora_rank", "lora_alpha",
                                              "rms_scaling"]
    /// Keys that only Keras 3 gives these layer classes (tf_keras's ZeroPadding1D pads the time
    /// axis of channels_last input and takes no data_format).
    static let keras3OnlyLayerKeys: [String: Set<String>] = ["ZeroPadding1D": ["data_format"],
                                                             "MultiHeadAttention": ["use_gate", "sliding_window", "flash_attention"]]
    /// Initializer config keys only Keras 3 has (GlorotUniform's fan axes).
    static let keras3OnlyInitializerKeys: Set<String> = ["input_axes", "output_axes"]

    /// `top` as tf_keras writes it.
    static func keras2(_ top: JSONValue) throws -> JSONValue {
        guard let config = top["config"] else { return top }
        // Keras 3 operations (masks given explicitly) have no tf_keras form; tf_keras propagates masks.
        let all = config["layers"]?.arrayValue ?? []
        let graph = KerasMaskGraph(entries: all)
        let entries = all.filter { !($0["module"]?.stringValue?.hasPrefix("keras.src.ops") ?? false) }
        let outputs = KerasConfigMigration.outputNames(top)
        for entry in entries { try refuseKeptMask(entry, graph, entries: entries, outputs: outputs) }
        let layers = try entries.map { try layer($0, graph) }
        var out = config.setting("layers", .array(layers))
        out = strip(out, ["build_input_shape"])
        return ["class_name": top["class_name"] ?? "Sequential", "config": out]
    }

    private static func layer(_ entry: JSONValue, _ graph: KerasMaskGraph) throws -> JSONValue {
        let className = entry["class_name"]?.stringValue ?? ""
        var config = layerConfig(entry["config"] ?? [:], className: className)
        // Keras 3's `use_causal_mask` call argument is tf_keras's (deprecated, still read) `causal`
        // (MultiHeadAttention's stays a call argument, as in tf_keras).
        if className != "MultiHeadAttention",
           entry["inbound_nodes"]?.arrayValue?.contains(where: { $0["kwargs"]?["use_causal_mask"]?.boolValue == true }) ?? false {
            config = config.setting("causal", true)
        }
        // tf_keras's MultiHeadAttention builds from the input shapes its config records.
        if className == "MultiHeadAttention", let first = entry["inbound_nodes"]?[0] {
            let args = KerasMaskGraph.tensors(of: first)
            let shapes = args.map { $0["config"]?["shape"] ?? .null }
            config = config.setting("query_shape", shapes.first ?? .null).setting("value_shape", shapes.count > 1 ? shapes[1] : .null)
                .setting("key_shape", shapes.count > 2 ? shapes[2] : shapes.count > 1 ? shapes[1] : .null)
        }
        var e: JSONValue = ["class_name": entry["class_name"] ?? .null, "config": config]
        if let name = entry["name"] { e = e.setting("name", name) }
        if let nodes = entry["inbound_nodes"]?.arrayValue {
            let label = "\(entry["class_name"]?.stringValue ?? "?") '\(entry["name"]?.stringValue ?? "?")'"
            e = e.setting("inbound_nodes", .array(try nodes.map { try node($0, graph, className: className, label: label) }))
        }
        return e
    }

    private static func layerConfig(_ config: JSONValue, className: String) -> JSONValue {
        guard let pairs = config.objectValue else { return config }
        let kept = pairs.filter { key, _ in
            !keras3OnlyKeys.contains(key) && !KerasConfigMeanings.keys.contains(key) && !(key == "seed" && className != "Dropout")
                && !(keras3OnlyLayerKeys[className]?.contains(key) ?? false)
        }
        return .object(kept.map { key, value in
            switch key {
            case "batch_shape": return ("batch_input_shape", value)
            case "dtype": return (key, value["config"]?["name"] ?? value)
            case "layer", "forward_layer":
                let inner = value["class_name"]?.stringValue ?? ""
                var innerConfig = layerConfig(value["config"] ?? [:], className: inner)
                if className == "Bidirectional", let name = innerConfig["name"]?.stringValue, name.hasPrefix("forward_") {
                    innerConfig = innerConfig.setting("name", .string(String(name.dropFirst("forward_".count))))
                }
                return (key, value.setting("config", innerConfig))
            default:
                if key.hasSuffix("_initializer"), let inner = value["config"]?.objectValue {
                    return (key, value.setting("config", .object(inner.filter { !keras3OnlyInitializerKeys.contains($0.0) })))
                }
                return (key, value)
            }
        })
    }

    /// `{"args": [...], "kwargs": {"initial_state": [...]}}` → `[[name, node, index, {}], …]`.
    /// Keras 3 passes no mask to a call with `initial_state` unless given one (`mask`), tf_keras
    /// passes its input's: such a call without a `mask` whose input carries one (or may: a layer
    /// the tracer does not know), or with `mask: null`, gets tf_keras's `{"mask": null}`, which
    /// runs it unmasked there too. A call's `mask_source` is tf_keras's: "inputs" its rule (no
    /// argument), "none" its `{"mask": null}`. An explicit `NotEqual`/`Any(NotEqual)` mask other
    /// than the one tf_keras would propagate has no tf_keras form and is refused.
    private static func node(_ node: JSONValue, _ graph: KerasMaskGraph, className: String, label: String) throws -> JSONValue {
        if className == "MultiHeadAttention" { return try attentionNode(node, graph, label: label) }
        let mask = node["kwargs"]?["mask"]
        let input = KerasMaskGraph.tensors(of: node).first ?? [:]
        let propagated: KerasMaskGraph.Origin?, inputMasked: Bool
        do {
            propagated = try graph.origin(of: input, for: label)
            inputMasked = propagated != nil
        } catch {
            (propagated, inputMasked) = (nil, true)
        }
        if let mask, let recorded = graph.recordedOrigin(of: mask), !(propagated.map { KerasMaskGraph.same($0, recorded) } ?? false) {
            throw ZooError("\(label): its call is given a mask other than the one its input carries, which a Keras 2 config cannot pass "
                           + "(tf_keras uses the input's own mask); write it for Keras 3 (without --keras2)")
        }
        let unmasked: Bool
        switch KerasConfigMigration.maskSource(of: node) {
        case .inputs: unmasked = false
        case .unmasked: unmasked = true
        case nil: unmasked = (node["kwargs"]?["initial_state"] != nil && mask == nil && inputMasked) || mask?.isNull == true
        }
        var tensors: [JSONValue] = []
        func collect(_ v: JSONValue) {
            if let list = v.arrayValue { list.forEach(collect); return }
            if let history = v["config"]?["keras_history"]?.arrayValue, history.count == 3 {
                tensors.append(.array(history + [unmasked ? ["mask": nil] : [:]]))
            }
        }
        (node["args"]?.arrayValue ?? []).forEach(collect)
        if let states = node["kwargs"]?["initial_state"] { collect(states) }
        return .array(tensors)
    }

    /// Keras 3 runs a recurrent call given initial states and no mask unmasked, yet its sequence
    /// output keeps its input's mask; tf_keras's `{"mask": null}` runs it unmasked and drops that
    /// mask (tf_keras sets output masks from the mask the call was given). Refused in one line when
    /// the mask it keeps reaches a layer that uses it (`KerasConfigMigration.keptMaskUsed`).
    private static func refuseKeptMask(_ entry: JSONValue, _ graph: KerasMaskGraph, entries: [JSONValue], outputs: Set<String>) throws {
        let keepsInputMask = { (node: JSONValue) in node["kwargs"]?[CallMaskSource.key] == nil && (node["kwargs"]?["mask"]?.isNull ?? true) }
        guard KerasConfigMigration.keptMaskUsed(entry, graph, entries: entries, outputs: outputs, unmasked: keepsInputMask) else { return }
        throw ZooError("\(entry["class_name"]?.stringValue ?? "?") '\(entry["name"]?.stringValue ?? "?")': Keras 3 runs its call with "
                       + "initial_state unmasked but passes its input's mask on to the layers after it, which a Keras 2 config cannot express "
                       + "(tf_keras's {\"mask\": null} drops that mask); write it for Keras 3 (without --keras2)")
    }

    /// MultiHeadAttention's call in tf_keras's form: the query, with the value, key,
    /// attention_mask and use_causal_mask arguments beside it. tf_keras takes the query, value and
    /// key masks from those tensors: a recorded `query_mask`, `value_mask` or `key_mask` that is
    /// not the mask its tensor carries (or that the tracer cannot tell) is refused in one line.
    private static func attentionNode(_ node: JSONValue, _ graph: KerasMaskGraph, label: String) throws -> JSONValue {
        func history(_ v: JSONValue) -> JSONValue { v["config"]?["keras_history"] ?? .null }
        let args = KerasMaskGraph.tensors(of: node)
        for (name, tensor) in zip(Model.attentionMaskArguments, args) {
            guard let mask = node["kwargs"]?[name], !mask.isNull else { continue }
            let carried = try? graph.origin(of: tensor, for: label)
            guard let recorded = graph.recordedOrigin(of: mask), let carried = carried ?? nil, KerasMaskGraph.same(carried, recorded) else {
                throw ZooError("\(label): its call is given a \(name) other than the mask its \(name.dropLast(5)) carries, which a Keras 2 "
                               + "config cannot pass (tf_keras uses each input's own mask); write it for Keras 3 (without --keras2)")
            }
        }
        var kwargs: JSONValue = [:]
        for (name, tensor) in zip(["value", "key"], args.dropFirst()) { kwargs = kwargs.setting(name, history(tensor)) }
        if let mask = node["kwargs"]?["attention_mask"] { kwargs = kwargs.setting("attention_mask", history(mask)) }
        if let causal = node["kwargs"]?["use_causal_mask"] { kwargs = kwargs.setting("use_causal_mask", causal) }
        guard let query = args.first?["config"]?["keras_history"]?.arrayValue else { return [] }
        return [.array(query + [kwargs])]
    }

    private static func strip(_ v: JSONValue, _ keys: Set<String>) -> JSONValue {
        guard let pairs = v.objectValue else { return v }
        return .object(pairs.filter { !keys.contains($0.0) })
    }
}
