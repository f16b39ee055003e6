import Foundation
import XCTest

/// `zoo predict`, `zoo summary` and `zoo convert` on real Keras files, and the one-line failures
/// for bad input.
final class KerasCommandTests: XCTestCase {
    static var fixtures: URL {
        if let shared = ProcessInfo.processInfo.environment["ZOO_SHARED"] {
            return URL(fileURLWithPath: shared).appendingPathComponent("fixtures/keras")
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/fixtures/keras")
    }

    private func fixture(_ name: String) -> String { Self.fixtures.appendingPathComponent(name).path }

    func testPredictChecksEveryLayoutAgainstItsIOFile() throws {
        for (file, io) in [("seq2seq.keras2.h5", "seq2seq.keras2.io.json"), ("bilstm_tagger.h5", "bilstm_tagger.io.json")] {
            let r = try ZooProcess.run(["predict", fixture(file), "--inputs", fixture(io)])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stdout.hasPrefix("{\"outputs\": [{\"shape\": ["), r.stdout)
            XCTAssertTrue(r.stderr.contains("output 0: max abs error"), r.stderr)
        }
        let weightsOnly = try ZooProcess.run(["predict", fixture("gru_classifier.weights.h5"), "--inputs", fixture("gru_classifier.io.json"),
                                              "--architecture", fixture("gru_classifier.keras2.keras")])
        XCTAssertEqual(weightsOnly.status, 0, weightsOnly.stderr)
        let strict = try ZooProcess.run(["predict", fixture("lstm_regressor.keras"), "--inputs", fixture("lstm_regressor.io.json"), "--atol", "0"])
        XCTAssertEqual(strict.status, 1)
        XCTAssertTrue(strict.stderr.contains("exceeds --atol 0"), strict.stderr)
    }

    func testSummaryGivesKerasParameterCounts() throws {
        let r = try ZooProcess.run(["summary", fixture("seq2seq.keras2.weights.h5"), "--architecture", fixture("seq2seq.h5")])
        XCTAssertEqual(r.status, 0, r.stderr)
        // Keras: 144 + 120 + 680 + 680 + 220.
        XCTAssertTrue(r.stdout.contains("Total params: 1,844"), r.stdout)
        XCTAssertTrue(r.stdout.contains("dec_lstm (LSTM)"), r.stdout)
    }

    func testWeightsOnlyArchitectureFromPresetOrConfig() throws {
        let dir = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = dir.appendingPathComponent("run")
        XCTAssertEqual(try ZooProcess.run(["train", "lstm-sine", "--epochs", "1", "-o", run.path]).status, 0)
        let weights = dir.appendingPathComponent("sine.weights.h5").path
        XCTAssertEqual(try ZooProcess.run(["convert", run.appendingPathComponent("checkpoint.zoockpt").path, weights]).status, 0)
        let preset = try ZooProcess.run(["summary", weights, "--preset", "lstm-sine"])
        XCTAssertEqual(preset.status, 0, preset.stderr)
        XCTAssertTrue(preset.stdout.contains("Total params: 1,169"), preset.stdout)
        // A Keras 3 config.json describing the Keras 2 weights file's architecture.
        let config = dir.appendingPathComponent("config.json")
        let export = try ZooProcess.run(["convert", fixture("lstm_regressor.keras"), dir.appendingPathComponent("copy.keras").path])
        XCTAssertEqual(export.status, 0, export.stderr)
        let python = "import zipfile,sys; open(sys.argv[2],'wb').write(zipfile.ZipFile(sys.argv[1]).read('config.json'))"
        let unzip = Process()
        unzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        unzip.arguments = ["python3", "-c", python, dir.appendingPathComponent("copy.keras").path, config.path]
        try unzip.run()
        unzip.waitUntilExit()
        let r = try ZooProcess.run(["predict", fixture("lstm_regressor.keras2.weights.h5"), "--inputs", fixture("lstm_regressor.keras2.io.json"),
                                    "--config", config.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let both = try ZooProcess.run(["summary", weights, "--preset", "lstm-sine", "--config", config.path])
        XCTAssertEqual(both.status, 1)
        XCTAssertTrue(both.stderr.contains("give one of --preset, --config and --architecture"), both.stderr)
    }

    func testConvertWritesEveryLayoutAndPredictReadsItBack() throws {
        let dir = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, flags) in [("m.keras", []), ("m.h5", []), ("m.weights.h5", []), ("m2.h5", ["--keras2"]), ("m2.weights.h5", ["--keras2"])] {
            let out = dir.appendingPathComponent(name).path
            let c = try ZooProcess.run(["convert", fixture("attention_lstm_additive.keras2.h5"), out] + flags)
            XCTAssertEqual(c.status, 0, "\(name): \(c.stderr)")
            let p = try ZooProcess.run(["predict", out, "--inputs", fixture("attention_lstm_additive.keras2.io.json"),
                                        "--architecture", fixture("attention_lstm_additive.keras")])
            XCTAssertEqual(p.status, 0, "\(name): \(p.stderr)")
        }
        let onnx = try ZooProcess.run(["convert", fixture("gru_classifier.keras2.h5"), dir.appendingPathComponent("m.onnx").path, "--opset", "18"])
        XCTAssertEqual(onnx.status, 0, onnx.stderr)
        XCTAssertGreaterThan((try? Data(contentsOf: dir.appendingPathComponent("m.onnx")))?.count ?? 0, 1000)
        let badOpset = try ZooProcess.run(["convert", fixture("gru_classifier.keras"), dir.appendingPathComponent("n.onnx").path, "--opset", "7"])
        XCTAssertEqual(badOpset.stderr, "zoo convert: opset 7 is not supported (13–20)\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("n.onnx").path))
        let bad = try ZooProcess.run(["convert", fixture("char_lm.keras"), dir.appendingPathComponent("x.txt").path])
        XCTAssertEqual(bad.status, 1)
        XCTAssertEqual(bad.stderr, "zoo convert: \(dir.path)/x.txt: unknown model format: name the file with the extension of one of the formats "
                       + "known: Keras (.keras, .weights.h5, .h5, .hdf5), ONNX (.onnx, write only), RNNZoo checkpoint (.zoockpt), zoo bundle (.zoo)\n")
    }

    func testBadInputGetsOneLineNamingTheFile() throws {
        let dir = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = try Data(contentsOf: URL(fileURLWithPath: fixture("lstm_regressor.h5")))
        let truncated = dir.appendingPathComponent("truncated.h5")
        try original.prefix(original.count / 2).write(to: truncated)
        let random = dir.appendingPathComponent("random.keras")
        var rng = SystemRandomNumberGenerator()
        try Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) }).write(to: random)
        // A weights-only file whose architecture does not fit (wrong shapes, missing weights).
        let cases: [([String], String)] = [
            (["summary", truncated.path], truncated.path),
            (["summary", random.path], "\(random.path): not a Keras file"),
            (["summary", fixture("lstm_regressor.weights.h5")], "holds weights only; give the architecture"),
            (["summary", fixture("gru_classifier.weights.h5"), "--architecture", fixture("lstm_regressor.keras")], "no weights for LSTM 'lstm_seq'"),
            (["summary", fixture("char_lm.keras2.weights.h5"), "--architecture", fixture("lstm_regressor.keras")],
             "the file has weights for layer 'char_embedding', which the model does not have"),
            (["summary", "/nonexistent/model.keras"], "/nonexistent/model.keras: no such readable file"),
        ]
        for (arguments, expected) in cases {
            let r = try ZooProcess.run(arguments)
            XCTAssertEqual(r.status, 1, "\(arguments): \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("zoo summary: ") && r.stderr.contains(expected), "\(arguments): \(r.stderr)")
            XCTAssertEqual(r.stderr.filter { $0 == "\n" }.count, 1, "\(arguments): \(r.stderr)")
        }
    }

    /// Inputs of the wrong shape or rank, too many inputs, or token ids no Embedding row has (NaN,
    /// as the CLI campaign wrote them): one line naming the inputs file, model, input and shapes.
    func testPredictWithWrongInputShapesGetsOneLine() throws {
        let dir = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        func io(_ shapes: [[Int]], value: String = "0.5") throws -> String {
            let inputs = shapes.map { shape in
                "{\"name\": \"series\", \"shape\": \(shape), \"dtype\": \"float32\", \"data\": [\(Array(repeating: value, count: shape.reduce(1, *)).joined(separator: ", "))]}"
            }
            let url = dir.appendingPathComponent("io-\(UUID().uuidString).json")
            try "{\"inputs\": [\(inputs.joined(separator: ", "))]}".write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let cases: [(String, [[Int]], String, String)] = [
            ("lstm_regressor.keras", [[2, 6, 2]], "0.5", "model 'lstm_regressor' input 'series': expected shape (None, None, 1), got (2, 6, 2)"),
            ("lstm_regressor.keras", [[2, 6]], "0.5", "model 'lstm_regressor' input 'series': expected shape (None, None, 1), got (2, 6)"),
            ("char_lm.keras", [[1, 3]], "NaN", "Embedding 'char_embedding': token id nan at position 0 is outside [0, 32)"),
        ]
        for (model, shapes, value, expected) in cases {
            let inputs = try io(shapes, value: value)
            let r = try ZooProcess.run(["predict", fixture(model), "--inputs", inputs])
            XCTAssertEqual(r.status, 1, r.stderr)
            XCTAssertEqual(r.stderr, "zoo predict: \(inputs): \(expected)\n")
            XCTAssertEqual(r.stdout, "")
        }
        let two = try ZooProcess.run(["predict", fixture("lstm_regressor.keras"), "--inputs", try io([[2, 6, 1], [2, 6, 1]])])
        XCTAssertEqual(two.status, 1, two.stderr)
        XCTAssertEqual(two.stderr.filter { $0 == "\n" }.count, 1, two.stderr)
        XCTAssertTrue(two.stderr.hasPrefix("zoo predict: "), two.stderr)
    }

    /// A 15 M-parameter model summarises in well under 2 s of processor time: loading builds the
    /// model for the file, so no initializer runs (Orthogonal on 1024 units took most of a
    /// minute) and the weights are read once.
    func testLargeModelSummarisesWithoutRunningInitializers() throws {
        let folder = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("large.h5")
        try LargeKerasFile.write(to: url)
        let run = try MeasuredRun.zoo(["summary", url.path], in: folder)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("Total params: \(LargeKerasFile.parameters)"), run.stdout)
        XCTAssertLessThan(run.cpuSeconds, 2, "zoo summary used \(run.cpuSeconds) s of processor time")
        print("LARGE MODEL: summary in \(run.cpuSeconds) s of processor time, peak RSS \(run.peakBytes / 1_000_000) MB")
    }

    /// Files real Keras 3 writes in the test itself (tools/keras_golden/wild_models.py): a masked
    /// Functional `.h5` (mask operations with a null module) summarises and predicts, keras.io's
    /// addition RNN converts to ONNX, and a Lambda layer is refused with one line saying what to do.
    func testKerasWrittenTutorialModels() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let python = repository.appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw XCTSkip("NO KERAS CHECK: the test venv (.venv/bin/python with keras, jax, h5py) is missing; run scripts/setup.sh")
        }
        let dir = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = Process()
        writer.executableURL = python
        writer.arguments = [repository.appendingPathComponent("tools/keras_golden/wild_models.py").path, dir.path,
                            "mask_zero_functional", "addition_rnn", "lambda_layer"]
        writer.environment = ProcessInfo.processInfo.environment.merging(["KERAS_BACKEND": "numpy"]) { $1 }
        writer.standardOutput = FileHandle.nullDevice
        writer.standardError = FileHandle.nullDevice
        try writer.run()
        writer.waitUntilExit()
        XCTAssertEqual(writer.terminationStatus, 0)
        func file(_ name: String) -> String { dir.appendingPathComponent(name).path }

        let summary = try ZooProcess.run(["summary", file("mask_zero_functional.h5")])
        XCTAssertEqual(summary.status, 0, summary.stderr)
        XCTAssertTrue(summary.stdout.contains("Total params: 754"), summary.stdout)
        let predict = try ZooProcess.run(["predict", file("mask_zero_functional.h5"), "--inputs", file("mask_zero_functional.io.json")])
        XCTAssertEqual(predict.status, 0, predict.stderr)
        XCTAssertTrue(predict.stderr.contains("output 0: max abs error"), predict.stderr)

        let addition = try ZooProcess.run(["summary", file("addition_rnn.keras")])
        XCTAssertTrue(addition.stdout.contains("repeat (RepeatVector)") && addition.stdout.contains("Total params: 4,172"), addition.stdout)
        let onnx = try ZooProcess.run(["convert", file("addition_rnn.keras"), file("addition_rnn.onnx")])
        XCTAssertEqual(onnx.status, 0, onnx.stderr)

        let lambda = try ZooProcess.run(["summary", file("lambda_layer.keras")])
        XCTAssertEqual(lambda.status, 1)
        XCTAssertEqual(lambda.stderr.split(separator: "\n").count, 1, lambda.stderr)
        XCTAssertTrue(lambda.stderr.contains("Lambda 'double': a Lambda layer runs Python code, which cannot run here; rebuild the model with built-in layers"),
                      lambda.stderr)
    }
}
