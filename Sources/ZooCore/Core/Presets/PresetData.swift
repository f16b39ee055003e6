/// What a preset trains and tests on, plus facts the model depends on (for a corpus, its
/// vocabulary), which the model factory receives and checkpoints keep.
public struct PresetData {
    public var train: Dataset
    public var test: Dataset
    /// Data-dependent settings, e.g. `{"vocabulary": [...]}`; `.null` for synthetic data.
    public var metadata: JSONValue

    public init(train: Dataset, test: Dataset, metadata: JSONValue = .null) {
        self.train = train
        self.test = test
        self.metadata = metadata
    }
}
