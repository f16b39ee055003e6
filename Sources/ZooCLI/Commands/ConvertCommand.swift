import ArgumentParser
import Foundation
import ZooCore

/// `zoo convert SRC DST`: rewrites a model in another form. Today: an RNNZoo checkpoint to a
/// model file to ship (`--model-only` drops the optimizer state, `--float16` halves the size).
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a model file (formats follow the extensions; today .zoockpt → .zoockpt)."
    )

    @Argument(help: "The model to read.")
    var source: String

    @Argument(help: "The file to write (written atomically).")
    var destination: String

    @Flag(name: .customLong("model-only"), help: "Leave out the optimizer state (a model to ship, not to resume).")
    var modelOnly = false

    @Flag(help: "Store weights as float16.")
    var float16 = false

    func run() throws {
        try Failure.guarding("convert") {
            for path in [source, destination] where !path.hasSuffix(".zoockpt") {
                throw ZooError("\(path): unsupported format (supported today: .zoockpt)")
            }
            let checkpoint = try Checkpoint(contentsOf: URL(fileURLWithPath: source))
            _ = try checkpoint.makeModel()
            try checkpoint.write(to: URL(fileURLWithPath: destination), modelOnly: modelOnly, float16: float16)
        }
    }
}
