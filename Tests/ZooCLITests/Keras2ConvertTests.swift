import Foundation
import XCTest

/// `zoo convert` of Keras 2 (tf_keras) `.h5` files to Keras 3 files, which Keras 3 itself cannot
/// read: tutorial-shaped models written by real tf_keras in the test
/// (tools/keras_golden/keras2_tutorial_models.py) predict tf_keras's outputs with `zoo`, convert
/// to `.keras` and to a Keras 3 `.h5`, and real Keras 3 loads both, counts tf_keras's parameters
/// and predicts tf_keras's outputs within 1e-5 (tools/keras_check/check_converted.py). And the
/// other way: a Keras 3 model written with `--keras2` keeps Keras 3's meaning in tf_keras.
final class Keras2ConvertTests: XCTestCase {
    static let models = ["sentiment_lstm", "bigru_classifier", "lstm_seq2seq", "masked_seq2seq", "ner_tagger", "stacked_simple_rnn"]
    /// The masked decoder starts from the encoder's states on rows that begin with padding: there
    /// Keras 3's jax backend outputs the initial state where TensorFlow (Keras 3 and tf_keras)
    /// outputs zeros, so it is checked with the TensorFlow backend.
    static let tensorflowOnly: Set<String> = ["masked_seq2seq"]

    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The test venv's python (Keras 3, jax) and the anchors venv's (tensorflow, tf_keras and
    /// Keras 3), or a loud skip.
    private func pythons() throws -> (keras3: URL, tensorflow: URL) {
        let keras3 = Self.repository.appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: keras3.path) else {
            throw XCTSkip("NO KERAS CHECK: the test venv (.venv/bin/python with keras, jax, h5py) is missing; run scripts/setup.sh")
        }
        let anchors = ProcessInfo.processInfo.environment["ANCHORS_DIR"] ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/rnnzoo-anchors").path
        let tensorflow = URL(fileURLWithPath: anchors).appendingPathComponent("venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: tensorflow.path) else {
            throw XCTSkip("NO KERAS 2 CHECK: no venv with tensorflow and tf_keras at \(tensorflow.path) (set ANCHORS_DIR)")
        }
        return (keras3, tensorflow)
    }

    /// `python arguments` → (exit status, stdout; stderr after it when the status is not 0).
    private func run(_ python: URL, _ arguments: [String], environment: [String: String]) throws -> (Int32, String) {
        let r = try ZooProcess.run(arguments, environment: environment, executable: python)
        return (r.status, r.status == 0 ? r.stdout : r.stdout + r.stderr)
    }

    func testKeras2FilesConvertToFilesKeras3LoadsAndPredicts() throws {
        let (keras3, tensorflow) = try pythons()
        let dir = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = Self.repository.appendingPathComponent("tools/keras_golden/keras2_tutorial_models.py").path
        let (written, log) = try run(tensorflow, [writer, dir.path] + Self.models + ["hard_sigmoid_gru"], environment: ["TF_CPP_MIN_LOG_LEVEL": "3"])
        XCTAssertEqual(written, 0, log)
        func file(_ name: String) -> String { dir.appendingPathComponent(name).path }

        for name in Self.models {
            let predict = try ZooProcess.run(["predict", file(name + ".h5"), "--inputs", file(name + ".io.json"), "--atol", "1e-5"])
            XCTAssertEqual(predict.status, 0, "\(name): \(predict.stderr)")
            for suffix in [".keras", ".k3.h5"] {
                let convert = try ZooProcess.run(["convert", file(name + ".h5"), file(name + suffix)])
                XCTAssertEqual(convert.status, 0, "\(name)\(suffix): \(convert.stderr)")
            }
        }
        let checker = Self.repository.appendingPathComponent("tools/keras_check/check_converted.py").path
        let jaxModels = Self.models.filter { !Self.tensorflowOnly.contains($0) }
        for suffix in [".keras", ".k3.h5"] {
            let (jax, jaxReport) = try run(keras3, [checker, dir.path, suffix] + jaxModels, environment: ["KERAS_BACKEND": "jax"])
            print(jaxReport)
            XCTAssertEqual(jax, 0, jaxReport)
            XCTAssertTrue(jaxReport.hasSuffix("ok\n"), jaxReport)
            let (tf, tfReport) = try run(tensorflow, [checker, dir.path, suffix] + Self.models,
                                         environment: ["KERAS_BACKEND": "tensorflow", "TF_CPP_MIN_LOG_LEVEL": "3"])
            print(tfReport)
            XCTAssertEqual(tf, 0, tfReport)
            XCTAssertTrue(tfReport.hasSuffix("ok\n"), tfReport)
        }

        let refused = try ZooProcess.run(["convert", file("hard_sigmoid_gru.h5"), file("hard_sigmoid_gru.keras")])
        XCTAssertEqual(refused.status, 1)
        XCTAssertEqual(refused.stderr.split(separator: "\n").count, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("GRU 'gru': Keras 2's hard_sigmoid (recurrent_activation; slope 0.2) is not Keras 3's"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: file("hard_sigmoid_gru.keras")))
        let kept = try ZooProcess.run(["convert", file("hard_sigmoid_gru.h5"), file("hard_sigmoid_gru.copy.h5"), "--keras2"])
        XCTAssertEqual(kept.status, 0, kept.stderr)
    }

    /// Keras 3 runs a call with `initial_state` unmasked unless given `mask=`, tf_keras masks it
    /// with its input's mask: a Keras 3 encoder–decoder whose decoder input carries one
    /// (wild_models.py's mask_zero_functional), written with `--keras2`, gives the call tf_keras's
    /// `{"mask": null}`, so tf_keras loads it and predicts Keras 3's outputs, and `zoo` reads it
    /// back the same.
    func testKeras3UnmaskedDecoderCallStaysUnmaskedInAKeras2File() throws {
        let (keras3, tensorflow) = try pythons()
        let dir = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = Self.repository.appendingPathComponent("tools/keras_golden/wild_models.py").path
        let (written, log) = try run(keras3, [writer, dir.path, "mask_zero_functional"], environment: ["KERAS_BACKEND": "jax"])
        XCTAssertEqual(written, 0, log)
        func file(_ name: String) -> String { dir.appendingPathComponent(name).path }
        let convert = try ZooProcess.run(["convert", file("mask_zero_functional.keras"), file("mask_zero_functional.keras2.h5"), "--keras2"])
        XCTAssertEqual(convert.status, 0, convert.stderr)
        let predict = try ZooProcess.run(["predict", file("mask_zero_functional.keras2.h5"), "--inputs", file("mask_zero_functional.io.json"),
                                          "--atol", "1e-5"])
        XCTAssertEqual(predict.status, 0, predict.stderr)
        let checker = Self.repository.appendingPathComponent("tools/keras_check/check_converted.py").path
        let (status, report) = try run(tensorflow, [checker, "--tf-keras", dir.path, ".keras2.h5", "mask_zero_functional"], environment: [:])
        print(report)
        XCTAssertEqual(status, 0, report)
        XCTAssertTrue(report.hasSuffix("ok\n"), report)
    }
}
