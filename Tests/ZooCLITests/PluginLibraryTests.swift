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
        XCTAssertEqual(record.manifest?.layers, ["ReverseTime", "LeakyRNN"])
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

    /// The plugin's recurrent cell (`LeakyRNNCell`: g = tanh(x·K + h·R + b), h' = (1 − a)·h + a·g),
    /// run over time by the core: its outputs against a Double reference of the same weights, its
    /// input gradient (the recurrence's backward through the cell) against central differences of
    /// that reference, a mask keeping the state, and ONNX export refused in one line (the cell
    /// declares no operator).
    func testOutOfTreeRecurrentCell() throws {
        let plugins = try OutOfTreePluginBuild.plugins()
        XCTAssertTrue(Zoo.loadPlugins(from: [plugins]).contains { $0.manifest?.layers.contains("LeakyRNN") == true && $0.status == .loaded })
        let leak = 0.3
        let model = try ModelBuilder.sequential(name: "leaky", input: ModelInput(name: "series", shape: [5, 3]), layers: [
            ("LeakyRNN", ["name": "leaky", "units": 4, "leak": .number(leak), "return_sequences": true]),
        ], seed: 11)
        func weight(_ name: String) throws -> [Double] {
            try XCTUnwrap(model.weights.first { $0.path == "leaky/leaky_rnn_cell/\(name)" }).value.scalars.map(Double.init)
        }
        let k = try weight("kernel"), r = try weight("recurrent_kernel"), b = try weight("bias")
        XCTAssertEqual([k.count, r.count, b.count], [12, 16, 4])
        /// y [2, 5, 4] of x [2, 5, 3] in Double.
        func reference(_ x: [Double]) -> [Double] {
            var y = [Double](repeating: 0, count: 40)
            for row in 0..<2 {
                var h = [Double](repeating: 0, count: 4)
                for t in 0..<5 {
                    var next = h
                    for j in 0..<4 {
                        var z = b[j]
                        for i in 0..<3 { z += x[(row * 5 + t) * 3 + i] * k[i * 4 + j] }
                        for i in 0..<4 { z += h[i] * r[i * 4 + j] }
                        next[j] = (1 - leak) * h[j] + leak * tanh(z)
                    }
                    h = next
                    for j in 0..<4 { y[(row * 5 + t) * 4 + j] = h[j] }
                }
            }
            return y
        }
        let xs = (0..<30).map { Float(sin(Double($0) * 0.7)) }
        let y = try model.predict([Tensor(shape: [2, 5, 3], scalars: xs)])[0]
        XCTAssertEqual(y.shape, [2, 5, 4])
        let want = reference(xs.map(Double.init))
        XCTAssertLessThan(zip(y.scalars, want).map { abs(Double($0) - $1) }.max()!, 1e-6, "forward vs the Double reference")

        // dL/dx for L = Σ seed·y, against central differences of the reference.
        let seed = (0..<40).map { Float(cos(Double($0) * 1.3)) }
        let x = Variable(Tensor(shape: [2, 5, 3], scalars: xs), requiresGrad: true)
        try model.forward([x], context: CallContext())[0].backward(seed: Tensor(shape: [2, 5, 4], scalars: seed))
        let grad = try XCTUnwrap(x.grad).scalars
        var worst = 0.0
        for i in 0..<30 {
            var up = xs.map(Double.init), down = up
            up[i] += 1e-4
            down[i] -= 1e-4
            let numeric = zip(seed, zip(reference(up), reference(down))).map { Double($0) * ($1.0 - $1.1) }.reduce(0, +) / 2e-4
            worst = max(worst, abs(numeric - Double(grad[i])))
        }
        XCTAssertLessThan(worst, 1e-5, "input gradient vs central differences")

        // A masked step keeps the state: with the last two steps of row 0 masked, they repeat step 2.
        let masking = try ModelBuilder.sequential(name: "masked", input: ModelInput(name: "series", shape: [5, 3]), layers: [
            ("Masking", ["name": "mask", "mask_value": 0]),
            ("LeakyRNN", ["name": "leaky", "units": 4, "leak": .number(leak), "return_sequences": true]),
        ], seed: 11)
        var held = xs
        for i in 9..<15 { held[i] = 0 }
        let masked = try masking.predict([Tensor(shape: [2, 5, 3], scalars: held)])[0].scalars
        XCTAssertEqual(Array(masked[12..<16]), Array(masked[8..<12]))
        XCTAssertEqual(Array(masked[16..<20]), Array(masked[8..<12]))

        let dir = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertThrowsError(try Zoo.save(model, to: dir.appendingPathComponent("leaky.onnx").path)) { error in
            XCTAssertEqual("\(error)", "LeakyRNN 'leaky': no native ONNX operator for LeakyRNN")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("leaky.onnx").path))
    }
}
