@testable import ZooCore

/// Keras TimeDistributed in Double: the wrapped layer applied to each time step on its own,
/// x[:, t] [B, ...] → y[:, t], stacked back into [B, T, ...]. Weights: the wrapped layer's.
/// The input mask passes on.
struct ReferenceTimeDistributed: ReferenceLayer {
    let inner: ReferenceLayer

    init(config: LayerConfig) throws {
        guard let entry = config["layer"], let className = entry["class_name"]?.stringValue else {
            throw ZooError("reference: \(config.label) has no wrapped layer")
        }
        inner = try ReferenceLayers.make(LayerConfig(className: className, json: entry["config"] ?? .object([])))
    }

    func forward(_ inputs: [Tensor64], masks: [Tensor64?], weights: [Tensor64]) -> ReferenceOutput {
        let x = inputs[0], b = x.shape[0], t = x.shape[1], stepSize = x.count / (b * t)
        var y: Tensor64?
        for s in 0..<t {
            var step = Tensor64(shape: [b] + x.shape.dropFirst(2))
            for i in 0..<b {
                step.scalars.replaceSubrange((i * stepSize)..<((i + 1) * stepSize),
                                             with: x.scalars[((i * t + s) * stepSize)..<((i * t + s + 1) * stepSize)])
            }
            let out = inner.forward([step], masks: [nil], weights: weights).outputs[0]
            let outSize = out.count / b
            if y == nil { y = Tensor64(shape: [b, t] + out.shape.dropFirst()) }
            for i in 0..<b {
                y!.scalars.replaceSubrange(((i * t + s) * outSize)..<((i * t + s + 1) * outSize),
                                           with: out.scalars[(i * outSize)..<((i + 1) * outSize)])
            }
        }
        return ReferenceOutput(outputs: [y ?? Tensor64(shape: [b, 0])], masks: [masks.first ?? nil])
    }
}
