/// Keras Masking: a step is masked when every feature equals `mask_value`; the output is the
/// input times the mask (masked steps become zeros) and carries the mask [B, T].
public final class Masking: Layer {
    public static let kerasClassName = "Masking"
    public private(set) var config: LayerConfig
    public let maskValue: Float

    public init(config: LayerConfig) throws {
        self.config = config
        maskValue = Float(try config.double("mask_value", default: 0))
    }

    public var weights: [Weight] { [] }
    public var isBuilt: Bool { true }
    public func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {}
    public func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] { inputShapes }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        let x = inputs[0]
        guard x.value.rank == 3 else { throw ZooError.shape(label, expected: "(batch, time, features)", got: x.shape) }
        let b = x.shape[0], t = x.shape[1], f = x.shape[2]
        var mask = Tensor(shape: [b, t])
        var full = Tensor(shape: x.shape)
        for r in 0..<(b * t) {
            var keep = false
            for j in 0..<f where x.value.scalars[r * f + j] != maskValue { keep = true; break }
            mask.scalars[r] = keep ? 1 : 0
            if keep { for j in 0..<f { full.scalars[r * f + j] = 1 } }
        }
        return LayerOutput([ElementwiseOps.multiply(x, constant: full)], masks: [mask])
    }
}
