import Foundation
import XCTest

/// `zoo summary/predict/convert/eval` through the format registry: files are recognised by
/// content whatever their names, each writer takes only its own flags, and a file no format
/// reads or writes is one line listing the formats known.
final class FormatCommandTests: XCTestCase {
    static var repository: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }
    static var fixtures: URL { repository.deletingLastPathComponent().appendingPathComponent("shared/fixtures/keras") }
    private func fixture(_ name: String) -> URL { Self.fixtures.appendingPathComponent(name) }

    func testRenamedFilesAreRecognisedByContent() throws {
        let dir = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, renamed, description) in [("lstm_regressor.h5", "model.bin", "Keras 3 legacy full model (.h5) (keras 3.15.1)"),
                                             ("lstm_regressor.keras", "model.dat", "Keras 3 .keras archive (keras 3.15.1)")] {
            let copy = dir.appendingPathComponent(renamed)
            try FileManager.default.copyItem(at: fixture(name), to: copy)
            let r = try ZooProcess.run(["predict", copy.path, "--inputs", fixture("lstm_regressor.io.json").path])
            XCTAssertEqual(r.status, 0, r.stderr)
            let summary = try ZooProcess.run(["summary", copy.path])
            XCTAssertEqual(summary.stderr, "\(copy.path): \(description)\n")
        }
        let bundles = try FileManager.default.subpathsOfDirectory(atPath: Self.repository.appendingPathComponent("zoo/poetry-tang-lstm").path)
            .filter { $0.hasSuffix(".zoo") }.sorted()
        let bundle = try XCTUnwrap(bundles.last)
        let copy = dir.appendingPathComponent("poetry.bin")
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("zoo/poetry-tang-lstm").appendingPathComponent(bundle), to: copy)
        let summary = try ZooProcess.run(["summary", copy.path])
        XCTAssertEqual(summary.status, 0, summary.stderr)
        XCTAssertTrue(summary.stderr.hasPrefix("\(copy.path): zoo bundle poetry-tang-lstm "), summary.stderr)

        let run = dir.appendingPathComponent("run")
        XCTAssertEqual(try ZooProcess.run(["train", "lstm-sine", "--epochs", "1", "-o", run.path]).status, 0)
        let checkpoint = dir.appendingPathComponent("sine.bin")
        try FileManager.default.copyItem(at: run.appendingPathComponent("checkpoint.zoockpt"), to: checkpoint)
        XCTAssertEqual(try ZooProcess.run(["summary", checkpoint.path]).stderr, "\(checkpoint.path): RNNZoo checkpoint\n")
        let eval = try ZooProcess.run(["eval", checkpoint.path, "--data", checkpoint.path])
        XCTAssertEqual(eval.stderr, "zoo eval: preset 'lstm-sine' cannot encode data for evaluation\n", "the checkpoint names its preset")
        let keras = try ZooProcess.run(["eval", fixture("lstm_regressor.keras").path, "--data", checkpoint.path])
        XCTAssertEqual(keras.stderr, "zoo eval: \(fixture("lstm_regressor.keras").path): the Keras does not name the preset that encodes its data (its metadata has no \"preset\")\n")
    }

    func testEachWriterTakesOnlyItsOwnFlags() throws {
        let dir = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = fixture("char_lm.keras").path
        let cases: [([String], String)] = [
            (["m.keras", "--model-only"], "m.keras: --model-only does not apply to Keras files (it applies to RNNZoo checkpoint (.zoockpt))"),
            (["m.onnx", "--keras2"], "m.onnx: --keras2 does not apply to ONNX files (it applies to Keras (.keras, .weights.h5, .h5, .hdf5))"),
            (["m.onnx", "--float16"], "m.onnx: --float16 does not apply to ONNX files (it applies to Keras (.keras, .weights.h5, .h5, .hdf5), "
                + "RNNZoo checkpoint (.zoockpt), zoo bundle (.zoo))"),
            (["m.h5", "--card", "card.json"], "m.h5: --card does not apply to Keras files (it applies to zoo bundle (.zoo))"),
            (["m.h5", "--decoder-step"], "m.h5: --decoder-step does not apply to Keras files (it applies to ONNX (.onnx, write only))"),
        ]
        for (arguments, message) in cases {
            let r = try ZooProcess.run(["convert", source, dir.appendingPathComponent(arguments[0]).path] + arguments.dropFirst())
            XCTAssertEqual(r.status, 1, r.stderr)
            XCTAssertEqual(r.stderr, "zoo convert: \(dir.path)/\(message)\n")
            XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent(arguments[0]).path))
        }
        let onnx = dir.appendingPathComponent("m.onnx")
        XCTAssertEqual(try ZooProcess.run(["convert", source, onnx.path]).status, 0)
        let read = try ZooProcess.run(["summary", onnx.path])
        XCTAssertEqual(read.stderr, "zoo summary: \(onnx.path): ONNX files are written, not read (formats read: "
                       + "Keras (.keras, .weights.h5, .h5, .hdf5), RNNZoo checkpoint (.zoockpt), zoo bundle (.zoo))\n")

        let full = dir.appendingPathComponent("full.keras"), half = dir.appendingPathComponent("half.keras")
        XCTAssertEqual(try ZooProcess.run(["convert", source, full.path]).status, 0)
        XCTAssertEqual(try ZooProcess.run(["convert", source, half.path, "--float16"]).status, 0)
        let size = { (url: URL) in (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0 }
        XCTAssertLessThan(try size(half), try size(full), "--float16 stores the weights of a .keras file in half the bytes")
        let predicted = try ZooProcess.run(["predict", half.path, "--inputs", fixture("char_lm.io.json").path, "--atol", "0.05"])
        XCTAssertEqual(predicted.status, 0, predicted.stderr)
    }
}
