import Foundation
import SwiftProtobuf
import ZooCore

/// Exports a zoo model as ONNX (opset 13–20, default 17) with native recurrent operators,
/// dynamic batch and sequence length (symbolic dims), inputs and outputs named as the Keras
/// inputs and output layers. What cannot be exported exactly is refused with one line naming the
/// layer and the reason, never written as a graph that computes other numbers.
///
/// Three shapes of export, all from a `Model` (whatever file it was loaded from):
/// - `export`: the whole model as one graph (seq2seq models teacher-forced);
/// - `exportDecoderStep`: an encoder–decoder model as an encoder graph and a one-step decoder
///   graph with explicit state inputs and outputs;
/// - `exportStep`: a generator (Embedding → LSTM/GRU/SimpleRNN… → Dense, what `TokenStepper`
///   runs) as a one-step graph: a token [B, 1] and the states in, logits [B, V] and states out.
public enum ONNXExporter {
    public static let defaultOpset = 17
    public static let supportedOpsets = 13...20

    /// The serialized ModelProto of `model`.
    public static func export(_ model: Model, opset: Int = defaultOpset) throws -> Data {
        try checkOpset(opset)
        var e = ONNXGraphEmitter(name: model.name, opset: opset)
        for input in model.inputs { e.input(input) }
        for call in model.calls { try e.emit(call) }
        for ref in model.outputs { try e.output(ref, as: outputName(ref, in: model)) }
        return try serialize(e, opset: opset)
    }

    /// Writes the export of `model` to `url` atomically.
    public static func write(_ model: Model, to url: URL, opset: Int = defaultOpset) throws {
        try AtomicFile.write(try export(model, opset: opset), to: url)
    }

    /// One time step of a generator that `TokenStepper` runs: input `<model input>` int32
    /// [B, 1], `<layer>_h_in` (`_c_in` for LSTM) [B, units] for every recurrent layer; outputs
    /// `logits` [B, V] (the output layer without its softmax, as `TokenStepper.step` returns)
    /// and `<layer>_h_out` (`_c_out`). Start the states at zeros; feed each step's outputs back.
    public static func exportStep(_ model: Model, opset: Int = defaultOpset) throws -> Data {
        try checkOpset(opset)
        if let decoder = model.calls.first(where: { !$0.initialStates.isEmpty }) {
            throw ZooError("model '\(model.name)': \(decoder.layer.label) starts from an initial_state, an encoder–decoder model; export its decoder step (zoo convert --decoder-step)")
        }
        _ = try TokenStepper(model: model)
        guard let head = model.layers.last(where: { !($0 is IdentityAtInference) }), model.outputs.count == 1 else {
            throw ZooError("model '\(model.name)': a one-step generator needs one output")
        }
        var e = ONNXGraphEmitter(name: model.name + "_step", opset: opset, stepped: true, logitLayers: [head.name])
        for input in model.inputs { e.input(input) }
        for call in model.calls { try e.emit(call) }
        guard let out = e.values[model.outputs[0]] else { throw ZooError("model '\(model.name)': output \(model.outputs[0]) was not exported") }
        let logits = out.shape.count == 3 ? e.b.squeeze(out.name, axes: [1], base: "logits") : out.name
        e.b.output(logits, as: "logits", shape: [out.shape[0], out.shape.last ?? nil])
        e.outputStepStates()
        let initial = e.stepStates.flatMap { $0.names.map { ("initial_state.\($0)_in", "zeros") } }
        return try serialize(e, opset: opset, doc: stepDoc(model, e, inputs: model.inputs, outputs: "logits"), metadata: initial)
    }

    /// Writes the one-step export of `model` to `url` atomically.
    public static func writeStep(_ model: Model, to url: URL, opset: Int = defaultOpset) throws {
        try AtomicFile.write(try exportStep(model, opset: opset), to: url)
    }

    /// An encoder–decoder model (recurrent decoders started from the encoder's final states) as
    /// two graphs. The encoder: the encoder inputs → the decoders' initial states, named
    /// `<encoder layer>_h` (`_c`) (plus any model output computed there). The decoder step: the
    /// decoder inputs with one time step [B, 1] and `<layer>_h_in` (`_c_in`) [B, units] for every
    /// recurrent layer on the decoder side → the model outputs for that step and `<layer>_h_out`
    /// (`_c_out`). Metadata `initial_state.<input>` names the encoder output that starts each
    /// state input (`encoder:<name>`) or `zeros`.
    public static func exportDecoderStep(_ model: Model, opset: Int = defaultOpset) throws -> (encoder: Data, decoderStep: Data) {
        try checkOpset(opset)
        let split = try ONNXDecoderSplit(model)
        var enc = ONNXGraphEmitter(name: model.name + "_encoder", opset: opset)
        for input in split.encoderInputs { enc.input(input) }
        for call in split.encoderCalls { try enc.emit(call) }
        for ref in split.states { try enc.output(ref, as: stateName(ref, in: model)) }
        for ref in split.encoderOutputs { try enc.output(ref, as: outputName(ref, in: model)) }
        let encoderDoc = "The encoder of model '\(model.name)': its outputs start the decoder-step graph's state inputs (see its metadata)."

        var step = ONNXGraphEmitter(name: model.name + "_decoder_step", opset: opset, stepped: true)
        for input in split.decoderInputs { step.input(input) }
        for call in split.decoderCalls { try step.emit(call) }
        for ref in split.decoderOutputs { try step.output(ref, as: outputName(ref, in: model)) }
        step.outputStepStates()
        let initial = step.stepStates.flatMap { s in
            s.names.enumerated().map { i, name in
                ("initial_state.\(name)_in", i < s.initialStates.count ? "encoder:" + stateName(s.initialStates[i], in: model) : "zeros")
            }
        }
        let outputs = split.decoderOutputs.map { outputName($0, in: model) }.joined(separator: ", ")
        return (try serialize(enc, opset: opset, doc: encoderDoc),
                try serialize(step, opset: opset, doc: stepDoc(model, step, inputs: split.decoderInputs, outputs: outputs), metadata: initial))
    }

    /// The two files `writeDecoderStep` writes for `url` (OUT.onnx → OUT.encoder.onnx,
    /// OUT.decoder-step.onnx).
    public static func decoderStepFiles(for url: URL) -> (encoder: URL, decoderStep: URL) {
        let stem = url.pathExtension.lowercased() == "onnx" ? url.deletingPathExtension() : url
        return (stem.appendingPathExtension("encoder.onnx"), stem.appendingPathExtension("decoder-step.onnx"))
    }

    /// Writes the encoder and decoder-step exports of `model` next to `url` (both exported
    /// before either is written; each written atomically); returns the two files.
    @discardableResult
    public static func writeDecoderStep(_ model: Model, to url: URL, opset: Int = defaultOpset) throws -> [URL] {
        let (encoder, step) = try exportDecoderStep(model, opset: opset)
        let files = decoderStepFiles(for: url)
        try AtomicFile.write(encoder, to: files.encoder)
        try AtomicFile.write(step, to: files.decoderStep)
        return [files.encoder, files.decoderStep]
    }

    private static func checkOpset(_ opset: Int) throws {
        guard supportedOpsets.contains(opset) else {
            throw ZooError("opset \(opset) is not supported (\(supportedOpsets.lowerBound)–\(supportedOpsets.upperBound))")
        }
    }

    /// A model output's graph name: the Keras output layer's name (with the output index when
    /// the layer gives several of the model's outputs).
    private static func outputName(_ ref: TensorRef, in model: Model) -> String {
        model.outputs.filter { $0.layer == ref.layer }.count == 1 ? ref.layer : "\(ref.layer)_\(ref.index)"
    }

    /// An encoder state's graph name: `<layer>_h` for output 1, `<layer>_c` for output 2.
    private static func stateName(_ ref: TensorRef, in model: Model) -> String {
        let layer = ref.node == 0 ? ref.layer : "\(ref.layer)_\(ref.node)"
        return model.layer(named: ref.layer) is AnyRecurrentLayer && (1...2).contains(ref.index)
            ? layer + (ref.index == 1 ? "_h" : "_c") : "\(layer)_\(ref.index)"
    }

    private static func stepDoc(_ model: Model, _ e: ONNXGraphEmitter, inputs: [ModelInput], outputs: String) -> String {
        let states = e.stepStates.flatMap { s in s.names.map { ($0, s.finals[0].shape.last.flatMap { $0 } ?? 0) } }
        let masked = model.layers.contains { ($0 as? Embedding)?.maskZero == true || $0 is Masking }
        return "One time step of model '\(model.name)': feed \(inputs.map { "\($0.name) [batch, 1]" }.joined(separator: ", ")) and the states "
            + states.map { "\($0.0)_in [batch, \($0.1)]" }.joined(separator: ", ") + "; it returns \(outputs) for that step and "
            + states.map { $0.0 + "_out" }.joined(separator: ", ") + ", the next step's state inputs. Metadata initial_state.<input> "
            + "says what starts each state (an output of the encoder graph, or zeros)."
            + (masked ? " A masked step (a padding token with mask_zero, or a Masking match) keeps the states and repeats the last output, as Keras does." : "")
    }

    private static func serialize(_ e: ONNXGraphEmitter, opset: Int, doc: String = "", metadata: [(String, String)] = []) throws -> Data {
        var m = Onnx_ModelProto()
        m.irVersion = opset >= 19 ? 9 : 8
        m.producerName = "rnnzoo"
        m.producerVersion = "0.1"
        if !doc.isEmpty { m.docString = doc }
        m.metadataProps = metadata.map { key, value in
            var p = Onnx_StringStringEntryProto()
            p.key = key
            p.value = value
            return p
        }
        var set = Onnx_OperatorSetIdProto()
        set.domain = ""
        set.version = Int64(opset)
        m.opsetImport = [set]
        m.graph = e.b.graph
        return try m.serializedData()
    }
}
