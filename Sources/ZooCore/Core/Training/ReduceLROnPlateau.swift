/// Keras ReduceLROnPlateau: multiplies the learning rate by `factor` (not below `minLR`)
/// after `patience` epochs without an improvement greater than `minDelta`, then waits
/// `cooldown` epochs before counting again.
final class ReduceLROnPlateau: TrainingCallback {
    let monitor: MonitoredQuantity
    let factor: Float
    let patience: Int
    let minDelta: Double
    let cooldown: Int
    let minLR: Float
    private var best: Double?
    private var wait = 0
    private var cooldownLeft = 0

    init(monitor: String = "val_loss", factor: Float = 0.1, patience: Int = 10, minDelta: Double = 1e-4,
                cooldown: Int = 0, minLR: Float = 0) throws {
        guard factor > 0, factor < 1 else { throw ZooError("ReduceLROnPlateau: factor must be in (0, 1), got \(factor)") }
        self.monitor = MonitoredQuantity(monitor)
        self.factor = factor
        self.patience = patience
        self.minDelta = minDelta
        self.cooldown = cooldown
        self.minLR = minLR
    }

    func trainingWillBegin(_ trainer: Trainer) throws {
        best = nil
        wait = 0
        cooldownLeft = 0
    }

    func epochDidEnd(_ epoch: Int, logs: [String: Double], trainer: Trainer) throws {
        let current = try monitor.value(in: logs, for: "ReduceLROnPlateau")
        if cooldownLeft > 0 {
            cooldownLeft -= 1
            wait = 0
        }
        if monitor.improves(current, on: best, minDelta: minDelta) {
            best = current
            wait = 0
        } else if cooldownLeft == 0 {
            wait += 1
            if wait >= patience, trainer.optimizer.learningRate > minLR {
                trainer.optimizer.learningRate = max(trainer.optimizer.learningRate * factor, minLR)
                cooldownLeft = cooldown
                wait = 0
            }
        }
    }
}
