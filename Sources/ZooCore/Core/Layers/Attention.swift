/// Keras Attention (Luong): inputs [query, value] or [query, value, key];
/// score_mode "dot" (scores = q·kᵀ, times the `scale` scalar with use_scale) or "concat"
/// (scores = concat_score_weight · Σ tanh(scale · (q + k))). Masks: [query_mask, value_mask].
/// Weights: scale [] with use_scale; concat_score_weight [] for "concat".
public final class Attention: Layer {
    public static let kerasClassName = "Attention"
    public private(set) var config: LayerConfig
    let useScale: Bool
    public let concatScore: Bool
    public let useCausalMask: Bool
    public let dropout: Float
    public private(set) var scale: Weight?
    public private(set) var concatScoreWeight: Weight?
    private var built = false

    public init(config: LayerConfig) throws {
        self.config = config
        useScale = try config.bool("use_scale", default: false)
        let mode = try config.string("score_mode", default: "dot") ?? "dot"
        guard mode == "dot" || mode == "concat" else { throw ZooError("\(config.label): unknown score_mode '\(mode)'") }
        concatScore = mode == "concat"
        useCausalMask = try config.bool("use_causal_mask", default: false) || config.bool("causal", default: false)
        dropout = try config.rate("dropout")
    }

    public var weights: [Weight] { [scale, concatScoreWeight].compactMap { $0 } }
    public var isBuilt: Bool { built }

    public func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {
        if useScale { scale = try Weight(name: "scale", path: "\(name)/scale", shape: [], initializer: .ones, using: &rng) }
        if concatScore {
            concatScoreWeight = try Weight(name: "concat_score_weight", path: "\(name)/concat_score_weight", shape: [], initializer: .ones, using: &rng)
        }
        built = true
    }

    public func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] {
        [Array(inputShapes[0].dropLast()) + [inputShapes[1].last ?? nil]]
    }

    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 2...3)
        let score: AttentionOps.Score = concatScore
            ? .tanh(alpha: concatScoreWeight?.variable, beta: scale?.variable, weights: nil)
            : .dot(scale: scale?.variable)
        return try AttentionLayerCall.run(inputs, masks: masks, score: score, causal: useCausalMask, dropout: dropout,
                                          context: context, label: label)
    }
}
