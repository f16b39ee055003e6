import ArgumentParser
import Foundation
import ZooCore

/// `zoo train PRESET`: trains a preset end to end and prints its loss curve.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a preset model and print its loss curve (presets: lstm-sine)."
    )

    @Argument(help: "The preset to train.")
    var preset: String = "lstm-sine"

    @Option(help: "Number of epochs.")
    var epochs: Int = 12

    @Option(help: "Random seed (same seed, same run).")
    var seed: UInt64 = 42

    func validate() throws {
        guard preset == "lstm-sine" else { throw ValidationError("unknown preset '\(preset)' (available: lstm-sine)") }
        guard epochs > 0 else { throw ValidationError("--epochs must be positive") }
    }

    func run() throws {
        var task = SineWaveTask()
        task.epochs = epochs
        task.seed = seed
        let start = Date()
        print("lstm-sine: LSTM(\(task.units)) → Dense(1) on windows of \(task.window) steps of sin(0.1·t), \(task.samples) samples, Adam(lr \(task.learningRate)), seed \(seed)")
        do {
            let report = try task.run { epoch, loss in
                print(String(format: "epoch %3d/%d  loss %.6f", epoch, epochs, loss))
            }
            print(LossCurve.render(report.epochLosses))
            print(String(format: "test MSE %.6f on %d held-out windows (%.1f s)", report.testMSE, task.samples / 4, Date().timeIntervalSince(start)))
        } catch let error as ZooError {
            FileHandle.standardError.write(Data("zoo train: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
    }
}
