import Archive
import Foundation
import KerasFormat
import RNNZoo
import XCTest
import ZooCore

/// The tutorial gallery, issue 18's proof: 13 models shaped like the RNN tutorials, each written
/// by real Keras 3 (`.keras`, legacy `.h5`) and by tf_keras 2.21 (`.h5`, `.keras`) with its
/// inputs, the writer's outputs and count_params() (Fixtures/gallery_keras3 and
/// gallery_tf_keras, tools/keras_golden/gallery_models.py; the model files deflated in each
/// folder's models.zip, extracted here with the zoo's own zip reader). Every file is read as `zoo` reads it
/// (`ModelFile`): the summary's total is the writer's count_params() and predict is within 1e-5
/// of the writer. Every file converted as `zoo convert` converts (`ModelFile.save`) to `.onnx`,
/// `.keras` and `.h5` is checked in one Python process (tools/keras_check/check_gallery.py): the
/// ONNX file under onnxruntime within 1e-5 of the writer, with native recurrent operators and no
/// Loop or Scan; the `.keras` and `.h5` loaded by real Keras 3 with the writer's count_params()
/// and predicting within 1e-5 (Keras 3's numpy backend: jax compiles every model it loads, ~1 s
/// each, which 104 files cannot afford here; `KERAS_BACKEND=jax` runs the same script on them). (tf_keras loading our `--keras2` files is
/// tools/keras_check/gallery_tf_keras.sh, run with tf_keras's venv.)
final class TutorialGalleryTests: XCTestCase {
    /// Each model with the ONNX recurrent operator types its export must use.
    static let models: [(String, [String])] = [
        ("addition_rnn", ["LSTM"]), ("lstm_seq2seq", ["LSTM"]), ("imdb_bilstm", ["LSTM"]), ("stacked_gru_sentiment", ["GRU"]),
        ("cnn_lstm", ["LSTM"]), ("conv1d_global_max", []), ("ner_tagger", ["LSTM"]), ("lstm_normalized", ["LSTM"]), ("char_generator", ["LSTM"]),
        ("timeseries_forecaster", ["LSTM"]), ("gru_reset_before", ["GRU"]), ("simple_rnn_stack", ["RNN"]),
        ("prepadded_classifier", ["GRU"]),
    ]
    /// Each writer's folder and the layouts it wrote.
    static let writers = [("gallery_keras3", [".keras", ".h5"]), ("gallery_tf_keras", [".h5", ".keras"])]
    static let fixtures = KerasFixtures.repository.appendingPathComponent("Tests/KerasFormatTests/Fixtures")

    /// Every gallery file: (writer folder, model, layout suffix, recurrent operator types).
    static var files: [(String, String, String, [String])] {
        writers.flatMap { writer, suffixes in models.flatMap { model, ops in suffixes.map { (writer, model, $0, ops) } } }
    }

    /// Each writer's models.zip extracted into `folder`/WRITER.
    private func extractModels(into folder: URL) throws {
        for (writer, _) in Self.writers {
            try ZipReader(contentsOf: Self.fixtures.appendingPathComponent(writer + "/models.zip"))
                .extract(to: folder.appendingPathComponent(writer))
        }
    }

    func testEveryFileCountsAndPredictsAsItsWriter() throws {
        let models = try TemporaryFolder()
        try extractModels(into: models.url)
        var worst: Float = 0
        for (writer, name, suffix, _) in Self.files {
            let what = "\(writer)/\(name)\(suffix)"
            let ioURL = Self.fixtures.appendingPathComponent("\(writer)/\(name).io.json")
            let counted = try XCTUnwrap(JSONValue.parse(Data(contentsOf: ioURL))["count_params"]?.intValue, what)
            let io = try TensorIOFile(contentsOf: ioURL)
            let file: ModelFile
            do { file = try ModelFile(path: models.url.appendingPathComponent("\(writer)/\(name)\(suffix)").path) } catch {
                XCTFail("\(what): \(error)")
                continue
            }
            XCTAssertTrue(try file.model.summary().contains("\n Total params: \(Model.grouped(counted)) ("), what)
            XCTAssertEqual(file.model.parameterCount, counted, what)
            let got = try file.model.predict(io.inputs), want = try XCTUnwrap(io.outputs)
            XCTAssertEqual(got.map(\.shape), want.map(\.shape), what)
            for (g, e) in zip(got, want) where g.shape == e.shape {
                worst = max(worst, g.maxAbsDifference(e))
                XCTAssertLessThanOrEqual(g.maxAbsDifference(e), 1e-5, what)
            }
        }
        print("tutorial gallery: \(Self.files.count) files, predict vs their writer worst max abs error \(worst)")
    }

    func testConversionsRunInOnnxruntimeAndLoadInKeras3() throws {
        guard let python = KerasFixtures.python else {
            throw XCTSkip("NO KERAS CHECK: the test venv (.venv/bin/python with keras, jax, onnx, onnxruntime) is missing; run scripts/setup.sh")
        }
        let dir = try TemporaryFolder(), models = try TemporaryFolder()
        try extractModels(into: models.url)
        var entries: [JSONValue] = []
        for (writer, suffixes) in Self.writers {
            for (name, ops) in Self.models {
                let id = "\(writer).\(name)"
                try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent("\(writer)/\(name).io.json"),
                                                 to: dir.url.appendingPathComponent(id + ".io.json"))
                var onnx: [JSONValue] = [], keras: [JSONValue] = []
                for source in suffixes {
                    let file = try ModelFile(path: models.url.appendingPathComponent("\(writer)/\(name)\(source)").path)
                    for target in [".onnx", ".keras", ".h5"] {
                        let suffix = source + target
                        do { try file.save(to: dir.url.appendingPathComponent(id + suffix).path) } catch {
                            XCTFail("\(writer)/\(name)\(source) → \(target): \(error)")
                            continue
                        }
                        if target == ".onnx" { onnx.append(.string(suffix)) } else { keras.append(.string(suffix)) }
                    }
                }
                entries.append(["id": .string(id), "recurrent": .array(ops.map { .string($0) }), "onnx": .array(onnx), "keras": .array(keras)])
            }
        }
        let (status, output) = try KerasFixtures.checkConversions(entries, in: dir.url, python: python)
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.hasSuffix("ok\n"), output)
        print("tutorial gallery conversions:\n\(output)")
    }
}
