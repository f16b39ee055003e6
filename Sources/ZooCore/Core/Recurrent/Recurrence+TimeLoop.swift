/// The loops over time of `Recurrence`, forward and backward, each in one parallel region:
/// thread `tid` owns the units `u` (with `runsOnUnitSlices`; else one thread runs whole steps),
/// its columns of every gate block of R packed once, and the threads meet once per step.
/// B batch rows, T steps, H units, G·H gate columns; (step, row) pairs in processing order.
extension Recurrence {
    /// Forward: T steps of the cell from the states in step 0 of `a.hs` / `a.cs`. A masked row
    /// keeps its states.
    /// - Parameters:
    ///   - a: in: h₀ (c₀), and x·K + input bias of every step in `a.gates` unless `tokens`;
    ///     out: every step's states, and with `a.keepsSteps` its activated gates and extra values
    ///   - projection: [V, G·H] x·K + input bias of the embedding table's rows (with `tokens`)
    ///   - tokens: [T·B] the table row of each (step, row), or nil
    ///   - mask: [T·B] whether each (step, row) is real, or nil
    ///   - recurrentKernel: [H, G·H]
    ///   - recurrentBias: [G·H] (GRU reset_after), or nil
    ///   - recurrentDropout: [B, H] multiplier, or nil
    ///   - threads: from `threads(batch:units:gates:)` when the cell `runsOnUnitSlices`, else 1
    static func forwardLoop(_ cell: Cell, batch b: Int, time t: Int, activations a: RecurrenceActivations,
                            projection: UnsafePointer<Float>, tokens: [Int]?, mask maskT: [Bool]?,
                            recurrentKernel: UnsafePointer<Float>, recurrentBias: UnsafePointer<Float>?,
                            recurrentDropout recMask: UnsafePointer<Float>?, threads: Int) {
        let hu = cell.units, g = Cell.gateCount * hu, ns = Cell.stateCount, bh = b * hu, extraW = cell.extraWidth
        let sliced = cell.runsOnUnitSlices, training = a.keepsSteps, stepStride = a.stepStride
        let gates = a.gates, hs = a.hs, cs = a.cs, extra = a.extra
        let forwardPacks = PackedOperandCache()
        if let recMask, let hRecSeq = a.hRecSeq { for k in 0..<bh { hRecSeq[k] = hs[k] * recMask[k] } }
        Parallel.run(threads: threads) { tid, count in
            let u = sliced ? Self.unitSlice(tid, of: count, units: hu) : 0..<hu
            let w = u.count, gw = Cell.gateCount * w
            let ownR = sliced && w > 0 ? PackedMatrix(k: hu, gatheringUnits: u, blocks: Cell.gateCount, of: recurrentKernel, ldb: g, blockWidth: hu) : nil
            let recurrent = FloatBuffer(uninitializedCount: b * gw)
            // Rows of P read in place by the cell, or copied into the gate buffer for it.
            let readsRows = tokens != nil && cell.readsInputRows
            let inputRows = UnsafeMutablePointer<UnsafePointer<Float>?>.allocate(capacity: readsRows ? b : 0)
            defer { inputRows.deallocate() }
            for s in 0..<t {
                let hPrev = hs.pointer + s * bh, hNext = hs.pointer + (s + 1) * bh
                if let tokens {
                    if readsRows {
                        for i in 0..<b { inputRows[i] = projection + tokens[s * b + i] * g }
                    } else {
                        let z = gates.pointer + s * stepStride
                        Self.forEachUnitSegment(tokens[(s * b)..<(s * b + b)], units: u, blocks: Cell.gateCount, blockWidth: hu) { i, r, col in
                            (z + i * g + col).update(from: projection + r * g + col, count: w)
                        }
                    }
                }
                var step = CellForwardStep(
                    batch: b, gates: gates.pointer + s * stepStride, hPrev: hPrev, hRec: a.hRecurrent(s),
                    cPrev: ns == 2 ? UnsafePointer(cs.pointer + s * bh) : nil,
                    h: hNext, c: ns == 2 ? cs.pointer + (s + 1) * bh : nil,
                    extra: extra.pointer + (training ? s * b * extraW : 0), recurrentKernel: recurrentKernel,
                    packed: forwardPacks, recurrentBias: recurrentBias, scratch: a.scratch.pointer)
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
                if let recMask, let hRecSeq = a.hRecSeq, s + 1 < t {
                    let dst = hRecSeq.pointer + (s + 1) * bh
                    for i in 0..<b { for j in u { dst[i * hu + j] = hNext[i * hu + j] * recMask[i * hu + j] } }
                }
                Parallel.barrier(count)
            }
        }
    }

    /// Backward: the T steps in reverse, each the cell's backward step and dL/dh through R. A
    /// masked row passes dL/dh (dL/dc) to the step before unchanged.
    /// - Parameters:
    ///   - a: the forward's activations (with `keepsSteps`); `a.gates` in: the activated gates,
    ///     out: dL/d(x·K + input bias) of every step; `a.extra` may be overwritten for
    ///     `RecurrentCell.recurrentGradients`
    ///   - dhs, dcs: two [B, H] each (dcs empty for one state); dhs[0] (dcs[0]) in: dL/dh_T
    ///     (dL/dc_T); they alternate by step
    ///   - sequenceGradient: [B, T, H] dL/d(output) of a sequence output, or nil
    ///   - zeroed: [T·B] the outputs that are zeros (get no gradient), or nil
    ///   - mask: [T·B] whether each (step, row) is real, or nil
    ///   - tokens: [T·B] the table row of each (step, row), or nil
    ///   - tableRows: V, the rows of dP (with `tokens`)
    ///   - recurrentKernel: [H, G·H]
    ///   - recurrentDropout: [B, H] multiplier, or nil
    ///   - threads: as forward
    /// - Returns: dL/dh₀ [B, H], dL/dc₀ [B, H] (one of `dhs`, `dcs`), and with `tokens`
    ///   dP [V, G·H], dL/d(x·K + input bias) summed by table row (each thread its own columns,
    ///   step by step), else empty
    static func backwardLoop(_ cell: Cell, batch b: Int, time t: Int, activations a: RecurrenceActivations,
                             dh dhs: [FloatBuffer], dc dcs: [FloatBuffer], sequenceGradient dOut: UnsafePointer<Float>?,
                             zeroed: [Bool]?, mask maskT: [Bool]?, tokens: [Int]?, tableRows projRows: Int,
                             recurrentKernel: UnsafePointer<Float>, recurrentDropout recMask: UnsafePointer<Float>?,
                             threads: Int) -> (dh: FloatBuffer, dc: FloatBuffer, dP: FloatBuffer) {
        let hu = cell.units, g = Cell.gateCount * hu, ns = Cell.stateCount, bh = b * hu, extraW = cell.extraWidth
        let sliced = cell.runsOnUnitSlices, gates = a.gates, hs = a.hs, cs = a.cs, extra = a.extra
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
            let ownRT = sliced && w > 0 ? PackedMatrix(transposed: true, k: g, n: w, b: recurrentKernel + u0 * g, ldb: g) : nil
            for (q, s) in stride(from: t - 1, through: 0, by: -1).enumerated() {
                let dh = dhs[q & 1], dhPrev = dhs[1 - (q & 1)], dc = dcs[q & 1], dcPrev = dcs[1 - (q & 1)]
                if let dOut {
                    for i in 0..<b where zeroed?[s * b + i] != true {
                        VectorOps.add(dOut + (i * t + s) * hu + u0, into: dh.pointer + i * hu + u0, count: w)
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
                    hPrev: hs.pointer + s * bh, hRec: a.hRecurrent(s), cPrev: ns == 2 ? UnsafePointer(cs.pointer + s * bh) : nil,
                    dh: dh.pointer, dc: ns == 2 ? dc.pointer : nil, dhPrev: dhPrev.pointer,
                    dhRec: dhRecBuf?.pointer ?? dhPrev.pointer, dcPrev: ns == 2 ? dcPrev.pointer : nil,
                    recurrentKernel: recurrentKernel, packed: backwardPacks, scratch: a.scratch.pointer,
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
        return (dhs[t & 1], dcs[t & 1], dP)
    }
}
