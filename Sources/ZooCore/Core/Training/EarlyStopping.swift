/// Keras EarlyStopping: stops when the monitored quantity has not improved by more than
/// `minDelta` for `patience` epochs; optionally restores the best epoch's weights.
final class EarlyStopping: TrainingCallback {
    let monitor: MonitoredQuantity
    let minDelta: Double
    let patience: Int
    let restoreBestWeights: Bool
    private(set) var best: Double?
    private(set) var bestEpoch = -1
    /// The epoch (from 0) after which training stopped, if it did.
    private(set) var stoppedEpoch: Int?
    private var wait = 0
    private var bestWeights: [Tensor] = []

    init(monitor: String = "val_loss", minDelta: Double = 0, patience: Int = 0, restoreBestWeights: Bool = false) {
        self.monitor = MonitoredQuantity(monitor)
        self.minDelta = minDelta
        self.patience = patience
        self.restoreBestWeights = restoreBestWeights
    }

    func trainingWillBegin(_ trainer: Trainer) throws {
        best = nil
        bestEpoch = -1
        stoppedEpoch = nil
        wait = 0
    }

    func epochDidEnd(_ epoch: Int, logs: [String: Double], trainer: Trainer) throws {
        let current = try monitor.value(in: logs, for: "EarlyStopping")
        if monitor.improves(current, on: best, minDelta: minDelta) {
            best = current
            bestEpoch = epoch
            wait = 0
            if restoreBestWeights { bestWeights = trainer.model.weights.map(\.value) }
            return
        }
        wait += 1
        if wait >= patience && epoch > 0 {
            stoppedEpoch = epoch
            trainer.stopTraining = true
            if restoreBestWeights, !bestWeights.isEmpty {
                for (w, v) in zip(trainer.model.weights, bestWeights) { try w.assign(v) }
            }
        }
    }
}
