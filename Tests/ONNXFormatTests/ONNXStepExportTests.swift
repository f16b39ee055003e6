import Foundation
import KerasFormat
import ONNXFormat
import XCTest
import ZooBundleFormat
import ZooCore

/// One-step exports run step by step under onnxruntime: the seq2seq decoder step (the Keras
/// fixture and our `seq2seq-reverse` preset) reproduces the teacher-forced model; the generator
/// step (the `char-lstm` preset, the shipped poetry model, a GRU/SimpleRNN stack) reproduces
/// `TokenStepper`'s logits; a masked generator's step reproduces the whole-sequence forward pass
/// for leading and trailing padding alike.
final class ONNXStepExportTests: XCTestCase {
    /// The teacher-forced decoder inputs fed one step at a time after the encoder ran once.
    private func checkDecoderStep(_ model: Model, vocab: Int, time: Int, in dir: URL, name: String) throws -> (encoder: Onnx_ModelProto, step: Onnx_ModelProto) {
        let out = dir.appendingPathComponent(name + ".onnx")
        let files = try ONNXExporter.writeDecoderStep(model, to: out)
        XCTAssertEqual(files.map(\.lastPathComponent), [name + ".encoder.onnx", name + ".decoder-step.onnx"])
        let inputs = ONNXCheck.inputs(for: model, batch: 3, time: time, vocab: vocab, seed: 7)
        let expected = try model.predict(inputs.map(\.2))
        try ONNXStepRun.expectMatch(step: files[1], encoder: files[0], encoderInputs: [inputs[0]], stepInputs: [inputs[1]],
                                    expected: expected, in: dir, name)
        return (try Onnx_ModelProto(serializedBytes: Data(contentsOf: files[0])), try Onnx_ModelProto(serializedBytes: Data(contentsOf: files[1])))
    }

    func testDecoderStepReproducesTheTeacherForcedModel() throws {
        let dir = try ONNXTemporaryFolder()
        let fixture = try KerasModelFile.load(ONNXCheck.shared.appendingPathComponent("fixtures/keras/seq2seq.keras")).model
        let (encoder, step) = try checkDecoderStep(fixture, vocab: 20, time: 7, in: dir.url, name: "seq2seq")
        XCTAssertEqual(encoder.graph.input.map(\.name), ["encoder_tokens"])
        XCTAssertEqual(encoder.graph.output.map(\.name), ["enc_lstm_h", "enc_lstm_c"])
        XCTAssertEqual(step.graph.input.map(\.name), ["decoder_tokens", "dec_lstm_h_in", "dec_lstm_c_in"])
        XCTAssertEqual(step.graph.output.map(\.name), ["dec_probs", "dec_lstm_h_out", "dec_lstm_c_out"])
        XCTAssertEqual(step.metadataProps.map { "\($0.key)=\($0.value)" },
                       ["initial_state.dec_lstm_h_in=encoder:enc_lstm_h", "initial_state.dec_lstm_c_in=encoder:enc_lstm_c"])
        XCTAssertThrowsError(try ONNXExporter.exportStep(fixture)) { error in
            XCTAssertEqual("\(error)", "model 'seq2seq': LSTM 'dec_lstm' starts from an initial_state, an encoder–decoder model; export its decoder step (zoo convert --decoder-step)")
        }

        let preset = try PresetRegistry.shared.preset("seq2seq-reverse").makeModel(5, [:])
        _ = try checkDecoderStep(preset, vocab: 12, time: 6, in: dir.url, name: "seq2seq_reverse")
    }

    /// A second decoder layer without initial_state starts from zeros, as in the whole model.
    func testStackedDecoderStartsItsSecondLayerFromZeros() throws {
        let b = ModelBuilder(name: "stacked")
        let source = b.input("source", shape: [nil], dtype: "int32")
        let target = b.input("target", shape: [nil], dtype: "int32")
        let enc = try b.call("GRU", ["name": "encoder", "units": 6, "return_state": true],
                             try b.call("Embedding", ["name": "source_embedding", "input_dim": 9, "output_dim": 4], source)[0], outputs: 2)
        let dec = try b.call("GRU", ["name": "decoder", "units": 6, "return_sequences": true, "reset_after": false],
                             try b.call("Embedding", ["name": "target_embedding", "input_dim": 9, "output_dim": 4], target)[0], initialState: [enc[1]])[0]
        let top = try b.call("SimpleRNN", ["name": "top", "units": 5, "return_sequences": true], dec)[0]
        let model = try b.model(outputs: [try b.call("Dense", ["name": "probs", "units": 9, "activation": "softmax"], top)[0]], seed: 4)
        let dir = try ONNXTemporaryFolder()
        let (encoder, step) = try checkDecoderStep(model, vocab: 9, time: 5, in: dir.url, name: "stacked")
        XCTAssertEqual(encoder.graph.output.map(\.name), ["encoder_h"])
        XCTAssertEqual(step.metadataProps.map { "\($0.key)=\($0.value)" },
                       ["initial_state.decoder_h_in=encoder:encoder_h", "initial_state.top_h_in=zeros"])
    }

    func testDecoderStepRefusals() throws {
        func refusal(_ decoderSide: (ModelBuilder, TensorRef, [TensorRef]) throws -> TensorRef) -> String {
            do {
                let b = ModelBuilder(name: "m")
                let source = b.input("source", shape: [nil, 3]), target = b.input("target", shape: [nil, 3])
                let enc = try b.call("LSTM", ["name": "encoder", "units": 4, "return_sequences": true, "return_state": true], source, outputs: 3)
                let dec = try b.call("LSTM", ["name": "decoder", "units": 4, "return_sequences": true], target, initialState: [enc[1], enc[2]])[0]
                _ = try ONNXExporter.exportDecoderStep(try b.model(outputs: [try decoderSide(b, dec, enc)]))
                return "exported"
            } catch { return "\(error)" }
        }
        XCTAssertEqual(refusal { b, dec, enc in try b.call("Attention", ["name": "att"], dec, enc[0], listArgument: true)[0] },
                       "Attention 'att': reads the encoder's encoder[0][0] at every step; only a decoder's initial_state can come from the encoder in a one-step decoder")
        XCTAssertEqual(refusal { b, dec, _ in try b.call("GlobalAveragePooling1D", ["name": "pool"], dec)[0] },
                       "GlobalAveragePooling1D 'pool': reads the whole sequence at once; a one-step model cannot run it")
        XCTAssertEqual(refusal { b, dec, _ in
                           try b.call("Bidirectional", ["name": "bi", "layer": ["class_name": "LSTM", "config": ["name": "l", "units": 2, "return_sequences": true]]], dec)[0]
                       },
                       "Bidirectional 'bi': reads the whole sequence at once; a one-step model cannot run it")
        XCTAssertEqual(refusal { b, dec, _ in try b.call("Reshape", ["name": "pairs", "target_shape": [-1, 8]], dec)[0] },
                       "Reshape 'pairs': reshapes the whole sequence at once; a one-step model cannot run it")
        XCTAssertEqual(refusal { b, dec, _ in try b.call("Permute", ["name": "swap", "dims": [2, 1]], dec)[0] },
                       "Permute 'swap': reshapes the whole sequence at once; a one-step model cannot run it")
        XCTAssertEqual(refusal { b, dec, _ in try b.call("Dot", ["name": "dot", "axes": 2], dec, dec, listArgument: true)[0] },
                       "Dot 'dot': a Dot of sequences mixes time steps; a one-step model cannot run it")
        XCTAssertEqual(refusal { b, dec, _ in try b.call("Concatenate", ["name": "cat", "axis": 1], dec, dec, listArgument: true)[0] },
                       "Concatenate 'cat': joins along time; a one-step model cannot run it")
        XCTAssertEqual(refusal { b, dec, _ in try b.call("Add", ["name": "add"], dec, dec, listArgument: true)[0] }, "exported")
        XCTAssertEqual(refusal { b, dec, _ in try b.call("Concatenate", ["name": "cat"], dec, dec, listArgument: true)[0] }, "exported")
    }

    /// Every step's logits from onnxruntime against `TokenStepper`, row by row.
    private func checkGeneratorStep(_ model: Model, vocab: Int, batch: Int, time: Int, rtol: Float = 0, in dir: URL, name: String) throws -> Onnx_ModelProto {
        let onnx = dir.appendingPathComponent(name + ".step.onnx")
        try ONNXExporter.writeStep(model, to: onnx)
        var rng = SeededGenerator(seed: 9)
        let tokens = (0..<(batch * time)).map { _ in Float(Int(rng.next() % UInt64(vocab))) }
        let stepper = try TokenStepper(model: model)
        var logits = Tensor(shape: [batch, time, vocab])
        for row in 0..<batch {
            stepper.reset()
            for t in 0..<time {
                let l = stepper.step(Int(tokens[row * time + t]))
                for j in 0..<vocab { logits.scalars[(row * time + t) * vocab + j] = l[j] }
            }
        }
        try ONNXStepRun.expectMatch(step: onnx, stepInputs: [(model.inputs[0].name, "int32", Tensor(shape: [batch, time], scalars: tokens))],
                                    expected: [logits], rtol: rtol, in: dir, name)
        return try Onnx_ModelProto(serializedBytes: Data(contentsOf: onnx))
    }

    func testGeneratorStepReproducesTokenStepper() throws {
        let dir = try ONNXTemporaryFolder()
        let vocabulary = try CharVocabulary(symbols: Array("\nabcdefghijk"))
        let charLSTM = try PresetRegistry.shared.preset("char-lstm").makeModel(3, ["vocabulary": vocabulary.json])
        let step = try checkGeneratorStep(charLSTM, vocab: vocabulary.count, batch: 3, time: 12, in: dir.url, name: "char_lstm")
        XCTAssertEqual(step.graph.input.map(\.name), ["chars", "lstm_h_in", "lstm_c_in"])
        XCTAssertEqual(step.graph.output.map(\.name), ["logits", "lstm_h_out", "lstm_c_out"])

        let stack = try ModelBuilder.sequential(name: "stack", input: ModelInput(name: "ids", shape: [nil], dtype: "int32"), layers: [
            ("Embedding", ["name": "embedding", "input_dim": 11, "output_dim": 5]),
            ("GRU", ["name": "first", "units": 9, "return_sequences": true]),
            ("Dropout", ["name": "dropout", "rate": 0.5]),
            ("SimpleRNN", ["name": "second", "units": 7, "return_sequences": true]),
            ("TimeDistributed", ["name": "probs", "layer": ["class_name": "Dense", "config": ["name": "d", "units": 11, "activation": "softmax"]]]),
        ], seed: 3)
        _ = try checkGeneratorStep(stack, vocab: 11, batch: 2, time: 9, in: dir.url, name: "stack")
    }

    /// Every shipped generator bundle (zoo/index.json) as a one-step model reproduces
    /// TokenStepper. The trained logits reach |47| as sums over 512 hidden units, where float32
    /// sums in another order differ by a few ULP of the largest terms (4.2e-5 seen on a logit of
    /// the LSTM(512) poetry model): 1e-5 + 2e-6·|logit|.
    func testShippedGeneratorStepsReproduceTokenStepper() throws {
        let zoo = ONNXCheck.repository.appendingPathComponent("zoo")
        let index = try JSONValue.parse(try Data(contentsOf: zoo.appendingPathComponent("index.json")))
        var checked: [String] = []
        for entry in index["models"]?.arrayValue ?? [] {
            guard let name = entry["name"]?.stringValue, let path = entry["path"]?.stringValue else { continue }
            let bundle = try ZooBundle(contentsOf: zoo.appendingPathComponent("\(path)/\(name).zoo"))
            let model = try bundle.model()
            let dir = try ONNXTemporaryFolder()
            let vocab = try TokenStepper(model: model).vocabularySize
            _ = try checkGeneratorStep(model, vocab: vocab, batch: 2, time: 8, rtol: 2e-6, in: dir.url, name: name)
            checked.append(name)
        }
        XCTAssertTrue(checked.contains("poetry-tang-lstm"), "checked: \(checked)")
    }

    /// With mask_zero a padding token keeps the states and repeats the last output, as Keras
    /// does, so stepping reproduces the whole-sequence model for any padding.
    func testMaskedGeneratorStepReproducesTheWholeSequence() throws {
        let model = try ModelBuilder.sequential(name: "masked", input: ModelInput(name: "ids", shape: [nil], dtype: "int32"), layers: [
            ("Embedding", ["name": "embedding", "input_dim": 10, "output_dim": 4, "mask_zero": true]),
            ("LSTM", ["name": "lstm", "units": 6, "return_sequences": true]),
            ("Dense", ["name": "logits", "units": 10]),
        ], seed: 8)
        let dir = try ONNXTemporaryFolder()
        let onnx = dir.url.appendingPathComponent("masked.step.onnx")
        try ONNXExporter.writeStep(model, to: onnx)
        let tokens = Tensor(shape: [3, 6], scalars: [3, 5, 1, 0, 0, 0,     // trailing padding
                                                     0, 0, 4, 9, 2, 7,     // leading padding
                                                     6, 0, 8, 0, 0, 1])    // gaps
        try ONNXStepRun.expectMatch(step: onnx, stepInputs: [("ids", "int32", tokens)], expected: try model.predict([tokens]), in: dir.url, "masked step")
    }
}
