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
        let n = t * b, bh = b * hu, extraW = cell.extraWidth
        let lookup = x.lookup.flatMap { l in
            inputDropout == nil && l.rows.count == n && l.table.shape.count == 2 && l.table.shape[1] == inDim
                && l.table.shape[0] * 2 <= n ? l : nil
        }
        let inputs = [lookup?.table ?? x, kernel, recurrentKernel] + (bias.map { [$0] } ?? []) + initialStates
        let training = GradientMode.isEnabled && inputs.contains { $0.requiresGrad }

        // Time-major (processing order) input and mask.
        var maskT: [Bool]?
        if let mask {
            var m = [Bool](repeating: true, count: n)
            for s in 0..<t {
                let src = goBackwards ? t - 1 - s : s
                for i in 0..<b { m[s * b + i] = mask.scalars[i * t + src] != 0 }
            }
            maskT = m
        }
        // Outputs as Keras's TensorFlow backend (and tf_keras) gives them: a masked step repeats
        // the previous step's output, which is zeros before the row's first real step (not the
        // initial state); with zeroOutputForMask every masked step gives zeros. The last output
        // is the final step's. `zeroed[s·B + i]`: the output of step s (processing order) is zeros.
        var zeroed: [Bool]?
        if let maskT {
            var z = [Bool](repeating: false, count: n), started = [Bool](repeating: false, count: b)
            for s in 0..<t {
                for i in 0..<b {
                    if maskT[s * b + i] { started[i] = true } else { z[s * b + i] = zeroOutputForMask || !started[i] }
                }
            }
            zeroed = z
        }
        let lastZeroed = (0..<b).map { i in t > 0 && zeroed?[(t - 1) * b + i] == true }
        // Table row of each (step, batch row) in processing order.
        let tokens = lookup.map { l in
            (0..<n).map { r in l.rows[(r % b) * t + (goBackwards ? t - 1 - r / b : r / b)] }
        }
        let xt = FloatBuffer(uninitializedCount: lookup == nil ? n * inDim : 0)
        if lookup == nil { x.value.withUnsafeBufferPointer { px in
            for s in 0..<t {
                let src = goBackwards ? t - 1 - s : s
                for i in 0..<b {
                    (xt.pointer + (s * b + i) * inDim).update(from: px.baseAddress! + (i * t + src) * inDim, count: inDim)
                    if let inputDropout {
                        for j in 0..<inDim { xt[(s * b + i) * inDim + j] *= inputDropout.scalars[i * inDim + j] }
                    }
                }
            }
        } }
        // Gate buffer: every step's (kept for backward), or one step's for inference from a table.
        let stepStride = training || lookup == nil ? b * g : 0
        let gates = FloatBuffer(uninitializedCount: stepStride == 0 ? b * g : n * g)
        // States before each step and after the last (every step writes all of its row), and the
        // cells' extra values (written by every step that keeps activations).
        let hs = FloatBuffer(uninitializedCount: (t + 1) * bh)
        let cs = FloatBuffer(uninitializedCount: ns == 2 ? (t + 1) * bh : 0)
        let hRecSeq: FloatBuffer? = recurrentDropout == nil ? nil : FloatBuffer(count: n * hu)
        let extra = FloatBuffer(uninitializedCount: (training ? n : b) * extraW)
        let scratch = FloatBuffer(count: b * g)
        if initialStates.count == ns {
            initialStates[0].value.withUnsafeBufferPointer { hs.pointer.update(from: $0.baseAddress!, count: bh) }
            if ns == 2 { initialStates[1].value.withUnsafeBufferPointer { cs.pointer.update(from: $0.baseAddress!, count: bh) } }
        } else {
            hs.pointer.update(repeating: 0, count: bh)
            if ns == 2 { cs.pointer.update(repeating: 0, count: bh) }
        }
        let biasBuf = bias.map { FloatBuffer($0.value.scalars) }
        let kernelBuf = FloatBuffer(kernel.value.scalars)
        let recBuf = FloatBuffer(recurrentKernel.value.scalars)
        let recMask = recurrentDropout.map { FloatBuffer($0.scalars) }
        let forwardPacks = PackedOperandCache()

        // Input projection: of all steps, or of the table's rows, as one GEMM.
        let tableBuf = lookup.map { FloatBuffer($0.table.value.scalars) }
        let projRows = lookup?.table.shape[0] ?? n
        let projection = lookup == nil ? gates : FloatBuffer(uninitializedCount: projRows * g)
        if let biasBuf {
            VectorOps.broadcastRows(biasBuf.pointer, to: projection.pointer, rows: projRows, cols: g, ld: g)
        }
        if projRows > 0 {
            if inDim > 0 {
                Gemm.sgemm(transA: false, transB: false, m: projRows, n: g, k: inDim, alpha: 1, a: tableBuf?.pointer ?? xt.pointer,
                           lda: inDim, b: kernelBuf.pointer, ldb: g, beta: biasBuf == nil ? 0 : 1, c: projection.pointer, ldc: g)
            } else if biasBuf == nil {
                projection.zero()
            }
        }
        let recBias: UnsafePointer<Float>? = cell.recurrentBiasOffset.flatMap { off in biasBuf.map { UnsafePointer($0.pointer + off) } }
        let sliced = cell.runsOnUnitSlices, threads = sliced ? Self.threads(batch: b, units: hu, gates: Cell.gateCount) : 1
        /// The recurrent operand of step s: h_s, or h_s with the recurrent-dropout mask applied.
        func hRecurrent(_ s: Int) -> UnsafePointer<Float> {
            UnsafePointer(hRecSeq.map { $0.pointer + s * bh } ?? hs.pointer + s * bh)
        }
        if let recMask, let hRecSeq { for k in 0..<bh { hRecSeq[k] = hs[k] * recMask[k] } }
        // All steps in one parallel region: thread `tid` owns the units `u` (its columns of every
        // gate block of R packed once) and the threads meet once per step.
        Parallel.run(threads: threads) { tid, count in
            let u = sliced ? Self.unitSlice(tid, of: count, units: hu) : 0..<hu
            let w = u.count, gw = Cell.gateCount * w
            let ownR = sliced && w > 0 ? PackedMatrix(k: hu, gatheringUnits: u, blocks: Cell.gateCount, of: recBuf.pointer, ldb: g, blockWidth: hu) : nil
            let recurrent = FloatBuffer(uninitializedCount: b * gw)
            // Rows of P read in place by the cell, or copied into the gate buffer for it.
            let readsRows = tokens != nil && cell.readsInputRows
            let inputRows = UnsafeMutablePointer<UnsafePointer<Float>?>.allocate(capacity: readsRows ? b : 0)
            defer { inputRows.deallocate() }
            for s in 0..<t {
                let hPrev = hs.pointer + s * bh, hNext = hs.pointer + (s + 1) * bh
                if let tokens {
                    if readsRows {
                        for i in 0..<b { inputRows[i] = UnsafePointer(projection.pointer + tokens[s * b + i] * g) }
                    } else {
                        let z = gates.pointer + s * stepStride
                        Self.forEachUnitSegment(tokens[(s * b)..<(s * b + b)], units: u, blocks: Cell.gateCount, blockWidth: hu) { i, r, col in
                            (z + i * g + col).update(from: projection.pointer + r * g + col, count: w)
                        }
                    }
                }
                var step = CellForwardStep(
                    batch: b, gates: gates.pointer + s * stepStride, hPrev: hPrev, hRec: hRecurrent(s),
                    cPrev: ns == 2 ? UnsafePointer(cs.pointer + s * bh) : nil,
                    h: hNext, c: ns == 2 ? cs.pointer + (s + 1) * bh : nil,
                    extra: extra.pointer + (training ? s * b * extraW : 0), recurrentKernel: recBuf.pointer,
                    packed: forwardPacks, recurrentBias: recBias, scratch: scratch.pointer)
                step.keepsActivations = training
                if readsRows { step.inputRows = UnsafePointer(inputRows) }
                if let ownR {
                    Gemm.sgemm(m: b, alpha: 1, a: step.hRec, lda: hu, b: ownR, beta: 0, c: recurrent.pointer, ldc: gw)
                    cell.forwardUnits(step, units: u, recurrent: recurrent.pointer)
                } else if !sliced {
                    cell.forward(step)
                }
                if let maskT, w > 0 {
                    for i in 0..<b where !maskT[s * b + i] {
                        (hNext + i * hu + u.lowerBound).update(from: hPrev + i * hu + u.lowerBound, count: w)
                        if ns == 2 {
                            (cs.pointer + (s + 1) * bh + i * hu + u.lowerBound).update(from: cs.pointer + s * bh + i * hu + u.lowerBound, count: w)
                        }
                    }
                }
                if let recMask, let hRecSeq, s + 1 < t {
                    let dst = hRecSeq.pointer + (s + 1) * bh
                    for i in 0..<b { for j in u { dst[i * hu + j] = hNext[i * hu + j] * recMask[i * hu + j] } }
                }
                Parallel.barrier(count)
            }
        }

        // Outputs.
        var output: Tensor
        if returnSequences {
            output = Tensor(shape: [b, t, hu])
            output.withUnsafeMutableBufferPointer { po in
                for s in 0..<t {
                    for i in 0..<b where zeroed?[s * b + i] != true {
                        (po.baseAddress! + (i * t + s) * hu).update(from: hs.pointer + (s + 1) * bh + i * hu, count: hu)
                    }
                }
            }
        } else {
            output = hs.tensor([b, hu], offset: t * bh)
            for i in 0..<b where lastZeroed[i] {
                for j in 0..<hu { output.scalars[i * hu + j] = 0 }
            }
        }
        var outs = [output, hs.tensor([b, hu], offset: t * bh)]
        if ns == 2 { outs.append(cs.tensor([b, hu], offset: t * bh)) }
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
            let dhRecBuf = recMask == nil ? nil : FloatBuffer(count: bh)
            let passH = FloatBuffer(count: bh), passC = FloatBuffer(count: bh)
            let backwardPacks = PackedOperandCache()
            // dL/d(h·R) of consecutive steps (cells with a separate one): two buffers, since one
            // thread may start step s − 1 while another still multiplies step s's.
            let dRecs = (0..<2).map { _ in FloatBuffer(count: sliced && cell.separateRecurrentGradient ? b * g : 0) }
            let dP = FloatBuffer(count: tokens == nil ? 0 : projRows * g)
            Parallel.run(threads: threads) { tid, count in
                let u = sliced ? Self.unitSlice(tid, of: count, units: hu) : 0..<hu
                let w = u.count, u0 = u.lowerBound
                let ownRT = sliced && w > 0 ? PackedMatrix(transposed: true, k: g, n: w, b: recBuf.pointer + u0 * g, ldb: g) : nil
                for (q, s) in stride(from: t - 1, through: 0, by: -1).enumerated() {
                    let dh = dhs[q & 1], dhPrev = dhs[1 - (q & 1)], dc = dcs[q & 1], dcPrev = dcs[1 - (q & 1)]
                    if returnSequences, let dOut {
                        for i in 0..<b where zeroed?[s * b + i] != true {
                            VectorOps.add(dOut.pointer + (i * t + s) * hu + u0, into: dh.pointer + i * hu + u0, count: w)
                        }
                    }
                    let masked = maskT.map { m in (0..<b).filter { !m[s * b + $0] } } ?? []
                    for i in masked {
                        for j in i * hu + u0..<i * hu + u0 + w {
                            passH[j] = dh[j]; dh[j] = 0
                            if ns == 2 { passC[j] = dc[j]; dc[j] = 0 }
                        }
                    }
                    let step = CellBackwardStep(
                        batch: b, gates: gates.pointer + s * b * g, extra: extra.pointer + s * b * extraW,
                        hPrev: hs.pointer + s * bh, hRec: hRecurrent(s), cPrev: ns == 2 ? UnsafePointer(cs.pointer + s * bh) : nil,
                        dh: dh.pointer, dc: ns == 2 ? dc.pointer : nil, dhPrev: dhPrev.pointer,
                        dhRec: dhRecBuf?.pointer ?? dhPrev.pointer, dcPrev: ns == 2 ? dcPrev.pointer : nil,
                        recurrentKernel: recBuf.pointer, packed: backwardPacks, scratch: scratch.pointer,
                        recurrentGradient: dRecs[q & 1].pointer)
                    if sliced {
                        if w > 0 { cell.backwardUnits(step, units: u) }
                        Parallel.barrier(count)
                        if let ownRT {
                            Gemm.sgemm(m: b, alpha: 1, a: cell.separateRecurrentGradient ? step.recurrentGradient : step.gates, lda: g,
                                       b: ownRT, beta: dhRecBuf == nil ? 1 : 0, c: step.dhRec + u0, ldc: hu)
                        }
                    } else {
                        dhRecBuf?.zero()
                        cell.backward(step)
                    }
                    if let recMask, let dhRecBuf {
                        for i in 0..<b { for j in i * hu + u0..<i * hu + u0 + w { dhPrev[j] += dhRecBuf[j] * recMask[j] } }
                    }
                    for i in masked {
                        for j in i * hu + u0..<i * hu + u0 + w {
                            dhPrev[j] += passH[j]
                            if ns == 2 { dcPrev[j] += passC[j] }
                        }
                    }
                    if let tokens {
                        Self.forEachUnitSegment(tokens[(s * b)..<(s * b + b)], units: u, blocks: Cell.gateCount, blockWidth: hu) { i, r, col in
                            VectorOps.add(step.gates + i * g + col, into: dP.pointer + r * g + col, count: w)
                        }
                    }
                }
            }
            let dh = dhs[t & 1], dc = dcs[t & 1]
            // Weight gradients over all T·B rows at once.
            let dR = FloatBuffer(count: hu * g), dK = FloatBuffer(count: inDim * g)
            let dBias = FloatBuffer(count: Shape.count(cell.biasShape))
            if n > 0 {
                cell.recurrentGradients(rows: n, hRec: hRecSeq?.pointer ?? hs.pointer, gradGates: gates.pointer,
                                        extra: extra.pointer, dR: dR.pointer,
                                        dRecurrentBias: cell.recurrentBiasOffset.map { dBias.pointer + $0 })
                // The input side: the gates' gradient per step, or summed by table row.
                let dIn = tokens == nil ? gates : dP
                if hasBias { VectorOps.sumRows(dIn.pointer, rows: projRows, cols: g, ld: g, into: dBias.pointer) }
                if inDim > 0 {
                    Gemm.sgemm(transA: true, transB: false, m: inDim, n: g, k: projRows, alpha: 1, a: tableBuf?.pointer ?? xt.pointer,
                               lda: inDim, b: dIn.pointer, ldb: g, beta: 0, c: dK.pointer, ldc: g)
                }
            }
            var dX: Tensor?
            if needX, tokens != nil {
                let dTable = FloatBuffer(count: projRows * inDim)
                if inDim > 0 {
                    Gemm.sgemm(transA: false, transB: true, m: projRows, n: inDim, k: g, alpha: 1, a: dP.pointer, lda: g,
                               b: kernelBuf.pointer, ldb: g, beta: 0, c: dTable.pointer, ldc: inDim)
                }
                dX = dTable.tensor([projRows, inDim])
            } else if needX {
                let dxt = FloatBuffer(count: n * inDim)
                if n > 0, inDim > 0 {
                    Gemm.sgemm(transA: false, transB: true, m: n, n: inDim, k: g, alpha: 1, a: gates.pointer, lda: g,
                               b: kernelBuf.pointer, ldb: g, beta: 0, c: dxt.pointer, ldc: inDim)
                }
                var d = Tensor(shape: [b, t, inDim])
                d.withUnsafeMutableBufferPointer { pd in
                    for s in 0..<t {
                        let dst = goBackwards ? t - 1 - s : s
                        for i in 0..<b {
                            let row = pd.baseAddress! + (i * t + dst) * inDim
                            row.update(from: dxt.pointer + (s * b + i) * inDim, count: inDim)
                            if let inputDropout {
                                for j in 0..<inDim { row[j] *= inputDropout.scalars[i * inDim + j] }
                            }
                        }
                    }
                }
                dX = d
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
