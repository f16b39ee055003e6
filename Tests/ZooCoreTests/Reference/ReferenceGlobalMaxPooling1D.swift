@testable import ZooCore

/// Keras GlobalMaxPooling1D in Double: the maximum over every step, masked or not ([B, F], or
/// [B, 1, F] with keepdims). No output mask.
struct ReferenceGlobalMaxPooling1D: ReferenceLayer {
    let keepDims: Bool

    init(config: LayerConfig) throws {
        keepDims = try config.bool("keepdims", default: false)
    }

    func forward(_ inputs: [Tensor64], masks: [Tensor64?], weights: [Tensor64]) -> ReferenceOutput {
        let x = inputs[0], b = x.shape[0], t = x.shape[1], f = x.shape[2]
        var y = Tensor64(shape: keepDims ? [b, 1, f] : [b, f])
        for i in 0..<b {
            y.setRow(i, (0..<f).map { j in (0..<t).map { x.scalars[(i * t + $0) * f + j] }.max()! })
        }
        return ReferenceOutput(outputs: [y], masks: [nil])
    }
}
