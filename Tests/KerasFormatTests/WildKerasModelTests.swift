import Foundation
import KerasFormat
import XCTest
import ZooCore

/// Models shaped like the tutorials', written by real Keras 3 in the test itself
/// (tools/keras_golden/wild_models.py): masked Functional models whose legacy `.h5` stores the
/// mask operations with `"module": null`, keras.io's addition RNN (RepeatVector), the shape
/// layers and a CNN-LSTM with every layer over time. Each `.keras` and `.h5` loads, counts
/// Keras's count_params() and predicts Keras's outputs within 1e-5; converted to `.keras`, real
/// Keras 3 loads it and predicts the same.
final class WildKerasModelTests: XCTestCase {
    static let models = ["mask_zero_functional", "masking_functional", "addition_rnn", "addition_rnn_time_distributed", "shape_layers", "masked_merges", "cnn_lstm_text"]

    /// The models written by real Keras, once per test run (the writer takes ~20 s), into a
    /// folder kept for the run, and the python that wrote them.
    private static let written: Result<(TemporaryFolder, URL), Error> = Result {
        guard let python = KerasFixtures.python else {
            throw XCTSkip("NO KERAS CHECK: the test venv (.venv/bin/python with keras, jax, h5py) is missing; run scripts/setup.sh")
        }
        let dir = try TemporaryFolder()
        let script = KerasFixtures.repository.appendingPathComponent("tools/keras_golden/wild_models.py")
        let (status, output) = try KerasFixtures.run(python, [script.path, dir.url.path] + models, environment: ["KERAS_BACKEND": "numpy"])
        guard status == 0 else { throw NSError(domain: "wild_models.py", code: Int(status), userInfo: [NSLocalizedDescriptionKey: output]) }
        return (dir, python)
    }

    private func kerasWritten() throws -> (TemporaryFolder, URL) { try Self.written.get() }

    func testKerasWrittenModelsLoadCountAndPredict() throws {
        let (dir, _) = try kerasWritten()
        var worst: Float = 0
        for name in Self.models {
            let ioURL = dir.url.appendingPathComponent(name + ".io.json")
            let io = try TensorIOFile(contentsOf: ioURL)
            let counted = try JSONValue.parse(Data(contentsOf: ioURL))["count_params"]?.intValue
            for suffix in [".keras", ".h5"] {
                let model: Model
                do { model = try KerasModelFile.load(dir.url.appendingPathComponent(name + suffix)).model } catch {
                    XCTFail("\(name)\(suffix): \(error)")
                    continue
                }
                XCTAssertEqual(model.parameterCount, counted, "\(name)\(suffix): parameters")
                XCTAssertNoThrow(try model.summary(), "\(name)\(suffix)")
                let got = try model.predict(io.inputs)
                for (g, e) in zip(got, try XCTUnwrap(io.outputs)) {
                    XCTAssertEqual(g.shape, e.shape, "\(name)\(suffix)")
                    guard g.shape == e.shape else { continue }
                    worst = max(worst, g.maxAbsDifference(e))
                    XCTAssertLessThanOrEqual(g.maxAbsDifference(e), 1e-5, "\(name)\(suffix)")
                }
            }
        }
        print("Keras-written models: worst max abs error \(worst)")
    }

    /// Each `.h5` converted to `.keras` loads in real Keras 3 (the mask operations carry Keras 3's
    /// module again) and predicts Keras's outputs.
    func testConvertedFromH5RealKerasLoads() throws {
        let (dir, python) = try kerasWritten()
        for name in Self.models {
            let model = try KerasModelFile.load(dir.url.appendingPathComponent(name + ".h5")).model
            try KerasModelFile.save(model, to: dir.url.appendingPathComponent(name + ".zoo.keras"))
        }
        let script = """
        import json, sys, keras, numpy as np
        worst = 0.0
        for name in sys.argv[2:]:
            io = json.load(open(f"{sys.argv[1]}/{name}.io.json"))
            m = keras.saving.load_model(f"{sys.argv[1]}/{name}.zoo.keras")
            x = [np.array(i["data"], dtype=i["dtype"]).reshape(i["shape"]) for i in io["inputs"]]
            got = m.predict(x if len(x) > 1 else x[0], verbose=0)
            want = np.array(io["outputs"][0]["data"], dtype=np.float32).reshape(io["outputs"][0]["shape"])
            worst = max(worst, float(np.max(np.abs(got - want))))
        print("max abs error", worst)
        """
        let (status, output) = try KerasFixtures.run(python, ["-c", script, dir.url.path] + Self.models, environment: ["KERAS_BACKEND": "numpy"])
        XCTAssertEqual(status, 0, output)
        let error = Double(output.split(separator: "\n").last { $0.hasPrefix("max abs error ") }?.dropFirst(14) ?? "") ?? .infinity
        XCTAssertLessThanOrEqual(error, 1e-5, output)
    }

    /// Each model written by us in every layout (Keras 3 and tf_keras) reads back with the same
    /// weights and predicts Keras's outputs: the shape layers and the mask operations survive
    /// both config dialects. mask_zero_functional's decoder, a call with `initial_state` that
    /// Keras 3 runs unmasked, stays unmasked in the tf_keras `.h5` (its inbound node carries
    /// tf_keras's `{"mask": null}`; tf_keras would mask it otherwise).
    func testEveryLayoutWeWriteReadsBack() throws {
        let (dir, _) = try kerasWritten()
        for name in Self.models {
            let source = dir.url.appendingPathComponent(name + ".keras")
            let model = try KerasModelFile.load(source).model
            let io = try TensorIOFile(contentsOf: dir.url.appendingPathComponent(name + ".io.json"))
            for (suffix, keras2) in RoundTripTests.written {
                let url = dir.url.appendingPathComponent("ours." + name + suffix)
                try KerasModelFile.save(model, to: url, keras2: keras2)
                let back = try KerasModelFile.load(url, architecture: { _ in try KerasModelFile.load(source).model }).model
                XCTAssertEqual(back.weights.map(\.value.scalars), model.weights.map(\.value.scalars), "\(name)\(suffix)")
                for (g, e) in zip(try back.predict(io.inputs), try XCTUnwrap(io.outputs)) {
                    XCTAssertLessThanOrEqual(g.maxAbsDifference(e), 1e-5, "\(name)\(suffix)")
                }
            }
        }
    }
}
