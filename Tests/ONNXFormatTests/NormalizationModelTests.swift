import Foundation
import KerasFormat
import ONNXFormat
import XCTest
@testable import ZooCore

/// Recurrent models with LayerNormalization, BatchNormalization, ActivityRegularization and the
/// noise layers saved by real Keras 3 as .keras and legacy .h5 (Fixtures/NAME.*,
/// tools/keras_golden/normalization_models.py): each file loads with Keras's parameter counts
/// (the moving statistics non-trainable), predicts within 1e-5 of Keras and, unless it has
/// random layers, takes Keras's training step (weights and moving statistics after it, the loss
/// with ActivityRegularization's); the ONNX export runs under onnxruntime within 1e-5 of Keras; the .keras, .h5 and
/// .weights.h5 we write read back with the same weights, and real Keras 3 loads our .keras and
/// .h5 and predicts the same. Files written by tf_keras (Keras 2 configs: `axis` as a list) load
/// and predict as tf_keras, and their conversion to .keras loads in Keras 3.
final class NormalizationModelTests: ONNXCheckedTestCase {
    static let models = ["lstm_layer_norm", "lstm_batch_norm", "masked_lstm_batch_norm", "lstm_activity_regularization", "noise_layers"]

    private func tensors(_ list: JSONValue?) throws -> [Tensor] {
        try (list?.arrayValue ?? []).map { v in
            guard let shape = v["shape"]?.arrayValue?.compactMap(\.intValue), let data = v["data"]?.arrayValue else {
                throw ZooError("io.json tensor without shape/data")
            }
            return Tensor(shape: shape, scalars: data.map { Float($0.doubleValue ?? .nan) })
        }
    }

    private func io(_ name: String) throws -> JSONValue {
        try JSONValue.parse(Data(contentsOf: MergeModelTests.fixtures.appendingPathComponent(name + ".io.json")))
    }

    func testFilesLoadCountAndPredictAsKeras() throws {
        for name in Self.models {
            let json = try io(name)
            for format in ["keras", "h5"] {
                let model = try KerasModelFile.load(MergeModelTests.fixtures.appendingPathComponent(name + "." + format)).model
                XCTAssertEqual(model.parameterCount, json["count_params"]?.intValue, "\(name).\(format)")
                XCTAssertEqual(model.trainableWeights.reduce(0) { $0 + $1.elementCount }, json["trainable_params"]?.intValue, "\(name).\(format)")
                let got = try model.predict(try tensors(json["inputs"]))
                let error = try got[0].maxAbsDifference(tensors(json["outputs"])[0])
                XCTAssertLessThanOrEqual(error, 1e-5, "\(name).\(format): predict against Keras")
                print("\(name).\(format): \(model.parameterCount) parameters, predict vs Keras max abs error \(error)")
            }
        }
    }

    /// One SGD step (learning rate 1, MSE) in training mode: BatchNormalization normalizes with
    /// the batch statistics (the real steps only under a mask) and moves its moving statistics
    /// as Keras does; ActivityRegularization's loss joins the MSE.
    func testOneTrainingStepMatchesKeras() throws {
        for name in Self.models {
            let json = try io(name)
            guard let step = json["training_step"] else { continue }
            let model = try KerasModelFile.load(MergeModelTests.fixtures.appendingPathComponent(name + ".keras")).model
            let trainer = try Trainer(model: model, optimizer: try SGD(learningRate: 1), loss: try Loss(kerasName: "mse"))
            let result = try trainer.trainStep(try Dataset(inputs: try tensors(json["inputs"]), targets: try tensors(step["targets"])), dropoutSeed: 0)
            XCTAssertEqual(result.loss, step["loss_value"]?.doubleValue ?? .nan, accuracy: 1e-5, name)
            var worst: Float = 0, worstMoving: Float = 0
            for entry in step["weights_after"]?.arrayValue ?? [] {
                let layerName = entry["layer"]?.stringValue ?? "?"
                let expected = try tensors(entry["weights"])
                guard !expected.isEmpty else { continue }
                let layer = try XCTUnwrap(model.layer(named: layerName), "\(name): \(layerName)")
                XCTAssertEqual(layer.weights.count, expected.count, "\(name): \(layerName)")
                for (w, e) in zip(layer.weights, expected) {
                    let error = w.value.maxAbsDifference(e)
                    if w.trainable { worst = max(worst, error) } else { worstMoving = max(worstMoving, error) }
                }
            }
            XCTAssertLessThanOrEqual(worst, 1e-5, "\(name): weights after one step")
            XCTAssertLessThanOrEqual(worstMoving, 1e-5, "\(name): moving statistics after one step")
            print("\(name): one SGD step, weights vs Keras max abs error \(worst), moving statistics \(worstMoving), loss \(result.loss) vs \(step["loss_value"]?.doubleValue ?? .nan)")
        }
    }

    func testOnnxExportMatchesKeras() throws {
        let dir = try temporaryFolder()
        for name in Self.models {
            let model = try KerasModelFile.load(MergeModelTests.fixtures.appendingPathComponent(name + ".keras")).model
            for opset in [13, 17] {
                let onnx = dir.url.appendingPathComponent("\(name).\(opset).onnx")
                try ONNXExporter.write(model, to: onnx, opset: opset)
                checks.add(onnx, MergeModelTests.fixtures.appendingPathComponent(name + ".io.json"), "\(name) opset \(opset)")
            }
        }
    }

    /// Every layout we write reads back with the same weights (the moving statistics too), and
    /// Keras 3 loads our .keras and .h5 and predicts Keras's outputs within 1e-5.
    func testWrittenFilesReadBackAndLoadInKeras() throws {
        let dir = try temporaryFolder()
        let script = """
            import json, os, sys
            os.environ.setdefault("KERAS_BACKEND", "numpy")
            import keras, numpy as np
            for path, io_path in zip(sys.argv[1::2], sys.argv[2::2]):
                io = json.load(open(io_path))
                inputs = [np.array(i["data"], dtype=i["dtype"]).reshape(i["shape"]) for i in io["inputs"]]
                model = keras.saving.load_model(path, compile=False)
                got = model.predict(inputs[0], verbose=0)
                err = float(np.max(np.abs(got - np.array(io["outputs"][0]["data"], dtype=np.float32).reshape(io["outputs"][0]["shape"]))))
                print(os.path.basename(path), model.count_params(), err)
                assert err <= 1e-5 and model.count_params() == io["count_params"], err
            print("ok")
            """
        var arguments = ["-c", script]
        for name in Self.models {
            let model = try KerasModelFile.load(MergeModelTests.fixtures.appendingPathComponent(name + ".keras")).model
            for (format, keras2) in [("keras", false), ("h5", false), ("weights.h5", false), ("h5", true), ("weights.h5", true)] {
                let written = dir.url.appendingPathComponent("\(name)\(keras2 ? ".keras2" : "").\(format)")
                try KerasModelFile.save(model, to: written, keras2: keras2)
                let again = format == "weights.h5"
                    ? try KerasModelFile.load(written, architecture: { try KerasConfigMeanings.model(config: try model.kerasConfig(), keras2: $0, weightsFromFile: true) }).model
                    : try KerasModelFile.load(written).model
                XCTAssertEqual(again.weights.map(\.path), model.weights.map(\.path), "\(name) \(written.lastPathComponent)")
                XCTAssertEqual(again.weights.map(\.value), model.weights.map(\.value), "\(name) \(written.lastPathComponent)")
                if !keras2 && format != "weights.h5" {
                    arguments += [written.path, MergeModelTests.fixtures.appendingPathComponent(name + ".io.json").path]
                }
            }
        }
        let (status, output) = try ONNXCheck.python(arguments)
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.hasSuffix("ok\n"), output)
        print("Keras 3 on our files: \(output.split(separator: "\n").joined(separator: " | "))")
    }

    /// tf_keras's .h5 (tools/keras_golden/normalization_models_keras2.py) load with its counts and
    /// predict its outputs; the .keras we convert the recurrent-free one to (BatchNormalization's
    /// axis [1] written as 1, which Keras 3 requires) loads in Keras 3 and predicts the same.
    func testTfKerasFilesLoadAndConvert() throws {
        let dir = try temporaryFolder()
        for name in ["tf_keras_lstm_norm", "tf_keras_dense_norm"] {
            let json = try io(name)
            let file = try KerasModelFile.load(MergeModelTests.fixtures.appendingPathComponent(name + ".h5"))
            XCTAssertEqual(file.layout, .keras2Model, name)
            XCTAssertEqual(file.model.parameterCount, json["count_params"]?.intValue, name)
            let error = try file.model.predict(try tensors(json["inputs"]))[0].maxAbsDifference(tensors(json["outputs"])[0])
            XCTAssertLessThanOrEqual(error, 1e-5, "\(name): predict against tf_keras")
            print("\(name): \(file.model.parameterCount) parameters, predict vs tf_keras max abs error \(error)")
        }
        let model = try KerasModelFile.load(MergeModelTests.fixtures.appendingPathComponent("tf_keras_dense_norm.h5")).model
        let converted = dir.url.appendingPathComponent("tf_keras_dense_norm.keras")
        try KerasModelFile.save(model, to: converted)
        let script = """
            import json, os, sys
            os.environ.setdefault("KERAS_BACKEND", "numpy")
            import keras, numpy as np
            io = json.load(open(sys.argv[2]))
            x = np.array(io["inputs"][0]["data"], dtype="float32").reshape(io["inputs"][0]["shape"])
            model = keras.saving.load_model(sys.argv[1], compile=False)
            err = float(np.max(np.abs(model.predict(x, verbose=0) - np.array(io["outputs"][0]["data"], dtype=np.float32).reshape(io["outputs"][0]["shape"]))))
            print(model.count_params(), err)
            assert err <= 1e-5 and model.count_params() == io["count_params"], err
            print("ok")
            """
        let (status, output) = try ONNXCheck.python(["-c", script, converted.path,
                                                     MergeModelTests.fixtures.appendingPathComponent("tf_keras_dense_norm.io.json").path])
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.hasSuffix("ok\n"), output)
        print("Keras 3 on the converted tf_keras file: \(output.split(separator: "\n").joined(separator: " | "))")
    }
}
