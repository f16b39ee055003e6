import Foundation
import KerasFormat
import ONNXFormat
import XCTest
import ZooCore

/// The transformer/LSTM hybrid of the tutorials (Embedding(mask_zero) → LSTM → MultiHeadAttention
/// self-attention → Add → LayerNormalization → GlobalAveragePooling1D → Dense) written by real
/// Keras 3 (.keras, .h5) and tf_keras (.h5, .keras) (Fixtures/attention_hybrid*,
/// tools/keras_golden/attention_hybrid_models.py), on padded tokens (pre-, post-, middle
/// padding): each file loads with Keras's count_params() (and `summary()`'s total), predicts
/// within 1e-5 of the Keras that wrote it, exports to ONNX with standard operators that
/// onnxruntime runs within 1e-5 of it (no Loop or Scan), and the .h5 files convert to a .keras
/// that real Keras 3 loads and predicts the same with (all Python checks in one process). A file whose attention weights
/// do not fit the config is refused in one line naming the layer.
final class AttentionHybridModelTests: XCTestCase {
    /// (file, io.json, the layout it must be read as).
    static let files: [(String, String, KerasLayout)] = [
        ("attention_hybrid.keras", "attention_hybrid", .keras3Archive), ("attention_hybrid.h5", "attention_hybrid", .keras3LegacyModel),
        ("attention_hybrid.keras2.h5", "attention_hybrid.keras2", .keras2Model),
        ("attention_hybrid.keras2.keras", "attention_hybrid.keras2", .keras2Archive),
    ]

    func testFilesPredictExportAndConvertAsKeras() throws {
        let dir = try ONNXTemporaryFolder()
        var jobs: [JSONValue] = []
        for (fileName, ioName, layout) in Self.files {
            let io = MergeModelTests.fixtures.appendingPathComponent(ioName + ".io.json")
            let json = try JSONValue.parse(Data(contentsOf: io))
            let file = try KerasModelFile.load(MergeModelTests.fixtures.appendingPathComponent(fileName))
            XCTAssertEqual(file.layout, layout, fileName)
            let model = file.model
            XCTAssertEqual(model.parameterCount, json["count_params"]?.intValue, fileName)
            XCTAssertTrue(try model.summary().contains("Total params: \(Model.grouped(json["count_params"]?.intValue ?? -1))"), fileName)
            let error = try model.predict(try MergeModelTests.tensors(json["inputs"]))[0].maxAbsDifference(MergeModelTests.tensors(json["outputs"])[0])
            XCTAssertLessThanOrEqual(error, 1e-5, "\(fileName): predict against Keras")
            print("\(fileName): \(model.parameterCount) parameters, predict vs Keras max abs error \(error)")
            let onnx = dir.url.appendingPathComponent(fileName + ".onnx")
            try ONNXExporter.write(model, to: onnx, opset: 17)
            var job: JSONValue = ["io": .string(io.path), "onnx": .string(onnx.path)]
            // The archives' conversions write what their .h5 siblings' do: Keras 3 loads those two.
            if fileName.hasSuffix(".h5") {
                let converted = dir.url.appendingPathComponent(fileName + ".converted.keras")
                try KerasModelFile.save(model, to: converted)
                job = job.setting("keras", .string(converted.path))
            }
            jobs.append(job)
        }
        let script = """
            import json, os, sys
            os.environ.setdefault("KERAS_BACKEND", "numpy")
            import numpy as np, onnx, onnxruntime as ort
            import keras
            for job in json.loads(sys.argv[1]):
                io = json.load(open(job["io"]))
                ids = np.array(io["inputs"][0]["data"], dtype=np.int32).reshape(io["inputs"][0]["shape"])
                expected = np.array(io["outputs"][0]["data"], dtype=np.float32).reshape(io["outputs"][0]["shape"])
                graph = onnx.load(job["onnx"])
                onnx.checker.check_model(graph, full_check=True)
                ops = sorted({n.op_type for n in graph.graph.node})
                assert not {"Loop", "Scan"} & set(ops), ops
                got = ort.InferenceSession(job["onnx"], providers=["CPUExecutionProvider"]).run(None, {"tokens": ids})[0]
                onnx_err = float(np.max(np.abs(got - expected)))
                print(os.path.basename(job["onnx"]), "onnxruntime", onnx_err)
                assert onnx_err <= 1e-5, onnx_err
                if "keras" in job:
                    model = keras.saving.load_model(job["keras"], compile=False)
                    keras_err = float(np.max(np.abs(model.predict(ids, verbose=0) - expected)))
                    print(os.path.basename(job["keras"]), "in keras 3:", model.count_params(), "parameters", keras_err)
                    assert keras_err <= 1e-5 and model.count_params() == io["count_params"], keras_err
            print("ok")
            """
        let (status, output) = try ONNXCheck.python(["-c", script, JSONValue.array(jobs).serialized()])
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.hasSuffix("ok\n"), output)
        print(output.split(separator: "\n").joined(separator: " | "))
    }

    /// Written for tf_keras (`--keras2`: the query with value, key and attention_mask beside it,
    /// `query_shape`/`value_shape`/`key_shape` in the config, `:0` weight names), the Keras 3 file
    /// loads in real tf_keras 2.21 and predicts Keras 3's outputs (the anchors venv; a loud skip
    /// without it).
    func testKeras3FileWrittenForTfKerasLoadsThere() throws {
        let anchors = ProcessInfo.processInfo.environment["ANCHORS_DIR"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/rnnzoo-anchors").path
        let tensorflow = URL(fileURLWithPath: anchors).appendingPathComponent("venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: tensorflow.path) else {
            throw XCTSkip("NO KERAS 2 CHECK: no venv with tensorflow and tf_keras at \(tensorflow.path) (set ANCHORS_DIR)")
        }
        let dir = try ONNXTemporaryFolder()
        let model = try KerasModelFile.load(MergeModelTests.fixtures.appendingPathComponent("attention_hybrid.keras")).model
        let written = dir.url.appendingPathComponent("attention_hybrid.keras2.h5")
        try KerasModelFile.save(model, to: written, keras2: true)
        let script = """
            import json, os, sys
            os.environ["TF_USE_LEGACY_KERAS"] = "1"
            os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
            import numpy as np, tf_keras
            io = json.load(open(sys.argv[2]))
            ids = np.array(io["inputs"][0]["data"], dtype=np.int32).reshape(io["inputs"][0]["shape"])
            model = tf_keras.models.load_model(sys.argv[1], compile=False)
            got = model(ids, training=False).numpy()
            err = float(np.max(np.abs(got - np.array(io["outputs"][0]["data"], dtype=np.float32).reshape(io["outputs"][0]["shape"]))))
            print("tf_keras", model.count_params(), err)
            assert err <= 1e-5 and model.count_params() == io["count_params"], err
            print("ok")
            """
        let (status, output) = try ONNXCheck.python(["-c", script, written.path,
                                                     MergeModelTests.fixtures.appendingPathComponent("attention_hybrid.io.json").path],
                                                    executable: tensorflow)
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.hasSuffix("ok\n"), output)
        print(output.split(separator: "\n").suffix(2).joined(separator: " | "))
    }

    /// tf_keras's MultiHeadAttention takes its query, value and key masks from those tensors: a
    /// Keras 3 call given a `value_mask` (a NotEqual operation Keras recorded) is written with
    /// `--keras2` when it is the mask the value carries (NotEqual(tokens, 0), the Embedding's), and
    /// refused in one line naming the layer when it is another (NotEqual(tokens, 3)).
    func testKeras2RefusesARecordedAttentionMaskTfKerasWouldNotUse() throws {
        let source = try KerasModelFile.load(MergeModelTests.fixtures.appendingPathComponent("attention_hybrid.keras")).model
        let config = try source.kerasConfig()
        let layers = try XCTUnwrap(config["config"]?["layers"]?.arrayValue)
        let notEqual = try XCTUnwrap(layers.first { $0["name"]?.stringValue == "not_equal" })
        let tokens = try XCTUnwrap(notEqual["inbound_nodes"]?[0]?["args"]?[0])
        let notThree = notEqual.setting("name", "not_three").setting("config", notEqual["config"]!.setting("name", "not_three"))
            .setting("inbound_nodes", [["args": [tokens, 3], "kwargs": [:]]])
        func withValueMask(_ op: String) throws -> Model {
            let mask: JSONValue = ["class_name": "__keras_tensor__", "config": ["shape": [nil, nil], "dtype": "bool", "keras_history": [.string(op), 0, 0]]]
            let entries = [notThree] + layers.map { entry -> JSONValue in
                guard entry["name"]?.stringValue == "mha", let node = entry["inbound_nodes"]?[0] else { return entry }
                return entry.setting("inbound_nodes", [node.setting("kwargs", (node["kwargs"] ?? [:]).setting("value_mask", mask))])
            }
            return try Model.fromKeras(config: config.setting("config", config["config"]!.setting("layers", .array(entries))), seed: 1)
        }
        let dir = try ONNXTemporaryFolder()
        let kept = dir.url.appendingPathComponent("own_value_mask.keras2.h5")
        XCTAssertNoThrow(try KerasModelFile.save(try withValueMask("not_equal"), to: kept, keras2: true))
        let refused = dir.url.appendingPathComponent("other_value_mask.keras2.h5")
        XCTAssertThrowsError(try KerasModelFile.save(try withValueMask("not_three"), to: refused, keras2: true)) { error in
            XCTAssertEqual("\(error)", "MultiHeadAttention 'mha': its call is given a value_mask other than the mask its value carries, which "
                           + "a Keras 2 config cannot pass (tf_keras uses each input's own mask); write it for Keras 3 (without --keras2)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: refused.path))
    }

    /// Every layout we write (.keras, Keras 3 .h5 and .weights.h5, Keras 2 .h5 and .weights.h5)
    /// reads back with the attention's weights bit for bit and predicts as before.
    func testEveryWrittenLayoutReadsBack() throws {
        let dir = try ONNXTemporaryFolder()
        let model = try KerasModelFile.load(MergeModelTests.fixtures.appendingPathComponent("attention_hybrid.keras")).model
        let json = try JSONValue.parse(Data(contentsOf: MergeModelTests.fixtures.appendingPathComponent("attention_hybrid.io.json")))
        let inputs = try MergeModelTests.tensors(json["inputs"])
        let expected = try model.predict(inputs)
        for (format, keras2) in [("keras", false), ("h5", false), ("weights.h5", false), ("h5", true), ("weights.h5", true)] {
            let written = dir.url.appendingPathComponent("attention_hybrid\(keras2 ? ".keras2" : "").\(format)")
            try KerasModelFile.save(model, to: written, keras2: keras2)
            let again = format == "weights.h5"
                ? try KerasModelFile.load(written, architecture: { try KerasConfigMeanings.model(config: try model.kerasConfig(), keras2: $0, weightsFromFile: true) }).model
                : try KerasModelFile.load(written).model
            let attention = try XCTUnwrap(again.layer(named: "mha"), written.lastPathComponent)
            XCTAssertEqual(attention.weights.map(\.value), model.layer(named: "mha")?.weights.map(\.value), written.lastPathComponent)
            XCTAssertEqual(try again.predict(inputs).map(\.scalars), expected.map(\.scalars), written.lastPathComponent)
        }
    }

    /// The attention's weights read against a config whose num_heads differs (heads × key_dim no
    /// longer the file's): one line naming the file, the layer and both shapes.
    func testInconsistentAttentionWeightsAreOneLine() throws {
        let source = try KerasModelFile.load(MergeModelTests.fixtures.appendingPathComponent("attention_hybrid.keras")).model
        let dir = try ONNXTemporaryFolder()
        let weights = dir.url.appendingPathComponent("attention_hybrid.weights.h5")
        try KerasModelFile.save(source, to: weights)
        var config = try source.kerasConfig()
        let layers = try XCTUnwrap(config["config"]?["layers"]?.arrayValue)
        config = config.setting("config", config["config"]!.setting("layers", .array(layers.map { entry in
            entry["name"]?.stringValue == "mha" ? entry.setting("config", entry["config"]!.setting("num_heads", 4)) : entry
        })))
        XCTAssertThrowsError(try KerasModelFile.load(weights, architecture: { try KerasConfigMeanings.model(config: config, keras2: $0, weightsFromFile: true) })) { error in
            let message = "\(error)"
            XCTAssertFalse(message.contains("\n"), message)
            XCTAssertTrue(message.contains("MultiHeadAttention 'mha'"), message)
            XCTAssertTrue(message.contains(weights.lastPathComponent), message)
            print("inconsistent attention weights: \(message)")
        }
    }
}
