import Foundation
import KerasFormat
import ONNXFormat
import XCTest
@testable import ZooCore

/// Functional models built around the merge layers, saved by real Keras 3
/// (Fixtures/NAME.keras, tools/keras_golden/merge_models.py): each loads with Keras's parameter
/// count, predicts within 1e-5 of Keras and takes Keras's training step; its ONNX export
/// (opsets 13, 17, 18) runs under onnxruntime within 1e-5 of Keras, and at other batch sizes and
/// lengths within 1e-5 of our forward pass; the .keras and .h5 we write load in real Keras 3
/// and predict the same.
final class MergeModelTests: ONNXCheckedTestCase {
    static let models = ["two_lstm_concatenate", "merge_gallery", "masked_merges"]

    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    /// The tensors of an io.json list ({"shape", "data"} each).
    static func tensors(_ list: JSONValue?) throws -> [Tensor] {
        try (list?.arrayValue ?? []).map { v in
            guard let shape = v["shape"]?.arrayValue?.compactMap(\.intValue), let data = v["data"]?.arrayValue else {
                throw ZooError("io.json tensor without shape/data")
            }
            return Tensor(shape: shape, scalars: data.map { Float($0.doubleValue ?? .nan) })
        }
    }

    func testMergeModelsMatchKerasAndOnnxruntime() throws {
        let dir = try temporaryFolder()
        for name in Self.models {
            let io = Self.fixtures.appendingPathComponent(name + ".io.json")
            let json = try JSONValue.parse(Data(contentsOf: io))
            let model = try KerasModelFile.load(Self.fixtures.appendingPathComponent(name + ".keras")).model
            XCTAssertEqual(model.parameterCount, json["count_params"]?.intValue, name)
            let expected = try Self.tensors(json["outputs"])
            let got = try model.predict(try Self.tensors(json["inputs"]))
            XCTAssertEqual(got.map(\.shape), expected.map(\.shape), name)
            let worst = zip(got, expected).map { $0.maxAbsDifference($1) }.max() ?? .infinity
            XCTAssertLessThanOrEqual(worst, 1e-5, "\(name): predict against Keras")
            let onnx = dir.url.appendingPathComponent(name + ".onnx")
            try ONNXExporter.write(model, to: onnx)
            print("\(name): predict vs Keras max abs error \(worst)")
            checks.add(onnx, io, name)
            for opset in [13, 18] {
                let other = dir.url.appendingPathComponent("\(name).opset\(opset).onnx")
                try ONNXExporter.write(model, to: other, opset: opset)
                checks.add(other, io, "\(name) opset \(opset)")
            }
            for (i, (batch, time)) in [(1, 3), (4, 9)].enumerated() {
                let inputs = ONNXCheck.inputs(for: model, batch: batch, time: time, vocab: 12, seed: UInt64(i + 5))
                try checks.addForwardMatch(model, onnx: onnx, inputs: inputs, io: dir.url.appendingPathComponent("\(name).\(i).io.json"),
                                           "\(name) batch \(batch) time \(time)")
            }
        }
    }

    /// Our .keras and legacy .h5 of each model (config and weights written here) load in real
    /// Keras 3, which predicts Keras's own outputs within 1e-5.
    func testKerasLoadsTheArchivesWeWrite() throws {
        let dir = try temporaryFolder()
        let script = """
            import json, os, sys
            os.environ.setdefault("KERAS_BACKEND", "numpy")
            import keras, numpy as np
            for path, io_path in zip(sys.argv[1::2], sys.argv[2::2]):
                io = json.load(open(io_path))
                inputs = [np.array(i["data"], dtype=i["dtype"]).reshape(i["shape"]) for i in io["inputs"]]
                got = keras.saving.load_model(path, compile=False).predict(inputs, verbose=0)
                got = got if isinstance(got, list) else [got]
                err = max(float(np.max(np.abs(np.asarray(g) - np.array(e["data"], dtype=np.float32).reshape(e["shape"])))) for g, e in zip(got, io["outputs"]))
                print(os.path.basename(path), err)
                assert err <= 1e-5, err
            print("ok")
            """
        var arguments = ["-c", script]
        for name in Self.models {
            let model = try KerasModelFile.load(Self.fixtures.appendingPathComponent(name + ".keras")).model
            for format in ["keras", "h5"] {
                let written = dir.url.appendingPathComponent(name + "." + format)
                try KerasModelFile.save(model, to: written)
                arguments += [written.path, Self.fixtures.appendingPathComponent(name + ".io.json").path]
            }
        }
        let (status, output) = try ONNXCheck.python(arguments)
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.hasSuffix("ok\n"), output)
        print("Keras 3 on our archives: \(output.split(separator: "\n").joined(separator: " | "))")
    }

    /// Every merge option exported and run by onnxruntime against our forward pass: the
    /// elementwise merges of two masked embeddings and an unmasked input (pre-, post- and
    /// middle-padded rows, so that both, one and none of the masks are set), their merged masks
    /// read by GlobalAveragePooling1D, and broadcast ([B, T, F] with [B, 1, F] and [B, F]);
    /// Concatenate along features and time, partly masked; Dot over every axis pair of ranks 2
    /// and 3, with normalize; the masked ones and Concatenate and Dot again with Keras 2 meanings.
    func testEveryMergeOptionAgainstOurForwardPass() throws {
        let dir = try temporaryFolder()
        let idsA = Tensor(shape: [3, 6], scalars: [0, 0, 3, 4, 5, 6, 1, 2, 3, 4, 0, 0, 7, 8, 0, 9, 10, 11])
        let idsB = Tensor(shape: [3, 6], scalars: [5, 0, 0, 0, 2, 3, 0, 0, 0, 1, 1, 1, 7, 8, 9, 10, 11, 0])
        var rng = SeededGenerator(seed: 41)
        let features = Tensor(shape: [3, 6, 4], scalars: (0..<72).map { _ in rng.nextNormal() })
        let inputs = [("tokens_a", "int32", idsA), ("tokens_b", "int32", idsB), ("features", "float32", features)]
        /// Two masked embeddings [B, T, 4] and an unmasked input [B, T, 4].
        func branches(_ b: ModelBuilder) throws -> (TensorRef, TensorRef, TensorRef) {
            let a = b.input("tokens_a", shape: [nil], dtype: "int32"), c = b.input("tokens_b", shape: [nil], dtype: "int32")
            let f = b.input("features", shape: [nil, 4])
            let ea = try b.call("Embedding", ["name": "embedding_a", "input_dim": 12, "output_dim": 4, "mask_zero": true], a)[0]
            let eb = try b.call("Embedding", ["name": "embedding_b", "input_dim": 12, "output_dim": 4, "mask_zero": true], c)[0]
            return (ea, eb, f)
        }
        var models: [(String, Model)] = []
        for className in ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"] {
            for partly in [false, true] where !(partly && className == "Subtract") {
                let b = ModelBuilder(name: "\(className.lowercased())\(partly ? "_partly" : "")_masked")
                let (ea, eb, f) = try branches(b)
                let merged = partly ? try b.call(className, ["name": "merge"], ea, f, eb, listArgument: true)[0]
                    : try b.call(className, ["name": "merge"], ea, eb, listArgument: true)[0]
                let pooled = try b.call("GlobalAveragePooling1D", ["name": "pool"], merged)[0]
                models.append((b.name, try b.model(outputs: [merged, pooled], seed: 3)))
            }
        }
        for className in ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"] {
            let b = ModelBuilder(name: "\(className.lowercased())_broadcast")
            let (ea, _, f) = try branches(b)
            let step = try b.call("GlobalAveragePooling1D", ["name": "step", "keepdims": true], ea)[0]
            let vector = try b.call("GlobalAveragePooling1D", ["name": "vector"], ea)[0]
            let merged = className == "Subtract" ? try b.call(className, ["name": "merge"], vector, f)[0]
                : try b.call(className, ["name": "merge"], f, step, vector)[0]
            models.append((b.name, try b.model(outputs: [merged], seed: 3)))
        }
        for (axis, partly) in [(-1, false), (-1, true), (1, false), (1, true), (-2, true)] {
            let b = ModelBuilder(name: "concatenate_\(axis)\(partly ? "_partly" : "")")
            let (ea, eb, f) = try branches(b)
            let joined = try b.call("Concatenate", ["name": "cat", "axis": .number(Double(axis))], ea, partly ? f : eb, listArgument: true)[0]
            let pooled = try b.call("GlobalAveragePooling1D", ["name": "pool"], joined)[0]
            models.append((b.name, try b.model(outputs: [joined, pooled], seed: 3)))
        }
        let dots: [(String, JSONValue, Bool)] = [("features", 2, false), ("time", [1, 1], true), ("negative", -1, true),
                                                 ("vector_sequence", [1, 2], false), ("sequence_vector", [2, 1], true), ("vectors", 1, true)]
        for (label, axes, normalize) in dots {
            let b = ModelBuilder(name: "dot_\(label)")
            let (ea, eb, f) = try branches(b)
            let vector = try b.call("GlobalAveragePooling1D", ["name": "pool"], f)[0]
            let pair: (TensorRef, TensorRef) = switch label {
            case "vector_sequence": (vector, ea)
            case "sequence_vector": (eb, vector)
            case "vectors": (vector, try b.call("GlobalAveragePooling1D", ["name": "pool_b"], eb)[0])
            default: (ea, eb)
            }
            let y = try b.call("Dot", ["name": "dot", "axes": axes, "normalize": .bool(normalize)], pair.0, pair.1, listArgument: true)[0]
            models.append((b.name, try b.model(outputs: [y], seed: 3)))
        }
        // The same configs with Keras 2 (tf_keras) meanings.
        for (name, model) in models where name.hasSuffix("masked") || name.hasPrefix("concatenate") || name == "dot_time" {
            let keras2 = try KerasConfigMeanings.model(config: try model.kerasConfig(), keras2: true, seed: 3)
            models.append((name + ".keras2", keras2))
        }
        for (name, model) in models {
            let onnx = dir.url.appendingPathComponent(name + ".onnx")
            try ONNXExporter.write(model, to: onnx)
            let used = Set(model.inputs.map(\.name))
            try checks.addForwardMatch(model, onnx: onnx, inputs: inputs.filter { used.contains($0.0) },
                                       io: dir.url.appendingPathComponent(name + ".io.json"), name)
        }
    }

    /// One training step through the merge layers equals Keras's: SGD with learning rate 1 on
    /// the mean squared error of every output, so the weights after it differ from Keras's by
    /// the gradients' differences.
    func testOneTrainingStepMatchesKeras() throws {
        for name in Self.models {
            let json = try JSONValue.parse(Data(contentsOf: Self.fixtures.appendingPathComponent(name + ".io.json")))
            guard let step = json["training_step"] else { continue }
            let model = try KerasModelFile.load(Self.fixtures.appendingPathComponent(name + ".keras")).model
            let trainer = try Trainer(model: model, optimizer: try SGD(learningRate: 1), loss: try Loss(kerasName: "mse"))
            let result = try trainer.trainStep(try Dataset(inputs: try Self.tensors(json["inputs"]), targets: try Self.tensors(step["targets"])), dropoutSeed: 0)
            XCTAssertEqual(result.loss, step["loss_value"]?.doubleValue ?? .nan, accuracy: 1e-5, name)
            var worst: Float = 0
            for entry in step["weights_after"]?.arrayValue ?? [] {
                let layerName = entry["layer"]?.stringValue ?? "?"
                let expected = try Self.tensors(entry["weights"])
                guard !expected.isEmpty else { continue }
                let layer = try XCTUnwrap(model.layer(named: layerName), "\(name): \(layerName)")
                XCTAssertEqual(layer.weights.count, expected.count, "\(name): \(layerName)")
                for (w, e) in zip(layer.weights, expected) { worst = max(worst, w.value.maxAbsDifference(e)) }
            }
            XCTAssertLessThanOrEqual(worst, 1e-5, "\(name): weights after one step")
            print("\(name): one SGD step, weights vs Keras max abs error \(worst), loss \(result.loss) vs \(step["loss_value"]?.doubleValue ?? .nan)")
        }
    }

    /// A merge layer called through ModelBuilder takes its inputs as one list in the written
    /// config, as Keras calls it, with or without `listArgument`.
    func testBuilderPassesMergeInputsAsOneList() throws {
        let b = ModelBuilder(name: "m")
        let x = b.input("x", shape: [nil, 3]), y = b.input("y", shape: [nil, 3])
        let sum = try b.call("Add", ["name": "add"], x, y)[0]
        let model = try b.model(outputs: [try b.call("Dot", ["name": "dot", "axes": 2], sum, y)[0]])
        let layers = try XCTUnwrap(model.kerasConfig()["config"]?["layers"]?.arrayValue)
        for name in ["add", "dot"] {
            let args = layers.first { $0["name"]?.stringValue == name }?["inbound_nodes"]?[0]?["args"]?.arrayValue
            XCTAssertEqual(args?.count, 1, name)
            XCTAssertEqual(args?.first?.arrayValue?.count, 2, name)
        }
    }
}
