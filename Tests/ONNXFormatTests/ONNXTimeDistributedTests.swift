import Foundation
import ONNXFormat
import XCTest
import ZooCore

/// TimeDistributed around layers other than Dense — recurrent layers, Bidirectional, pooling,
/// Embedding, Masking — exported by folding time into the batch, against our forward pass at two
/// shapes (the batch and time axes stay dynamic).
final class ONNXTimeDistributedTests: ONNXCheckedTestCase {
    private func wrapped(_ name: String, _ layer: String, _ config: JSONValue) -> (String, JSONValue) {
        ("TimeDistributed", ["name": .string(name), "layer": ["class_name": .string(layer), "config": config]])
    }

    func testTimeDistributedAroundOtherLayers() throws {
        let dir = try temporaryFolder()
        let words = ModelInput(name: "words", shape: [nil, 4, 3])
        let cases: [(String, ModelInput, [(String, JSONValue)])] = [
            ("td_rnn", words, [wrapped("per_word", "SimpleRNN", ["name": "chars", "units": 6]), ("LSTM", ["name": "sentence", "units": 4]),
                               ("Dense", ["name": "out", "units": 2])]),
            ("td_lstm_sequences", words, [wrapped("per_word", "LSTM", ["name": "chars", "units": 3, "return_sequences": true])]),
            ("td_bidirectional", words, [wrapped("per_word", "Bidirectional", ["name": "bi", "layer": ["class_name": "GRU", "config": ["name": "g", "units": 3]]])]),
            ("td_pooling", words, [wrapped("per_word", "GlobalAveragePooling1D", ["name": "pool"])]),
            ("td_masking", words, [wrapped("per_word", "Masking", ["name": "m", "mask_value": 0]), wrapped("per_word_rnn", "GRU", ["name": "g", "units": 3])]),
            ("td_embedding", ModelInput(name: "ids", shape: [nil, 4], dtype: "int32"),
             [wrapped("per_word", "Embedding", ["name": "e", "input_dim": 10, "output_dim": 3]), wrapped("pooled", "GlobalAveragePooling1D", ["name": "pool"]),
              ("GRU", ["name": "sentence", "units": 4])]),
        ]
        for (name, input, layers) in cases {
            let model = try ModelBuilder.sequential(name: name, input: input, layers: layers, seed: 13)
            let onnx = dir.url.appendingPathComponent(name + ".onnx")
            try ONNXExporter.write(model, to: onnx)
            for (i, (batch, time)) in [(2, 5), (3, 1)].enumerated() {
                let inputs = ONNXCheck.inputs(for: model, batch: batch, time: time, vocab: 10, seed: UInt64(i + 1))
                try checks.addForwardMatch(model, onnx: onnx, inputs: inputs, io: dir.url.appendingPathComponent("\(name).\(i).io.json"),
                                           "\(name) batch \(batch) time \(time)")
            }
        }
    }
}
