import Foundation
import KerasFormat
import XCTest
import ZooCore

/// Keras 2 models of the CuDNN era (Fixtures/cudnn, written by tf_keras 2.21 with
/// tools/keras_golden/cudnn_models.py): CuDNNLSTM and CuDNNGRU read as LSTM and
/// GRU(reset_after=True) with tf_keras's weight conversion, predicting what tf_keras predicts
/// after its own conversion.
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

    /// The layer read from a CuDNNLSTM entry remembers it, and a mask reaching it is refused in
    /// one line (Keras 2 ran cuDNN ignoring masks; the LSTM would honour it).
    func testMaskIntoCuDNNLayerIsRefused() throws {
        let file = Self.folder.appendingPathComponent("cudnn_lstm_text.h5")
        let model = try KerasModelFile.load(file).model
        let lstm = try XCTUnwrap(model.layers.first { $0 is LSTM } as? LSTM)
        XCTAssertEqual(lstm.cuDNNSource, "CuDNNLSTM")
        let x = Variable(Tensor(shape: [1, 3, 6]))
        XCTAssertThrowsError(try lstm.call([x], masks: [Tensor(shape: [1, 3], scalars: [1, 1, 0])], context: CallContext())) { error in
            XCTAssertTrue("\(error)".contains("CuDNNLSTM, which Keras 2 ran ignoring masks"), "\(error)")
        }
    }
}
