import ZooCore

/// Migrates the config of a model read from a Keras 2 (tf_keras) file to one that Keras 3 loads
/// with the same meaning (`zoo convert OLD.h5 NEW.keras` or `NEW.h5`; Keras 3 itself cannot read
/// these files). `Model.kerasConfig()` writes the layer configs as they were read, so:
/// - keys Keras 3 refuses are dropped (`time_major`, Embedding's `input_length`,
///   `batch_input_shape`: the model's InputLayer carries the shape as `batch_shape`;
///   MultiHeadAttention's `query_shape`, `key_shape`, `value_shape`, `softmax_robust_masking`);
/// - a dtype string or Keras 2 `Policy` becomes Keras 3's `DTypePolicy`; initializers,
///   regularizers and constraints written without a module get theirs; Bidirectional's and
///   TimeDistributed's inner layer configs likewise;
/// - Attention's `causal` becomes the `use_causal_mask` call argument;
/// - a call with `mask_source` "inputs" (`CallMaskSource`: Keras 2's call given initial states)
///   on an input that carries a mask gets that mask explicitly (tf_keras masks such a call, Keras
///   3 only when given `mask=`), computed by the operations Keras 3 records (`NotEqual(ids, 0)`
///   for Embedding(mask_zero), `Any(NotEqual(x, value), axis=-1)` for Masking); one with
///   `mask_source` "none" (tf_keras's `{"mask": null}`) gets `mask: null`. These two hold for
///   every model, read from Keras 2 or not (a checkpoint of one, a ModelBuilder model).
/// - the layer options giving tf_keras's meanings (`KerasConfigMeanings`) are dropped: Dot's
///   `normalize_epsilon` and MultiHeadAttention's `fully_masked_rows` take Keras 3's values (as
///   Keras 3 computes them), a merge's `mask_rule` where the checks below allow.
/// What has no Keras 3 equivalent is refused in one line naming the layer: a `hard_sigmoid`
/// whose `hard_sigmoid_alpha` is not Keras 3's 1/6 (Keras 2's is 0.2), a call with initial
/// states and `mask_source` "none" whose input mask Keras 3 would pass on to a layer using it
/// (`keptMaskUsed`; tf_keras drops it) and merges whose `mask_rule` is "all" over inputs that
/// carry different masks (or a mask and none: tf_keras combines masks with AND, Keras 3 with OR). A merge whose
/// inputs all carry one mask keeps it in both and is migrated (the translation model's
/// Concatenate of decoder and attention context); of those, Multiply, Maximum and Minimum change
/// their values at the masked steps in Keras 3 and are migrated only when those steps reach no
/// model output (`maskedStepsHidden`: the transformer's residual before LayerNormalization and
/// pooling).
enum KerasConfigMigration {
    /// Layer config keys of Keras 2 that Keras 3 refuses.
    /// (MultiHeadAttention's build shapes and `softmax_robust_masking` among them).
    static let keras2OnlyKeys: Set<String> = ["time_major", "input_length", "batch_input_shape", "query_shape", "key_shape", "value_shape",
                                              "softmax_robust_masking"]
    /// Layers whose output carries their input's mask (as the core and tf_keras propagate it).
    static let maskPassing: Set<String> = ["Dense", "Dropout", "Activation", "TimeDistributed", "SpatialDropout1D", "GaussianNoise",
                                           "GaussianDropout", "AlphaDropout", "ActivityRegularization", "LayerNormalization",
                                           "BatchNormalization"]
    static let mergeClasses: Set<String> = ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot"]
    /// Merges whose values at the steps the inputs' mask hides differ between tf_keras (the plain
    /// operation) and Keras 3 (Multiply: 0; Maximum, Minimum: the first input's).
    static let maskedValueMerges: Set<String> = ["Multiply", "Maximum", "Minimum"]

    /// The Keras 3 config of `model`: `kerasConfig()` migrated, its layer configs as Keras 2's when
    /// the model was read from a Keras 2 config (`Model.readAsKeras2`), else without the layer
    /// options of `KerasConfigMeanings` (`keras3`: refused unless they hold Keras 3's meaning).
    static func keras3Config(_ model: Model) throws -> JSONValue {
        let config = try model.kerasConfig()
        return model.readAsKeras2 ? try migrate(config, keras2Layers: true) : try migrate(KerasConfigMeanings.keras3(config), keras2Layers: false)
    }

    /// A Keras 3 config (what `kerasConfig()` gives) migrated: its calls' `mask_source`, its
    /// merges' `mask_rule` "all", and with `keras2Layers` its layer configs as Keras 2's.
    static func migrate(_ top: JSONValue, keras2Layers: Bool) throws -> JSONValue {
        guard let entries = top["config"]?["layers"]?.arrayValue else { return top }
        var graph = KerasMaskGraph(entries: entries)
        var migrated: [JSONValue] = []
        for entry in entries {
            let className = entry["class_name"]?.stringValue ?? ""
            guard className != "InputLayer" else {
                migrated.append(entry)
                continue
            }
            let label = "\(className) '\(entry["name"]?.stringValue ?? entry["config"]?["name"]?.stringValue ?? "?")'"
            var config = entry["config"] ?? [:]
            var nodes = entry["inbound_nodes"]?.arrayValue ?? []
            if keras2Layers {
                config = try layerConfig(config, label: label)
                if let causal = config["causal"] {
                    config = without(config, ["causal"])
                    if causal.boolValue == true { nodes = nodes.map { $0.setting("kwargs", ($0["kwargs"] ?? [:]).setting("use_causal_mask", true)) } }
                }
            }
            if entry["config"]?[MergeOps.MaskRule.key]?.stringValue == MergeOps.MaskRule.all.rawValue {
                for node in nodes {
                    let origins = try KerasMaskGraph.tensors(of: node).map { try graph.origin(of: $0, for: label) }
                    guard origins.contains(where: { $0 != nil }) else { continue }
                    guard KerasMaskGraph.common(origins) != nil else {
                        throw ZooError("\(label): merges inputs that carry different masks (or a mask and none), which tf_keras combines "
                                       + "with AND and Keras 3 with OR; no Keras 3 config has this model's meaning")
                    }
                    guard maskedValueMerges.contains(className) else { continue }
                    if let name = entry["name"]?.stringValue, maskedStepsHidden(name, entries: entries, outputs: outputNames(top)) { continue }
                    throw ZooError("\(label): Keras 3's \(className) replaces its values at the steps its inputs' mask hides (tf_keras "
                                   + "keeps them) and those steps reach a model output; no Keras 3 config has this model's meaning")
                }
            }
            if keptMaskUsed(entry, graph, entries: entries, outputs: outputNames(top), unmasked: { maskSource(of: $0) == .unmasked }) {
                throw ZooError("\(label): its call with initial_state is unmasked ({\"mask\": null}), and tf_keras drops its output mask where "
                               + "Keras 3 keeps its input's for the layers after it; no Keras 3 config has this model's meaning")
            }
            nodes = try nodes.map { try keras3Node($0, &graph, label: label) }
            var e = keras2Layers ? entry.setting("config", config) : entry
            if entry["inbound_nodes"] != nil { e = e.setting("inbound_nodes", .array(nodes)) }
            migrated.append(e)
        }
        let inputs = migrated.prefix { $0["class_name"]?.stringValue == "InputLayer" }
        let layers = Array(inputs) + graph.operations + migrated.dropFirst(inputs.count)
        return top.setting("config", top["config"]!.setting("layers", .array(layers)))
    }

    /// The `mask_source` of a node's call (`CallMaskSource`), nil when it has none.
    static func maskSource(of node: JSONValue) -> CallMaskSource? {
        node["kwargs"]?[CallMaskSource.key]?.stringValue.flatMap(CallMaskSource.init(rawValue:))
    }

    /// `node` with its call's `mask_source` in Keras 3's terms: "inputs" as the mask its input
    /// carries, written explicitly (`KerasMaskGraph.withInputMask`), "none" as `mask: null`.
    private static func keras3Node(_ node: JSONValue, _ graph: inout KerasMaskGraph, label: String) throws -> JSONValue {
        guard let source = maskSource(of: node), let pairs = node["kwargs"]?.objectValue else { return node }
        switch source {
        case .inputs:
            return try graph.withInputMask(node.setting("kwargs", .object(pairs.filter { $0.0 != CallMaskSource.key })), for: label)
        case .unmasked:
            return node.setting("kwargs", .object(pairs.map { $0.0 == CallMaskSource.key ? ("mask", .null) : $0 }))
        }
    }

    /// Whether a layer's output at a step reads no input value at the steps the input's mask
    /// hides: GlobalAveragePooling1D and the recurrent layers (`LayerRegistry.isRecurrent`).
    static func skipsMaskedSteps(_ className: String) -> Bool {
        className == "GlobalAveragePooling1D" || LayerRegistry.isRecurrent(className)
    }
    /// Layers that map each step on its own and pass the mask on (LayerNormalization over the
    /// features only).
    static let perStep: Set<String> = ["Dense", "Dropout", "Activation", "SpatialDropout1D", "GaussianNoise", "GaussianDropout",
                                       "AlphaDropout", "ActivityRegularization", "BatchNormalization", "LayerNormalization"]

    /// Whether no model output sees the values of layer `name` at the steps its output mask hides:
    /// every path from it runs through `perStep` layers into ones that `skipsMaskedSteps`. A merge
    /// whose inputs all carry one mask differs between tf_keras and Keras 3 only at those steps,
    /// so such a model keeps its meaning in Keras 3.
    private static func maskedStepsHidden(_ name: String, entries: [JSONValue], outputs: Set<String>) -> Bool {
        perStepPaths(from: name, entries: entries, outputs: outputs, end: skipsMaskedSteps, endAtOutputs: false)
    }

    /// Whether every path from layer `name` runs through `perStep` layers (LayerNormalization
    /// over the features only) and ends in a layer whose class is `end`, or, with `endAtOutputs`, in a
    /// model output (else reaching one fails). A consumer is any layer given one of `name`'s
    /// outputs among its call's tensors.
    static func perStepPaths(from name: String, entries: [JSONValue], outputs: Set<String>, end: (String) -> Bool, endAtOutputs: Bool) -> Bool {
        guard endAtOutputs || !outputs.contains(name) else { return false }
        func given(_ v: JSONValue) -> Bool {
            if v["class_name"]?.stringValue == "__keras_tensor__" { return v["config"]?["keras_history"]?[0]?.stringValue == name }
            return (v.arrayValue ?? v.objectValue?.map(\.1) ?? []).contains(where: given)
        }
        let consumers = entries.filter { e in (e["inbound_nodes"]?.arrayValue ?? []).contains(where: given) }
        return consumers.allSatisfy { e in
            let className = e["class_name"]?.stringValue ?? ""
            if end(className) { return true }
            guard perStep.contains(className), let consumer = e["name"]?.stringValue else { return false }
            if className == "LayerNormalization" {
                let axis = e["config"]?["axis"] ?? -1
                let axes = axis.arrayValue ?? [axis]
                guard axes.count == 1, let a = axes[0].intValue, a == -1 || a == 2 else { return false }
            }
            return perStepPaths(from: consumer, entries: entries, outputs: outputs, end: end, endAtOutputs: endAtOutputs)
        }
    }

    /// Whether a recurrent call of `entry` given initial states and run unmasked (`unmasked` of
    /// its node) has an input mask that reaches a layer using it: Keras 3 keeps that mask on the
    /// sequence output (return_sequences), tf_keras's `{"mask": null}` drops it, which matters on
    /// any path other than `perStep` layers to a model output (an input the tracer cannot follow
    /// counts as masked).
    static func keptMaskUsed(_ entry: JSONValue, _ graph: KerasMaskGraph, entries: [JSONValue], outputs: Set<String>,
                             unmasked: (JSONValue) -> Bool) -> Bool {
        let className = entry["class_name"]?.stringValue ?? "", config = entry["config"] ?? [:]
        guard LayerRegistry.isRecurrent(className), (config["return_sequences"] ?? config["layer"]?["config"]?["return_sequences"])?.boolValue == true,
              let name = entry["name"]?.stringValue else { return false }
        let label = "\(className) '\(name)'"
        return (entry["inbound_nodes"]?.arrayValue ?? []).contains { node in
            guard node["kwargs"]?["initial_state"] != nil, unmasked(node), let input = KerasMaskGraph.tensors(of: node).first else { return false }
            let masked: Bool
            do {
                masked = try graph.origin(of: input, for: label) != nil
            } catch {
                masked = true
            }
            return masked && !perStepPaths(from: name, entries: entries, outputs: outputs, end: { _ in false }, endAtOutputs: true)
        }
    }

    /// The names of the layers whose outputs are the model's.
    static func outputNames(_ top: JSONValue) -> Set<String> {
        let outputs = top["config"]?["output_layers"]?.arrayValue ?? []
        if outputs.first?.stringValue != nil { return Set([outputs[0].stringValue!]) }
        return Set(outputs.compactMap { $0[0]?.stringValue })
    }

    /// One layer config (and a wrapped layer's) in Keras 3 form.
    private static func layerConfig(_ config: JSONValue, label: String) throws -> JSONValue {
        guard let pairs = config.objectValue else { return config }
        let alpha = config[Activation.hardSigmoidAlphaKey]?.doubleValue.map(Float.init) ?? Activation.defaultHardSigmoidAlpha
        for key in KerasConfigMeanings.activationKeys where config[key]?.stringValue == "hard_sigmoid" && alpha != Activation.defaultHardSigmoidAlpha {
            throw ZooError("\(label): Keras 2's hard_sigmoid (\(key); slope \(alpha)) is not Keras 3's (slope 1/6); no Keras 3 config has this "
                           + "model's meaning (keep it as a Keras 2 file: --keras2)")
        }
        return .object(try pairs.filter { !keras2OnlyKeys.contains($0.0) && !KerasConfigMeanings.keys.contains($0.0) }.map { key, value in
            switch key {
            case "dtype": return (key, dtypePolicy(value))
            case "layer", "forward_layer", "backward_layer":
                guard value["config"] != nil else { return (key, value) }
                let inner = try layerConfig(value["config"]!, label: label)
                return (key, withModule(value.setting("config", inner), "keras.layers"))
            default:
                for (suffix, module) in [("_initializer", "keras.initializers"), ("_regularizer", "keras.regularizers"),
                                         ("_constraint", "keras.constraints")] where key.hasSuffix(suffix) && value["class_name"] != nil {
                    return (key, withModule(value, module))
                }
                return (key, value)
            }
        })
    }

    /// "float32" or Keras 2's `{"class_name": "Policy", "config": {"name": …}}` → `DTypePolicy`.
    private static func dtypePolicy(_ value: JSONValue) -> JSONValue {
        guard let name = value.stringValue ?? (value["class_name"]?.stringValue == "Policy" ? value["config"]?["name"]?.stringValue : nil) else {
            return value
        }
        return ["module": "keras", "class_name": "DTypePolicy", "config": ["name": .string(name)], "registered_name": nil]
    }

    private static func withModule(_ value: JSONValue, _ module: String) -> JSONValue {
        guard value["module"] == nil || value["module"]?.isNull == true else { return value }
        return value.setting("module", .string(module)).setting("registered_name", value["registered_name"] ?? .null)
    }

    private static func without(_ value: JSONValue, _ keys: Set<String>) -> JSONValue {
        guard let pairs = value.objectValue else { return value }
        return .object(pairs.filter { !keys.contains($0.0) })
    }
}
