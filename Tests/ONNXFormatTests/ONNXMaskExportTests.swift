import Foundation
import ONNXFormat
import XCTest
import ZooCore

/// Masks exported exactly for every padding layout (each row's real steps gathered to the front,
/// the native operator over `sequence_lens` of them, the outputs put back with Keras's masked
/// values): rows of different lengths (a full row, a short one, one of a single step, one of no
/// step), padded at the end, at the start or at scattered steps, match our forward pass — which
/// matches Keras — for LSTM, GRU and SimpleRNN with and without return_sequences, return_state,
/// initial_state, go_backwards, stacked layers, Bidirectional, Masking, and the mask consumers
/// GlobalAveragePooling1D and Attention (the scattered layout at opsets 13, 17 and 20); and
/// Keras's own masked golden cases (pre-, post- and middle-padded rows) match Keras's outputs.
final class ONNXMaskExportTests: ONNXCheckedTestCase {
    static let lengths = [7, 4, 1, 0]
    static let opsets = [13, 17, 20]

    /// Where a row's padding goes: after its real steps (pad_sequences's padding="post"),
    /// before them (its default) or at seeded random steps (before, between and after them).
    enum Padding: String, CaseIterable { case trailing, leading, scattered }

    /// Token ids in 1..<vocab for `lengths.count` rows of `time` steps, `length` real steps per
    /// row placed as `padding` says, zero elsewhere.
    static func paddedTokens(vocab: Int, time: Int = 7, lengths: [Int] = lengths, padding: Padding = .trailing, seed: UInt64) -> Tensor {
        var rng = SeededGenerator(seed: seed)
        var t = Tensor(shape: [lengths.count, time])
        for (row, length) in lengths.enumerated() {
            let steps: [Int]
            switch padding {
            case .trailing: steps = Array(0..<length)
            case .leading: steps = Array((time - length)..<time)
            case .scattered:
                var order = Array(0..<time)
                for i in stride(from: time - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
                steps = order.prefix(length).sorted()
            }
            for s in steps { t.scalars[row * time + s] = Float(1 + Int(rng.next() % UInt64(vocab - 1))) }
        }
        return t
    }

    private func sequential(_ name: String, _ layers: [(String, JSONValue)]) throws -> Model {
        try ModelBuilder.sequential(name: name, input: ModelInput(name: "tokens", shape: [nil], dtype: "int32"),
                                    layers: [("Embedding", ["name": "embedding", "input_dim": 12, "output_dim": 4, "mask_zero": true])] + layers, seed: 21)
    }

    /// Exports `model` at every opset of `opsets` and checks each under onnxruntime against our
    /// forward pass on `inputs`.
    private func expectMatch(_ model: Model, _ inputs: [(String, String, Tensor)], in dir: URL, _ name: String, opsets: [Int] = [17],
                             file: StaticString = #filePath, line: UInt = #line) throws {
        for opset in opsets {
            let onnx = dir.appendingPathComponent("\(name)_opset\(opset).onnx")
            try ONNXExporter.write(model, to: onnx, opset: opset)
            try checks.addForwardMatch(model, onnx: onnx, inputs: inputs, io: dir.appendingPathComponent(name + ".io.json"),
                                       "\(name) opset \(opset)", file: file, line: line)
        }
    }

    func testEveryPaddingMatchesForEachCell() throws {
        let dir = try temporaryFolder()
        for cell in ["LSTM", "GRU", "SimpleRNN"] {
            for sequences in [false, true] {
                let name = "\(cell)_\(sequences ? "sequences" : "last")"
                let model = try sequential(name, [(cell, ["name": "rnn", "units": 5, "return_sequences": .bool(sequences), "return_state": .bool(cell != "SimpleRNN")])])
                for padding in Padding.allCases {
                    try expectMatch(model, [("tokens", "int32", Self.paddedTokens(vocab: 12, padding: padding, seed: 1))], in: dir.url,
                                    "\(name)_\(padding)", opsets: padding == .scattered ? Self.opsets : [17])
                }
            }
        }
    }

    func testStackedReverseAndBidirectionalLayers() throws {
        let dir = try temporaryFolder()
        let cases: [(String, [(String, JSONValue)])] = [
            ("stacked", [("LSTM", ["name": "first", "units": 5, "return_sequences": true]), ("GRU", ["name": "second", "units": 4, "reset_after": false]),
                         ("Dense", ["name": "out", "units": 2, "activation": "softmax"])]),
            ("stacked_sequences", [("SimpleRNN", ["name": "first", "units": 5, "return_sequences": true]),
                                   ("Bidirectional", ["name": "bi", "layer": ["class_name": "GRU", "config": ["name": "g", "units": 3, "return_sequences": true]]]),
                                   ("LSTM", ["name": "third", "units": 4, "return_sequences": true])]),
            ("reverse", [("GRU", ["name": "rnn", "units": 5, "go_backwards": true]), ("Dense", ["name": "out", "units": 2])]),
            ("bi_concat_sequences", [("Bidirectional", ["name": "bi", "layer": ["class_name": "LSTM", "config": ["name": "l", "units": 3, "return_sequences": true]]]),
                                     ("TimeDistributed", ["name": "tags", "layer": ["class_name": "Dense", "config": ["name": "d", "units": 3, "activation": "softmax"]]])]),
            ("bi_sum_last", [("Bidirectional", ["name": "bi", "merge_mode": "sum", "layer": ["class_name": "SimpleRNN", "config": ["name": "r", "units": 3]]])]),
            ("bi_gru_ave", [("Bidirectional", ["name": "bi", "merge_mode": "ave", "layer": ["class_name": "GRU", "config": ["name": "g", "units": 3, "return_sequences": true]]])]),
        ]
        for (name, layers) in cases {
            let model = try sequential(name, layers)
            for padding in Padding.allCases {
                try expectMatch(model, [("tokens", "int32", Self.paddedTokens(vocab: 12, padding: padding, seed: 2))], in: dir.url, "\(name)_\(padding)",
                                opsets: padding == .scattered ? Self.opsets : [17])
            }
        }
    }

    /// A decoder started from an encoder's states: a row with no real step keeps those states
    /// (ONNX alone would give zeros); a padded step before a row's first real step outputs zeros.
    func testInitialStateWithMasks() throws {
        let b = ModelBuilder(name: "masked_seq2seq")
        let source = b.input("source", shape: [nil], dtype: "int32"), target = b.input("target", shape: [nil], dtype: "int32")
        let enc = try b.call("LSTM", ["name": "encoder", "units": 5, "return_state": true],
                             try b.call("Embedding", ["name": "source_embedding", "input_dim": 12, "output_dim": 4, "mask_zero": true], source)[0], outputs: 3)
        let dec = try b.call("LSTM", ["name": "decoder", "units": 5, "return_sequences": true, "return_state": true],
                             try b.call("Embedding", ["name": "target_embedding", "input_dim": 12, "output_dim": 4, "mask_zero": true], target)[0],
                             initialState: [enc[1], enc[2]], outputs: 3)
        let model = try b.model(outputs: [try b.call("Dense", ["name": "probs", "units": 12, "activation": "softmax"], dec[0])[0], dec[1], dec[2]], seed: 6)
        let dir = try temporaryFolder()
        for padding in Padding.allCases {
            try expectMatch(model, [("source", "int32", Self.paddedTokens(vocab: 12, lengths: [7, 2, 5, 3], padding: padding, seed: 3)),
                                    ("target", "int32", Self.paddedTokens(vocab: 12, time: 5, lengths: [5, 3, 0, 1], padding: padding, seed: 4))],
                            in: dir.url, "masked_seq2seq_\(padding)", opsets: Self.opsets)
        }
    }

    /// Masking on float features, a masked average, and attention over a masked sequence.
    func testMaskingPoolingAndAttention() throws {
        let dir = try temporaryFolder()
        var rng = SeededGenerator(seed: 5)
        let steps = Self.paddedTokens(vocab: 2, lengths: [7, 4, 1], padding: .scattered, seed: 5)
        var series = Tensor(shape: [3, 7, 3])
        for i in series.scalars.indices where steps.scalars[i / 3] != 0 { series.scalars[i] = rng.nextUniform() * 2 - 1 }
        let masking = try ModelBuilder.sequential(name: "masking", input: ModelInput(name: "series", shape: [nil, 3]), layers: [
            ("Masking", ["name": "masking", "mask_value": 0]),
            ("SimpleRNN", ["name": "rnn", "units": 4, "return_sequences": true, "activation": "relu"]),
            ("GlobalAveragePooling1D", ["name": "pool"]),
        ], seed: 2)
        // An all-padding row averages nothing (NaN in Keras and here): rows of 1 step or more.
        try expectMatch(masking, [("series", "float32", series)], in: dir.url, "masking")

        for (name, config) in [("dot_attention", ["name": "att", "use_scale": true] as JSONValue), ("additive_attention", ["name": "att"])] {
            let b = ModelBuilder(name: name)
            let tokens = b.input("tokens", shape: [nil], dtype: "int32")
            let e = try b.call("Embedding", ["name": "embedding", "input_dim": 12, "output_dim": 4, "mask_zero": true], tokens)[0]
            let h = try b.call("LSTM", ["name": "lstm", "units": 5, "return_sequences": true], e)[0]
            let a = try b.call(name == "dot_attention" ? "Attention" : "AdditiveAttention", config, h, h, listArgument: true)[0]
            let model = try b.model(outputs: [try b.call("GlobalAveragePooling1D", ["name": "pool"], a)[0]], seed: 9)
            for padding in Padding.allCases {
                try expectMatch(model, [("tokens", "int32", Self.paddedTokens(vocab: 12, lengths: [7, 4, 1], padding: padding, seed: 6))], in: dir.url,
                                "\(name)_\(padding)")
            }
        }
    }

    /// Keras's own masked golden cases (Tests/ZooCoreTests/Fixtures/keras/cases, written by real
    /// Keras 3 with make_cases.py; rows padded at the start, at the end and in the middle) match
    /// Keras's outputs under onnxruntime: each cell with the last output and the sequence,
    /// return_state, every Bidirectional merge mode with both, masked go_backwards, Masking,
    /// a mask through LSTM → Dropout → TimeDistributed → GRU, and the masked consumers.
    func testKerasMaskedCasesMatchUnderOnnxruntime() throws {
        _ = try ONNXCheck.python()
        let cells = ["lstm", "gru", "simple_rnn"].flatMap { ["mask_\($0)_last", "mask_\($0)_seq"] }
        let bidirectional = ["concat", "sum", "mul", "ave"].flatMap { ["bidirectional_\($0)_masked_last", "bidirectional_\($0)_masked_seq"] }
        let cases = cells + bidirectional + [
            "go_backwards_lstm_last_masked", "return_state_lstm_masked_seq", "return_state_gru_masked", "masking_layer_zero_lstm",
            "masking_layer_value_lstm", "mask_through_time_distributed_dropout", "global_average_pooling_masked", "activation_passes_mask",
        ]
        let dir = try temporaryFolder()
        for name in cases {
            let file = ONNXShapeLayerTests.casesFolder.appendingPathComponent(name + ".json")
            let json = try JSONValue.parse(Data(contentsOf: file))
            let model = try ONNXShapeLayerTests.model(json, name)
            for opset in Self.opsets {
                let onnx = dir.url.appendingPathComponent("\(name)_opset\(opset).onnx")
                try ONNXExporter.write(model, to: onnx, opset: opset)
                checks.add(onnx, file, "\(name) opset \(opset)")
            }
        }
    }
}
