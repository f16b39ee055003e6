import ZooCore

/// Rewrites a Keras 3 model config (what `Model.kerasConfig()` gives) in the Keras 2 (tf_keras)
/// dialect: `batch_input_shape` instead of `batch_shape`, dtypes as plain strings, no
/// `module`/`registered_name`/`build_config` wrappers on the model's own layers (tf_keras keeps them on wrapped layers), and inbound nodes as
/// `[[[layer, node, index, {}], …]]` with initial states as extra inputs of the call.
enum KerasConfigDialect {
    static func keras2(_ top: JSONValue) -> JSONValue {
        guard let config = top["config"] else { return top }
        let layers = (config["layers"]?.arrayValue ?? []).map(layer)
        var out = config.setting("layers", .array(layers))
        out = strip(out, ["build_input_shape"])
        return ["class_name": top["class_name"] ?? "Sequential", "config": out]
    }

    private static func layer(_ entry: JSONValue) -> JSONValue {
        var e: JSONValue = ["class_name": entry["class_name"] ?? .null, "config": layerConfig(entry["config"] ?? [:])]
        if let name = entry["name"] { e = e.setting("name", name) }
        if let nodes = entry["inbound_nodes"]?.arrayValue { e = e.setting("inbound_nodes", .array(nodes.map(node))) }
        return e
    }

    private static func layerConfig(_ config: JSONValue) -> JSONValue {
        guard let pairs = config.objectValue else { return config }
        return .object(pairs.map { key, value in
            switch key {
            case "batch_shape": return ("batch_input_shape", value)
            case "dtype": return (key, value["config"]?["name"] ?? value)
            case "layer", "forward_layer", "backward_layer":
                return (key, value.setting("config", layerConfig(value["config"] ?? [:])))
            default: return (key, value)
            }
        })
    }

    /// `{"args": [...], "kwargs": {"initial_state": [...]}}` → `[[name, node, index, {}], …]`.
    private static func node(_ node: JSONValue) -> JSONValue {
        var tensors: [JSONValue] = []
        func collect(_ v: JSONValue) {
            if let list = v.arrayValue { list.forEach(collect); return }
            if let history = v["config"]?["keras_history"]?.arrayValue, history.count == 3 {
                tensors.append(.array(history + [[:]]))
            }
        }
        (node["args"]?.arrayValue ?? []).forEach(collect)
        if let states = node["kwargs"]?["initial_state"] { collect(states) }
        return .array(tensors)
    }

    private static func strip(_ v: JSONValue, _ keys: Set<String>) -> JSONValue {
        guard let pairs = v.objectValue else { return v }
        return .object(pairs.filter { !keys.contains($0.0) })
    }
}
