import ZooCore

/// Emits a model's layer calls, in execution order, into an ONNX graph. Every Keras tensor
/// becomes an `ONNXValue` (name, static shape, Keras mask). Masks follow the core's rules:
/// Embedding(mask_zero=True) and Masking make one; Dense, Dropout and TimeDistributed pass it
/// on; recurrent layers and Bidirectional read it (each row's real steps gathered to the front,
/// ONNX `sequence_lens` = their count, the outputs put back in time order: `ONNXMaskCompaction`)
/// and pass it on with return_sequences; Attention reads the query and value masks and passes the query's,
/// MultiHeadAttention also the key's and its attention_mask (`ONNXMultiHeadAttentionExport.swift`);
/// GlobalAveragePooling1D averages over the unmasked steps; the merge layers combine them as
/// Keras 3 does (`ONNXMergeExport.swift`, which also refuses what mixes steps in a step graph).
///
/// In a step graph (`stepped`) the model inputs have one time step and every recurrent call runs
/// from explicit state inputs `<layer>_h_in` (`_c_in`) [B, units]; its final states become
/// `stepStates`. Layers that need the whole sequence at once are refused.
struct ONNXGraphEmitter {
    /// A recurrent call of a step graph: its state names ("<layer>_h", "<layer>_c"; the graph
    /// has "<name>_in" inputs and, after `outputStepStates`, "<name>_out" outputs), its final
    /// states [B, units], and the Keras tensors that start it in the whole model (none: zeros).
    struct StepState {
        let names: [String]
        let finals: [ONNXValue]
        let initialStates: [TensorRef]
    }

    var b: ONNXGraphBuilder
    let stepped: Bool
    /// Layers whose softmax is left out so that they give logits (a generator's head).
    let logitLayers: Set<String>
    private(set) var values: [TensorRef: ONNXValue] = [:]
    private(set) var stepStates: [StepState] = []
    /// sequence_lens and float forms of each mask, made once.
    private var maskForms: [String: String] = [:]
    /// The compaction of each mask read by a recurrent layer over a whole sequence, made once.
    private var compactions: [String: ONNXMaskCompaction] = [:]

    init(name: String, opset: Int, stepped: Bool = false, logitLayers: Set<String> = []) {
        b = ONNXGraphBuilder(name: name, opset: opset)
        self.stepped = stepped
        self.logitLayers = logitLayers
    }

    /// Declares a model input as a graph input with its Keras name and dtype (one time step in a
    /// step graph).
    mutating func input(_ input: ModelInput) {
        var shape = input.shape
        if stepped && shape.count > 1 { shape[1] = 1 }
        b.input(input.name, input.dtype == "float32" ? .float : .int32, shape: shape)
        values[TensorRef(layer: input.name)] = ONNXValue(name: input.name, shape: shape, mask: nil)
    }

    /// Emits one call. A call run without masks (`unmasked`) sees its inputs without them (a
    /// recurrent layer then runs over every step: no sequence_lens, no compaction); Keras 3's
    /// unmasked call given initial states still passes its input's mask on (`keepsInputMask`).
    mutating func emit(_ call: LayerCall) throws {
        let given = try call.inputs.map { try value($0, for: call.layer) }
        let x = call.unmasked ? given.map { ONNXValue(name: $0.name, shape: $0.shape, mask: nil) } : given
        let base = "\(call.layer.name)_\(call.callIndex)"
        var outs: [ONNXValue]
        if stepped, let r = call.layer as? AnyRecurrentLayer {
            outs = try step(r, x[0], call: call, base: base)
        } else {
            if stepped { try refuseInStep(call.layer) }
            let states = try call.initialStates.map { try value($0, for: call.layer).name }
            let attentionMask = try call.attentionMask.map { try value($0, for: call.layer) }
            outs = try layer(call.layer, x, states: states, attentionMask: attentionMask, base: base)
        }
        if call.keepsInputMask {
            for (i, mask) in LayerCall.passedMasks(given[0].mask, of: call.layer, outputs: outs.count).enumerated() { outs[i].mask = mask }
        }
        for (i, o) in outs.enumerated() { values[call.output(i)] = o }
    }

    /// Makes the Keras tensor `ref` the graph output `name`.
    mutating func output(_ ref: TensorRef, as name: String) throws {
        guard let v = values[ref] else { throw ZooError("graph '\(b.graph.name)': output \(ref) was not exported") }
        b.output(v.name, as: name, shape: v.shape)
    }

    /// Declares every step state's "<name>_out" graph output (after the model's outputs).
    mutating func outputStepStates() {
        for s in stepStates {
            for (name, v) in zip(s.names, s.finals) { b.output(v.name, as: name + "_out", shape: v.shape) }
        }
    }

    private func value(_ ref: TensorRef, for layer: Layer) throws -> ONNXValue {
        guard let v = values[ref] else { throw ZooError("\(layer.label): input \(ref) was not exported") }
        return v
    }

    /// A step sees one time step: what mixes steps cannot run in it.
    private func refuseInStep(_ layer: Layer) throws {
        switch layer {
        case is Bidirectional, is GlobalAveragePooling1D, is GlobalMaxPooling1D, is Attention, is AdditiveAttention, is MultiHeadAttention:
            throw ZooError("\(layer.label): reads the whole sequence at once; a one-step model cannot run it")
        case is RepeatVector, is Flatten, is Reshape, is Permute:
            throw ZooError("\(layer.label): reshapes the whole sequence at once; a one-step model cannot run it")
        case is Conv1D, is MaxPooling1D, is AveragePooling1D, is Cropping1D, is ZeroPadding1D, is UpSampling1D:
            throw ZooError("\(layer.label): mixes or moves time steps; a one-step model cannot run it")
        default:
            return
        }
    }

    // MARK: Layers

    private mutating func layer(_ layer: Layer, _ x: [ONNXValue], states: [String], attentionMask: ONNXValue? = nil,
                                base: String) throws -> [ONNXValue] {
        let shapes = try layer.outputShapes(inputShapes: x.map(\.shape))
        switch layer {
        case let d as Dense:
            return [ONNXValue(name: try dense(d, x[0].name, logits: logitLayers.contains(d.name), base: base), shape: shapes[0], mask: x[0].mask)]
        case let e as Embedding:
            guard let w = e.embeddings else { throw ZooError("\(e.label): not built") }
            let table = b.floats(base + "/embeddings", shape: w.shape, w.value.scalars)
            let y = b.one("Gather", [table, x[0].name], base: base, [ONNXGraphBuilder.attribute("axis", int: 0)])
            let mask = e.maskZero
                ? b.one("Not", [b.one("Equal", [x[0].name, b.int32Scalar(base + "/padding_id", 0)], base: base + "/padding")], base: base + "/mask")
                : nil
            return [ONNXValue(name: y, shape: shapes[0], mask: mask)]
        case let m as Masking:
            let differs = b.cast(b.one("Not", [b.one("Equal", [x[0].name, b.floats(base + "/mask_value", shape: [], [m.maskValue])], base: base)], base: base),
                                 to: .float, base: base + "/differs")
            let kept = b.reduce("ReduceMax", differs, axes: [-1], keepDims: false, base: base + "/kept")
            let y = b.one("Mul", [x[0].name, b.unsqueeze(kept, axes: [2], base: base + "/kept")], base: base)
            return [ONNXValue(name: y, shape: shapes[0], mask: b.cast(kept, to: .bool, base: base + "/mask"))]
        case let t as TimeDistributed:
            return [try timeDistributed(t, x[0], shape: shapes[0], base: base)]
        case is IdentityAtInference:
            return [x[0]]
        case let p as GlobalAveragePooling1D:
            guard let mask = x[0].mask else {
                return [ONNXValue(name: b.reduce("ReduceMean", x[0].name, axes: [1], keepDims: p.keepDims, base: base), shape: shapes[0], mask: nil)]
            }
            let m = b.unsqueeze(maskFloats(mask), axes: [2], base: base + "/mask")
            let sum = b.reduce("ReduceSum", b.one("Mul", [x[0].name, m], base: base + "/masked"), axes: [1], keepDims: p.keepDims, base: base + "/sum")
            let count = b.reduce("ReduceSum", m, axes: [1], keepDims: p.keepDims, base: base + "/count")
            return [ONNXValue(name: b.one("Div", [sum, count], base: base), shape: shapes[0], mask: nil)]
        case let bi as Bidirectional:
            guard states.isEmpty else { throw ZooError("\(bi.label): initial_state on Bidirectional is not exported") }
            return try bidirectional(bi, x[0], shapes: shapes, base: base)
        case let r as AnyRecurrentLayer:
            let e = try ONNXRecurrentExport.check(r, label: r.label)
            return try recurrent(e, x[0], initialStates: states, shapes: shapes, step: false, base: base).outputs
        case let a as AdditiveAttention:
            if a.useCausalMask { throw ZooError("\(a.label): use_causal_mask=True is not exported") }
            return [try attention(x, scale: a.scale?.value, score: .additive, layer: a, shape: shapes[0], base: base)]
        case let a as MultiHeadAttention:
            return [try multiHeadAttention(a, x, attentionMask: attentionMask, shape: shapes[0], base: base)]
        case let a as Attention:
            if a.useCausalMask { throw ZooError("\(a.label): use_causal_mask=True is not exported") }
            let score: AttentionScore = a.concatScore ? .concat(weight: a.concatScoreWeight?.value.scalars.first ?? 1) : .dot
            return [try attention(x, scale: a.scale?.value, score: score, layer: a, shape: shapes[0], base: base)]
        case is RepeatVector, is Flatten, is Reshape, is Permute, is ActivationLayer:
            return [try shapeLayer(layer, x[0], shape: shapes[0], base: base)]
        case is Conv1D, is MaxPooling1D, is AveragePooling1D, is GlobalMaxPooling1D, is Cropping1D, is ZeroPadding1D, is UpSampling1D:
            return [try timeLayer(layer, x[0], shape: shapes[0], base: base)]
        case let m as Merge:
            return [try elementwiseMerge(m, x, shape: shapes[0], base: base)]
        case let c as Concatenate:
            return [try concatenate(c, x, shape: shapes[0], base: base)]
        case let d as Dot:
            return [try dot(d, x, shape: shapes[0], base: base)]
        case is LayerNormalization, is BatchNormalization:
            return [try normalization(layer, x[0], shape: shapes[0], base: base)]
        default:
            throw ZooError("\(layer.label): \(type(of: layer).kerasClassName) has no ONNX export")
        }
    }

    /// `activation(x·kernel + bias)` on the last axis (any rank); `logits` leaves out a softmax.
    private mutating func dense(_ d: Dense, _ x: String, logits: Bool, base: String) throws -> String {
        guard let k = d.kernel else { throw ZooError("\(d.label): not built") }
        var y = b.one("MatMul", [x, b.floats(base + "/kernel", shape: k.shape, k.value.scalars)], base: base)
        if let bias = d.bias { y = b.one("Add", [y, b.floats(base + "/bias", shape: bias.shape, bias.value.scalars)], base: base) }
        return logits && d.activation == .softmax ? y : b.activation(y, d.activation, base: base)
    }

    /// The wrapped layer on every time step of x [B, T, ...]. Dense and Dropout act on the last
    /// axis, so they take x as it is; any other layer runs on x folded to [B·T, ...] and its
    /// output is unfolded to [B, T, ...]. The inner layer sees no mask; the outer one passes on.
    private mutating func timeDistributed(_ t: TimeDistributed, _ x: ONNXValue, shape: [Int?], base: String) throws -> ONNXValue {
        switch t.inner {
        case let d as Dense:
            return ONNXValue(name: try dense(d, x.name, logits: logitLayers.contains(t.name), base: base), shape: shape, mask: x.mask)
        case is IdentityAtInference:
            return x
        default:
            let innerShape = [x.shape[0].flatMap { b in x.shape[1].map { b * $0 } }] + Array(x.shape.dropFirst(2))
            let outer = b.one("Shape", [x.name], base: base + "/outer_shape")
            let foldedShape = b.one("Concat", [b.int64s(base + "/fold", [-1]), b.slice(outer, from: 2, to: nil, base: base + "/step_shape")],
                                    base: base + "/folded_shape", [ONNXGraphBuilder.attribute("axis", int: 0)])
            let folded = ONNXValue(name: b.one("Reshape", [x.name, foldedShape], base: base + "/fold"), shape: innerShape, mask: nil)
            let y = try layer(t.inner, [folded], states: [], base: base + "/" + t.inner.name)[0]
            let unfoldedShape = b.one("Concat", [b.slice(outer, from: 0, to: 2, base: base + "/batch_time"),
                                                 b.slice(b.one("Shape", [y.name], base: base + "/inner_shape"), from: 1, to: nil, base: base + "/inner_step")],
                                      base: base + "/unfolded_shape", [ONNXGraphBuilder.attribute("axis", int: 0)])
            return ONNXValue(name: b.one("Reshape", [y.name, unfoldedShape], base: base + "/unfold"), shape: shape, mask: x.mask)
        }
    }

    // MARK: Recurrent layers

    /// A recurrent layer over x: Keras's outputs (the sequence or the last output, then the
    /// states with return_state) and the final states [B, units] (all of them for a `step`,
    /// else h and those return_state gives). With a mask, each row's real steps are gathered to
    /// the front and ONNX runs over the first `sequence_lens` of them (the real steps, in time
    /// order; the reverse direction from the last real step); a row without a real step keeps
    /// its initial states (ONNX gives zeros; its outputs stay zeros, as in Keras), and the
    /// sequence goes back in time order with a masked step repeating the last real step's
    /// output, zeros before the first (ONNX knows no masked steps). In a step (one
    /// time step) a masked step keeps the states and outputs the carried h, the previous output:
    /// exact for any mask, except before a row's first real step from non-zero states (Keras
    /// outputs zeros there, which the step cannot tell).
    private mutating func recurrent(_ e: ONNXRecurrentExport, _ x: ONNXValue, initialStates: [String], shapes: [[Int?]],
                                    step: Bool, base: String) throws -> (outputs: [ONNXValue], finals: [ONNXValue]) {
        let r = e.layer
        let lens = x.mask.map { sequenceLengths($0) }
        let compaction = step ? nil : x.mask.map { self.compaction($0) }
        let input = compaction?.front(&b, x.name, base: base) ?? x.name
        let out = try e.emit(&b, directions: [r], x: input, initialStates: initialStates, sequenceLens: lens, base: base)
        var finals = out.dropFirst().prefix(step || r.returnState ? out.count - 1 : 1).map { b.squeeze($0, axes: [0], base: base + "/state") }
        let ranLast = finals[0]
        if let lens, !initialStates.isEmpty {
            let ran = b.unsqueeze(b.one("Greater", [lens, b.int32Scalar(base + "/no_steps", 0)], base: base + "/ran"), axes: [1], base: base + "/ran")
            finals = zip(finals, initialStates).map { b.one("Where", [ran, $0, $1], base: base + "/state_kept") }
        }
        let lastOutput = step ? finals[0] : ranLast
        var output = lastOutput
        if r.returnSequences {
            output = b.transpose(b.squeeze(out[0], axes: [1], base: base + "/Y"), [1, 0, 2], base: base + "/batch_major")
            if let compaction {
                output = compaction.back(&b, output, rank: 3, zeroMasked: false, base: base)
            } else if let mask = x.mask {
                output = b.one("Where", [b.unsqueeze(mask, axes: [2], base: base + "/mask"), output, b.unsqueeze(lastOutput, axes: [1], base: base + "/last")],
                               base: base + "/carried")
            }
        }
        let stateShape = [x.shape[0], e.units]
        let finalValues = finals.map { ONNXValue(name: $0, shape: stateShape, mask: nil) }
        let first = ONNXValue(name: output, shape: shapes[0], mask: r.returnSequences ? x.mask : nil)
        return ([first] + (r.returnState ? finalValues : []), finalValues)
    }

    /// A recurrent call of a step graph: state inputs in, final states recorded for output.
    private mutating func step(_ r: AnyRecurrentLayer, _ x: ONNXValue, call: LayerCall, base: String) throws -> [ONNXValue] {
        let e = try ONNXRecurrentExport.check(r, label: r.label, use: .step)
        if let inside = call.initialStates.first(where: { values[$0] != nil }) {
            throw ZooError("\(r.label): its initial_state \(inside) is computed inside the step; a one-step model cannot run it")
        }
        let key = call.callIndex == 0 ? r.name : "\(r.name)_\(call.callIndex)"
        let names = (r.stateCount == 2 ? ["h", "c"] : ["h"]).map { "\(key)_\($0)" }
        for name in names { b.input(name + "_in", .float, shape: [x.shape[0], e.units]) }
        let shapes = try r.outputShapes(inputShapes: [x.shape])
        let result = try recurrent(e, x, initialStates: names.map { $0 + "_in" }, shapes: shapes, step: true, base: base)
        stepStates.append(StepState(names: names, finals: result.finals, initialStates: call.initialStates))
        return result.outputs
    }

    /// Y [T, 2, B, H] → [B, T, 2, H] (or Y_h [2, B, H] → [B, 2, H]), merged over the direction
    /// axis. With a mask both directions run over each row's real steps gathered to the front
    /// (the backward one from the last real step to the first, as Keras's go_backwards skips the
    /// masked ones), their outputs go back to the real steps' times, and a masked step gives
    /// zeros, as Keras's Bidirectional (zero_output_for_mask) does.
    private mutating func bidirectional(_ bi: Bidirectional, _ x: ONNXValue, shapes: [[Int?]], base: String) throws -> [ONNXValue] {
        let e = try ONNXRecurrentExport.check(bi.forward, label: bi.label, use: .bidirectional)
        _ = try ONNXRecurrentExport.check(bi.backward, label: bi.label, use: .bidirectional)
        guard !bi.forward.goBackwards, bi.backward.goBackwards, type(of: bi.forward) == type(of: bi.backward) else {
            throw ZooError("\(bi.label): only the standard forward/backward pair of one layer kind is exported")
        }
        if bi.forward.returnState { throw ZooError("\(bi.label): return_state on Bidirectional is not exported") }
        let lens = x.mask.map { sequenceLengths($0) }
        let compaction = x.mask.map { self.compaction($0) }
        let input = compaction?.front(&b, x.name, base: base) ?? x.name
        let out = try e.emit(&b, directions: [bi.forward, bi.backward], x: input, initialStates: [], sequenceLens: lens, base: base)
        var (both, axis) = bi.forward.returnSequences
            ? (b.transpose(out[0], [2, 0, 1, 3], base: base + "/batch_major"), 2)
            : (b.transpose(out[1], [1, 0, 2], base: base + "/batch_major"), 1)
        if bi.forward.returnSequences, let compaction { both = compaction.back(&b, both, rank: 4, zeroMasked: true, base: base) }
        let merged: String
        switch bi.mergeMode {
        case .concat: merged = b.reshape(both, axis == 2 ? [0, 0, -1] : [0, -1], base: base + "/concat")
        case .sum: merged = b.reduce("ReduceSum", both, axes: [axis], keepDims: false, base: base + "/sum")
        case .mul: merged = b.reduce("ReduceProd", both, axes: [axis], keepDims: false, base: base + "/mul")
        case .ave: merged = b.reduce("ReduceMean", both, axes: [axis], keepDims: false, base: base + "/ave")
        case .none: throw ZooError("\(bi.label): merge_mode=None (two outputs) is not exported")
        }
        return [ONNXValue(name: merged, shape: shapes[0], mask: bi.forward.returnSequences ? x.mask : nil)]
    }

    // MARK: Masks

    /// The number of real steps per row, int32 [B]: ReduceSum(Cast(mask)) over time.
    private mutating func sequenceLengths(_ mask: String) -> String {
        if let l = maskForms[mask + "#lengths"] { return l }
        let l = b.reduce("ReduceSum", b.cast(mask, to: .int32, base: mask + "/count"), axes: [1], keepDims: false, base: mask + "/sequence_lens")
        maskForms[mask + "#lengths"] = l
        return l
    }

    /// The index tensors that gather each row's real steps to the front and back.
    private mutating func compaction(_ mask: String) -> ONNXMaskCompaction {
        if let c = compactions[mask] { return c }
        let c = ONNXMaskCompaction(&b, mask: mask)
        compactions[mask] = c
        return c
    }

    /// The mask as float [B, T] of 0/1.
    private mutating func maskFloats(_ mask: String) -> String {
        if let f = maskForms[mask + "#floats"] { return f }
        let f = b.cast(mask, to: .float, base: mask + "/float")
        maskForms[mask + "#floats"] = f
        return f
    }

    // MARK: Attention

    enum AttentionScore { case dot, additive, concat(weight: Float) }

    /// Keras Attention / AdditiveAttention on [query, value(, key)] with standard operators; a
    /// masked value step gets its score lowered by 1e9 (as Keras does), a masked query step
    /// outputs zeros, and the query's mask passes on.
    private mutating func attention(_ x: [ONNXValue], scale: Tensor?, score: AttentionScore, layer: Layer, shape: [Int?], base: String) throws -> ONNXValue {
        guard x.count >= 2 else { throw ZooError("\(layer.label): attention needs [query, value(, key)], got \(x.count) input") }
        let q = x[0].name, v = x[1].name, k = x.count > 2 ? x[2].name : x[1].name
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
        if let valueMask = x[1].mask {
            let penalised = b.one("Sub", [scores, b.floats(base + "/mask_penalty", shape: [], [1e9])], base: base + "/penalised")
            scores = b.one("Where", [b.unsqueeze(valueMask, axes: [1], base: base + "/value_mask"), scores, penalised], base: base + "/masked_scores")
        }
        let weights = b.one("Softmax", [scores], base: base + "/weights", [ONNXGraphBuilder.attribute("axis", int: -1)])
        var y = b.one("MatMul", [weights, v], base: base + "/output")
        if let queryMask = x[0].mask {
            y = b.one("Mul", [y, b.unsqueeze(maskFloats(queryMask), axes: [2], base: base + "/query_mask")], base: base + "/masked_output")
        }
        return ONNXValue(name: y, shape: shape, mask: x[0].mask)
    }
}
