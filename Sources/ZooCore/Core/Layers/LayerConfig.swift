/// The `config` object of a Keras layer entry, with typed accessors that name the layer and the
/// key in every error. Unknown keys are kept (and ignored), as the importer must tolerate both
/// Keras dialects. Meanings that differ between Keras versions are explicit options of the
/// config, Keras 3's when absent: `hard_sigmoid_alpha` (`Activation`), a merge's `mask_rule`,
/// Dot's `normalize_epsilon`, MultiHeadAttention's `fully_masked_rows`; the Keras reader
/// (formats/Keras) writes tf_keras's into a Keras 2 config.
public struct LayerConfig: Sendable {
    /// The layer's Keras `class_name`.
    public var className: String
    public var json: JSONValue

    public init(className: String, json: JSONValue = .object([])) {
        self.className = className
        self.json = json
    }

    public var name: String { json["name"]?.stringValue ?? className.lowercased() }

    /// "LSTM 'lstm_seq'" — how errors name a layer.
    public var label: String { "\(className) '\(name)'" }

    public subscript(key: String) -> JSONValue? {
        get { json[key] }
        set { json = json.setting(key, newValue ?? .null) }
    }

    public func int(_ key: String, default value: Int? = nil) throws -> Int {
        guard let v = json[key], !v.isNull else {
            if let value { return value }
            throw ZooError("\(label): config is missing '\(key)'")
        }
        guard let i = v.intValue else { throw ZooError("\(label): '\(key)' must be an integer, got \(v.serialized())") }
        return i
    }

    /// The largest size a config may give (units, input_dim, output_dim, an input's extent):
    /// 2^24, far above any real recurrent model, and small enough that a weight's dims multiply
    /// without overflow.
    public static let maxExtent = 1 << 24

    /// A size such as `units` or `input_dim`: an integer in 1…`maxExtent`, checked before
    /// anything of that size exists.
    public func extent(_ key: String) throws -> Int {
        guard let v = json[key], !v.isNull else { throw ZooError("\(label): config is missing '\(key)'") }
        guard let d = v.doubleValue, d.rounded() == d else { throw ZooError("\(label): '\(key)' must be an integer, got \(v.serialized())") }
        guard d >= 1, d <= Double(Self.maxExtent) else {
            throw ZooError("\(label): '\(key)' is \(v.serialized()), outside 1…\(Self.maxExtent)")
        }
        return Int(d)
    }

    public func double(_ key: String, default value: Double) throws -> Double {
        guard let v = json[key], !v.isNull else { return value }
        guard let d = v.doubleValue else { throw ZooError("\(label): '\(key)' must be a number, got \(v.serialized())") }
        return d
    }

    public func bool(_ key: String, default value: Bool) throws -> Bool {
        guard let v = json[key], !v.isNull else { return value }
        guard let b = v.boolValue else { throw ZooError("\(label): '\(key)' must be true or false, got \(v.serialized())") }
        return b
    }

    public func string(_ key: String, default value: String?) throws -> String? {
        guard let v = json[key], !v.isNull else { return value }
        guard let s = v.stringValue else { throw ZooError("\(label): '\(key)' must be a string, got \(v.serialized())") }
        return s
    }

    public func activation(_ key: String, default value: String) throws -> Activation {
        let alpha = try double(Activation.hardSigmoidAlphaKey, default: Double(Activation.defaultHardSigmoidAlpha))
        guard alpha > 0, alpha.isFinite else {
            throw ZooError("\(label): '\(Activation.hardSigmoidAlphaKey)' must be a finite number > 0, got \(alpha)")
        }
        return try Activation(keras: try string(key, default: value), hardSigmoidAlpha: Float(alpha), where_: "\(label) \(key)")
    }

    /// A merge's `mask_rule` ("any" as Keras 3, "all" as tf_keras; see `MergeOps.MaskRule`).
    func maskRule() throws -> MergeOps.MaskRule {
        guard let text = try string(MergeOps.MaskRule.key, default: nil) else { return .any }
        guard let rule = MergeOps.MaskRule(rawValue: text) else {
            throw ZooError("\(label): '\(MergeOps.MaskRule.key)' must be \"any\" or \"all\", got \"\(text)\"")
        }
        return rule
    }

    /// An axis or a list of axes (`-1`, `[1, 2]`): integers, negative ones counting from the end.
    public func axes(_ key: String, default value: [Int]) throws -> [Int] {
        guard let v = json[key], !v.isNull else { return value }
        if let i = v.intValue { return [i] }
        guard let list = v.arrayValue, !list.isEmpty else {
            throw ZooError("\(label): '\(key)' must be an integer or a non-empty list of integers, got \(v.serialized())")
        }
        return try list.map {
            guard let i = $0.intValue else { throw ZooError("\(label): '\(key)' must hold integers, got \(v.serialized())") }
            return i
        }
    }

    /// A non-negative finite number (epsilon, stddev).
    func nonNegative(_ key: String, default value: Double) throws -> Double {
        let d = try double(key, default: value)
        guard d >= 0, d.isFinite else { throw ZooError("\(label): '\(key)' must be a finite number ≥ 0, got \(d)") }
        return d
    }

    /// A rate in [0, 1) (dropout options).
    public func rate(_ key: String) throws -> Float {
        let r = try double(key, default: 0)
        guard r >= 0, r < 1 else { throw ZooError("\(label): '\(key)' must be in [0, 1), got \(r)") }
        return Float(r)
    }
}
