import Foundation
import KerasFormat
import ONNXFormat
import XCTest
import ZooCore

/// Functional models built around the merge layers, saved by real Keras 3
/// (Fixtures/NAME.keras, tools/keras_golden/merge_models.py): each loads with Keras's parameter
/// count and predicts within 1e-5 of Keras; its ONNX export (opsets 13, 17, 18) runs under
/// onnxruntime within 1e-5 of Keras, and at other batch sizes and lengths within 1e-5 of our forward pass; the .keras we
/// write loads in real Keras 3 and predicts the same.
final class MergeModelTests: XCTestCase {
    static let models = ["two_lstm_concatenate", "merge_gallery", "masked_merges"]

    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    /// The tensors of an io.json list ({"shape", "data"} each).
    private func tensors(_ list: JSONValue?) throws -> [Tensor] {
        try (list?.arrayValue ?? []).map { v in
            guard let shape = v["shape"]?.arrayValue?.compactMap(\.intValue), let data = v["data"]?.arrayValue else {
                throw ZooError("io.json tensor without shape/data")
            }
            return Tensor(shape: shape, scalars: data.map { Float($0.doubleValue ?? .nan) })
        }
    }

    func testMergeModelsMatchKerasAndOnnxruntime() throws {
        let dir = try ONNXTemporaryFolder()
        for name in Self.models {
            let io = Self.fixtures.appendingPathComponent(name + ".io.json")
            let json = try JSONValue.parse(Data(contentsOf: io))
            let model = try KerasModelFile.load(Self.fixtures.appendingPathComponent(name + ".keras")).model
            XCTAssertEqual(model.parameterCount, json["count_params"]?.intValue, name)
            let expected = try tensors(json["outputs"])
            let got = try model.predict(try tensors(json["inputs"]))
            XCTAssertEqual(got.map(\.shape), expected.map(\.shape), name)
            let worst = zip(got, expected).map { $0.maxAbsDifference($1) }.max() ?? .infinity
            XCTAssertLessThanOrEqual(worst, 1e-5, "\(name): predict against Keras")
            let onnx = dir.url.appendingPathComponent(name + ".onnx")
            try ONNXExporter.write(model, to: onnx)
            let (status, output) = try ONNXCheck.run(onnx, io)
            XCTAssertEqual(status, 0, "\(name): \(output)")
            XCTAssertTrue(output.hasSuffix("ok\n"), "\(name): \(output)")
            print("\(name): predict vs Keras max abs error \(worst); onnxruntime vs Keras: \(output.split(separator: "\n").joined(separator: " | "))")
            for opset in [13, 18] {
                let other = dir.url.appendingPathComponent("\(name).opset\(opset).onnx")
                try ONNXExporter.write(model, to: other, opset: opset)
                let (status, output) = try ONNXCheck.run(other, io)
                XCTAssertTrue(status == 0 && output.hasSuffix("ok\n"), "\(name) opset \(opset): \(output)")
            }
            for (i, (batch, time)) in [(1, 3), (4, 9)].enumerated() {
                let inputs = ONNXCheck.inputs(for: model, batch: batch, time: time, vocab: 12, seed: UInt64(i + 5))
                try ONNXCheck.expectForwardMatch(model, onnx: onnx, inputs: inputs, io: dir.url.appendingPathComponent("\(name).\(i).io.json"),
                                                 "\(name) batch \(batch) time \(time)")
            }
        }
    }

    /// Our .keras of each model (config and weights written here) loads in real Keras 3, which
    /// predicts Keras's own outputs within 1e-5.
    func testKerasLoadsTheArchivesWeWrite() throws {
        let dir = try ONNXTemporaryFolder()
        let script = """
            import json, os, sys
            os.environ.setdefault("KERAS_BACKEND", "jax")
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
            let written = dir.url.appendingPathComponent(name + ".keras")
            try KerasModelFile.save(model, to: written)
            arguments += [written.path, Self.fixtures.appendingPathComponent(name + ".io.json").path]
        }
        let (status, output) = try ONNXCheck.python(arguments)
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.hasSuffix("ok\n"), output)
        print("Keras 3 on our archives: \(output.split(separator: "\n").joined(separator: " | "))")
    }
}
