import Foundation
import ONNXFormat
import XCTest
import ZooCore

/// The golden cases of Conv1D and the layers over time (Tests/ZooCoreTests/Fixtures/keras/cases,
/// written by real Keras 3 with tools/keras_golden/make_cases.py) exported to ONNX with standard
/// operators (Conv, MaxPool, AveragePool, ReduceMax, Slice, Pad, Expand) match Keras's outputs
/// under onnxruntime within 1e-5: the case file is the io.json. The CNN-LSTM classifiers run on
/// every opset from 13 to 20.
final class ONNXTimeLayerTests: ONNXCheckedTestCase {
    static let cases = [
        "conv1d_valid_relu", "conv1d_same_tanh", "conv1d_causal_linear", "conv1d_strided_same", "conv1d_dilated_causal",
        "conv1d_no_bias_strided_valid", "conv1d_masked_drops_mask", "max_pooling1d_default", "max_pooling1d_valid", "max_pooling1d_same",
        "average_pooling1d_default", "average_pooling1d_valid", "average_pooling1d_same", "max_pooling1d_masked_drops_mask",
        "average_pooling1d_masked_drops_mask", "cropping1d_masked_drops_mask", "zero_padding1d_masked_drops_mask",
        "up_sampling1d_masked_drops_mask", "cropping1d_int", "zero_padding1d_int", "up_sampling1d_3", "global_max_pooling1d",
        "global_max_pooling1d_keepdims", "global_max_pooling1d_masked", "conv1d_dilated_same", "max_pooling1d_wide_stride_same",
        "average_pooling1d_wide_stride_same", "time_distributed_conv1d",
    ]
    static let classifiers = ["cnn_lstm_classifier_same", "cnn_lstm_classifier_valid"]

    private func check(_ name: String, opset: Int, in dir: URL) throws {
        let file = ONNXShapeLayerTests.casesFolder.appendingPathComponent(name + ".json")
        let json = try JSONValue.parse(Data(contentsOf: file))
        let onnx = dir.appendingPathComponent("\(name).\(opset).onnx")
        try ONNXExporter.write(try ONNXShapeLayerTests.model(json, name), to: onnx, opset: opset)
        checks.add(onnx, file, "\(name) opset \(opset)")
    }

    func testConvolutionAndPoolingCasesMatchKerasUnderOnnxruntime() throws {
        _ = try ONNXCheck.python()
        let dir = try temporaryFolder()
        for name in Self.cases { try check(name, opset: ONNXExporter.defaultOpset, in: dir.url) }
    }

    func testCNNLSTMClassifiersMatchKerasOnEveryOpset() throws {
        _ = try ONNXCheck.python()
        let dir = try temporaryFolder()
        for name in Self.classifiers {
            for opset in 13...20 { try check(name, opset: opset, in: dir.url) }
        }
    }

    /// Every padding with strides and dilations, pooling windows that pad on both sides, on
    /// sequences of even and odd length, against our forward pass under onnxruntime (the
    /// dynamic time axis makes ONNX compute same padding from the length it is given).
    func testEveryWindowOptionAgainstOurForwardPass() throws {
        _ = try ONNXCheck.python()
        let dir = try temporaryFolder()
        var layers: [(String, JSONValue)] = []
        for padding in ["valid", "same", "causal"] {
            for (kernel, stride, dilation) in [(3, 1, 1), (4, 2, 1), (3, 1, 3), (2, 3, 1), (1, 1, 1)] {
                layers.append(("Conv1D", ["name": "conv", "filters": 3, "kernel_size": .number(Double(kernel)), "strides": .number(Double(stride)),
                                          "dilation_rate": .number(Double(dilation)), "padding": .string(padding), "activation": "tanh"]))
            }
        }
        for className in ["MaxPooling1D", "AveragePooling1D"] {
            for padding in ["valid", "same"] {
                for (pool, stride) in [(2, 2), (3, 1), (4, 3), (3, 2), (2, 3)] {
                    layers.append((className, ["name": "pool", "pool_size": .number(Double(pool)), "strides": .number(Double(stride)), "padding": .string(padding)]))
                }
            }
        }
        for (i, layer) in layers.enumerated() {
            let model = try ModelBuilder.sequential(name: "window_\(i)", input: ModelInput(name: "features", shape: [nil, 4], dtype: "float32"),
                                                    layers: [layer], seed: UInt64(i + 1))
            let onnx = dir.url.appendingPathComponent("window_\(i).onnx")
            try ONNXExporter.write(model, to: onnx)
            for steps in [9, 12] {
                var rng = SeededGenerator(seed: UInt64(100 + steps))
                let x = Tensor(shape: [2, steps, 4], scalars: (0..<(2 * steps * 4)).map { _ in rng.nextNormal() })
                try checks.addForwardMatch(model, onnx: onnx, inputs: [("features", "float32", x)],
                                           io: dir.url.appendingPathComponent("window_\(i).\(steps).io.json"), "\(layer.0) \(layer.1.serialized()) T=\(steps)")
            }
        }
    }

    /// A one-step decoder cannot run a layer that mixes or moves time steps: one line naming it.
    func testDecoderStepsRefuseLayersOverTime() throws {
        let layers: [(String, JSONValue)] = [
            ("Conv1D", ["name": "conv", "filters": 4, "kernel_size": 3, "padding": "causal"]), ("MaxPooling1D", ["name": "pool"]),
            ("AveragePooling1D", ["name": "pool", "pool_size": 2]), ("Cropping1D", ["name": "crop"]),
            ("ZeroPadding1D", ["name": "pad"]), ("UpSampling1D", ["name": "up"]),
        ]
        for (className, config) in layers {
            let b = ModelBuilder(name: "m")
            let source = b.input("source", shape: [nil, 3]), target = b.input("target", shape: [nil, 3])
            let enc = try b.call("LSTM", ["name": "encoder", "units": 4, "return_state": true], source, outputs: 3)
            let dec = try b.call("LSTM", ["name": "decoder", "units": 4, "return_sequences": true], target, initialState: [enc[1], enc[2]])[0]
            let model = try b.model(outputs: [try b.call(className, config, dec)[0]])
            XCTAssertThrowsError(try ONNXExporter.exportDecoderStep(model), className) { error in
                XCTAssertEqual("\(error)", "\(className) '\(config["name"]?.stringValue ?? "")': mixes or moves time steps; a one-step model cannot run it")
            }
        }
        let b = ModelBuilder(name: "m")
        let source = b.input("source", shape: [nil, 3]), target = b.input("target", shape: [nil, 3])
        let enc = try b.call("LSTM", ["name": "encoder", "units": 4, "return_state": true], source, outputs: 3)
        let dec = try b.call("LSTM", ["name": "decoder", "units": 4, "return_sequences": true], target, initialState: [enc[1], enc[2]])[0]
        let pooled = try b.model(outputs: [try b.call("GlobalMaxPooling1D", ["name": "pool"], dec)[0]])
        XCTAssertThrowsError(try ONNXExporter.exportDecoderStep(pooled)) { error in
            XCTAssertEqual("\(error)", "GlobalMaxPooling1D 'pool': reads the whole sequence at once; a one-step model cannot run it")
        }
    }
}
