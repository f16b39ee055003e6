import Foundation

/// Keras ModelCheckpoint: after each epoch writes a `Checkpoint` (atomically) to `url`, or
/// with `saveBestOnly` only when the monitored quantity improved. `{epoch}` in the file name is
/// replaced by the epoch number (from 1).
public final class ModelCheckpoint: TrainingCallback {
    public let url: URL
    let monitor: MonitoredQuantity
    let saveBestOnly: Bool
    /// Run settings stored in every checkpoint (what `--resume` needs to rebuild the run).
    public let settings: JSONValue
    private var best: Double?

    public init(url: URL, monitor: String = "val_loss", saveBestOnly: Bool = false, settings: JSONValue = .null) {
        self.url = url
        self.monitor = MonitoredQuantity(monitor)
        self.saveBestOnly = saveBestOnly
        self.settings = settings
    }

    public func epochDidEnd(_ epoch: Int, logs: [String: Double], trainer: Trainer) throws {
        if saveBestOnly {
            let current = try monitor.value(in: logs, for: "ModelCheckpoint")
            guard monitor.improves(current, on: best) else { return }
            best = current
        }
        let target = URL(fileURLWithPath: url.path.replacingOccurrences(of: "{epoch}", with: String(epoch + 1)))
        try Checkpoint(trainer: trainer, history: trainer.history, epoch: epoch + 1, settings: settings).write(to: target)
    }
}
