/// Keras SpatialDropout1D: in training, drops whole channels of x [B, T, C] — the same channels
/// at every time step, each with probability `rate`, per sample — and scales the kept ones by
/// 1/(1−rate); identity at inference. The mask passes.
final class SpatialDropout1D: IdentityAtInference {
    static let kerasClassName = "SpatialDropout1D"
    private(set) var config: LayerConfig
    let rate: Float

    init(config: LayerConfig) throws {
        self.config = config
        rate = try config.rate("rate")
        // tf_keras writes `trainable` and `noise_shape`; Keras 3's SpatialDropout1D refuses both.
        self.config.json = .object((config.json.objectValue ?? []).filter { $0.0 != "trainable" && $0.0 != "noise_shape" })
    }

    var weights: [Weight] { [] }
    var isBuilt: Bool { true }
    func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {
        _ = try outputShapes(inputShapes: inputShapes)
    }

    func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] {
        guard inputShapes.count == 1, inputShapes[0].count == 3 else {
            throw ZooError("\(label): expected one input of shape (batch, time, channels), got \(inputShapes.map { Shape.describe($0) }.joined(separator: ", "))")
        }
        return inputShapes
    }

    /// x: [B, T, C] → [B, T, C].
    func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        let x = inputs[0]
        guard x.value.rank == 3 else { throw ZooError("\(label): expected an input of rank 3 (batch, time, channels), got \(Shape.describe(x.shape))") }
        guard context.training, rate > 0 else { return LayerOutput(inputs, masks: masks) }
        let b = x.shape[0], t = x.shape[1], c = x.shape[2]
        let channels = context.dropoutMask([b, c], rate: rate)
        var m = Tensor(shape: x.shape)
        for i in 0..<b {
            for s in 0..<t {
                for j in 0..<c { m.scalars[(i * t + s) * c + j] = channels.scalars[i * c + j] }
            }
        }
        return LayerOutput([ElementwiseOps.multiply(x, constant: m)], masks: masks)
    }
}
