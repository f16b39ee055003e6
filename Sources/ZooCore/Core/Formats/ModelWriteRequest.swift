import Foundation

/// One write of a model by a format's writer: the model, where it goes, what the file it came
/// from carried, and the writer's options.
public struct ModelWriteRequest {
    /// The model to write.
    public var model: Model
    /// The file to write (writers write atomically: temporary name, then rename).
    public var destination: URL
    /// The file the model was read from, for formats that keep more than the model (a
    /// checkpoint's optimizer state, a bundle's data files); nil for a model built in memory.
    public var source: URL?
    /// What the source carried besides the model (`LoadedModel.metadata` and `.card`).
    public var metadata: JSONValue
    /// The source's model card, `.null` when it had none.
    public var card: JSONValue
    /// The writer's options; each is one the format declares (`ModelFormat.writeOptions`).
    public var options: FormatOptions

    /// A write of `model` to `destination`, with what its source file carried.
    public init(model: Model, destination: URL, source: URL? = nil, metadata: JSONValue = .null, card: JSONValue = .null,
                options: FormatOptions = FormatOptions()) {
        self.model = model
        self.destination = destination
        self.source = source
        self.metadata = metadata
        self.card = card
        self.options = options
    }
}
