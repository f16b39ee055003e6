import Foundation
import ZooCore

/// The family "Reversal": a layer (`ReverseTime`), a recurrent cell run over time by the core's
/// `RecurrentLayer` (`LeakyRNNCell`, layer class `LeakyRNN`), a preset that trains it (the next value of a
/// sine wave read from a window given newest-first), a generator that continues the wave with it
/// (`SineGenerator`), and a model file format (`TinyModelFormat`, `.tinymodel`).
enum ZooPluginEntry: ZooPlugin {
    static let name = "Reversal"
    static let version = "0.1.0"
    static let summary = "time-reversed inputs (an out-of-tree example plugin)"
    static let families = ["Reversal"]

    static func register(_ r: PluginRegistrar) throws {
        try r.layer("ReverseTime", ReverseTime.self) { ReverseTime(config: $0) }
        try r.layer("LeakyRNN", RecurrentLayer<LeakyRNNCell>.self) { try RecurrentLayer<LeakyRNNCell>(config: $0) }
        try r.preset("reversed-sine", Preset(
            name: "reversed-sine", family: "Reversal", task: "regression",
            summary: "next sine value from a newest-first window (ReverseTime → GRU(8) → Dense(1))",
            epochs: 3, batchSize: 32, learningRate: 0.01, loss: .meanSquaredError,
            makeModel: { seed, _ in
                try ModelBuilder.sequential(name: "reversed_sine", input: ModelInput(name: "series", shape: [10, 1]), layers: [
                    ("ReverseTime", ["name": "oldest_first"]),
                    ("GRU", ["name": "gru", "units": 8]),
                    ("Dense", ["name": "next", "units": 1]),
                ], seed: seed)
            },
            makeData: { _, _ in PresetData(train: try windows(256, start: 0), test: try windows(64, start: 300)) }
        ))
        try r.generator("sine", defaultModel: "reversed-sine", summary: "continue a sine wave with a trained reversed-sine checkpoint",
                        options: SineGenerator.options) { try SineGenerator(checkpoint: $0) }
        try r.format("tinymodel", TinyModelFormat.format)
    }

    /// `count` windows [count, 10, 1] of sin(0.2·k), newest first, and the next values [count, 1].
    static func windows(_ count: Int, start: Int) throws -> Dataset {
        var x = Tensor(shape: [count, 10, 1]), y = Tensor(shape: [count, 1])
        for i in 0..<count {
            for s in 0..<10 { x.scalars[i * 10 + s] = Float(sin(0.2 * Double(start + i + 9 - s))) }
            y.scalars[i] = Float(sin(0.2 * Double(start + i + 10)))
        }
        return try Dataset(inputs: [x], targets: [y])
    }
}
