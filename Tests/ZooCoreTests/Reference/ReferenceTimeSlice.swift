@testable import ZooCore

/// Keras Cropping1D, ZeroPadding1D and UpSampling1D in Double: output step s of [B, T', C] is
/// input step s + before (cropping), s − before or zeros outside the input (padding), or
/// ⌊s / size⌋ (upsampling). No output mask.
struct ReferenceTimeSlice: ReferenceLayer {
    let className: String
    let before: Int
    let after: Int
    let size: Int

    init(config: LayerConfig) throws {
        className = config.className
        let key = className == "Cropping1D" ? "cropping" : "padding"
        let pair = config[key]?.arrayValue?.compactMap(\.intValue) ?? [config[key]?.intValue ?? 1, config[key]?.intValue ?? 1]
        (before, after) = (pair[0], pair[1])
        size = try ReferenceTimeWindow.value(config, "size", 2)
    }

    func forward(_ inputs: [Tensor64], masks: [Tensor64?], weights: [Tensor64]) -> ReferenceOutput {
        let x = inputs[0], b = x.shape[0], t = x.shape[1], c = x.shape[2]
        let steps: Int, source: (Int) -> Int?
        switch className {
        case "Cropping1D": (steps, source) = (t - before - after, { $0 + before })
        case "ZeroPadding1D": (steps, source) = (before + t + after, { $0 >= before && $0 < before + t ? $0 - before : nil })
        default: (steps, source) = (t * size, { $0 / size })
        }
        var y = Tensor64(shape: [b, steps, c])
        for i in 0..<b {
            for s in 0..<steps {
                if let src = source(s) { y.setRow(i * steps + s, x.row(i * t + src)) }
            }
        }
        return ReferenceOutput(outputs: [y], masks: [nil])
    }
}
