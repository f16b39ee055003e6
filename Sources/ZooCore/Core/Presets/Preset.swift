/// A named, trainable application: the architecture, its data, the loss and metrics and the
/// default hyperparameters — what `zoo train NAME` runs. Plugins register more.
public struct Preset {
    public let name: String
    /// The model family ("LSTM", "GRU", "Seq2Seq", ...).
    public let family: String
    /// "regression", "classification", "tagging", "sequence-to-sequence", ...
    public let task: String
    public let summary: String
    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Float
    public var validationSplit: Double
    public let loss: Loss
    public let metrics: [Metric]
    /// The untrained model, weights drawn from the seed.
    public let makeModel: (_ seed: UInt64) throws -> Model
    /// Training and held-out test data, generated from the seed.
    public let makeData: (_ seed: UInt64) throws -> (train: Dataset, test: Dataset)
    /// Task-specific scores on the test data beyond loss and metrics (e.g. exact sequences).
    public let score: ((_ model: Model, _ test: Dataset) throws -> [String: Double])?

    public init(name: String, family: String, task: String, summary: String, epochs: Int, batchSize: Int = 32,
                learningRate: Float = 1e-3, validationSplit: Double = 0.1, loss: Loss, metrics: [Metric] = [],
                makeModel: @escaping (UInt64) throws -> Model,
                makeData: @escaping (UInt64) throws -> (train: Dataset, test: Dataset),
                score: ((Model, Dataset) throws -> [String: Double])? = nil) {
        self.name = name
        self.family = family
        self.task = task
        self.summary = summary
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.validationSplit = validationSplit
        self.loss = loss
        self.metrics = metrics
        self.makeModel = makeModel
        self.makeData = makeData
        self.score = score
    }
}
