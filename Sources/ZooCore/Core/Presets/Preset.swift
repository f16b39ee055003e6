import Foundation

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
    /// The untrained model, weights drawn from the seed; `metadata` is `PresetData.metadata`.
    public let makeModel: (_ seed: UInt64, _ metadata: JSONValue) throws -> Model
    /// Training and held-out test data, generated from the seed, or read from the user's file
    /// (`--data`) when the preset trains on a corpus (`needsData`).
    public let makeData: (_ seed: UInt64, _ file: URL?) throws -> PresetData
    /// Whether `makeData` needs a file.
    public let needsData: Bool
    /// Task-specific scores on the test data beyond loss and metrics (e.g. exact sequences).
    public let score: ((_ model: Model, _ test: Dataset) throws -> [String: Double])?
    /// For `zoo eval`: any file or folder of the preset's kind (a text file, a MIDI folder) as a
    /// dataset encoded with a trained model's `metadata` (its vocabulary or encoding), cut the
    /// way training cuts its validation data.
    public let evaluationData: ((_ path: URL, _ metadata: JSONValue) throws -> Dataset)?

    public init(name: String, family: String, task: String, summary: String, epochs: Int, batchSize: Int = 32,
                learningRate: Float = 1e-3, validationSplit: Double = 0.1, loss: Loss, metrics: [Metric] = [],
                makeModel: @escaping (UInt64, JSONValue) throws -> Model,
                makeData: @escaping (UInt64, URL?) throws -> PresetData, needsData: Bool = false,
                score: ((Model, Dataset) throws -> [String: Double])? = nil,
                evaluationData: ((URL, JSONValue) throws -> Dataset)? = nil) {
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
        self.needsData = needsData
        self.score = score
        self.evaluationData = evaluationData
    }
}
