@testable import ZooCore

/// Keras GlobalAveragePooling1D in Double: x [B, T, F] → the mean over the steps [B, F]
/// ([B, 1, F] with keepdims); with a mask, Σ_t m·x / Σ_t m over the real steps. No output mask.
struct ReferenceGlobalAveragePooling1D: ReferenceLayer {
    let keepDims: Bool

    init(config: LayerConfig) throws {
        keepDims = try config.bool("keepdims", default: false)
    }

    func forward(_ inputs: [Tensor64], masks: [Tensor64?], weights: [Tensor64]) -> ReferenceOutput {
        let x = inputs[0], b = x.shape[0], t = x.shape[1], f = x.shape[2], mask = masks.first ?? nil
        var y = Tensor64(shape: keepDims ? [b, 1, f] : [b, f])
        for i in 0..<b {
            var total = [Double](repeating: 0, count: f), steps = 0.0
            for s in 0..<t {
                let m = mask?.scalars[i * t + s] ?? 1
                steps += m
                total = zip(total, x.row(i * t + s)).map { $0 + m * $1 }
            }
            y.setRow(i, total.map { $0 / steps })
        }
        return ReferenceOutput(outputs: [y], masks: [nil])
    }
}
