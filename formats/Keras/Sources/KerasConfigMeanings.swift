import ZooCore

/// The meanings a Keras 2 (tf_keras) model config gives its layers where Keras 3's differ, as the
/// explicit options of the core's layer configs (absent, a layer has Keras 3's meaning):
/// - `hard_sigmoid_alpha` 0.2 on a layer using `hard_sigmoid` (Keras 3's slope is 1/6);
/// - `mask_rule` "all" on Add, Subtract, Multiply, Average, Maximum, Minimum and Concatenate
///   (a step is kept where every input is, and masks leave the values alone; Keras 3: any);
/// - `normalize_epsilon` 1e-6 on Dot (Keras 3: 1e-7);
/// - `fully_masked_rows` "uniform" on MultiHeadAttention (Keras 3 gives zero weights on its
///   dropout > 0 path).
/// Reading a Keras 2 config writes them (wrapped layers' configs too); the Keras 2 writer drops
/// them again (`KerasConfigDialect`) and the Keras 3 migration refuses or drops them
/// (`KerasConfigMigration`). In the config of a model not read from Keras 2 (a checkpoint of one)
/// they are dropped where they hold Keras 3's meaning and refused otherwise (`keras3`).
public enum KerasConfigMeanings {
    /// tf_keras's hard_sigmoid slope.
    static let hardSigmoidAlpha = 0.2
    /// tf_keras's normalisation ε in Dot.
    static let normalizeEpsilon = 1e-6
    /// The merge classes whose masks follow `mask_rule`.
    static let maskRuleClasses: Set<String> = ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate"]
    /// Every option key this writes.
    static let keys: Set<String> = [Activation.hardSigmoidAlphaKey, MergeOps.MaskRule.key, Dot.normalizeEpsilonKey,
                                    MultiHeadAttention.fullyMaskedRowsKey]
    /// The layer config keys that name activations.
    static let activationKeys = ["activation", "recurrent_activation"]

    /// The model a top-level Keras config describes (`Model.fromKeras`), its Keras 2 nodes in
    /// Keras 3's form with the calls' `mask_source` (`KerasConfigDialect.keras3Nodes`); `keras2`:
    /// the config is tf_keras's, read with its meanings — its layers' as options (`explicit`), its
    /// Keras 3-form nodes' too — and the model is remembered as read from Keras 2
    /// (`Model.readAsKeras2`).
    public static func model(config top: JSONValue, keras2: Bool, seed: UInt64 = 0, weightsFromFile: Bool = false) throws -> Model {
        let config = try KerasConfigDialect.keras3Nodes(keras2 ? explicit(top) : top, keras2: keras2)
        let model = try Model.fromKeras(config: config, seed: seed, weightsFromFile: weightsFromFile)
        if keras2 { Keras2Provenance.shared.record(model) }
        return model
    }

    /// `top` (a model config not read from Keras 2) without the options, which Keras 3 does not
    /// know; one whose value is not Keras 3's meaning is refused in one line naming the layer.
    static func keras3(_ top: JSONValue) throws -> JSONValue {
        guard let config = top["config"], let entries = config["layers"]?.arrayValue else { return top }
        let layers = try entries.map { entry in
            let label = "\(entry["class_name"]?.stringValue ?? "?") '\(entry["name"]?.stringValue ?? entry["config"]?["name"]?.stringValue ?? "?")'"
            return entry.setting("config", try withoutOptions(entry["config"] ?? [:], label: label))
        }
        return top.setting("config", config.setting("layers", .array(layers)))
    }

    private static func withoutOptions(_ config: JSONValue, label: String) throws -> JSONValue {
        guard let pairs = config.objectValue else { return config }
        let keras3Rows: MultiHeadAttentionOps.FullyMaskedRow = (config["dropout"]?.doubleValue ?? 0) > 0 ? .zero : .uniform
        let keras3: [String: JSONValue] = [Activation.hardSigmoidAlphaKey: .number(Double(Activation.defaultHardSigmoidAlpha)),
                                           MergeOps.MaskRule.key: .string(MergeOps.MaskRule.any.rawValue), Dot.normalizeEpsilonKey: 1e-7,
                                           MultiHeadAttention.fullyMaskedRowsKey: .string(keras3Rows.rawValue)]
        return .object(try pairs.compactMap { key, value in
            if let meaning = keras3[key] {
                let same = value.doubleValue.map { Float($0) == meaning.doubleValue.map(Float.init) } ?? (value == meaning)
                guard same else {
                    throw ZooError("\(label): its config's \(key) \(value.serialized()) is not Keras 3's meaning; no Keras 3 config has this "
                                   + "model's meaning (write it as a Keras 2 file: --keras2)")
                }
                return nil
            }
            guard ["layer", "forward_layer", "backward_layer"].contains(key), let inner = value["config"] else { return (key, value) }
            return (key, value.setting("config", try withoutOptions(inner, label: label)))
        })
    }

    /// `top` with tf_keras's meanings written into its layer configs as options.
    static func explicit(_ top: JSONValue) -> JSONValue {
        guard let config = top["config"], let entries = config["layers"]?.arrayValue else { return top }
        let layers = entries.map { entry in
            entry.setting("config", layerConfig(entry["config"] ?? [:], className: entry["class_name"]?.stringValue ?? ""))
        }
        return top.setting("config", config.setting("layers", .array(layers)))
    }

    private static func layerConfig(_ config: JSONValue, className: String) -> JSONValue {
        guard config.objectValue != nil else { return config }
        var out = config
        if activationKeys.contains(where: { config[$0]?.stringValue == "hard_sigmoid" }) {
            out = out.setting(Activation.hardSigmoidAlphaKey, .number(hardSigmoidAlpha))
        }
        if maskRuleClasses.contains(className) { out = out.setting(MergeOps.MaskRule.key, .string(MergeOps.MaskRule.all.rawValue)) }
        if className == Dot.kerasClassName { out = out.setting(Dot.normalizeEpsilonKey, .number(normalizeEpsilon)) }
        if className == MultiHeadAttention.kerasClassName {
            out = out.setting(MultiHeadAttention.fullyMaskedRowsKey, .string(MultiHeadAttentionOps.FullyMaskedRow.uniform.rawValue))
        }
        for key in ["layer", "forward_layer", "backward_layer"] {
            guard let inner = config[key], let innerConfig = inner["config"] else { continue }
            out = out.setting(key, inner.setting("config", layerConfig(innerConfig, className: inner["class_name"]?.stringValue ?? "")))
        }
        return out
    }
}
