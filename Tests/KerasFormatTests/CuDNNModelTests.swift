import Foundation
import KerasFormat
import XCTest
@testable import ZooCore

/// Keras 2 models of the CuDNN era (Fixtures/cudnn, written by tf_keras 2.21 with
/// tools/keras_golden/cudnn_models.py): CuDNNLSTM and CuDNNGRU read as LSTM and
/// GRU(reset_after=True) with tf_keras's weight conversion, predicting what tf_keras predicts
/// after its own conversion; converted to `.keras`, real Keras 3 loads and predicts the same.
final class CuDNNModelTests: XCTestCase {
    static let models = ["cudnn_lstm_text", "cudnn_gru_bidirectional"]
    static let folder = KerasFixtures.repository.appendingPathComponent("Tests/KerasFormatTests/Fixtures/cudnn")

    func testCuDNNLayersReadAsTfKerasConvertsThem() throws {
        var worst: Float = 0
        for name in Self.models {
            let ioURL = Self.folder.appendingPathComponent(name + ".io.json")
            let io = try TensorIOFile(contentsOf: ioURL)
            let json = try JSONValue.parse(Data(contentsOf: ioURL))
            let model = try KerasModelFile.load(Self.folder.appendingPathComponent(name + ".h5")).model
            XCTAssertEqual(model.parameterCount, json["count_params_converted"]?.intValue, name)
            XCTAssertFalse(model.layers.contains { type(of: $0).kerasClassName.hasPrefix("CuDNN") }, name)
            let got = try model.predict(io.inputs), want = try XCTUnwrap(io.outputs)
            XCTAssertEqual(got.count, want.count, name)
            for (g, e) in zip(got, want) {
                XCTAssertEqual(g.shape, e.shape, name)
                worst = max(worst, g.maxAbsDifference(e))
                XCTAssertLessThanOrEqual(g.maxAbsDifference(e), 1e-5, name)
            }
        }
        print("CuDNN models: worst max abs error \(worst)")
    }

    func testConvertedToKeras3LoadsInRealKeras() throws {
        guard let python = KerasFixtures.python else {
            throw XCTSkip("NO KERAS CHECK: the test venv (.venv/bin/python with keras, jax, h5py) is missing; run scripts/setup.sh")
        }
        let dir = try TemporaryFolder()
        for name in Self.models {
            let model = try KerasModelFile.load(Self.folder.appendingPathComponent(name + ".h5")).model
            try KerasModelFile.save(model, to: dir.url.appendingPathComponent(name + ".keras"))
        }
        let script = """
        import json, sys, keras, numpy as np
        worst = 0.0
        for name in sys.argv[3:]:
            io = json.load(open(f"{sys.argv[1]}/{name}.io.json"))
            m = keras.saving.load_model(f"{sys.argv[2]}/{name}.keras")
            x = [np.array(i["data"], dtype=i["dtype"]).reshape(i["shape"]) for i in io["inputs"]]
            got = m.predict(x if len(x) > 1 else x[0], verbose=0)
            got = got if isinstance(got, list) else [got]
            for g, o in zip(got, io["outputs"]):
                worst = max(worst, float(np.max(np.abs(g - np.array(o["data"], dtype=np.float32).reshape(o["shape"])))))
        print("max abs error", worst)
        """
        let (status, output) = try KerasFixtures.run(python, ["-c", script, Self.folder.path, dir.url.path] + Self.models,
                                                      environment: ["KERAS_BACKEND": "numpy"])
        XCTAssertEqual(status, 0, output)
        let error = Double(output.split(separator: "\n").last { $0.hasPrefix("max abs error ") }?.dropFirst(14) ?? "") ?? .infinity
        XCTAssertLessThanOrEqual(error, 1e-5, output)
    }

    /// The layer read from a CuDNNLSTM entry remembers it, and a mask reaching it is refused in
    /// one line (Keras 2 ran cuDNN ignoring masks; the LSTM would honour it).
    func testMaskIntoCuDNNLayerIsRefused() throws {
        let file = Self.folder.appendingPathComponent("cudnn_lstm_text.h5")
        let model = try KerasModelFile.load(file).model
        let lstm = try XCTUnwrap(model.layers.first { type(of: $0).kerasClassName == "LSTM" })
        let x = Variable(Tensor(shape: [1, 3, 6]))
        XCTAssertThrowsError(try lstm.call([x], masks: [Tensor(shape: [1, 3], scalars: [1, 1, 0])], context: CallContext())) { error in
            XCTAssertTrue("\(error)".contains("CuDNNLSTM, which Keras 2 ran ignoring masks"), "\(error)")
        }
    }
}
