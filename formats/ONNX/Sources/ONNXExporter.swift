import Foundation
import SwiftProtobuf
import ZooCore

/// Exports a zoo model as an ONNX model (opset 13–20, default 17) with native recurrent
/// operators, dynamic batch and sequence length (symbolic dims), inputs and outputs named as the
/// Keras inputs and output layers. What cannot be exported exactly is refused with one line
/// naming the layer and the reason, never written as a graph that computes other numbers.
public enum ONNXExporter {
    public static let defaultOpset = 17
    public static let supportedOpsets = 13...20

    /// The serialized ModelProto of `model`.
    public static func export(_ model: Model, opset: Int = defaultOpset) throws -> Data {
        guard supportedOpsets.contains(opset) else {
            throw ZooError("opset \(opset) is not supported (\(supportedOpsets.lowerBound)–\(supportedOpsets.upperBound))")
        }
        try refuseMasks(model)
        var b = ONNXGraphBuilder(name: model.name, opset: opset)
        var values: [TensorRef: String] = [:]
        for input in model.inputs {
            values[TensorRef(layer: input.name)] = input.name
            b.graph.input.append(valueInfo(input.name, elemType: input.dtype == "float32" ? .float : .int32,
                                           shape: input.shape, names: ["batch"] + (1..<max(1, input.shape.count)).map { "\(input.name)_dim\($0)" }))
        }
        for call in model.calls {
            let ins = try call.inputs.map { ref -> String in
                guard let v = values[ref] else { throw ZooError("\(call.layer.label): input \(ref) was not exported") }
                return v
            }
            let states = try call.initialStates.map { ref -> String in
                guard let v = values[ref] else { throw ZooError("\(call.layer.label): initial state \(ref) was not exported") }
                return v
            }
            let outs = try layer(call.layer, ins, states: states, b: &b, base: "\(call.layer.name)_\(call.callIndex)")
            for (i, o) in outs.enumerated() { values[call.output(i)] = o }
        }
        let shapes = try model.outputShapes()
        for ref in model.outputs {
            guard let v = values[ref] else { throw ZooError("model '\(model.name)': output \(ref) was not exported") }
            let sameLayer = model.outputs.filter { $0.layer == ref.layer }.count
            let name = sameLayer == 1 ? ref.layer : "\(ref.layer)_\(ref.index)"
            b.node("Identity", [v], base: name)
            b.graph.node[b.graph.node.count - 1].output = [name]
            let shape = shapes[ref] ?? []
            b.graph.output.append(valueInfo(name, elemType: .float, shape: shape, names: ["batch"] + (1..<max(1, shape.count)).map { "\(name)_dim\($0)" }))
        }
        var m = Onnx_ModelProto()
        m.irVersion = opset >= 19 ? 9 : 8
        m.producerName = "rnnzoo"
        m.producerVersion = "0.1"
        var set = Onnx_OperatorSetIdProto()
        set.domain = ""
        set.version = Int64(opset)
        m.opsetImport = [set]
        m.graph = b.graph
        return try m.serializedData()
    }

    /// Writes the export of `model` to `url` atomically.
    public static func write(_ model: Model, to url: URL, opset: Int = defaultOpset) throws {
        try AtomicFile.write(try export(model, opset: opset), to: url)
    }

    private static func valueInfo(_ name: String, elemType: Onnx_TensorProto.DataType, shape: [Int?], names: [String]) -> Onnx_ValueInfoProto {
        var t = Onnx_TypeProto.Tensor()
        t.elemType = Int32(elemType.rawValue)
        var s = Onnx_TensorShapeProto()
        s.dim = shape.enumerated().map { i, d in
            var dim = Onnx_TensorShapeProto.Dimension()
            if let d { dim.dimValue = Int64(d) } else { dim.dimParam = names[min(i, names.count - 1)] }
            return dim
        }
        t.shape = s
        var type = Onnx_TypeProto()
        type.tensorType = t
        var v = Onnx_ValueInfoProto()
        v.name = name
        v.type = type
        return v
    }

    /// Keras masks change what recurrent layers and pooling compute; only trailing padding could
    /// map to ONNX `sequence_lens`, and that is not exported yet, so masked models are refused.
    private static func refuseMasks(_ model: Model) throws {
        for layer in model.layers {
            if let e = layer as? Embedding, e.maskZero {
                throw ZooError("\(e.label): mask_zero=True masks padded steps; ONNX sequence_lens reproduces Keras only for trailing padding and is not exported yet")
            }
            if layer is Masking {
                throw ZooError("\(layer.label): masks are not exported to ONNX (sequence_lens matches Keras only for trailing padding)")
            }
        }
    }

    private static func layer(_ layer: Layer, _ x: [String], states: [String], b: inout ONNXGraphBuilder, base: String) throws -> [String] {
        switch layer {
        case let d as Dense:
            return [try dense(d, x[0], b: &b, base: base)]
        case let e as Embedding:
            guard let w = e.embeddings else { throw ZooError("\(e.label): not built") }
            let table = b.floats(base + "/embeddings", shape: w.shape, w.value.scalars)
            return [b.one("Gather", [table, x[0]], base: base, [ONNXGraphBuilder.attribute("axis", int: 0)])]
        case let t as TimeDistributed:
            guard let d = t.inner as? Dense else {
                throw ZooError("\(t.label): TimeDistributed(\(type(of: t.inner).kerasClassName)) is not exported (TimeDistributed(Dense) is)")
            }
            return [try dense(d, x[0], b: &b, base: base)]
        case is Dropout:
            return [x[0]]
        case let p as GlobalAveragePooling1D:
            return [b.reduce("ReduceMean", x[0], axes: [1], keepDims: p.keepDims, base: base)]
        case let bi as Bidirectional:
            return try bidirectional(bi, x[0], b: &b, base: base)
        case let r as AnyRecurrentLayer:
            return try recurrent(r, x[0], states: states, b: &b, base: base)
        case let a as AdditiveAttention:
            return [try attention(x, scale: a.scale?.value, score: .additive, label: a.label, b: &b, base: base)]
        case let a as Attention:
            if a.useCausalMask { throw ZooError("\(a.label): use_causal_mask=True is not exported") }
            let score: AttentionScore = a.concatScore ? .concat(weight: a.concatScoreWeight?.value.scalars.first ?? 1) : .dot
            return [try attention(x, scale: a.scale?.value, score: score, label: a.label, b: &b, base: base)]
        default:
            throw ZooError("\(layer.label): \(type(of: layer).kerasClassName) has no ONNX export")
        }
    }

    private static func dense(_ d: Dense, _ x: String, b: inout ONNXGraphBuilder, base: String) throws -> String {
        guard let k = d.kernel else { throw ZooError("\(d.label): not built") }
        var y = b.one("MatMul", [x, b.floats(base + "/kernel", shape: k.shape, k.value.scalars)], base: base)
        if let bias = d.bias { y = b.one("Add", [y, b.floats(base + "/bias", shape: bias.shape, bias.value.scalars)], base: base) }
        return b.activation(y, d.activation, base: base)
    }

    private static func recurrent(_ r: AnyRecurrentLayer, _ x: String, states: [String], b: inout ONNXGraphBuilder, base: String) throws -> [String] {
        let e = try ONNXRecurrentExport.check(r, label: r.label)
        let out = try e.emit(&b, directions: [r], x: x, initialStates: states, base: base)
        let output = r.returnSequences
            ? b.transpose(b.squeeze(out[0], axes: [1], base: base + "/Y"), [1, 0, 2], base: base + "/batch_major")
            : b.squeeze(out[1], axes: [0], base: base + "/Y_h")
        guard r.returnState else { return [output] }
        return [output] + out.dropFirst().map { b.squeeze($0, axes: [0], base: base + "/state") }
    }

    private static func bidirectional(_ bi: Bidirectional, _ x: String, b: inout ONNXGraphBuilder, base: String) throws -> [String] {
        let e = try ONNXRecurrentExport.check(bi.forward, label: bi.label, insideBidirectional: true)
        _ = try ONNXRecurrentExport.check(bi.backward, label: bi.label, insideBidirectional: true)
        guard !bi.forward.goBackwards, bi.backward.goBackwards, type(of: bi.forward) == type(of: bi.backward) else {
            throw ZooError("\(bi.label): only the standard forward/backward pair of one layer kind is exported")
        }
        if bi.forward.returnState { throw ZooError("\(bi.label): return_state on Bidirectional is not exported") }
        let out = try e.emit(&b, directions: [bi.forward, bi.backward], x: x, initialStates: [], base: base)
        // Y [T, 2, B, H] → [B, T, 2, H]; Y_h [2, B, H] → [B, 2, H]; then merge the direction axis.
        let (both, axis) = bi.forward.returnSequences
            ? (b.transpose(out[0], [2, 0, 1, 3], base: base + "/batch_major"), 2)
            : (b.transpose(out[1], [1, 0, 2], base: base + "/batch_major"), 1)
        switch bi.mergeMode {
        case .concat: return [b.reshape(both, axis == 2 ? [0, 0, -1] : [0, -1], base: base + "/concat")]
        case .sum: return [b.reduce("ReduceSum", both, axes: [axis], keepDims: false, base: base + "/sum")]
        case .mul: return [b.reduce("ReduceProd", both, axes: [axis], keepDims: false, base: base + "/mul")]
        case .ave: return [b.reduce("ReduceMean", both, axes: [axis], keepDims: false, base: base + "/ave")]
        case .none: throw ZooError("\(bi.label): merge_mode=None (two outputs) is not exported")
        }
    }

    enum AttentionScore { case dot, additive, concat(weight: Float) }

    /// Keras Attention / AdditiveAttention on [query, value(, key)] with standard operators.
    private static func attention(_ x: [String], scale: Tensor?, score: AttentionScore, label: String, b: inout ONNXGraphBuilder, base: String) throws -> String {
        let q = x[0], v = x[1], k = x.count > 2 ? x[2] : x[1]
        var scores: String
        switch score {
        case .dot:
            scores = b.one("MatMul", [q, b.transpose(k, [0, 2, 1], base: base + "/key_t")], base: base + "/scores")
            if let scale { scores = b.one("Mul", [scores, b.floats(base + "/scale", shape: [], scale.scalars)], base: base + "/scaled") }
        case .additive, .concat:
            let qe = b.unsqueeze(q, axes: [2], base: base + "/query")   // [B, Tq, 1, D]
            let ke = b.unsqueeze(k, axes: [1], base: base + "/key")     // [B, 1, Tv, D]
            var sum = b.one("Add", [qe, ke], base: base + "/sum")
            if case .concat = score, let scale { sum = b.one("Mul", [sum, b.floats(base + "/scale", shape: [], scale.scalars)], base: base + "/scaled") }
            var t = b.one("Tanh", [sum], base: base)
            if case .additive = score, let scale { t = b.one("Mul", [t, b.floats(base + "/scale", shape: scale.shape, scale.scalars)], base: base + "/scaled") }
            scores = b.reduce("ReduceSum", t, axes: [-1], keepDims: false, base: base + "/scores")
            if case let .concat(w) = score { scores = b.one("Mul", [scores, b.floats(base + "/concat_score_weight", shape: [], [w])], base: base + "/weighted") }
        }
        let weights = b.one("Softmax", [scores], base: base + "/weights", [ONNXGraphBuilder.attribute("axis", int: -1)])
        return b.one("MatMul", [weights, v], base: base + "/output")
    }
}
