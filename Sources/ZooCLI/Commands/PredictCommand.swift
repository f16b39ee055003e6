import ArgumentParser
import Foundation
import KerasFormat
import RNNZoo
import ZooCore

/// `zoo predict MODEL --inputs IO.json [--output OUT.json] [--atol 1e-5]`: runs a model on the
/// inputs of an io.json (the ../shared/fixtures layout) and writes
/// `{"outputs":[{"shape":[...],"data":[...]}]}`; when the io.json also holds expected
/// "outputs", prints the max absolute error of each and fails when one exceeds `--atol`.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Run a model (.keras, .weights.h5, .h5, .zoockpt, .zoo, a plugin's format) on the inputs of an io.json."
    )

    @Argument(help: "The model file (any Keras layout, a .zoockpt, a .zoo or a plugin's format; recognised by content).")
    var model: String

    @Option(help: ArgumentHelp("Inputs in model-input order: {\"inputs\": [{\"name\", \"shape\", \"dtype\", \"data\"}]}.", valueName: "IO.json"))
    var inputs: String

    @Option(help: ArgumentHelp("Where to write the outputs (default: stdout).", valueName: "OUT.json"))
    var output: String?

    @Option(help: "Largest max-abs error accepted against expected outputs in the io.json.")
    var atol: Double = 1e-5

    @OptionGroup var architecture: ArchitectureOptions

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        plugins.load()
        try Failure.guarding("predict") {
            let loaded = try ModelFile(path: model, architecture: architecture.source)
            let io = try TensorIOFile(contentsOf: URL(fileURLWithPath: inputs))
            // What the model refuses that names neither file (a shape, a token id) is the inputs'.
            let outputs: [Tensor]
            do {
                outputs = try loaded.model.predict(io.inputs)
            } catch let error as ZooError {
                throw error.naming(inputs, unlessItNames: [model])
            }
            let json = TensorIOFile.outputsJSON(outputs)
            if let output {
                try AtomicFile.write(json, to: URL(fileURLWithPath: output))
            } else {
                FileHandle.standardOutput.write(Data(json.utf8))
            }
            guard let expected = io.outputs else { return }
            guard expected.count == outputs.count else {
                throw ZooError("\(inputs): holds \(expected.count) expected output(s), the model gives \(outputs.count)")
            }
            var failed: [String] = []
            for (i, (got, want)) in zip(outputs, expected).enumerated() {
                guard got.shape == want.shape else {
                    throw ZooError("\(inputs): output \(i): shape \(Shape.describe(got.shape)), expected \(Shape.describe(want.shape))")
                }
                let err = Double(got.maxAbsDifference(want))
                FileHandle.standardError.write(Data("output \(i): max abs error \(err)\n".utf8))
                if !(err <= atol) { failed.append("output \(i) (\(err))") }
            }
            if !failed.isEmpty {
                throw ZooError("\(model): \(failed.joined(separator: ", ")) exceeds --atol \(atol)")
            }
        }
    }
}
