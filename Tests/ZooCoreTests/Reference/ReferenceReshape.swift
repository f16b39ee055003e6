@testable import ZooCore

/// Keras Reshape in Double: the same row-major values under [B] + target_shape, a -1 entry
/// taking what is left. No output mask.
struct ReferenceReshape: ReferenceLayer {
    let target: [Int]

    init(config: LayerConfig) throws {
        target = config["target_shape"]?.arrayValue?.compactMap(\.intValue) ?? []
    }

    func forward(_ inputs: [Tensor64], masks: [Tensor64?], weights: [Tensor64]) -> ReferenceOutput {
        let x = inputs[0], b = x.shape[0], perRow = x.count / max(b, 1)
        let known = target.filter { $0 != -1 }.reduce(1, *)
        let shape = [b] + target.map { $0 == -1 ? perRow / known : $0 }
        return ReferenceOutput(outputs: [Tensor64(shape: shape, scalars: x.scalars)], masks: [nil])
    }
}
