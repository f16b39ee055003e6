import Foundation
import ONNXFormat
import XCTest
import ZooCore

/// The golden cases of the shape layers and Activation (Tests/ZooCoreTests/Fixtures/keras/cases,
/// written by real Keras 3 with tools/keras_golden/make_cases.py) exported to ONNX with standard
/// operators match Keras's outputs under onnxruntime within 1e-5: the case file is the io.json.
final class ONNXShapeLayerTests: XCTestCase {
    static let cases = [
        "repeat_vector_lstm", "flatten_dense", "flatten_channels_first", "flatten_masked_drops_mask", "reshape_inferred",
        "reshape_drops_mask", "permute_gru", "permute_drops_mask", "permute_rank4", "time_distributed_flatten", "activation_linear", "activation_tanh",
        "activation_sigmoid", "activation_hard_sigmoid", "activation_relu", "activation_softmax",
    ]

    static var casesFolder: URL {
        ONNXCheck.repository.appendingPathComponent("Tests/ZooCoreTests/Fixtures/keras/cases")
    }

    /// The case's model with the weights Keras recorded, assigned by layer name.
    private func model(_ json: JSONValue, _ name: String) throws -> Model {
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
        let dir = try ONNXTemporaryFolder()
        for name in Self.cases {
            let file = Self.casesFolder.appendingPathComponent(name + ".json")
            let json = try JSONValue.parse(Data(contentsOf: file))
            let onnx = dir.url.appendingPathComponent(name + ".onnx")
            try ONNXExporter.write(try model(json, name), to: onnx)
            let (status, report) = try ONNXCheck.run(onnx, file)
            print("\(name): \(report.split(separator: "\n").filter { $0.contains("err") }.joined(separator: "; "))")
            XCTAssertEqual(status, 0, "\(name): \(report)")
            XCTAssertTrue(report.hasSuffix("ok\n"), "\(name): \(report)")
        }
    }
}
