import ZooCore
import Foundation

/// `lstm-stock`, the seeds' stock-price regression: a geometric random walk of 1,500 daily
/// prices, min-max scaled to [0, 1] with the training part's range, windows of 30 days → the
/// next day's price, the first 80 % of windows for training and the last 20 % for testing
/// (no shuffling across the split, as in the seed). LSTM(32) → Dense(1), MSE.
enum StockPreset {
    static let window = 30
    static let days = 1500

    static func make() -> Preset {
        Preset(name: "lstm-stock", family: "LSTM", task: "regression",
               summary: "next price of a random-walk series from 30 days (LSTM(32) → Dense(1), MSE, 80/20 split)",
               epochs: 10, batchSize: 32, learningRate: 3e-3, validationSplit: 0.1,
               loss: .meanSquaredError, metrics: [.meanAbsoluteError],
               makeModel: { seed, _ in
                   try ModelBuilder.sequential(name: "lstm_stock", input: ModelInput(name: "prices", shape: [window, 1]), layers: [
                       ("LSTM", ["name": "lstm", "units": 32]),
                       ("Dense", ["name": "price", "units": 1]),
                   ], seed: seed)
               },
               makeData: data)
    }

    static func data(seed: UInt64, file: URL?) throws -> PresetData {
        var rng = SeededGenerator(seed: seed ^ 0x5704)
        var prices = [Double](repeating: 100, count: days)
        for t in 1..<days { prices[t] = prices[t - 1] * exp(0.015 * Double(rng.nextNormal()) + 0.0003) }
        let n = days - window
        let split = n * 8 / 10
        let seen = prices[0..<(split + window)]
        let lo = seen.min()!, hi = seen.max()!
        let scaled = prices.map { Float(($0 - lo) / (hi - lo)) }
        func make(_ range: Range<Int>) throws -> Dataset {
            var x = Tensor(shape: [range.count, window, 1]), y = Tensor(shape: [range.count, 1])
            for (r, i) in range.enumerated() {
                for s in 0..<window { x.scalars[r * window + s] = scaled[i + s] }
                y.scalars[r] = scaled[i + window]
            }
            return try Dataset(inputs: [x], targets: [y])
        }
        return PresetData(train: try make(0..<split), test: try make(split..<n))
    }
}
