import Archive
import Foundation
import KerasFormat
import RNNZoo
import XCTest
import ZooCore

/// The attention translation models the tutorial gallery left out (issue 18), written by tf_keras
/// 2.21 (`.h5`) and by Keras 3 (`.keras`, `.h5`; Fixtures/translation,
/// tools/keras_golden/translation_models.py): source Embedding(mask_zero) → LSTM(return_sequences,
/// return_state); target Embedding(mask_zero) → LSTM(return_sequences) from the encoder's states;
/// AdditiveAttention (Bahdanau) or Attention (Luong) over [decoder, encoder] → Concatenate([decoder,
/// context]) → Dense(tanh) → Dense(softmax). The two Keras differ on the decoder: tf_keras masks it
/// with the target's mask, Keras 3 runs it unmasked while its output keeps that mask for the
/// attention. Each file is read as `zoo` reads it (`ModelFile`) with its writer's count_params(),
/// predicts within 1e-5 of its writer, and converts as `zoo convert` converts to `.keras`, `.h5`
/// and `.onnx`, all checked in one Python process (tools/keras_check/check_gallery.py, Keras 3's
/// numpy backend): real Keras 3 loads the `.keras` and `.h5` with the writer's count_params() and
/// predicts within 1e-5, onnxruntime runs the ONNX file within 1e-5 with native LSTMs. A merge
/// over inputs carrying different masks is refused in one line, and so is Keras 3's decoder
/// written with `--keras2`.
final class TranslationModelTests: XCTestCase {
    static let models = ["translation_bahdanau", "translation_luong"]
    static let fixtures = KerasFixtures.repository.appendingPathComponent("Tests/KerasFormatTests/Fixtures/translation")

    /// Every file (tf_keras's `.h5`, Keras 3's `.keras` and `.h5`) converted as `zoo convert`
    /// converts to `.onnx`, `.keras` and `.h5`, checked in one Python process: onnxruntime runs the
    /// ONNX files within 1e-5 of the writer with native LSTMs, real Keras 3 loads the `.keras` and
    /// `.h5` with the writer's count_params() and predicts within 1e-5.
    func testEveryFileConvertsToFilesKeras3AndOnnxruntimeRun() throws {
        guard let python = KerasFixtures.python else {
            throw XCTSkip("NO KERAS CHECK: the test venv (.venv/bin/python with keras, onnx, onnxruntime) is missing; run scripts/setup.sh")
        }
        let dir = try TemporaryFolder(), models = try TemporaryFolder()
        try extractKeras3Models(into: models.url)
        var entries: [JSONValue] = []
        for name in Self.models {
            let ioURL = Self.fixtures.appendingPathComponent(name + ".keras2.io.json")
            let counted = try XCTUnwrap(JSONValue.parse(Data(contentsOf: ioURL))["count_params"]?.intValue, name)
            let io = try TensorIOFile(contentsOf: ioURL)
            let file = try ModelFile(path: Self.fixtures.appendingPathComponent(name + ".keras2.h5").path)
            XCTAssertEqual(file.model.parameterCount, counted, name)
            let error = try file.model.predict(io.inputs)[0].maxAbsDifference(XCTUnwrap(io.outputs)[0])
            XCTAssertLessThanOrEqual(error, 1e-5, "\(name): predict against tf_keras")
            print("\(name).keras2.h5: \(counted) parameters, predict vs tf_keras max abs error \(error)")
            try FileManager.default.copyItem(at: ioURL, to: dir.url.appendingPathComponent(name + ".io.json"))
            for suffix in [".keras", ".h5", ".onnx"] {
                XCTAssertNoThrow(try file.save(to: dir.url.appendingPathComponent(name + suffix).path), "\(name) → \(suffix)")
            }
            entries.append(["id": .string(name), "recurrent": ["LSTM"], "onnx": [".onnx"], "keras": [".keras", ".h5"]])

            let id = name + ".keras3"
            try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(id + ".io.json"), to: dir.url.appendingPathComponent(id + ".io.json"))
            var onnx: [JSONValue] = [], keras: [JSONValue] = []
            for source in [".keras", ".h5"] {
                let file = try ModelFile(path: models.url.appendingPathComponent(id + source).path)
                for target in [".onnx", ".keras", ".h5"] {
                    XCTAssertNoThrow(try file.save(to: dir.url.appendingPathComponent(id + source + target).path), "\(id)\(source) → \(target)")
                    if target == ".onnx" { onnx.append(.string(source + target)) } else { keras.append(.string(source + target)) }
                }
            }
            entries.append(["id": .string(id), "recurrent": ["LSTM"], "onnx": .array(onnx), "keras": .array(keras)])
        }
        let (status, output) = try KerasFixtures.checkConversions(entries, in: dir.url, python: python)
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.hasSuffix("ok\n"), output)
        print("translation conversions:\n\(output)")
    }

    /// A Keras 2 node gives a recurrent layer its initial states as extra inputs after the
    /// sequence; the reader takes them once as the call's initial states, so every consumer sees
    /// one form: the call (one input, two states), `kerasConfig()` (Keras 3's `initial_state`, no
    /// `mask`: Keras 2's meaning, masked by its input's mask), the `--keras2` writer (the extra
    /// inputs again, without `{"mask": null}`) and the Keras 3 writer (the target's mask given
    /// explicitly): both files read back predict tf_keras's outputs within 1e-5 (the decoder run
    /// unmasked is 4e-2 off).
    func testKeras2ExtraInputsAreReadAsInitialStates() throws {
        let name = Self.models[0]
        let io = try TensorIOFile(contentsOf: Self.fixtures.appendingPathComponent(name + ".keras2.io.json"))
        let model = try KerasModelFile.load(Self.fixtures.appendingPathComponent(name + ".keras2.h5")).model
        let decoder = try XCTUnwrap(model.calls.first { $0.layer.name == "decoder" })
        XCTAssertEqual(decoder.inputs, [TensorRef(layer: "target_embedding")])
        XCTAssertEqual(decoder.initialStates, [TensorRef(layer: "encoder", index: 1), TensorRef(layer: "encoder", index: 2)])
        func decoderNode(_ config: JSONValue) -> JSONValue? {
            config["config"]?["layers"]?.arrayValue?.first { $0["name"]?.stringValue == "decoder" }?["inbound_nodes"]?[0]
        }
        let node = try XCTUnwrap(decoderNode(try model.kerasConfig()))
        XCTAssertEqual(node["args"]?.arrayValue?.count, 1)
        XCTAssertEqual(node["kwargs"]?["initial_state"]?.arrayValue?.count, 2)
        XCTAssertNil(node["kwargs"]?["mask"])
        let dir = try TemporaryFolder()
        for (suffix, keras2) in [(".keras2.h5", true), (".keras", false)] {
            let url = dir.url.appendingPathComponent(name + suffix)
            try KerasModelFile.save(model, to: url, keras2: keras2)
            let again = try KerasModelFile.load(url).model
            XCTAssertEqual(again.readAsKeras2, keras2, suffix)
            let mask = try XCTUnwrap(decoderNode(try again.kerasConfig()))["kwargs"]?["mask"]
            XCTAssertEqual(mask?["config"]?["keras_history"]?[0]?.stringValue, keras2 ? nil : "target_not_equal", suffix)
            let error = try again.predict(io.inputs)[0].maxAbsDifference(XCTUnwrap(io.outputs)[0])
            XCTAssertLessThanOrEqual(error, 1e-5, suffix)
        }
    }

    /// Saving `model` to `url` fails with the one line `message` and writes nothing.
    private func assertRefused(_ model: Model, to url: URL, keras2: Bool = false, _ message: String, line: UInt = #line) {
        XCTAssertThrowsError(try KerasModelFile.save(model, to: url, keras2: keras2), line: line) { XCTAssertEqual("\($0)", message, line: line) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path), line: line)
    }

    /// Keras 3's files (`.keras`, legacy `.h5`; keras3_models.zip) extracted into `folder`.
    private func extractKeras3Models(into folder: URL) throws {
        try ZipReader(contentsOf: Self.fixtures.appendingPathComponent("keras3_models.zip")).extract(to: folder)
    }

    /// The same models written by Keras 3 (`translation_models.py --keras3`): Keras 3 runs the
    /// decoder (a call given initial states and no `mask`) unmasked, but its output keeps the
    /// target's mask, which the attention after it uses. Read so (the call `unmasked` and
    /// `keepsInputMask`), each file counts Keras 3's count_params() and predicts within 1e-5 of
    /// Keras 3 at every step, the padded decoder steps included (masking the decoder, as before,
    /// was 0.028 / 0.026 off); the `.keras` we write reads back the same.
    func testKeras3FilesRunTheDecoderUnmaskedAndKeepItsMask() throws {
        let models = try TemporaryFolder(), dir = try TemporaryFolder()
        try extractKeras3Models(into: models.url)
        var worst: Float = 0
        for name in Self.models {
            let ioURL = Self.fixtures.appendingPathComponent(name + ".keras3.io.json")
            let counted = try XCTUnwrap(JSONValue.parse(Data(contentsOf: ioURL))["count_params"]?.intValue, name)
            let io = try TensorIOFile(contentsOf: ioURL)
            for suffix in [".keras", ".h5"] {
                let what = name + ".keras3" + suffix
                let file = try ModelFile(path: models.url.appendingPathComponent(what).path)
                let written = dir.url.appendingPathComponent(what + ".keras")
                try file.save(to: written.path)
                for model in [file.model, try KerasModelFile.load(written).model] {
                    XCTAssertEqual(model.parameterCount, counted, what)
                    let decoder = try XCTUnwrap(model.calls.first { $0.layer.name == "decoder" }, what)
                    XCTAssertTrue(decoder.unmasked && decoder.keepsInputMask, what)
                    let error = try model.predict(io.inputs)[0].maxAbsDifference(XCTUnwrap(io.outputs)[0])
                    worst = max(worst, error)
                    XCTAssertLessThanOrEqual(error, 1e-5, "\(what): predict against Keras 3")
                }
            }
        }
        print("Keras 3 translation models: predict vs Keras 3 worst max abs error \(worst)")
    }

    /// tf_keras's `{"mask": null}` runs a call unmasked and drops its output mask (tf_keras sets
    /// output masks from the mask a call was given), so Keras 3's decoder, whose kept mask reaches
    /// the attention, has no Keras 2 config: `--keras2` is refused in one line naming the layer.
    func testKeras3DecoderWhoseKeptMaskReachesTheAttentionIsRefusedForKeras2() throws {
        let models = try TemporaryFolder()
        try extractKeras3Models(into: models.url)
        let model = try KerasModelFile.load(models.url.appendingPathComponent(Self.models[0] + ".keras3.keras")).model
        let url = models.url.appendingPathComponent("keras2.h5")
        assertRefused(model, to: url, keras2: true,
                      "LSTM 'decoder': Keras 3 runs its call with initial_state unmasked but passes its input's mask on to "
                      + "the layers after it, which a Keras 2 config cannot express (tf_keras's {\"mask\": null} drops that mask); "
                      + "write it for Keras 3 (without --keras2)")
    }

    /// The other way: a tf_keras decoder call with initial states and `{"mask": null}` runs
    /// unmasked and tf_keras drops its output mask, which Keras 3 would keep for the attention:
    /// converting it to Keras 3 is refused in one line naming the layer; `--keras2` keeps it.
    func testKeras2UnmaskedDecoderWhoseMaskKeras3WouldKeepIsRefused() throws {
        let source = try KerasModelFile.load(Self.fixtures.appendingPathComponent(Self.models[1] + ".keras2.h5")).model
        let config = try source.kerasConfig()
        let layers = try XCTUnwrap(config["config"]?["layers"]?.arrayValue).map { entry -> JSONValue in
            guard entry["name"]?.stringValue == "decoder", let node = entry["inbound_nodes"]?[0] else { return entry }
            return entry.setting("inbound_nodes", [node.setting("kwargs", (node["kwargs"] ?? [:]).setting("mask", .null))])
        }
        let model = try KerasConfigMeanings.model(config: config.setting("config", config["config"]!.setting("layers", .array(layers))), keras2: true, seed: 1)
        XCTAssertTrue(try XCTUnwrap(model.calls.first { $0.layer.name == "decoder" }).unmasked)
        let dir = try TemporaryFolder()
        let url = dir.url.appendingPathComponent("unmasked_decoder.keras")
        assertRefused(model, to: url,
                      "LSTM 'decoder': its call with initial_state is unmasked ({\"mask\": null}), and tf_keras drops its output "
                      + "mask where Keras 3 keeps its input's for the layers after it; no Keras 3 config has this model's meaning")
        XCTAssertNoThrow(try KerasModelFile.save(model, to: dir.url.appendingPathComponent("unmasked_decoder.keras2.h5"), keras2: true))
    }

    /// tf_keras ANDs the masks of a merge's inputs, Keras 3 ORs them: an Add of two Embedding(mask_zero)
    /// outputs (two masks) has no Keras 3 config and is refused in one line naming the layer.
    func testMergeOverDifferentMasksIsRefused() throws {
        func input(_ name: String) -> JSONValue {
            ["class_name": "InputLayer", "name": .string(name), "inbound_nodes": [],
             "config": ["name": .string(name), "batch_input_shape": [nil, nil], "dtype": "int32", "sparse": false, "ragged": false]]
        }
        func embedding(_ name: String, _ source: String) -> JSONValue {
            ["class_name": "Embedding", "name": .string(name), "inbound_nodes": [[[.string(source), 0, 0, [:]]]],
             "config": ["name": .string(name), "trainable": true, "dtype": "float32", "input_dim": 5, "output_dim": 3, "mask_zero": true]]
        }
        let config: JSONValue = ["class_name": "Functional", "config": [
            "name": "two_masks",
            "layers": [input("a"), input("b"), embedding("embed_a", "a"), embedding("embed_b", "b"),
                       ["class_name": "Add", "name": "add", "config": ["name": "add", "trainable": true, "dtype": "float32"],
                        "inbound_nodes": [[["embed_a", 0, 0, [:]], ["embed_b", 0, 0, [:]]]]]],
            "input_layers": [["a", 0, 0], ["b", 0, 0]], "output_layers": [["add", 0, 0]],
        ]]
        let model = try KerasConfigMeanings.model(config: config, keras2: true, seed: 1)
        let dir = try TemporaryFolder()
        let url = dir.url.appendingPathComponent("two_masks.keras")
        assertRefused(model, to: url,
                      "Add 'add': merges inputs that carry different masks (or a mask and none), which tf_keras combines "
                      + "with AND and Keras 3 with OR; no Keras 3 config has this model's meaning")
    }
}
