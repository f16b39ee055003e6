import Foundation
import KerasFormat
import ONNXFormat
import XCTest
import ZooCore

/// Keras-written models with the shape layers — keras.io's addition RNN (LSTM encoder →
/// RepeatVector → LSTM decoder → Dense or TimeDistributed(Dense)), and Reshape(-1), Permute,
/// Flatten, Activation around a GRU, and a CNN-LSTM with Conv1D and every pooling, cropping,
/// padding and upsampling layer — converted from the `.keras` real Keras 3 wrote in the test
/// itself (tools/keras_golden/wild_models.py), match Keras's outputs under onnxruntime within 1e-5.
final class ONNXWildModelTests: ONNXCheckedTestCase {
    func testAdditionRNNAndShapeLayersMatchKerasUnderOnnxruntime() throws {
        _ = try ONNXCheck.python()
        let dir = try temporaryFolder()
        let models = ["addition_rnn", "addition_rnn_time_distributed", "shape_layers", "cnn_lstm_text"]
        let script = ONNXCheck.repository.appendingPathComponent("tools/keras_golden/wild_models.py")
        let (status, output) = try ONNXCheck.python([script.path, dir.url.path] + models)
        XCTAssertEqual(status, 0, output)
        for name in models {
            let model = try KerasModelFile.load(dir.url.appendingPathComponent(name + ".keras")).model
            let onnx = dir.url.appendingPathComponent(name + ".onnx")
            try ONNXExporter.write(model, to: onnx)
            checks.add(onnx, dir.url.appendingPathComponent(name + ".io.json"), name)
        }
    }
}
