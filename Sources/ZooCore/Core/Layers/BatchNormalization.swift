/// Keras BatchNormalization over one channel `axis` (negative counts from the end; never the
/// batch axis). At inference x is normalized with moving_mean and moving_variance; in training
/// (a training call of a layer whose config is trainable) with the batch's mean and biased
/// variance per channel over every other axis — with a [B, T] mask on a [B, T, F] input only
/// over the real steps, as Keras 3 — and the moving statistics become
/// moving·momentum + batch·(1 − momentum). Formula and float32 rounding as Keras 3
/// (`NormalizationOps`). Weights [channels] each: gamma (scale=True), beta (center=True),
/// moving_mean and moving_variance (non-trainable). The mask passes.
public final class BatchNormalization: Layer {
    public static let kerasClassName = "BatchNormalization"
    public private(set) var config: LayerConfig
    /// The channel axis as configured (negative unresolved).
    public let axis: Int
    let momentum: Double
    public let epsilon: Double
    let center: Bool
    public let scale: Bool
    /// False when the config says `"trainable": false`: training calls then use the moving
    /// statistics too and leave them alone, as Keras does.
    let updatesInTraining: Bool
    let gammaInitializer: Initializer
    let betaInitializer: Initializer
    let movingMeanInitializer: Initializer
    let movingVarianceInitializer: Initializer
    public private(set) var gamma: Weight?
    public private(set) var beta: Weight?
    public private(set) var movingMean: Weight?
    public private(set) var movingVariance: Weight?
    /// The positive channel axis of the built input rank.
    public private(set) var resolvedAxis = 0
    private var builtRank = 0

    public init(config: LayerConfig) throws {
        self.config = config
        let axes = try config.axes("axis", default: [-1])
        guard axes.count == 1 else { throw ZooError("\(config.label): 'axis' must be one axis, got \(axes)") }
        axis = axes[0]
        // tf_keras writes the axis as a list ([2]); Keras 3 reads only an integer, which tf_keras reads too.
        self.config["axis"] = .number(Double(axis))
        momentum = try config.double("momentum", default: 0.99)
        guard momentum >= 0, momentum <= 1 else { throw ZooError("\(config.label): 'momentum' must be in [0, 1], got \(momentum)") }
        epsilon = try config.nonNegative("epsilon", default: 1e-3)
        center = try config.bool("center", default: true)
        scale = try config.bool("scale", default: true)
        updatesInTraining = try config.bool("trainable", default: true)
        if try config.bool("renorm", default: false) {
            throw ZooError("\(config.label): renorm=True (batch renormalization) is not supported")
        }
        gammaInitializer = Initializer(keras: config["gamma_initializer"], fallback: .ones)
        betaInitializer = Initializer(keras: config["beta_initializer"], fallback: .zeros)
        movingMeanInitializer = Initializer(keras: config["moving_mean_initializer"], fallback: .zeros)
        movingVarianceInitializer = Initializer(keras: config["moving_variance_initializer"], fallback: .ones)
    }

    public var weights: [Weight] { [gamma, beta, movingMean, movingVariance].compactMap { $0 } }
    public var isBuilt: Bool { movingMean != nil }

    public func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {
        guard inputShapes.count == 1 else { throw ZooError("\(label): expected 1 input, got \(inputShapes.count)") }
        let shape = inputShapes[0]
        resolvedAxis = try LayerNormalization.resolve([axis], rank: shape.count, label: label)[0]
        guard let channels = shape[resolvedAxis] else {
            throw ZooError("\(label): axis \(axis) of input \(Shape.describe(shape)) has no known extent")
        }
        builtRank = shape.count
        if scale { gamma = try Weight(name: "gamma", path: "\(name)/gamma", shape: [channels], initializer: gammaInitializer, using: &rng) }
        if center { beta = try Weight(name: "beta", path: "\(name)/beta", shape: [channels], initializer: betaInitializer, using: &rng) }
        let meanInit = movingMeanInitializer, varianceInit = movingVarianceInitializer
        movingMean = try Weight(name: "moving_mean", path: "\(name)/moving_mean", shape: [channels], trainable: false, using: &rng) {
            meanInit.make([channels], using: &$0)
        }
        movingVariance = try Weight(name: "moving_variance", path: "\(name)/moving_variance", shape: [channels], trainable: false, using: &rng) {
            varianceInit.make([channels], using: &$0)
        }
    }

    public func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] { inputShapes }

    /// x: any shape of the built rank with the built channel count → the same shape; masks:
    /// [B, T] for a [B, T, F] input, or nil.
    public func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        try expectInputs(inputs, 1...1)
        try requireBuilt()
        let x = inputs[0], mask = masks.first ?? nil
        guard x.value.rank == builtRank, x.shape[resolvedAxis] == movingMean!.elementCount else {
            throw ZooError("\(label): input \(Shape.describe(x.shape)) does not fit the layer built for rank \(builtRank) with \(movingMean!.elementCount) channels on axis \(resolvedAxis)")
        }
        if let mask, mask.rank != x.value.rank - 1 {
            throw ZooError("\(label): the mask \(Shape.describe(mask.shape)) must have one axis less than the input \(Shape.describe(x.shape))")
        }
        let axes = NormalizationAxes(shape: x.shape, axes: [resolvedAxis])
        guard context.training, updatesInTraining else {
            let y = NormalizationOps.batchNormalization(x, gamma: gamma?.variable, beta: beta?.variable, axes: axes,
                                                        mean: movingMean!.value, variance: movingVariance!.value, epsilon: epsilon)
            return LayerOutput([y], masks: [mask])
        }
        let width = x.shape.last ?? 1
        let weights = mask.map { m in (0..<x.value.count).map { m.scalars[$0 / width] == 0 ? Float(0) : 1 } }
        let batch = NormalizationOps.batchNormalization(x, gamma: gamma?.variable, beta: beta?.variable, axes: axes,
                                                        elementWeights: weights, epsilon: epsilon)
        let keep = Float(momentum), take = Float(1 - momentum)
        try movingMean!.assign(Tensor(shape: movingMean!.shape, scalars: zip(movingMean!.value.scalars, batch.mean).map { $0 * keep + $1 * take }))
        try movingVariance!.assign(Tensor(shape: movingVariance!.shape,
                                          scalars: zip(movingVariance!.value.scalars, batch.variance).map { $0 * keep + $1 * take }))
        return LayerOutput([batch.output], masks: [mask])
    }
}
