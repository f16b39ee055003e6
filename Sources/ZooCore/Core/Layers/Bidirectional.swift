/// Keras Bidirectional: a forward copy and a backward (`go_backwards`) copy of a recurrent
/// layer; the backward outputs are flipped back to input order and merged by `merge_mode`
/// (concat, sum, mul, ave, or None for two separate outputs). With `return_state` the outputs
/// are [merged…, forward states…, backward states…]. Weights: forward's, then backward's.
public final class Bidirectional: Layer {
    public static let kerasClassName = "Bidirectional"
    public enum MergeMode: String { case concat, sum, mul, ave, none }

    public private(set) var config: LayerConfig
    public let forward: AnyRecurrentLayer
    public let backward: AnyRecurrentLayer
    public let mergeMode: MergeMode

    public init(config: LayerConfig) throws {
        self.config = config
        guard let inner = config["layer"], let innerClass = inner["class_name"]?.stringValue else {
            throw ZooError("\(config.label): config has no 'layer'")
        }
        // Absent: Keras's default, concat. null: merge_mode=None, two separate outputs.
        let mode = config["merge_mode"]?.isNull == true ? "none" : try config.string("merge_mode", default: "concat") ?? "concat"
        guard let m = MergeMode(rawValue: mode) else {
            throw ZooError("\(config.label): unknown merge_mode '\(mode)' (concat, sum, mul, ave, None)")
        }
        mergeMode = m
        var fwdConfig = LayerConfig(className: innerClass, json: inner["config"] ?? .object([]))
        let innerName = fwdConfig.name
        var bwdConfig: LayerConfig
        if let b = config["backward_layer"], !b.isNull, let bClass = b["class_name"]?.stringValue {
            bwdConfig = LayerConfig(className: bClass, json: b["config"] ?? .object([]))
        } else {
            bwdConfig = fwdConfig
            bwdConfig["go_backwards"] = .bool(!(try fwdConfig.bool("go_backwards", default: false)))
            let base = innerName.hasPrefix("forward_") ? String(innerName.dropFirst("forward_".count)) : innerName
            bwdConfig["name"] = .string("backward_" + base)
        }
        if !innerName.hasPrefix("forward_") { fwdConfig["name"] = .string("forward_" + innerName) }
        guard let f = try LayerRegistry.shared.make(fwdConfig) as? AnyRecurrentLayer,
              let b = try LayerRegistry.shared.make(bwdConfig) as? AnyRecurrentLayer else {
            throw ZooError("\(config.label): the wrapped layer '\(innerClass)' is not a recurrent layer")
        }
        guard f.returnSequences == b.returnSequences, f.returnState == b.returnState else {
            throw ZooError("\(config.label): forward and backward layers differ in return_sequences/return_state")
        }
        forward = f
        backward = b
        if type(of: f).kerasClassName != innerClass {
            self.config["layer"] = Self.entry(inner, writing: f, named: innerName)
        }
        if let entry = config["backward_layer"], !entry.isNull, type(of: b).kerasClassName != entry["class_name"]?.stringValue {
            self.config["backward_layer"] = Self.entry(entry, writing: b, named: b.name)
        }
        forward.weightPathPrefix = "\(config.name)/\(forward.name)"
        backward.weightPathPrefix = "\(config.name)/\(backward.name)"
        forward.zeroOutputForMask = f.returnSequences
        backward.zeroOutputForMask = b.returnSequences
    }

    /// The entry `entry` becomes for `layer`, a class read as another (Keras 2's CuDNNGRU as GRU):
    /// its own class name and config, under the entry's name.
    private static func entry(_ entry: JSONValue, writing layer: Layer, named name: String) -> JSONValue {
        var inner = layer.config.json
        inner = inner.setting("name", .string(name))
        return entry.setting("class_name", .string(type(of: layer).kerasClassName)).setting("config", inner)
    }

    public var weights: [Weight] { forward.weights + backward.weights }
    public var isBuilt: Bool { forward.isBuilt && backward.isBuilt }

    public func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {
        try forward.build(inputShapes: [inputShapes[0]], rng: &rng)
        try backward.build(inputShapes: [inputShapes[0]], rng: &rng)
    }

    public func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] {
        let f = try forward.outputShapes(inputShapes: [inputShapes[0]])
        let b = try backward.outputShapes(inputShapes: [inputShapes[0]])
        var merged: [[Int?]]
        switch mergeMode {
        case .concat: merged = [Array(f[0].dropLast()) + [f[0].last!.map { $0 + b[0].last!! }]]
        case .sum, .mul, .ave: merged = [f[0]]
        case .none: merged = [f[0], b[0]]
        }
        return merged + Array(f.dropFirst()) + Array(b.dropFirst())
    }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        let n = forward.stateCount
        guard inputs.count == 1 || inputs.count == 1 + 2 * n else {
            throw ZooError("\(label): expected the sequence and optionally \(2 * n) initial states, got \(inputs.count) inputs")
        }
        let mask = masks.first ?? nil
        let fwdInit = inputs.count > 1 ? Array(inputs[1...n]) : []
        let bwdInit = inputs.count > 1 ? Array(inputs[(1 + n)...]) : []
        let f = try forward.call([inputs[0]] + fwdInit, masks: [mask], context: context)
        let b = try backward.call([inputs[0]] + bwdInit, masks: [mask], context: context)
        var yb = b.outputs[0]
        if backward.returnSequences { yb = ElementwiseOps.reverseTime(yb) }
        let yf = f.outputs[0]
        var merged: [Variable]
        switch mergeMode {
        case .concat: merged = [try ElementwiseOps.concatLast([yf, yb])]
        case .sum: merged = [try ElementwiseOps.add(yf, yb)]
        case .mul: merged = [try ElementwiseOps.multiply(yf, yb)]
        case .ave: merged = [ElementwiseOps.scale(try ElementwiseOps.add(yf, yb), by: 0.5)]
        case .none: merged = [yf, yb]
        }
        let outMask = forward.returnSequences ? mask : nil
        let states = Array(f.outputs.dropFirst()) + Array(b.outputs.dropFirst())
        return LayerOutput(merged + states, masks: merged.map { _ in outMask } + states.map { _ in nil })
    }
}
