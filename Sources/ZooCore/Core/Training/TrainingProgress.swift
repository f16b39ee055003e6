/// Receives what `Trainer.fit` does, batch by batch (a progress bar, a log, a test probe).
public protocol TrainingProgress: AnyObject {
    /// `epoch` counts from 0 of `epochs`; `batches` is the number of training batches.
    func epochWillBegin(_ epoch: Int, of epochs: Int, batches: Int)
    /// After training batch `batch` (from 0), with the running means of the epoch so far.
    func batchDidEnd(_ batch: Int, logs: [(String, Double)])
    /// After the epoch's validation, with the epoch's logs and its wall time in seconds.
    func epochDidEnd(_ epoch: Int, logs: [(String, Double)], seconds: Double)
}
