import Foundation
import ZooCore

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
