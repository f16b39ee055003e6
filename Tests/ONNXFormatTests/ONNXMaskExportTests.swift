import Foundation
import ONNXFormat
import XCTest
import ZooCore

/// Masks exported as `sequence_lens`: trailing-padded rows of different lengths (a full row, a
/// short one, one of a single step, one of no step) match our forward pass — which matches
/// Keras — for LSTM, GRU and SimpleRNN with and without return_sequences, return_state,
/// initial_state, go_backwards, stacked layers, Bidirectional, Masking, and the mask consumers
/// GlobalAveragePooling1D and Attention. Leading padding does not match, as the README and the
/// file's doc_string say.
final class ONNXMaskExportTests: XCTestCase {
    static let lengths = [7, 4, 1, 0]

    /// Token ids in 1..<vocab for `lengths.count` rows of `time` steps, zero past each row's
    /// length (or, `leading`, before its last `length` steps).
    static func paddedTokens(vocab: Int, time: Int = 7, lengths: [Int] = lengths, leading: Bool = false, seed: UInt64) -> Tensor {
        var rng = SeededGenerator(seed: seed)
        var t = Tensor(shape: [lengths.count, time])
        for (row, length) in lengths.enumerated() {
            for s in 0..<time where leading ? s >= time - length : s < length {
                t.scalars[row * time + s] = Float(1 + Int(rng.next() % UInt64(vocab - 1)))
            }
        }
        return t
    }

    private func sequential(_ name: String, _ layers: [(String, JSONValue)]) throws -> Model {
        try ModelBuilder.sequential(name: name, input: ModelInput(name: "tokens", shape: [nil], dtype: "int32"),
                                    layers: [("Embedding", ["name": "embedding", "input_dim": 12, "output_dim": 4, "mask_zero": true])] + layers, seed: 21)
    }

    private func expectMatch(_ model: Model, _ inputs: [(String, String, Tensor)], in dir: URL, _ name: String,
                             file: StaticString = #filePath, line: UInt = #line) throws {
        let onnx = dir.appendingPathComponent(name + ".onnx")
        try ONNXExporter.write(model, to: onnx)
        try ONNXCheck.expectForwardMatch(model, onnx: onnx, inputs: inputs, io: dir.appendingPathComponent(name + ".io.json"), name, file: file, line: line)
    }

    func testTrailingPaddingMatchesForEachCell() throws {
        let dir = try ONNXTemporaryFolder()
        for cell in ["LSTM", "GRU", "SimpleRNN"] {
            for sequences in [false, true] {
                let name = "\(cell)_\(sequences ? "sequences" : "last")"
                let model = try sequential(name, [(cell, ["name": "rnn", "units": 5, "return_sequences": .bool(sequences), "return_state": .bool(cell == "LSTM")])])
                try expectMatch(model, [("tokens", "int32", Self.paddedTokens(vocab: 12, seed: 1))], in: dir.url, name)
            }
        }
    }

    func testStackedReverseAndBidirectionalLayers() throws {
        let dir = try ONNXTemporaryFolder()
        let cases: [(String, [(String, JSONValue)])] = [
            ("stacked", [("LSTM", ["name": "first", "units": 5, "return_sequences": true]), ("GRU", ["name": "second", "units": 4, "reset_after": false]),
                         ("Dense", ["name": "out", "units": 2, "activation": "softmax"])]),
            ("reverse", [("GRU", ["name": "rnn", "units": 5, "go_backwards": true]), ("Dense", ["name": "out", "units": 2])]),
            ("bi_concat_sequences", [("Bidirectional", ["name": "bi", "layer": ["class_name": "LSTM", "config": ["name": "l", "units": 3, "return_sequences": true]]]),
                                     ("TimeDistributed", ["name": "tags", "layer": ["class_name": "Dense", "config": ["name": "d", "units": 3, "activation": "softmax"]]])]),
            ("bi_sum_last", [("Bidirectional", ["name": "bi", "merge_mode": "sum", "layer": ["class_name": "SimpleRNN", "config": ["name": "r", "units": 3]]])]),
            ("bi_gru_ave", [("Bidirectional", ["name": "bi", "merge_mode": "ave", "layer": ["class_name": "GRU", "config": ["name": "g", "units": 3, "return_sequences": true]]])]),
        ]
        for (name, layers) in cases {
            try expectMatch(try sequential(name, layers), [("tokens", "int32", Self.paddedTokens(vocab: 12, seed: 2))], in: dir.url, name)
        }
    }

    /// A decoder started from an encoder's states: a row with no real step keeps those states
    /// (ONNX alone would give zeros).
    func testInitialStateWithMasks() throws {
        let b = ModelBuilder(name: "masked_seq2seq")
        let source = b.input("source", shape: [nil], dtype: "int32"), target = b.input("target", shape: [nil], dtype: "int32")
        let enc = try b.call("LSTM", ["name": "encoder", "units": 5, "return_state": true],
                             try b.call("Embedding", ["name": "source_embedding", "input_dim": 12, "output_dim": 4, "mask_zero": true], source)[0], outputs: 3)
        let dec = try b.call("LSTM", ["name": "decoder", "units": 5, "return_sequences": true, "return_state": true],
                             try b.call("Embedding", ["name": "target_embedding", "input_dim": 12, "output_dim": 4, "mask_zero": true], target)[0],
                             initialState: [enc[1], enc[2]], outputs: 3)
        let model = try b.model(outputs: [try b.call("Dense", ["name": "probs", "units": 12, "activation": "softmax"], dec[0])[0], dec[1], dec[2]], seed: 6)
        let dir = try ONNXTemporaryFolder()
        try expectMatch(model, [("source", "int32", Self.paddedTokens(vocab: 12, lengths: [7, 2, 5, 3], seed: 3)),
                                ("target", "int32", Self.paddedTokens(vocab: 12, time: 5, lengths: [5, 3, 0, 1], seed: 4))], in: dir.url, "masked_seq2seq")
    }

    /// Masking on float features, a masked average, and attention over a masked sequence.
    func testMaskingPoolingAndAttention() throws {
        let dir = try ONNXTemporaryFolder()
        var rng = SeededGenerator(seed: 5)
        var series = Tensor(shape: [4, 7, 3])
        for (row, length) in Self.lengths.enumerated() where length > 0 {
            for i in (row * 21)..<(row * 21 + length * 3) { series.scalars[i] = rng.nextUniform() * 2 - 1 }
        }
        let masking = try ModelBuilder.sequential(name: "masking", input: ModelInput(name: "series", shape: [nil, 3]), layers: [
            ("Masking", ["name": "masking", "mask_value": 0]),
            ("SimpleRNN", ["name": "rnn", "units": 4, "return_sequences": true, "activation": "relu"]),
            ("GlobalAveragePooling1D", ["name": "pool"]),
        ], seed: 2)
        // An all-padding row averages nothing (NaN in Keras and here): rows of 1 step or more.
        try expectMatch(masking, [("series", "float32", Tensor(shape: [3, 7, 3], scalars: Array(series.scalars[0..<63])))], in: dir.url, "masking")

        for (name, config) in [("dot_attention", ["name": "att", "use_scale": true] as JSONValue), ("additive_attention", ["name": "att"])] {
            let b = ModelBuilder(name: name)
            let tokens = b.input("tokens", shape: [nil], dtype: "int32")
            let e = try b.call("Embedding", ["name": "embedding", "input_dim": 12, "output_dim": 4, "mask_zero": true], tokens)[0]
            let h = try b.call("LSTM", ["name": "lstm", "units": 5, "return_sequences": true], e)[0]
            let a = try b.call(name == "dot_attention" ? "Attention" : "AdditiveAttention", config, h, h, listArgument: true)[0]
            let model = try b.model(outputs: [try b.call("GlobalAveragePooling1D", ["name": "pool"], a)[0]], seed: 9)
            try expectMatch(model, [("tokens", "int32", Self.paddedTokens(vocab: 12, lengths: [7, 4, 1], seed: 6))], in: dir.url, name)
        }
    }

    /// The caveat, proven: leading padding gives other numbers; the file says so.
    func testLeadingPaddingDiffersAndTheFileSaysSo() throws {
        let model = try sequential("pre_padded", [("LSTM", ["name": "rnn", "units": 5])])
        let dir = try ONNXTemporaryFolder()
        let onnx = dir.url.appendingPathComponent("pre_padded.onnx")
        try ONNXExporter.write(model, to: onnx)
        let doc = try Onnx_ModelProto(serializedBytes: Data(contentsOf: onnx)).docString
        XCTAssertEqual(doc, "Masks: LSTM 'rnn' read the Keras mask as ONNX sequence_lens (per row, the number of unmasked steps): the outputs equal "
                       + "Keras's only for trailing (post-)padding; for leading (pre-)padding or masked steps inside a sequence they differ.")
        let tokens = Self.paddedTokens(vocab: 12, lengths: [7, 4, 2], leading: true, seed: 7)
        let io = dir.url.appendingPathComponent("pre_padded.io.json")
        try ONNXCheck.ioJSON(inputs: [("tokens", "int32", tokens)], outputs: try model.predict([tokens])).write(to: io, atomically: true, encoding: .utf8)
        let (status, output) = try ONNXCheck.run(onnx, io)
        XCTAssertEqual(status, 1, "leading padding should not match: \(output)")
        XCTAssertTrue(output.contains("FAIL"), output)
    }
}
