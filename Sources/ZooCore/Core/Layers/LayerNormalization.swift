/// Keras LayerNormalization: each sample is normalized over `axis` (one axis or several,
/// negative ones counting from the end; never the batch axis) with its own mean and biased
/// variance, then scaled by gamma and shifted by beta, in Keras 3's float32 formula
/// (`NormalizationOps`). Weights: gamma (scale=True), then beta (center=True), each shaped as
/// the input's extents along the axes in Keras's sorted order. Any rank ≥ 2; the mask passes.
public final class LayerNormalization: Layer {
    public static let kerasClassName = "LayerNormalization"
    public private(set) var config: LayerConfig
    /// The axes as configured (negative ones unresolved).
    public let axis: [Int]
    public let epsilon: Double
    let center: Bool
    public let scale: Bool
    let gammaInitializer: Initializer
    let betaInitializer: Initializer
    public private(set) var gamma: Weight?
    public private(set) var beta: Weight?
    /// The positive, increasing axes of the built input rank.
    public private(set) var resolvedAxes: [Int] = []
    public private(set) var isBuilt = false
    private var builtRank = 0

    public init(config: LayerConfig) throws {
        self.config = config
        axis = try config.axes("axis", default: [-1])
        epsilon = try config.nonNegative("epsilon", default: 1e-3)
        center = try config.bool("center", default: true)
        scale = try config.bool("scale", default: true)
        if try config.bool("rms_scaling", default: false) {
            throw ZooError("\(config.label): rms_scaling=True (deprecated in Keras 3) is not supported; use center/scale LayerNormalization")
        }
        gammaInitializer = Initializer(keras: config["gamma_initializer"], fallback: .ones)
        betaInitializer = Initializer(keras: config["beta_initializer"], fallback: .zeros)
    }

    public var weights: [Weight] { [gamma, beta].compactMap { $0 } }

    public func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {
        guard inputShapes.count == 1 else { throw ZooError("\(label): expected 1 input, got \(inputShapes.count)") }
        let shape = inputShapes[0]
        resolvedAxes = try Self.resolve(axis, rank: shape.count, label: label)
        builtRank = shape.count
        // Keras sorts the axes as given (negative ones first) and shapes gamma and beta by them.
        let extents = try axis.sorted().map { a -> Int in
            guard let d = shape[a < 0 ? a + shape.count : a] else {
                throw ZooError("\(label): axis \(a) of input \(Shape.describe(shape)) has no known extent")
            }
            return d
        }
        if scale { gamma = try Weight(name: "gamma", path: "\(name)/gamma", shape: extents, initializer: gammaInitializer, using: &rng) }
        if center { beta = try Weight(name: "beta", path: "\(name)/beta", shape: extents, initializer: betaInitializer, using: &rng) }
        isBuilt = true
    }

    /// `axes` resolved against `rank`: positive, increasing, distinct, none the batch axis.
    static func resolve(_ axes: [Int], rank: Int, label: String) throws -> [Int] {
        let resolved = try axes.map { a -> Int in
            let p = a < 0 ? a + rank : a
            guard p >= 1, p < rank else {
                throw ZooError("\(label): axis \(a) is outside the non-batch axes 1…\(rank - 1) (or −\(rank - 1)…−1) of a rank-\(rank) input")
            }
            return p
        }
        guard Set(resolved).count == resolved.count else { throw ZooError("\(label): axis \(axes) names an axis twice") }
        return resolved.sorted()
    }

    public func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] { inputShapes }

    /// x: any shape of the built rank → the same shape.
    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        try requireBuilt()
        let x = inputs[0]
        guard x.value.rank == builtRank,
              (gamma ?? beta).map({ $0.elementCount == Shape.count(resolvedAxes.map { x.shape[$0] }) }) ?? true else {
            throw ZooError("\(label): input \(Shape.describe(x.shape)) does not fit the layer built for rank \(builtRank) and axes \(resolvedAxes)")
        }
        let axes = NormalizationAxes(shape: x.shape, axes: resolvedAxes)
        let y = NormalizationOps.layerNormalization(x, gamma: gamma?.variable, beta: beta?.variable, axes: axes, epsilon: epsilon)
        return LayerOutput([y], masks: [masks.first ?? nil])
    }
}
