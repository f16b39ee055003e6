@testable import ZooCore

/// Keras RepeatVector in Double: y[b, s, f] = x[b, f] for s < n. No output mask.
struct ReferenceRepeatVector: ReferenceLayer {
    let n: Int

    init(config: LayerConfig) throws {
        n = try config.int("n")
    }

    func forward(_ inputs: [Tensor64], masks: [Tensor64?], weights: [Tensor64]) -> ReferenceOutput {
        let x = inputs[0], b = x.shape[0], f = x.shape[1]
        var y = Tensor64(shape: [b, n, f])
        for i in 0..<b {
            for s in 0..<n { y.setRow(i * n + s, x.row(i)) }
        }
        return ReferenceOutput(outputs: [y], masks: [nil])
    }
}
