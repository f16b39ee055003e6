@testable import ZooCore

/// Keras MaxPooling1D and AveragePooling1D in Double: each window's maximum, or the mean of its
/// taps inside the input (same padding does not count the padding). No output mask.
struct ReferencePooling1D: ReferenceLayer {
    let window: ReferenceTimeWindow
    let average: Bool

    init(config: LayerConfig) throws {
        window = try ReferenceTimeWindow(pooling: config)
        average = config.className == "AveragePooling1D"
    }

    func forward(_ inputs: [Tensor64], masks: [Tensor64?], weights: [Tensor64]) -> ReferenceOutput {
        let x = inputs[0], b = x.shape[0], t = x.shape[1], c = x.shape[2]
        let out = window.geometry(t).outputs
        var y = Tensor64(shape: [b, out, c])
        for i in 0..<b {
            for s in 0..<out {
                let rows = window.taps(s, steps: t).map { x.row(i * t + $0.step) }
                let pooled = (0..<c).map { ch in
                    average ? rows.map { $0[ch] }.reduce(0, +) / Double(rows.count) : rows.map { $0[ch] }.max()!
                }
                y.setRow(i * out + s, pooled)
            }
        }
        return ReferenceOutput(outputs: [y], masks: [nil])
    }
}
