import Foundation
import ONNXFormat
import XCTest
import ZooCore

/// The golden cases of the shape layers and Activation (Tests/ZooCoreTests/Fixtures/keras/cases,
/// written by real Keras 3 with tools/keras_golden/make_cases.py) exported to ONNX with standard
/// operators match Keras's outputs under onnxruntime within 1e-5: the case file is the io.json.
final class ONNXShapeLayerTests: ONNXCheckedTestCase {
    static let cases = [
        "repeat_vector_lstm", "flatten_dense", "flatten_channels_first", "flatten_masked_drops_mask", "reshape_inferred",
        "reshape_drops_mask", "permute_gru", "permute_drops_mask", "permute_rank4", "time_distributed_flatten", "activation_linear", "activation_tanh",
        "activation_sigmoid", "activation_hard_sigmoid", "activation_relu", "activation_softmax",
        "activation_elu", "activation_selu", "activation_softplus", "activation_softsign", "activation_relu6", "activation_exponential",
        "activation_leaky_relu", "activation_log_softmax", "activation_gelu", "activation_silu", "activation_hard_silu",
        "activation_mish", "activation_celu", "activation_hard_tanh", "activation_log_sigmoid", "activation_soft_shrink",
        "activation_hard_shrink", "activation_sparse_plus", "activation_sparse_sigmoid", "activation_tanh_shrink", "activation_squareplus",
    ]

    static var casesFolder: URL {
        ONNXCheck.repository.appendingPathComponent("Tests/ZooCoreTests/Fixtures/keras/cases")
    }

    /// The case's model with the weights Keras recorded, assigned by layer name.
    static func model(_ json: JSONValue, _ name: String) throws -> Model {
        let model = try Model.fromKeras(config: try XCTUnwrap(json["config"], name))
        for entry in json["weights"]?.arrayValue ?? [] {
            let arrays = entry["weights"]?.arrayValue ?? []
            guard !arrays.isEmpty else { continue }
            let layer = try XCTUnwrap(model.layer(named: entry["layer"]?.stringValue ?? ""), name)
            for (w, a) in zip(layer.weights, arrays) {
                let shape = a["shape"]?.arrayValue?.compactMap(\.intValue) ?? []
                try w.assign(Tensor(shape: shape, scalars: (a["data"]?.arrayValue ?? []).map { Float($0.doubleValue ?? .nan) }))
            }
        }
        return model
    }

    func testShapeLayerCasesMatchKerasUnderOnnxruntime() throws {
        _ = try ONNXCheck.python()
        let dir = try temporaryFolder()
        for name in Self.cases {
            let file = Self.casesFolder.appendingPathComponent(name + ".json")
            let json = try JSONValue.parse(Data(contentsOf: file))
            let onnx = dir.url.appendingPathComponent(name + ".onnx")
            try ONNXExporter.write(try Self.model(json, name), to: onnx)
            checks.add(onnx, file, name)
        }
    }

    /// The activations whose gradient needs their input, and log_softmax, at opset 13 (gelu as
    /// x/2 · (1 + Erf(x/√2))) and opset 20 (the Gelu operator).
    func testInputGradientActivationsAtOpsets13And20() throws {
        _ = try ONNXCheck.python()
        let dir = try temporaryFolder()
        for name in ["activation_log_softmax", "activation_gelu", "activation_silu", "activation_hard_silu", "activation_mish"] {
            let file = Self.casesFolder.appendingPathComponent(name + ".json")
            let json = try JSONValue.parse(Data(contentsOf: file))
            for opset in [13, 20] {
                let onnx = dir.url.appendingPathComponent("\(name).\(opset).onnx")
                try ONNXExporter.write(try Self.model(json, name), to: onnx, opset: opset)
                checks.add(onnx, file, "\(name) opset \(opset)")
            }
        }
    }

    /// Activation passes the Embedding's mask on to the LSTM (trailing padding); Reshape and Permute drop it, so the GRU after them runs every step.
    func testMasksThroughActivationAndShapeLayers() throws {
        _ = try ONNXCheck.python()
        let dir = try temporaryFolder()
        let tokens = ModelInput(name: "tokens", shape: [6], dtype: "int32")
        let embedding: (String, JSONValue) = ("Embedding", ["name": "embedding", "input_dim": 12, "output_dim": 4, "mask_zero": true])
        let cases: [(String, [(String, JSONValue)])] = [
            ("activation_mask", [embedding, ("Activation", ["name": "act", "activation": "tanh"]), ("LSTM", ["name": "lstm", "units": 3, "return_sequences": true])]),
            ("reshape_permute_no_mask", [embedding, ("Reshape", ["name": "pairs", "target_shape": [3, 8]]), ("Permute", ["name": "swap", "dims": [2, 1]]),
                                         ("GRU", ["name": "gru", "units": 3])]),
        ]
        for (name, layers) in cases {
            let model = try ModelBuilder.sequential(name: name, input: tokens, layers: layers, seed: 8)
            let onnx = dir.url.appendingPathComponent(name + ".onnx")
            try ONNXExporter.write(model, to: onnx)
            let ids = ONNXMaskExportTests.paddedTokens(vocab: 12, time: 6, lengths: [6, 4, 1], seed: 3)
            try checks.addForwardMatch(model, onnx: onnx, inputs: [("tokens", "int32", ids)], io: dir.url.appendingPathComponent(name + ".io.json"), name)
        }
    }
}
