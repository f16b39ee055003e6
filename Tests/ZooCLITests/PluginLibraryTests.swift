import Foundation
import RNNZoo
import XCTest

/// The out-of-tree plugin package (Tests/ZooCLITests/OutOfTreePlugin, built once per test run by
/// `OutOfTreePluginBuild` and shared with PluginCommandTests and PluginFormatTests, which use it
/// through `zoo`) used from Swift through the library facade alone: its format opened, its preset
/// trained into a checkpoint, its generator run with its declared, typed options, and its layer
/// built into a model that predicts, saves and reopens.
final class PluginLibraryTests: XCTestCase {
    func testOutOfTreePluginThroughTheLibrary() throws {
        let plugins = try OutOfTreePluginBuild.plugins()
        let dir = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let record = try XCTUnwrap(Zoo.loadPlugins(from: [plugins]).first { $0.manifest?.name == "Reversal" && $0.status == .loaded })
        XCTAssertEqual(record.manifest?.layers, ["ReverseTime"])
        XCTAssertEqual(record.manifest?.formats, ["tinymodel"])

        // The format: a file written by hand, under a name that is not the format's, opened by content.
        let affine = dir.appendingPathComponent("affine.txt")
        try """
        tinymodel 1
        config {"class_name": "Sequential", "config": {"name": "affine", "layers": [{"class_name": "InputLayer", "config": {"name": "x", "batch_shape": [null, 2]}}, {"class_name": "Dense", "config": {"name": "out", "units": 1}}]}}
        weight out/kernel 2,1 2 -1
        weight out/bias 1 0.5

        """.write(to: affine, atomically: true, encoding: .utf8)
        let opened = try Zoo.open(affine.path)
        XCTAssertEqual(opened.format, "tinymodel")
        XCTAssertEqual(try opened.model.predict([Tensor(shape: [2, 2], scalars: [1, 3, 0.5, 0])])[0].scalars, [-0.5, 1.5],
                       "y = 2·x₀ − x₁ + 0.5")

        // The preset: listed, trained, its checkpoint written and opened.
        XCTAssertEqual(Zoo.presets.first { $0.name == "reversed-sine" }?.family, "Reversal")
        let checkpoint = dir.appendingPathComponent("sine.zoockpt")
        let run = try Zoo.train("reversed-sine", epochs: 3, seed: 2, checkpoint: checkpoint)
        XCTAssertEqual(run.history.epochs, 3)
        let loss = try XCTUnwrap(run.test["loss"])
        XCTAssertLessThan(loss, 0.1, "held-out MSE of the next sine value (predicting 0 scores 0.5)")
        let trained = try Zoo.open(checkpoint.path)
        XCTAssertEqual(trained.metadata["preset"]?.stringValue, "reversed-sine")
        XCTAssertTrue(try trained.model.summary().contains("oldest_first (ReverseTime)"))

        // The generator: its typed options as declared, run on the checkpoint; the values are the
        // trained model's own predictions, each window shifted by the value before.
        let sine = try XCTUnwrap(Zoo.generators.first { $0.name == "sine" })
        XCTAssertEqual(sine.provider, "Reversal")
        XCTAssertEqual(sine.options.map(\.name), ["steps", "from"])
        XCTAssertEqual(sine.options.map(\.kind), [.integer(1...50), .integer(0...1000)])
        XCTAssertEqual(sine.options.map(\.defaultValue), ["5", "0"])
        let generated = try Zoo.generate("sine", options: ["steps": "3", "from": "20"], model: checkpoint.path)
        var window = (0..<10).map { Float(sin(0.2 * Double(20 + $0))) }, expected: [String] = []
        for _ in 0..<3 {
            let next = try run.model.predict([Tensor(shape: [1, 10, 1], scalars: Array(window.reversed()))])[0].scalars[0]
            expected.append(String(format: "%.3f", next))
            window = Array(window.dropFirst()) + [next]
        }
        XCTAssertEqual(generated.stdout, expected.joined(separator: "\n"))
        XCTAssertEqual(Double(expected[0]) ?? .nan, sin(0.2 * 30), accuracy: 0.5, generated.stdout)
        XCTAssertThrowsError(try Zoo.generate("sine", options: ["steps": "99"], model: checkpoint.path)) { error in
            XCTAssertEqual("\(error)", "--steps must be a whole number from 1 to 50, got '99'")
        }
        XCTAssertThrowsError(try Zoo.generate("sine", options: ["bars": "4"], model: checkpoint.path)) { error in
            XCTAssertEqual("\(error)", "--bars is not an option of this generator (its options: --steps, --from)")
        }

        // The layer: built by its class name, predicting the time-reversed input's projection,
        // saved as .keras and read back through the plugin.
        let model = try ModelBuilder.sequential(name: "reverser", input: ModelInput(name: "series", shape: [4, 2]), layers: [
            ("ReverseTime", ["name": "flip"]),
            ("Dense", ["name": "proj", "units": 1]),
        ], seed: 5)
        let kernel = try XCTUnwrap(model.weights.first { $0.path == "proj/kernel" }).value.scalars
        let bias = try XCTUnwrap(model.weights.first { $0.path == "proj/bias" }).value.scalars[0]
        let x = Tensor(shape: [1, 4, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
        let y = try model.predict([x])[0]
        XCTAssertEqual(y.shape, [1, 4, 1])
        for t in 0..<4 {
            let source = 3 - t
            let want = x.scalars[source * 2] * kernel[0] + x.scalars[source * 2 + 1] * kernel[1] + bias
            XCTAssertEqual(y.scalars[t], want, accuracy: 1e-6, "step \(t) is input step \(source) projected")
        }
        let keras = dir.appendingPathComponent("reverser.keras")
        try Zoo.save(model, to: keras.path)
        let reread = try Zoo.open(keras.path)
        XCTAssertTrue(try reread.model.summary().contains("flip (ReverseTime)"))
        XCTAssertEqual(try reread.model.predict([x])[0].scalars, y.scalars)
    }
}
