/// A model file read by its format: the model with the file's weights and what else the file
/// carries that other formats can keep (a checkpoint's or bundle's data-side metadata, a
/// bundle's card).
public struct LoadedModel {
    /// The model, built and holding the file's weights.
    public var model: Model
    /// The file's kind in words: "Keras 3 .keras archive (keras 3.15.1)", "RNNZoo checkpoint".
    public var description: String
    /// The data-side settings that encode the model's data: the preset's name (`"preset"`) and
    /// its metadata (a vocabulary, an encoding); `.null` when the file carries none.
    public var metadata: JSONValue
    /// The model card the file carries (a zoo bundle's `card.json`); `.null` when none.
    public var card: JSONValue
    /// The name of the format that read it (set by `FormatRegistry.read`).
    public var format = ""

    /// A read model with what its file carries besides the weights.
    public init(model: Model, description: String, metadata: JSONValue = .null, card: JSONValue = .null) {
        self.model = model
        self.description = description
        self.metadata = metadata
        self.card = card
    }
}
