import ZooCore
import Foundation

/// `lstm-sine`, the seeds' sine-wave predictor: windows of 20 values of sin(0.1·k) → the next
/// value, LSTM(16) → Dense(1), MSE.
enum SinePreset {
    static let window = 20

    static func make() -> Preset {
        Preset(name: "lstm-sine", family: "LSTM", task: "regression",
               summary: "next value of a sine wave from a window of 20 (LSTM(16) → Dense(1), MSE)",
               epochs: 12, batchSize: 32, learningRate: 0.01, validationSplit: 0.1,
               loss: .meanSquaredError, metrics: [.meanAbsoluteError],
               makeModel: { seed, _ in
                   try ModelBuilder.sequential(name: "lstm_sine", input: ModelInput(name: "series", shape: [window, 1]), layers: [
                       ("LSTM", ["name": "lstm", "units": 16]),
                       ("Dense", ["name": "regression_head", "units": 1]),
                   ], seed: seed)
               },
               makeData: { _, _ in
                   PresetData(train: try windows(count: 512, start: 0), test: try windows(count: 128, start: 512 + window))
               })
    }

    /// `count` windows [count, 20, 1] of sin(0.1·k) from offset `start`, and the next values [count, 1].
    static func windows(count: Int, start: Int) throws -> Dataset {
        var x = Tensor(shape: [count, window, 1]), y = Tensor(shape: [count, 1])
        for i in 0..<count {
            for s in 0..<window { x.scalars[i * window + s] = Float(sin(0.1 * Double(start + i + s))) }
            y.scalars[i] = Float(sin(0.1 * Double(start + i + window)))
        }
        return try Dataset(inputs: [x], targets: [y])
    }
}
