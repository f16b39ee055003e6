import Foundation
import ZooCore

/// The RNNZoo training checkpoint (`.zoockpt`) as a registered format. The file's reader and
/// writer, `Checkpoint`, stay in the core: the trainer writes checkpoints after each epoch
/// (`ModelCheckpoint`), `zoo train --resume` restores the optimizer from one, and plugins read
/// their own (a generator's model); this registration lets every command open one.
public enum CheckpointModelFormat {
    /// The registration: recognised by the magic `RNNZOOCK`; read as the model with its weights
    /// and the run's data-side metadata; written from a checkpoint only (`model-only` drops the
    /// optimizer state, `float16` halves the weights).
    public static let format = ModelFormat(
        name: "RNNZoo checkpoint", extensions: ["zoockpt"],
        summary: "what zoo train writes after each epoch: the model, its optimizer state and history",
        sniff: { head, _ in head.starts(with: Checkpoint.magic) },
        read: { url, _ in
            let checkpoint = try Checkpoint(contentsOf: url)
            let settings = checkpoint.settings
            // A preset without data-side metadata (lstm-sine) stores null; the preset's name is kept either way.
            var metadata = JSONValue.object([])
            if let stored = settings["metadata"], stored.objectValue != nil { metadata = stored }
            metadata = metadata.setting("preset", settings["preset"] ?? .null)
            return LoadedModel(model: try checkpoint.makeModel(), description: "RNNZoo checkpoint", metadata: metadata)
        },
        write: { request in
            guard let source = request.source, isCheckpoint(source) else {
                throw ZooError("\(request.destination.path): a .zoockpt is written from a .zoockpt checkpoint; write .keras, .weights.h5 or .h5 instead")
            }
            try Checkpoint(contentsOf: source).write(to: request.destination, modelOnly: request.options.flag("model-only"),
                                                     float16: request.options.flag("float16"))
            return [request.destination]
        },
        writeOptions: [
            FormatOption("model-only", help: "Leave out the optimizer state (a model to ship, not to resume)."),
            FormatOption("float16", help: "Store the weights as float16."),
        ]
    )

    /// Whether the file starts with the checkpoint magic.
    static func isCheckpoint(_ url: URL) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: url.path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: Checkpoint.magic.count)).map { [UInt8]($0) == Checkpoint.magic } ?? false
    }
}
