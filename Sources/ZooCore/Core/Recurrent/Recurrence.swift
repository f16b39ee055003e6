/// Runs a `RecurrentCell` over time as ONE autodiff op (forward and backward through time).
///
/// Layout: the batch-major input [B, T, I] is copied once into time-major order (reversed for
/// `go_backwards`, input-dropout mask applied), the input projection of all steps is one GEMM
/// [T·B, I]·[I, G·H], each step adds its recurrent GEMM and the cell's fused gate math, and
/// backward computes dK = Xᵀ·dG and dR = Hᵀ·dG as one GEMM each over all T·B rows.
///
/// When x is an embedding lookup with at most T·B/2 table rows (`EmbeddingLookup`), the table
/// is projected instead, P = E·K + b [V, G·H], each step gathers its rows of P, and backward
/// sums dG by token into dP [V, G·H] (each thread its own columns, step by step) and derives
/// dK = Eᵀ·dP and dE = dP·Kᵀ: the same math with V instead of T·B rows in the three products.
///
/// `callAsFunction` checks the shapes and runs the named steps, forward then (recorded on the
/// tape) backward: input layout and masks (`Recurrence+Layout.swift`), the input projection
/// (`Recurrence+Projection.swift`), the forward loop over time (`Recurrence+TimeLoop.swift`)
/// filling `RecurrenceActivations`, the layer's output; then the backward loop over time, the
/// weight gradients and the input's gradient.
struct Recurrence<Cell: RecurrentCell> {
    var cell: Cell
    /// Process the sequence from the last step to the first; outputs come in processing order.
    var goBackwards = false
    var returnSequences = false
    /// Masked steps output zeros instead of repeating the previous output (Keras sets this for
    /// the layers inside Bidirectional with return_sequences).
    var zeroOutputForMask = false

    init(cell: Cell) {
        self.cell = cell
    }

    /// - Parameters:
    ///   - x: [B, T, I]
    ///   - initialStates: `Cell.stateCount` tensors [B, H], or empty for zeros
    ///   - kernel: [I, G·H]; recurrentKernel: [H, G·H]; bias: `cell.biasShape` or nil
    ///   - mask: [B, T] of 0/1 (1 = step is real), or nil
    ///   - inputDropout: [B, I] multiplier (0 or 1/(1−rate)), or nil
    ///   - recurrentDropout: [B, H] multiplier, or nil
    /// - Returns: [output, h_T (, c_T)] where output is [B, T, H] with `returnSequences`, else
    ///   [B, H]. A masked step keeps the states; its output repeats the previous step's, which is
    ///   zeros before the row's first real step (Keras's TensorFlow backend and tf_keras).
    func callAsFunction(_ x: Variable, initialStates: [Variable], kernel: Variable, recurrentKernel: Variable,
                               bias: Variable?, mask: Tensor?, inputDropout: Tensor?, recurrentDropout: Tensor?,
                               layer: String) throws -> [Variable] {
        let cell = self.cell, goBackwards = self.goBackwards
        let returnSequences = self.returnSequences, zeroOutputForMask = self.zeroOutputForMask
        let hu = cell.units, g = Cell.gateCount * cell.units, ns = Cell.stateCount
        guard x.value.rank == 3 else {
            throw ZooError.shape(layer, expected: "(batch, time, features)", got: x.shape)
        }
        let b = x.shape[0], t = x.shape[1], inDim = x.shape[2]
        guard kernel.shape == [inDim, g] else {
            throw ZooError("\(layer): kernel has shape \(Shape.describe(kernel.shape)) but the input \(Shape.describe(x.shape)) needs \(Shape.describe([inDim, g]))")
        }
        guard recurrentKernel.shape == [hu, g] else {
            throw ZooError.shape("\(layer) recurrent_kernel", expected: Shape.describe([hu, g]), got: recurrentKernel.shape)
        }
        if let bias, bias.shape != cell.biasShape {
            throw ZooError.shape("\(layer) bias", expected: Shape.describe(cell.biasShape), got: bias.shape)
        }
        guard initialStates.isEmpty || initialStates.count == ns else {
            throw ZooError("\(layer): expected \(ns) initial state tensor(s), got \(initialStates.count)")
        }
        for s in initialStates where s.shape != [b, hu] {
            throw ZooError.shape("\(layer) initial state", expected: Shape.describe([b, hu]), got: s.shape)
        }
        if let mask, mask.shape != [b, t] {
            throw ZooError.shape("\(layer) mask", expected: Shape.describe([b, t]), got: mask.shape)
        }
        let n = t * b, bh = b * hu
        let lookup = x.lookup.flatMap { l in
            inputDropout == nil && l.rows.count == n && l.table.shape.count == 2 && l.table.shape[1] == inDim
                && l.table.shape[0] * 2 <= n ? l : nil
        }
        let inputs = [lookup?.table ?? x, kernel, recurrentKernel] + (bias.map { [$0] } ?? []) + initialStates
        let training = GradientMode.isEnabled && inputs.contains { $0.requiresGrad }

        // Input layout and masks, in processing order.
        let maskT = mask.map { Self.timeMajorMask($0, batch: b, time: t, goBackwards: goBackwards) }
        let zeroed = maskT.map { Self.zeroedOutputs($0, batch: b, time: t, zeroOutputForMask: zeroOutputForMask) }
        let lastZeroed = (0..<b).map { i in t > 0 && zeroed?[(t - 1) * b + i] == true }
        let tokens = lookup.map { Self.timeMajorRows($0.rows, batch: b, time: t, goBackwards: goBackwards) }
        let xt = FloatBuffer(uninitializedCount: lookup == nil ? n * inDim : 0)
        if lookup == nil {
            Self.timeMajorInput(x.value, dropout: inputDropout, into: xt.pointer, batch: b, time: t, features: inDim, goBackwards: goBackwards)
        }
        let acts = RecurrenceActivations(batch: b, time: t, units: hu, gateWidth: g, states: ns, extraWidth: cell.extraWidth,
                                         keepsSteps: training, projectedTable: lookup != nil, recurrentDropout: recurrentDropout != nil)
        acts.setInitialStates(initialStates, states: ns)
        let biasBuf = bias.map { FloatBuffer($0.value.scalars) }
        let kernelBuf = FloatBuffer(kernel.value.scalars)
        let recBuf = FloatBuffer(recurrentKernel.value.scalars)
        let recMask = recurrentDropout.map { FloatBuffer($0.scalars) }

        // Input projection: of all steps, or of the table's rows, as one GEMM.
        let tableBuf = lookup.map { FloatBuffer($0.table.value.scalars) }
        let projRows = lookup?.table.shape[0] ?? n
        let projection = lookup == nil ? acts.gates : FloatBuffer(uninitializedCount: projRows * g)
        Self.projectInputs(tableBuf?.pointer ?? xt.pointer, rows: projRows, features: inDim, gateWidth: g,
                           kernel: kernelBuf.pointer, bias: biasBuf?.pointer, into: projection.pointer)
        let recBias: UnsafePointer<Float>? = cell.recurrentBiasOffset.flatMap { off in biasBuf.map { UnsafePointer($0.pointer + off) } }
        let threads = cell.runsOnUnitSlices ? Self.threads(batch: b, units: hu, gates: Cell.gateCount) : 1
        Self.forwardLoop(cell, batch: b, time: t, activations: acts, projection: projection.pointer, tokens: tokens, mask: maskT,
                         recurrentKernel: recBuf.pointer, recurrentBias: recBias, recurrentDropout: recMask?.pointer, threads: threads)

        let output = Self.output(acts.hs, returnSequences: returnSequences, zeroed: zeroed, lastZeroed: lastZeroed, batch: b, time: t, units: hu)
        var outs = [output, acts.hs.tensor([b, hu], offset: t * bh)]
        if ns == 2 { outs.append(acts.cs.tensor([b, hu], offset: t * bh)) }
        guard training else { return outs.map { Variable($0) } }

        let needX = inputs[0].requiresGrad, needStates = initialStates.contains { $0.requiresGrad }
        let hasBias = bias != nil
        return OpNode.record("\(Cell.kerasClassName.lowercased())_sequence", inputs: inputs, outputs: outs) { grads in
            // dL/dh after the step (in) and before it (out) alternate between two buffers by step.
            let dhs = [FloatBuffer(grads[1]?.scalars ?? [Float](repeating: 0, count: bh)), FloatBuffer(count: bh)]
            let dcs = [FloatBuffer(ns == 2 ? (grads[2]?.scalars ?? [Float](repeating: 0, count: bh)) : []), FloatBuffer(count: ns == 2 ? bh : 0)]
            let dOut = grads[0].map { FloatBuffer($0.scalars) }
            if !returnSequences, let dOut {
                for i in 0..<b where !lastZeroed[i] { VectorOps.add(dOut.pointer + i * hu, into: dhs[0].pointer + i * hu, count: hu) }
            }
            let (dh, dc, dP) = Self.backwardLoop(cell, batch: b, time: t, activations: acts, dh: dhs, dc: dcs,
                                                 sequenceGradient: returnSequences ? dOut?.pointer : nil, zeroed: zeroed, mask: maskT,
                                                 tokens: tokens, tableRows: projRows, recurrentKernel: recBuf.pointer,
                                                 recurrentDropout: recMask?.pointer, threads: threads)
            // The input side: the gates' gradient per step, or summed by table row.
            let dIn = tokens == nil ? acts.gates : dP
            let input = tableBuf?.pointer ?? xt.pointer
            let (dK, dR, dBias) = Self.weightGradients(cell, rows: n, hRec: acts.hRecurrent(0), gateGradient: acts.gates.pointer,
                                                       extra: acts.extra.pointer, input: input, inputGradient: dIn.pointer,
                                                       inputRows: projRows, features: inDim, hasBias: hasBias)
            var dX: Tensor?
            if needX {
                let d = Self.inputGradient(dIn.pointer, kernel: kernelBuf.pointer, rows: projRows, features: inDim, gateWidth: g)
                dX = tokens != nil ? d.tensor([projRows, inDim])
                    : Self.batchMajorInputGradient(d.pointer, dropout: inputDropout, batch: b, time: t, features: inDim, goBackwards: goBackwards)
            }
            var result: [Tensor?] = [dX, dK.tensor([inDim, g]), dR.tensor([hu, g])]
            if hasBias { result.append(dBias.tensor(cell.biasShape)) }
            if needStates {
                result.append(dh.tensor([b, hu]))
                if ns == 2 { result.append(dc.tensor([b, hu])) }
            }
            return result
        }
    }

    /// Calls `body(i, r, col)` for each batch row i, its table row r = `rows[i]`, and the first
    /// column `col` of `units` in each of the `blocks` gate blocks of `blockWidth` columns: the
    /// segments a thread owning `units` copies from or adds into the projected table.
    static func forEachUnitSegment(_ rows: ArraySlice<Int>, units: Range<Int>, blocks: Int, blockWidth: Int,
                                   _ body: (_ i: Int, _ r: Int, _ col: Int) -> Void) {
        guard !units.isEmpty else { return }
        for (i, r) in rows.enumerated() {
            for q in 0..<blocks { body(i, r, q * blockWidth + units.lowerBound) }
        }
    }

    /// Threads for the time loop: all cores when a step's recurrent product is large enough.
    static func threads(batch: Int, units: Int, gates: Int) -> Int {
        batch * gates * units * units >= Parallel.minimumRecurrentStepWork ? Gemm.maxThreads : 1
    }

    /// Thread `tid`'s units out of `count` threads: contiguous, boundaries on multiples of 16
    /// (whole SIMD rows) unless the layer is too narrow for that.
    static func unitSlice(_ tid: Int, of count: Int, units: Int) -> Range<Int> {
        let align = units >= 64 * count ? 16 : 1
        func bound(_ i: Int) -> Int { i == count ? units : units * i / count / align * align }
        return bound(tid)..<bound(tid + 1)
    }
}
