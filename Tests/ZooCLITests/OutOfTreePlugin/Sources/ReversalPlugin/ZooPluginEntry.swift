import Foundation
import ZooCore

/// A new layer kind: the sequence reversed in time (no weights). [B, T, F] → [B, T, F].
final class ReverseTime: Layer {
    static let kerasClassName = "ReverseTime"
    let config: LayerConfig

    init(config: LayerConfig) { self.config = config }

    var weights: [Weight] { [] }
    var isBuilt: Bool { true }
    func build(inputShapes: [[Int?]], rng: inout SeededGenerator) throws {}
    func outputShapes(inputShapes: [[Int?]]) throws -> [[Int?]] { inputShapes }

    func call(_ inputs: [Variable], masks: [Tensor?], context: CallContext) throws -> LayerOutput {
        LayerOutput([ElementwiseOps.reverseTime(inputs[0])])
    }
}

/// Continues a sine wave with a trained `reversed-sine` checkpoint (the model file given with
/// `--model`): `--steps` values, one per line, after the window that starts at `--from`.
final class SineGenerator: Generator {
    static let options = [
        GeneratorOption("steps", .integer(1...50), default: "5", help: "How many values to continue the wave by."),
        GeneratorOption("from", .integer(0...1000), default: "0", help: "Where the 10-value window of sin(0.2·k) starts."),
    ]
    let name: String
    let model: Model

    init(checkpoint: URL) throws {
        let file = try Checkpoint(contentsOf: checkpoint)
        model = try file.makeModel()
        try file.loadWeights(into: model)
        name = checkpoint.lastPathComponent
    }

    func generate(_ request: GenerationRequest) throws -> GenerationOutput {
        let request = try request.checked(against: Self.options)
        let from = request.integer("from") ?? 0, steps = request.integer("steps") ?? 5
        var window = (0..<10).map { Float(sin(0.2 * Double(from + $0))) }
        var values: [Float] = []
        for _ in 0..<steps {
            var x = Tensor(shape: [1, 10, 1])
            for s in 0..<10 { x.scalars[s] = window[9 - s] }
            let next = try model.predict([x])[0].scalars[0]
            values.append(next)
            window = Array(window.dropFirst()) + [next]
        }
        return GenerationOutput(stdout: values.map { String(format: "%.3f", $0) }.joined(separator: "\n"),
                                info: "sine from \(name): \(steps) steps after k = \(from)…\(from + 9)")
    }
}

/// The family "Reversal": the layer above, a preset that trains it (the next value of a sine
/// wave read from a window given newest-first), a generator that continues the wave with it, and
/// a model file format (`TinyModelFormat`, `.tinymodel`).
enum ZooPluginEntry: ZooPlugin {
    static let name = "Reversal"
    static let version = "0.1.0"
    static let summary = "time-reversed inputs (an out-of-tree example plugin)"
    static let families = ["Reversal"]

    static func register(_ r: PluginRegistrar) throws {
        try r.layer("ReverseTime", ReverseTime.self) { ReverseTime(config: $0) }
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
