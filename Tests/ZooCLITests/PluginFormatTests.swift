import Foundation
import RNNZoo
import XCTest

/// A model file format from a plugin outside the repository (`.tinymodel` of the out-of-tree
/// package): in its manifest, written and read through the library (`Zoo.save`, `Zoo.open`) and
/// through `zoo summary`, `predict` and `convert` (its writer option as `--option note=…`),
/// recognised by content, and refusing what it cannot hold in one line naming the file.
final class PluginFormatTests: XCTestCase {
    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/fixtures/keras")
    }

    func testOutOfTreeFormatThroughTheLibraryAndZoo() throws {
        let plugins = try OutOfTreePluginBuild.plugins()
        let env = ["ZOO_PLUGIN_PATH": plugins.path]
        let dir = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }

        let listed = try ZooProcess.run(["plugins", "--json"], environment: env)
        let records = (try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])?["plugins"] as? [[String: Any]] ?? []
        XCTAssertEqual(records.first { $0["name"] as? String == "Reversal" }?["formats"] as? [String], ["tinymodel"], listed.stdout)

        // The library: the plugin loaded into this process writes and reads its format.
        XCTAssertTrue(Zoo.loadPlugins(from: [plugins]).contains { $0.manifest?.name == "Reversal" && $0.status == .loaded })
        XCTAssertEqual(Zoo.formats.first { $0.name == "tinymodel" }?.listing, "tinymodel (.tinymodel)")
        let model = try ModelBuilder.sequential(name: "tiny", input: ModelInput(name: "x", shape: [3]), layers: [
            ("Dense", ["name": "hidden", "units": 4, "activation": "tanh"]),
            ("Dense", ["name": "out", "units": 2]),
        ], seed: 3)
        let tiny = dir.appendingPathComponent("model.tinymodel")
        XCTAssertEqual(try Zoo.save(model, to: tiny.path), [tiny])
        XCTAssertTrue(try String(contentsOf: tiny, encoding: .utf8).hasPrefix("tinymodel 1\nconfig {"))
        let opened = try Zoo.open(tiny.path)
        XCTAssertEqual(opened.format, "tinymodel")
        XCTAssertEqual(opened.description, "tinymodel text file")
        let x = Tensor(shape: [2, 3], scalars: [0.1, -0.2, 0.3, 0.5, 0, -1])
        let expected = try model.predict([x])[0]
        XCTAssertEqual(try opened.model.predict([x])[0].scalars, expected.scalars, "weights written as text read back exactly")
        XCTAssertThrowsError(try Zoo.save(model, to: dir.appendingPathComponent("half.tinymodel").path, options: ["float16": "yes"])) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(dir.path)/half.tinymodel: --float16 does not apply to tinymodel files (it applies to Keras"), "\(error)")
        }
        XCTAssertThrowsError(try Zoo.save(try Zoo.open(Self.fixtures.appendingPathComponent("lstm_regressor.keras").path).model,
                                          to: dir.appendingPathComponent("lstm.tinymodel").path)) { error in
            XCTAssertEqual("\(error)", "\(dir.path)/lstm.tinymodel: a tinymodel holds Dense layers only; layer 'lstm_seq' is LSTM")
        }

        // zoo: the same file summarised, predicted against the library's outputs, converted both ways.
        let io = dir.appendingPathComponent("io.json")
        try """
        {"inputs": [{"name": "x", "shape": [2, 3], "dtype": "float32", "data": \(x.scalars)}],
         "outputs": [{"name": "out", "shape": [2, 2], "dtype": "float32", "data": \(expected.scalars)}]}
        """.write(to: io, atomically: true, encoding: .utf8)
        let summary = try ZooProcess.run(["summary", tiny.path], environment: env)
        XCTAssertEqual(summary.status, 0, summary.stderr)
        XCTAssertEqual(summary.stderr, "\(tiny.path): tinymodel text file\n")
        XCTAssertTrue(summary.stdout.contains(" Total params: 26 "), summary.stdout)
        let predicted = try ZooProcess.run(["predict", tiny.path, "--inputs", io.path], environment: env)
        XCTAssertEqual(predicted.status, 0, predicted.stderr)
        XCTAssertEqual(predicted.stderr, "output 0: max abs error 0.0\n")
        let keras = dir.appendingPathComponent("model.keras").path, back = dir.appendingPathComponent("back.tinymodel").path
        XCTAssertEqual(try ZooProcess.run(["convert", tiny.path, keras], environment: env).status, 0)
        XCTAssertEqual(try ZooProcess.run(["predict", keras, "--inputs", io.path], environment: env).stderr, "output 0: max abs error 0.0\n")
        let converted = try ZooProcess.run(["convert", keras, back], environment: env)
        XCTAssertEqual(converted.status, 0, converted.stderr)
        XCTAssertEqual(try Zoo.open(back).model.predict([x])[0].scalars, expected.scalars)
        let noted = dir.appendingPathComponent("noted.tinymodel")
        let withNote = try ZooProcess.run(["convert", keras, noted.path, "--option", "note=from Keras"], environment: env)
        XCTAssertEqual(withNote.status, 0, withNote.stderr)
        XCTAssertTrue(try String(contentsOf: noted, encoding: .utf8).hasPrefix("tinymodel 1\nnote from Keras\nconfig {"))
        XCTAssertEqual(try ZooProcess.run(["predict", noted.path, "--inputs", io.path], environment: env).stderr, "output 0: max abs error 0.0\n")
        let bogus = try ZooProcess.run(["convert", keras, noted.path, "--option", "digits=3"], environment: env)
        XCTAssertEqual(bogus.stderr, "zoo convert: \(noted.path): --digits does not apply to tinymodel files (no format takes it)\n")

        // Recognised by content under another name; not without the plugin; listed among the known formats.
        let renamed = dir.appendingPathComponent("model.txt")
        try FileManager.default.copyItem(at: tiny, to: renamed)
        XCTAssertEqual(try ZooProcess.run(["predict", renamed.path, "--inputs", io.path], environment: env).stderr, "output 0: max abs error 0.0\n")
        let absent = try ZooProcess.run(["summary", renamed.path], environment: ["ZOO_PLUGIN_PATH": ""])
        XCTAssertEqual(absent.status, 1)
        XCTAssertEqual(absent.stderr, "zoo summary: \(renamed.path): unknown model format: neither its content nor its name is one of the formats known: "
                       + "Keras (.keras, .weights.h5, .h5, .hdf5), ONNX (.onnx, write only), RNNZoo checkpoint (.zoockpt), zoo bundle (.zoo)\n")
        let unknown = try ZooProcess.run(["convert", tiny.path, dir.appendingPathComponent("model.bin").path], environment: env)
        XCTAssertEqual(unknown.stderr, "zoo convert: \(dir.path)/model.bin: unknown model format: name the file with the extension of one of the formats known: "
                       + "Keras (.keras, .weights.h5, .h5, .hdf5), ONNX (.onnx, write only), RNNZoo checkpoint (.zoockpt), tinymodel (.tinymodel), zoo bundle (.zoo)\n")

        // Hostile files: one line naming the file.
        let cases: [(String, String)] = [
            ("tinymodel 1\n", "no line 'config {…}' after the first"),
            ("tinymodel 1\nconfig {\"class_name\": \"Sequential\"\n", "config"),
            ("tinymodel 1\nconfig " + (try model.kerasConfig()).serialized() + "\nweight out/kernel 4,2 1 2 3\n", "line 3: 'out/kernel' needs 8 finite numbers"),
            ("tinymodel 1\nconfig " + (try model.kerasConfig()).serialized() + "\nweight out/kernel 9,9 1\n", "line 3: 'out/kernel' has shape 9,9, the model's is 4,2"),
            ("tinymodel 1\nconfig " + (try model.kerasConfig()).serialized() + "\n", "no values for the weight 'hidden/kernel'"),
        ]
        for (index, (text, problem)) in cases.enumerated() {
            let bad = dir.appendingPathComponent("bad\(index).tinymodel")
            try text.write(to: bad, atomically: true, encoding: .utf8)
            let r = try ZooProcess.run(["summary", bad.path], environment: env)
            XCTAssertEqual(r.status, 1, text)
            XCTAssertTrue(r.stderr.hasPrefix("zoo summary: \(bad.path): ") && r.stderr.contains(problem), "\(text): \(r.stderr)")
            XCTAssertEqual(r.stderr.filter { $0 == "\n" }.count, 1, r.stderr)
        }
    }
}
