@testable import ZooCore

/// Keras Flatten in Double: [B, …] → [B, product], channels moved last first for
/// channels_first. No output mask.
struct ReferenceFlatten: ReferenceLayer {
    let channelsFirst: Bool

    init(config: LayerConfig) throws {
        channelsFirst = try config.string("data_format", default: "channels_last") == "channels_first"
    }

    func forward(_ inputs: [Tensor64], masks: [Tensor64?], weights: [Tensor64]) -> ReferenceOutput {
        var x = inputs[0]
        let rank = x.shape.count
        if channelsFirst && rank > 2 { x = ReferencePermutation.apply(x, [0] + Array(2..<rank) + [1]) }
        let b = x.shape[0]
        return ReferenceOutput(outputs: [Tensor64(shape: [b, x.count / max(b, 1)], scalars: x.scalars)], masks: [nil])
    }
}
