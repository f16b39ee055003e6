import ZooCore

/// A recurrent layer whose cell declares a `RecurrentONNXOperator` (the LSTM, GRU and SimpleRNN
/// plugins' cells; Bidirectional over them) as that native ONNX operator
/// (../shared/fixtures/KERAS_LAYOUTS.md): weights transposed to [directions, gates·units,
/// features] with the gate blocks in the operator's order (the cell's `gateOrder`: LSTM's Keras
/// i,f,c,o as ONNX i,o,f,c), the cell's attributes (GRU's `linear_before_reset` = Keras
/// `reset_after`), the input bias as `Wb` and the recurrent bias (GRU reset_after) as `Rb`. The
/// ONNX operators run time-major, so the batch-major Keras tensors are transposed around them.
struct ONNXRecurrentExport {
    /// The operator, its ONNX gate order as indices into Keras's gate blocks, and the weights.
    struct Direction {
        var kernel: Tensor        // [features, gates·units]
        var recurrent: Tensor     // [units, gates·units]
        var inputBias: [Float]?   // [gates·units]
        var recurrentBias: [Float]?
    }

    let layer: AnyRecurrentLayer
    let label: String
    /// What the layer's cell declares of the ONNX operator.
    let onnx: RecurrentONNXOperator

    var op: String { onnx.opType }
    var units: Int { layer.units }
    /// ONNX gate block g takes Keras block gateOrder[g].
    var gateOrder: [Int] { onnx.gateOrder }

    /// Where the layer runs: over a whole sequence, as a member of a Bidirectional (whose
    /// backward member's reversed outputs Keras puts back in time order, as ONNX does), or one
    /// time step with explicit state inputs and outputs.
    enum Use { case sequence, bidirectional, step }

    /// Refuses what the operator cannot reproduce. A step carries its state explicitly, so
    /// `stateful` layers step; `go_backwards` reads the sequence from its end, so they cannot.
    static func check(_ layer: AnyRecurrentLayer, label: String, use: Use = .sequence) throws -> ONNXRecurrentExport {
        guard let onnx = layer.onnxOperator else {
            throw ZooError("\(label): no native ONNX operator for \(type(of: layer).kerasClassName)")
        }
        if use == .step {
            if layer.goBackwards {
                throw ZooError("\(label): go_backwards=True reads the sequence from its end; a one-step model cannot run it")
            }
            return ONNXRecurrentExport(layer: layer, label: label, onnx: onnx)
        }
        if layer.stateful {
            throw ZooError("\(label): stateful=True carries state between calls, which one ONNX graph cannot; export a stateless copy")
        }
        if layer.goBackwards && layer.returnSequences && use == .sequence {
            throw ZooError("\(label): go_backwards=True with return_sequences returns the outputs in reversed order, which ONNX's reverse direction does not; not exported")
        }
        return ONNXRecurrentExport(layer: layer, label: label, onnx: onnx)
    }

    /// Activations attribute (ONNX names) and the alpha/beta lists HardSigmoid consumes.
    func activations() throws -> (names: [String], alpha: [Float], beta: [Float]) {
        var names: [String] = [], alpha: [Float] = [], beta: [Float] = []
        for f in onnx.activations {
            switch f {
            case .tanh: names.append("Tanh")
            case .sigmoid: names.append("Sigmoid")
            case .relu: names.append("Relu")
            case let .hardSigmoid(a):
                names.append("HardSigmoid")
                alpha.append(a)
                beta.append(0.5)
            case .linear, .softmax, .elu, .selu, .softplus, .softsign, .relu6, .exponential, .leakyRelu, .logSoftmax, .gelu, .silu, .hardSilu, .mish, .celu, .hardTanh,
                 .logSigmoid, .softShrink, .hardShrink, .sparsePlus, .sparseSigmoid, .tanhShrink, .squareplus:
                throw ZooError("\(label): activation '\(f.kerasName)' has no ONNX recurrent equivalent")
            }
        }
        return (names, alpha, beta)
    }

    func direction(_ l: AnyRecurrentLayer) throws -> Direction {
        let w = l.weights
        guard w.count >= 2 else { throw ZooError("\(label): not built") }
        var d = Direction(kernel: w[0].value, recurrent: w[1].value, inputBias: nil, recurrentBias: nil)
        if w.count > 2 {
            let b = w[2].value
            if b.rank == 2 {
                let n = b.shape[1]
                d.inputBias = Array(b.scalars[0..<n])
                d.recurrentBias = Array(b.scalars[n..<(2 * n)])
            } else {
                d.inputBias = b.scalars
            }
        }
        return d
    }

    /// [gates·units, rows] with ONNX gate order, from a Keras [rows, gates·units] matrix.
    func onnxMatrix(_ t: Tensor) -> [Float] {
        let rows = t.shape[0], cols = t.shape[1], h = units
        var out = [Float](repeating: 0, count: rows * cols)
        for (g, k) in gateOrder.enumerated() {
            for j in 0..<h {
                for r in 0..<rows { out[(g * h + j) * rows + r] = t.scalars[r * cols + k * h + j] }
            }
        }
        return out
    }

    func onnxVector(_ v: [Float]?) -> [Float] {
        let h = units
        guard let v else { return [Float](repeating: 0, count: gateOrder.count * h) }
        return gateOrder.flatMap { k in v[(k * h)..<((k + 1) * h)] }
    }

    /// Emits the operator for `directions` (one, or forward and backward) over the batch-major
    /// `x` [B, T, F] with optional Keras initial states [B, H] and `sequenceLens` (int32 [B]);
    /// returns ONNX's Y [T, dirs, B, H], Y_h [dirs, B, H] (and Y_c).
    func emit(_ b: inout ONNXGraphBuilder, directions: [AnyRecurrentLayer], x: String, initialStates: [String],
              sequenceLens: String?, base: String) throws -> [String] {
        let dirs = try directions.map(direction)
        let features = dirs[0].kernel.shape[0], g = gateOrder.count, h = units
        let W = b.floats(base + "/W", shape: [dirs.count, g * h, features], dirs.flatMap { onnxMatrix($0.kernel) })
        let R = b.floats(base + "/R", shape: [dirs.count, g * h, h], dirs.flatMap { onnxMatrix($0.recurrent) })
        let hasBias = dirs.contains { $0.inputBias != nil }
        let B = hasBias ? b.floats(base + "/B", shape: [dirs.count, 2 * g * h], dirs.flatMap { onnxVector($0.inputBias) + onnxVector($0.recurrentBias) }) : ""
        var inputs = [b.transpose(x, [1, 0, 2], base: base + "/time_major"), W, R, B, sequenceLens ?? ""]
        if !initialStates.isEmpty {
            guard directions.count == 1 else { throw ZooError("\(label): initial_state on a Bidirectional layer is not exported") }
            inputs += initialStates.map { b.unsqueeze($0, axes: [0], base: base + "/initial_state") }
        }
        while inputs.last == "" { inputs.removeLast() }
        let acts = try activations()
        var attributes = [ONNXGraphBuilder.attribute("hidden_size", int: h),
                          ONNXGraphBuilder.attribute("direction", string: directions.count == 2 ? "bidirectional" : (layer.goBackwards ? "reverse" : "forward")),
                          ONNXGraphBuilder.attribute("activations", strings: directions.count == 2 ? acts.names + acts.names : acts.names)]
        if !acts.alpha.isEmpty {
            let twice = directions.count == 2 ? 2 : 1
            attributes.append(ONNXGraphBuilder.attribute("activation_alpha", floats: Array([[Float]](repeating: acts.alpha, count: twice).joined())))
            attributes.append(ONNXGraphBuilder.attribute("activation_beta", floats: Array([[Float]](repeating: acts.beta, count: twice).joined())))
        }
        for (name, value) in onnx.intAttributes.sorted(by: { $0.key < $1.key }) {
            attributes.append(ONNXGraphBuilder.attribute(name, int: value))
        }
        return b.node(op, inputs, outputs: 1 + layer.stateCount, base: base, attributes)
    }
}
