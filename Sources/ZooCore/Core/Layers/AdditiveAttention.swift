/// Keras AdditiveAttention (Bahdanau): inputs [query, value] or [query, value, key];
/// scores[t, s] = Σ_d scale_d · tanh(q[t, d] + k[s, d]). Weight: scale [D] with use_scale.
/// `use_causal_mask` (a Keras 3 call argument, kept in the config) or Keras 2's `causal`.
public final class AdditiveAttention: Layer {
    public static let kerasClassName = "AdditiveAttention"
    public private(set) var config: LayerConfig
    let useScale: Bool
    public let useCausalMask: Bool
    public let dropout: Float
    public private(set) var scale: Weight?
    private var built = false

    public init(config: LayerConfig) throws {
        self.config = config
        useScale = try config.bool("use_scale", default: true)
        useCausalMask = try config.bool("use_causal_mask", default: false) || config.bool("causal", default: false)
        dropout = try config.rate("dropout")
    }

    public var weights: [Weight] { scale.map { [$0] } ?? [] }
    public var isBuilt: Bool { built }

    public func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {
        if useScale {
            guard let d = inputShapes.last?.last ?? nil else { throw ZooError("\(label): the key's last axis must be known") }
            scale = try Weight(name: "scale", path: "\(name)/scale", shape: [d], initializer: .glorotUniform, using: &rng)
        }
        built = true
    }

    public func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] {
        [Array(inputShapes[0].dropLast()) + [inputShapes[1].last ?? nil]]
    }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 2...3)
        return try AttentionLayerCall.run(inputs, masks: masks, score: .tanh(alpha: nil, beta: nil, weights: scale?.variable),
                                          causal: useCausalMask, dropout: dropout, context: context, label: label)
    }
}
