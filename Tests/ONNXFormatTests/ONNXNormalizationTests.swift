import Foundation
import ONNXFormat
import XCTest
import ZooCore

/// The golden cases of LayerNormalization and BatchNormalization (Tests/ZooCoreTests/Fixtures/
/// keras/cases, written by real Keras 3 with tools/keras_golden/make_cases.py), among them the
/// tutorial LSTM → LayerNormalization → LSTM → Dense, exported to ONNX match Keras's outputs
/// under onnxruntime within 1e-5: at opset 13 (LayerNormalization decomposed into ReduceMean,
/// Sub, Mul, Sqrt, Div) and at opset 17 (the LayerNormalization operator for trailing axes).
/// The masked cases (pre-, post- and middle padding) are left to the mask export; here a mask
/// with trailing padding passes both layers into an LSTM.
final class ONNXNormalizationTests: ONNXCheckedTestCase {
    static let cases = [
        "layer_norm_lstm_tutorial", "layer_norm_axes_time_features", "layer_norm_axes_negative_list", "layer_norm_axis_time",
        "layer_norm_plain", "layer_norm_rank4", "batch_norm_dense",
        "batch_norm_axis_time", "batch_norm_plain",
    ]

    func testNormalizationCasesMatchKerasUnderOnnxruntime() throws {
        _ = try ONNXCheck.python()
        let dir = try temporaryFolder()
        for opset in [13, 17] {
            for name in Self.cases {
                let file = ONNXShapeLayerTests.casesFolder.appendingPathComponent(name + ".json")
                let json = try JSONValue.parse(Data(contentsOf: file))
                let onnx = dir.url.appendingPathComponent("\(name).\(opset).onnx")
                try ONNXExporter.write(try ONNXShapeLayerTests.model(json, name), to: onnx, opset: opset)
                checks.add(onnx, file, "\(name) opset \(opset)")
            }
        }
    }

    /// The Embedding's mask passes LayerNormalization and BatchNormalization into the LSTM
    /// (trailing padding, read as sequence_lens), as in our forward pass.
    func testMasksPassTheNormalizationLayers() throws {
        _ = try ONNXCheck.python()
        let dir = try temporaryFolder()
        let tokens = ModelInput(name: "tokens", shape: [6], dtype: "int32")
        let embedding: (String, JSONValue) = ("Embedding", ["name": "embedding", "input_dim": 12, "output_dim": 4, "mask_zero": true])
        let lstm: (String, JSONValue) = ("LSTM", ["name": "lstm", "units": 3, "return_sequences": true])
        let cases: [(String, (String, JSONValue))] = [
            ("layer_norm_mask", ("LayerNormalization", ["name": "norm"])),
            ("batch_norm_mask", ("BatchNormalization", ["name": "norm"])),
        ]
        for (name, norm) in cases {
            let model = try ModelBuilder.sequential(name: name, input: tokens, layers: [embedding, norm, lstm], seed: 8)
            var rng = SeededGenerator(seed: 3)
            for w in model.weights {
                try w.assign(Tensor(shape: w.shape, scalars: w.value.scalars.map { $0 + 0.5 * rng.nextUniform() }))
            }
            for opset in [13, 17] {
                let onnx = dir.url.appendingPathComponent("\(name).\(opset).onnx")
                try ONNXExporter.write(model, to: onnx, opset: opset)
                let ids = ONNXMaskExportTests.paddedTokens(vocab: 12, time: 6, lengths: [6, 4, 1], seed: 3)
                try checks.addForwardMatch(model, onnx: onnx, inputs: [("tokens", "int32", ids)],
                                           io: dir.url.appendingPathComponent("\(name).\(opset).io.json"), "\(name) opset \(opset)")
            }
        }
    }

    /// A decoder step sees one time step: normalization over features exports, over time is refused.
    func testDecoderStepRefusesNormalizationAlongTime() throws {
        func export(_ norm: (String, JSONValue)) -> String {
            do {
                let b = ModelBuilder(name: "m")
                let source = b.input("source", shape: [5, 3]), target = b.input("target", shape: [5, 3])
                let enc = try b.call("LSTM", ["name": "encoder", "units": 4, "return_state": true], source, outputs: 3)
                let dec = try b.call("LSTM", ["name": "decoder", "units": 4, "return_sequences": true], target, initialState: [enc[1], enc[2]])[0]
                _ = try ONNXExporter.exportDecoderStep(try b.model(outputs: [try b.call(norm.0, norm.1, dec)[0]]))
                return "exported"
            } catch { return "\(error)" }
        }
        XCTAssertEqual(export(("LayerNormalization", ["name": "norm"])), "exported")
        XCTAssertEqual(export(("BatchNormalization", ["name": "norm"])), "exported")
        XCTAssertEqual(export(("LayerNormalization", ["name": "norm", "axis": [1, 2]])),
                       "LayerNormalization 'norm': normalizes over the time axis; a one-step model cannot run it")
        XCTAssertEqual(export(("BatchNormalization", ["name": "norm", "axis": 1])),
                       "BatchNormalization 'norm': has a channel per time step (axis 1); a one-step model cannot run it")
    }
}
