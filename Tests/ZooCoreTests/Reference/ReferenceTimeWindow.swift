@testable import ZooCore

/// A Conv1D or pooling window in the reference, from Keras's formulas (TensorFlow's conv
/// padding): valid gives ⌈(T − span + 1) / s⌉ outputs and no padding; same ⌈T / s⌉ outputs and
/// max((out − 1)·s + span − T, 0) padding steps, the smaller half before; causal pads span − 1
/// steps before and then slides as valid.
struct ReferenceTimeWindow {
    let size: Int
    let stride: Int
    let dilation: Int
    let padding: String

    init(size: Int, stride: Int, dilation: Int, padding: String) {
        (self.size, self.stride, self.dilation, self.padding) = (size, stride, dilation, padding)
    }

    /// kernel_size, strides, dilation_rate and padding of a Conv1D config.
    init(conv config: LayerConfig) throws {
        try self.init(size: Self.value(config, "kernel_size", 1), stride: Self.value(config, "strides", 1),
                      dilation: Self.value(config, "dilation_rate", 1), padding: config.string("padding", default: "valid") ?? "valid")
    }

    /// pool_size, strides (pool_size when absent) and padding of a pooling config.
    init(pooling config: LayerConfig) throws {
        let size = try Self.value(config, "pool_size", 2)
        try self.init(size: size, stride: Self.value(config, "strides", size), dilation: 1,
                      padding: config.string("padding", default: "valid") ?? "valid")
    }

    /// An integer written as n or [n].
    static func value(_ config: LayerConfig, _ key: String, _ fallback: Int) throws -> Int {
        guard let v = config[key], !v.isNull else { return fallback }
        guard let n = (v.arrayValue?.first ?? v).intValue else { throw ZooError("reference: \(key) \(v.serialized())") }
        return n
    }

    var span: Int { dilation * (size - 1) + 1 }

    func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }

    /// (output steps, padding steps before the input) for `steps` input steps.
    func geometry(_ steps: Int) -> (outputs: Int, before: Int) {
        switch padding {
        case "same":
            let outputs = ceilDiv(steps, stride)
            return (outputs, max((outputs - 1) * stride + span - steps, 0) / 2)
        case "causal": return (ceilDiv(steps + span - 1 - span + 1, stride), span - 1)
        default: return (ceilDiv(steps - span + 1, stride), 0)
        }
    }

    /// The input steps (inside 0..<steps) read by output step `s`'s taps, in tap order, with
    /// their tap index.
    func taps(_ s: Int, steps: Int) -> [(tap: Int, step: Int)] {
        let before = geometry(steps).before
        return (0..<size).map { (tap: $0, step: s * stride + $0 * dilation - before) }.filter { $0.step >= 0 && $0.step < steps }
    }
}
