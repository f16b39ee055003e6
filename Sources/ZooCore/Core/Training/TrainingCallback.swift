/// Keras-style callback: told when training begins and after each epoch with that epoch's
/// logs ("loss", metrics, "val_…"); it may stop training or change the learning rate through
/// the trainer.
public protocol TrainingCallback: AnyObject {
    func trainingWillBegin(_ trainer: Trainer) throws
    /// `epoch` counts from 0.
    func epochDidEnd(_ epoch: Int, logs: [String: Double], trainer: Trainer) throws
    func trainingDidEnd(_ trainer: Trainer) throws
}

extension TrainingCallback {
    public func trainingWillBegin(_ trainer: Trainer) throws {}
    public func trainingDidEnd(_ trainer: Trainer) throws {}
}
