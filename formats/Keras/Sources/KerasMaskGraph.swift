import ZooCore

/// Where the mask a tensor of a Functional config carries comes from, traced through the layer
/// entries as the core and tf_keras propagate masks (Embedding(mask_zero) and Masking make one;
/// the layers of `KerasConfigMigration.maskPassing`, Attention, AdditiveAttention and
/// MultiHeadAttention (the query's), merges other than Dot whose inputs all carry one mask, and
/// recurrent layers with return_sequences pass it on; the rest drop it), and the Keras 3 operations
/// (`NotEqual`, `Any`) that compute it when it has to be written as an explicit `mask` argument.
struct KerasMaskGraph {
    /// A mask's computation: `NotEqual(source, value)` over ids, or `Any(NotEqual(source, value),
    /// axis=-1)` over features; `source` is the Keras tensor (JSON) the mask is computed from.
    enum Origin {
        case notEqual(source: JSONValue, value: Double)
        case anyFeature(source: JSONValue, value: Double)
    }

    /// Layers that drop a mask (their outputs carry none).
    static let maskDropping: Set<String> = ["RepeatVector", "Flatten", "Reshape", "Permute", "GlobalAveragePooling1D", "GlobalMaxPooling1D"]

    private let entries: [String: JSONValue]
    /// Whether any layer makes a mask (else no tensor carries one).
    private let masked: Bool
    private var usedNames: Set<String>
    private var made: [String: JSONValue] = [:]
    /// The operation entries made for explicit masks, in the order they were made.
    private(set) var operations: [JSONValue] = []

    init(entries: [JSONValue]) {
        var byName: [String: JSONValue] = [:]
        for e in entries {
            if let name = e["name"]?.stringValue ?? e["config"]?["name"]?.stringValue { byName[name] = e }
        }
        self.entries = byName
        usedNames = Set(byName.keys)
        masked = entries.contains { e in
            e["class_name"]?.stringValue == "Masking" || (e["class_name"]?.stringValue == "Embedding" && e["config"]?["mask_zero"]?.boolValue == true)
        }
    }

    /// The Keras tensors among a node's arguments, in order (a list argument flattened).
    static func tensors(of node: JSONValue) -> [JSONValue] {
        (node["args"]?.arrayValue ?? []).flatMap { $0.arrayValue ?? [$0] }.filter { $0["class_name"]?.stringValue == "__keras_tensor__" }
    }

    /// The origin of the mask `tensor` carries, or nil when it carries none; `label` names the
    /// layer being migrated in the error for a layer whose mask rule is not known here.
    func origin(of tensor: JSONValue, for label: String) throws -> Origin? {
        guard masked, let history = tensor["config"]?["keras_history"]?.arrayValue, history.count == 3,
              let name = history[0].stringValue, let nodeIndex = history[1].intValue, let index = history[2].intValue,
              let entry = entries[name], let className = entry["class_name"]?.stringValue, className != "InputLayer" else { return nil }
        let nodes = entry["inbound_nodes"]?.arrayValue ?? []
        guard nodes.indices.contains(nodeIndex), let input = Self.tensors(of: nodes[nodeIndex]).first else { return nil }
        let config = entry["config"] ?? [:]
        switch className {
        case "Embedding":
            return config["mask_zero"]?.boolValue == true ? .notEqual(source: input, value: 0) : nil
        case "Masking":
            return .anyFeature(source: input, value: config["mask_value"]?.doubleValue ?? 0)
        case _ where KerasConfigMigration.maskPassing.contains(className), "Attention", "AdditiveAttention", "MultiHeadAttention":
            return try origin(of: input, for: label)
        case _ where LayerRegistry.isRecurrent(className):
            let sequences = (config["return_sequences"] ?? config["layer"]?["config"]?["return_sequences"])?.boolValue ?? false
            return index == 0 && sequences ? try origin(of: input, for: label) : nil
        case _ where KerasConfigMigration.mergeClasses.contains(className):
            return className == "Dot" ? nil : Self.common(try Self.tensors(of: nodes[nodeIndex]).map { try origin(of: $0, for: label) })
        case _ where Self.maskDropping.contains(className):
            return nil
        default:
            throw ZooError("\(label): its input comes through \(className) '\(name)', and whether that passes a mask on is not known here; "
                           + "the mask cannot be written for Keras 3")
        }
    }

    /// The computation of an explicit `mask` argument when it is one `mask(_:)` writes
    /// (`NotEqual(x, v)`, or `Any(NotEqual(x, v), axis=-1)`), else nil.
    func recordedOrigin(of mask: JSONValue) -> Origin? {
        func call(_ tensor: JSONValue, _ className: String) -> (entry: JSONValue, args: [JSONValue])? {
            guard let name = tensor["config"]?["keras_history"]?[0]?.stringValue, let entry = entries[name],
                  entry["class_name"]?.stringValue == className, let args = entry["inbound_nodes"]?[0]?["args"]?.arrayValue else { return nil }
            return (entry, args)
        }
        if let (_, args) = call(mask, "NotEqual"), args.count == 2, let value = args[1].doubleValue {
            return .notEqual(source: args[0], value: value)
        }
        guard let (any, args) = call(mask, "Any"), any["config"]?["axis"]?.intValue == -1, any["config"]?["keepdims"]?.boolValue != true,
              let inner = args.first, let (_, innerArgs) = call(inner, "NotEqual"), innerArgs.count == 2,
              let value = innerArgs[1].doubleValue else { return nil }
        return .anyFeature(source: innerArgs[0], value: value)
    }

    /// The mask all of a merge's inputs carry (`origins`, one per input) when they carry one, else
    /// nil (no mask, or different ones).
    static func common(_ origins: [Origin?]) -> Origin? {
        guard let first = origins.first ?? nil else { return nil }
        return origins.allSatisfy { $0.map { same($0, first) } ?? false } ? first : nil
    }

    /// Whether two origins compute the same mask (the same kind, value and source tensor).
    static func same(_ a: Origin, _ b: Origin) -> Bool {
        switch (a, b) {
        case let (.notEqual(s, v), .notEqual(t, w)), let (.anyFeature(s, v), .anyFeature(t, w)):
            return v == w && s["config"]?["keras_history"] == t["config"]?["keras_history"]
        default:
            return false
        }
    }

    /// A recurrent call's node given initial states and no `mask` (tf_keras masks it with its
    /// input's mask, Keras 3 runs it unmasked) with the mask its input carries written as `mask`.
    mutating func withInputMask(_ node: JSONValue, for label: String) throws -> JSONValue {
        guard let kwargs = node["kwargs"], kwargs["initial_state"] != nil, kwargs["mask"] == nil, let input = Self.tensors(of: node).first,
              let origin = try origin(of: input, for: label) else { return node }
        return node.setting("kwargs", kwargs.setting("mask", mask(origin)))
    }

    /// The Keras tensor of the mask `origin` computes, its operations added once.
    private mutating func mask(_ origin: Origin) -> JSONValue {
        let source: JSONValue, value: Double, features: Bool
        switch origin {
        case let .notEqual(s, v): (source, value, features) = (s, v, false)
        case let .anyFeature(s, v): (source, value, features) = (s, v, true)
        }
        let key = "\(features) \(value) " + (source["config"]?["keras_history"]?.serialized() ?? "")
        if let tensor = made[key] { return tensor }
        let shape = source["config"]?["shape"]?.arrayValue ?? []
        let prefix = (source["config"]?["keras_history"]?[0]?.stringValue ?? "mask") + "_"
        var tensor = operation("NotEqual", prefix: prefix, ["name": ""], args: [source, .number(value)], shape: shape)
        if features {
            tensor = operation("Any", prefix: prefix, ["name": "", "axis": -1, "keepdims": false], args: [tensor], shape: Array(shape.dropLast()))
        }
        made[key] = tensor
        return tensor
    }

    /// Adds a Keras 3 operation entry (`keras.src.ops.numpy`) of one call, named `prefix` +
    /// `not_equal` or `any` (the source's name first: Keras 3 names the mask operations it makes
    /// while loading `not_equal`, `not_equal_1`, …, and refuses a model with two of one name);
    /// returns its bool output tensor of `shape`.
    private mutating func operation(_ className: String, prefix: String, _ config: JSONValue, args: [JSONValue], shape: [JSONValue]) -> JSONValue {
        let base = prefix + (className == "NotEqual" ? "not_equal" : "any")
        var name = base, n = 0
        while usedNames.contains(name) {
            n += 1
            name = "\(base)_\(n)"
        }
        usedNames.insert(name)
        operations.append(["module": "keras.src.ops.numpy", "class_name": .string(className), "config": config.setting("name", .string(name)),
                           "registered_name": .string(className), "name": .string(name),
                           "inbound_nodes": [["args": .array(args), "kwargs": [:]]]])
        return ["class_name": "__keras_tensor__", "config": ["shape": .array(shape), "dtype": "bool", "keras_history": [.string(name), 0, 0]]]
    }
}
