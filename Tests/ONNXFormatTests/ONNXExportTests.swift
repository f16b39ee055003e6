import Foundation
import KerasFormat
import ONNXFormat
import XCTest
@testable import ZooCore

/// Every public fixture model exported and checked by onnxruntime against Keras's outputs; the
/// same files at other batch sizes and sequence lengths against our own forward pass; the
/// options the fixtures lack (GRU reset_after=False, SimpleRNN relu, hard_sigmoid in both Keras
/// meanings, Bidirectional merge modes, dot and concat Attention) against our forward pass; and
/// the refusals.
final class ONNXExportTests: ONNXCheckedTestCase {
    static let fixtures = ["simple_rnn_classifier", "lstm_regressor", "gru_classifier", "bilstm_tagger", "seq2seq",
                           "attention_lstm_additive", "char_lm"]

    private func check(_ model: Model, at dir: URL, name: String, vocab: Int, shapes: [(Int, Int)], opset: Int = 17) throws {
        let onnx = dir.appendingPathComponent(name + ".onnx")
        try ONNXExporter.write(model, to: onnx, opset: opset)
        for (i, (batch, time)) in shapes.enumerated() {
            let inputs = ONNXCheck.inputs(for: model, batch: batch, time: time, vocab: vocab, seed: UInt64(i + 1))
            try checks.addForwardMatch(model, onnx: onnx, inputs: inputs, io: dir.appendingPathComponent("\(name).\(i).io.json"),
                                       "\(name) batch \(batch) time \(time)")
        }
    }

    func testFixtureModelsMatchKerasUnderOnnxruntime() throws {
        let dir = try temporaryFolder()
        for name in Self.fixtures {
            let model = try KerasModelFile.load(ONNXCheck.shared.appendingPathComponent("fixtures/keras/\(name).keras")).model
            let onnx = dir.url.appendingPathComponent(name + ".onnx")
            try ONNXExporter.write(model, to: onnx)
            checks.add(onnx, ONNXCheck.shared.appendingPathComponent("fixtures/keras/\(name).io.json"), name)
            // Dynamic batch and sequence length: the same file at two other shapes.
            let vocab = model.layers.compactMap { ($0 as? Embedding)?.inputDim }.min() ?? 20
            try check(model, at: dir.url, name: name + ".dynamic", vocab: vocab, shapes: [(3, 11), (1, 4)])
        }
    }

    /// tf_keras's seq2seq (`.keras2.h5`: the decoder's initial states are extra inputs of its
    /// Keras 2 node) exports with the decoder starting from the encoder's states: onnxruntime
    /// matches tf_keras's outputs.
    func testKeras2InitialStatesGivenAsExtraInputsAreExported() throws {
        let dir = try temporaryFolder()
        let model = try KerasModelFile.load(ONNXCheck.shared.appendingPathComponent("fixtures/keras/seq2seq.keras2.h5")).model
        let decoder = try XCTUnwrap(model.calls.first { !$0.initialStates.isEmpty })
        XCTAssertEqual(decoder.inputs.count, 1)
        let onnx = dir.url.appendingPathComponent("seq2seq.keras2.onnx")
        try ONNXExporter.write(model, to: onnx)
        checks.add(onnx, ONNXCheck.shared.appendingPathComponent("fixtures/keras/seq2seq.keras2.io.json"), "seq2seq.keras2")
    }

    func testOptionsBeyondTheFixtures() throws {
        let dir = try temporaryFolder()
        func sequential(_ name: String, _ layers: [(String, JSONValue)], features: Int = 3) throws -> Model {
            try ModelBuilder.sequential(name: name, input: ModelInput(name: "x", shape: [nil, features]), layers: layers, seed: 11)
        }
        let cases: [(String, Model)] = [
            ("gru_reset_before", try sequential("gru_reset_before", [("GRU", ["name": "gru", "units": 5, "reset_after": false, "return_sequences": true])])),
            ("simple_rnn_relu", try sequential("simple_rnn_relu", [("SimpleRNN", ["name": "rnn", "units": 4, "activation": "relu"])])),
            ("lstm_hard_sigmoid", try sequential("lstm_hard_sigmoid", [("LSTM", ["name": "lstm", "units": 4, "recurrent_activation": "hard_sigmoid",
                                                                                  "return_sequences": true, "return_state": true])])),
            ("bi_sum", try sequential("bi_sum", [("Bidirectional", ["name": "bi", "merge_mode": "sum", "layer": ["class_name": "GRU", "config": ["name": "g", "units": 3, "return_sequences": true]]])])),
            ("bi_mul_last", try sequential("bi_mul_last", [("Bidirectional", ["name": "bi", "merge_mode": "mul", "layer": ["class_name": "LSTM", "config": ["name": "l", "units": 3]]])])),
            ("bi_ave", try sequential("bi_ave", [("Bidirectional", ["name": "bi", "merge_mode": "ave", "layer": ["class_name": "SimpleRNN", "config": ["name": "r", "units": 3, "return_sequences": true]]])])),
            ("reverse_last", try sequential("reverse_last", [("LSTM", ["name": "lstm", "units": 4, "go_backwards": true]), ("Dense", ["name": "out", "units": 2, "activation": "softmax"])])),
        ]
        for (name, model) in cases { try check(model, at: dir.url, name: name, vocab: 0, shapes: [(2, 5), (3, 2)]) }
        // Keras 2's hard_sigmoid (slope 0.2) — the same config read with Keras 2 meanings.
        let keras2 = try KerasConfigMeanings.model(config: try cases[2].1.kerasConfig(), keras2: true, seed: 5)
        try check(keras2, at: dir.url, name: "lstm_hard_sigmoid_keras2", vocab: 0, shapes: [(2, 6)])
        // Attention (dot, scaled) and concat-score attention over an LSTM's sequence.
        for (name, config) in [("dot_attention", ["name": "att", "use_scale": true] as JSONValue),
                               ("concat_attention", ["name": "att", "score_mode": "concat", "use_scale": true])] {
            let b = ModelBuilder(name: name)
            let x = b.input("x", shape: [nil, 3])
            let h = try b.call("LSTM", ["name": "lstm", "units": 4, "return_sequences": true], x)[0]
            let a = try b.call("Attention", config, h, h, listArgument: true)[0]
            let model = try b.model(outputs: [try b.call("GlobalAveragePooling1D", ["name": "pool"], a)[0]], seed: 3)
            try check(model, at: dir.url, name: name, vocab: 0, shapes: [(2, 5)], opset: name == "dot_attention" ? 13 : 18)
        }
    }

    func testRefusalsNameTheLayerAndTheReason() throws {
        func refusal(_ layers: [(String, JSONValue)], dtype: String = "float32",
                     _ export: (Model) throws -> Data = { try ONNXExporter.export($0) }) -> String {
            do {
                let model = try ModelBuilder.sequential(name: "m", input: ModelInput(name: "x", shape: dtype == "int32" ? [nil] : [nil, 3], dtype: dtype), layers: layers)
                _ = try export(model)
                return "exported"
            } catch { return "\(error)" }
        }
        XCTAssertEqual(refusal([("LSTM", ["name": "l", "units": 2, "go_backwards": true, "return_sequences": true])]),
                       "LSTM 'l': go_backwards=True with return_sequences returns the outputs in reversed order, which ONNX's reverse direction does not; not exported")
        XCTAssertEqual(refusal([("GRU", ["name": "g", "units": 2, "stateful": true])]),
                       "GRU 'g': stateful=True carries state between calls, which one ONNX graph cannot; export a stateless copy")
        XCTAssertEqual(refusal([("LSTM", ["name": "l", "units": 2])]) { try ONNXExporter.export($0, opset: 9) }, "opset 9 is not supported (13–20)")
        // One-step exports: what needs the whole sequence, and models without a decoder.
        let embedding: (String, JSONValue) = ("Embedding", ["name": "e", "input_dim": 5, "output_dim": 2])
        let logits: (String, JSONValue) = ("Dense", ["name": "logits", "units": 5])
        XCTAssertEqual(refusal([embedding, ("LSTM", ["name": "l", "units": 2, "go_backwards": true]), logits], dtype: "int32") { try ONNXExporter.exportStep($0) },
                       "LSTM 'l': go_backwards=True reads the sequence from its end; a one-step model cannot run it")
        XCTAssertEqual(refusal([embedding, ("Bidirectional", ["name": "bi", "layer": ["class_name": "GRU", "config": ["name": "g", "units": 2]]]), logits],
                               dtype: "int32") { try ONNXExporter.exportStep($0) },
                       "model 'm': Bidirectional 'bi' cannot run step by step (only LSTM, GRU, SimpleRNN between Embedding and Dense)")
        XCTAssertEqual(refusal([("LSTM", ["name": "l", "units": 2])]) { try ONNXExporter.exportDecoderStep($0).encoder },
                       "model 'm': no recurrent layer takes an initial_state, so there is no decoder to step (--step exports Embedding → recurrent → Dense generators)")
    }
}
