import ArgumentParser
import ZooCore

/// How the next symbol is drawn; shared by the generators.
struct SamplingOptions: ParsableArguments {
    @Option(help: "Softmax temperature (0 = always the most likely symbol).")
    var temperature: Float = 0.8

    @Option(name: .customLong("top-k"), help: "Sample only among the K most likely symbols.")
    var topK: Int?

    @Option(name: .customLong("top-p"), help: "Sample only among the most likely symbols whose mass reaches P.")
    var topP: Float?

    @Option(help: "Random seed: the same seed gives the same output.")
    var seed: UInt64 = 1

    func sampler() throws -> Sampler {
        try Sampler(temperature: temperature, topK: topK, topP: topP)
    }
}
