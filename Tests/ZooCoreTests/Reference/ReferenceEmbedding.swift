@testable import ZooCore

/// Keras Embedding in Double: ids [B, T] → embeddings[id] [B, T, D]. Weight: embeddings [V, D].
/// With mask_zero the output mask is id ≠ 0.
struct ReferenceEmbedding: ReferenceLayer {
    let maskZero: Bool

    init(config: LayerConfig) throws {
        maskZero = try config.bool("mask_zero", default: false)
    }

    func forward(_ inputs: [Tensor64], masks: [Tensor64?], weights: [Tensor64]) -> ReferenceOutput {
        let ids = inputs[0], table = weights[0]
        var y = Tensor64(shape: ids.shape + [table.shape[1]])
        for (r, id) in ids.scalars.enumerated() { y.setRow(r, table.row(Int(id))) }
        let mask = maskZero ? Tensor64(shape: ids.shape, scalars: ids.scalars.map { $0 != 0 ? 1 : 0 }) : nil
        return ReferenceOutput(outputs: [y], masks: [mask])
    }
}
