/// Keras AlphaDropout (for SELU networks): in training each element (or each entry of
/// `noise_shape`, broadcast) is kept with probability 1−rate; a dropped one becomes
/// α' = −α·λ (SELU's negative saturation), then y = a·x + b with
/// a = ((1−rate)(1 + rate·α'²))^(−1/2) and b = −a·α'·rate, which keeps a zero mean and unit
/// variance. Identity at inference. The mask passes.
final class AlphaDropout: IdentityAtInference {
    static let kerasClassName = "AlphaDropout"
    private(set) var config: LayerConfig
    let rate: Float
    /// Keras `noise_shape`: one entry per input axis, nil = the input's extent; nil = the input's shape.
    let noiseShape: [Int?]?

    /// SELU's α and λ, as Keras writes them.
    static let alpha = 1.6732632423543772848170429916717
    static let scale = 1.0507009873554804934193349852946

    init(config: LayerConfig) throws {
        self.config = config
        guard config["rate"] != nil else { throw ZooError("\(config.label): config is missing 'rate'") }
        rate = try config.rate("rate")
        if let given = config["noise_shape"], !given.isNull {
            guard let list = given.arrayValue else {
                throw ZooError("\(config.label): 'noise_shape' must be a list of integers and nulls, got \(given.serialized())")
            }
            noiseShape = try list.map { v -> Int? in
                if v.isNull { return nil }
                guard let i = v.intValue, (1...LayerConfig.maxExtent).contains(i) else {
                    throw ZooError("\(config.label): 'noise_shape' \(given.serialized()) must hold extents 1…\(LayerConfig.maxExtent) and nulls")
                }
                return i
            }
        } else {
            noiseShape = nil
        }
    }

    var weights: [Weight] { [] }
    var isBuilt: Bool { true }
    func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {}
    func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] { inputShapes }

    /// x: any shape → the same shape.
    func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        guard context.training, rate > 0 else { return LayerOutput(inputs, masks: masks) }
        let x = inputs[0]
        let noise = try concreteNoiseShape(x.shape)
        var kept = Tensor(shape: noise)
        for i in 0..<kept.count { kept.scalars[i] = context.rng.nextUniform() >= rate ? 1 : 0 }
        let r = Double(rate), alphaP = -Self.alpha * Self.scale
        let a = 1 / ((1 - r) * (1 + r * alphaP * alphaP)).squareRoot()
        let b = -a * alphaP * r
        // y = a·(x·k + α'·(1 − k)) + b = x·(a·k) + (a·α'·(1 − k) + b), k broadcast from the noise shape.
        var factor = Tensor(shape: x.shape), offset = Tensor(shape: x.shape)
        let strides = Self.broadcastStrides(noise, into: x.shape)
        var coords = [Int](repeating: 0, count: x.shape.count)
        for i in 0..<x.value.count {
            var n = 0
            for (c, s) in zip(coords, strides) { n += c * s }
            let k = Double(kept.scalars[n])
            factor.scalars[i] = Float(a * k)
            offset.scalars[i] = Float(a * alphaP * (1 - k) + b)
            var axis = coords.count - 1
            while axis >= 0 {
                coords[axis] += 1
                if coords[axis] < x.shape[axis] { break }
                coords[axis] = 0
                axis -= 1
            }
        }
        let y = try ElementwiseOps.add(ElementwiseOps.multiply(x, constant: factor), Variable(offset))
        return LayerOutput([y], masks: masks)
    }

    /// The noise shape for an input of `shape`: nil entries take the input's extent; every
    /// given extent must be 1 or the input's.
    func concreteNoiseShape(_ shape: [Int]) throws -> [Int] {
        guard let noiseShape else { return shape }
        guard noiseShape.count == shape.count else {
            throw ZooError("\(label): noise_shape \(Shape.describe(noiseShape)) does not fit input \(Shape.describe(shape))")
        }
        return try zip(noiseShape, shape).map { n, d in
            guard let n else { return d }
            guard n == 1 || n == d else { throw ZooError("\(label): noise_shape \(Shape.describe(noiseShape)) does not fit input \(Shape.describe(shape))") }
            return n
        }
    }

    /// Row-major strides of `noise` with 0 on its broadcast (extent-1) axes.
    static func broadcastStrides(_ noise: [Int], into shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 0, count: noise.count), step = 1
        for axis in noise.indices.reversed() {
            strides[axis] = noise[axis] == 1 && shape[axis] != 1 ? 0 : step
            step *= noise[axis]
        }
        return strides
    }
}
