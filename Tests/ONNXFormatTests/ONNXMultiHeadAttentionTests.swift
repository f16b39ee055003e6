import Foundation
import ONNXFormat
import XCTest
import ZooCore

/// The MultiHeadAttention golden cases (Tests/ZooCoreTests/Fixtures/keras/cases/mha_*.json,
/// written by real Keras 3 with tools/keras_golden/make_cases.py: self- and cross-attention, a
/// distinct key, value_dim ≠ key_dim, output_shape, use_bias=False, the causal mask, an
/// attention_mask input, Embedding(mask_zero) masks with padding at the start, end and middle,
/// both ways of weighting a query step that may attend nothing) exported to ONNX at opsets 13
/// and 17 match Keras's outputs under onnxruntime within 1e-5 (../shared/fixtures/tools/
/// check_onnx.py, all models in one process).
final class ONNXMultiHeadAttentionTests: ONNXCheckedTestCase {
    func testMultiHeadAttentionCasesMatchKerasUnderOnnxruntime() throws {
        let dir = try temporaryFolder()
        let names = try FileManager.default.contentsOfDirectory(atPath: ONNXShapeLayerTests.casesFolder.path)
            .filter { $0.hasPrefix("mha_") && $0.hasSuffix(".json") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 10, "MultiHeadAttention cases missing: run tools/keras_golden/make_cases.py")
        for fileName in names {
            let file = ONNXShapeLayerTests.casesFolder.appendingPathComponent(fileName)
            let json = try JSONValue.parse(Data(contentsOf: file))
            let model = try ONNXShapeLayerTests.model(json, fileName)
            for opset in [13, 17] {
                let onnx = dir.url.appendingPathComponent("\(fileName).\(opset).onnx")
                try ONNXExporter.write(model, to: onnx, opset: opset)
                checks.add(onnx, file, "\(fileName) opset \(opset)")
            }
        }
    }
}
