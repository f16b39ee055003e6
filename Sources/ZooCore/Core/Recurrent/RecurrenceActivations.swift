/// The buffers `Recurrence`'s forward loop fills and its backward loop reads, row-major in
/// processing order, for B batch rows, T steps, H units and G·H gate columns.
struct RecurrenceActivations {
    /// [T, B, G·H]: each step's x·K + input bias, then its activated gates, then (backward)
    /// dL/d(x·K + input bias); or [B, G·H] for one step at a time (`stepStride` 0: inference
    /// from a projected table, whose rows the steps read in place or copy in).
    let gates: FloatBuffer
    /// Floats from one step's gates to the next: B·G·H, or 0.
    let stepStride: Int
    /// [T + 1, B, H] h before each step and after the last (every step writes all of its rows).
    let hs: FloatBuffer
    /// [T + 1, B, H] c likewise (cells with two states), else empty.
    let cs: FloatBuffer
    /// [T, B, H] each step's h times the recurrent-dropout mask, or nil without recurrent dropout.
    let hRecSeq: FloatBuffer?
    /// [T, B, extraWidth] the cells' extra values of every step when `keepsSteps`, else [B, extraWidth].
    let extra: FloatBuffer
    /// [B, G·H] the cells' workspace.
    let scratch: FloatBuffer
    /// Whether every step's activated gates and extra values are kept (for backward).
    let keepsSteps: Bool
    /// B·H: the floats of one step's h (or c).
    let stepSize: Int

    /// - Parameters:
    ///   - keepsSteps: training (backward will run)
    ///   - projectedTable: the steps read x·K + b from a projected embedding table, not from `gates`
    ///   - recurrentDropout: whether `hRecSeq` is needed
    init(batch b: Int, time t: Int, units hu: Int, gateWidth g: Int, states ns: Int, extraWidth: Int,
         keepsSteps: Bool, projectedTable: Bool, recurrentDropout: Bool) {
        let n = t * b, bh = b * hu
        stepStride = keepsSteps || !projectedTable ? b * g : 0
        gates = FloatBuffer(uninitializedCount: stepStride == 0 ? b * g : n * g)
        hs = FloatBuffer(uninitializedCount: (t + 1) * bh)
        cs = FloatBuffer(uninitializedCount: ns == 2 ? (t + 1) * bh : 0)
        hRecSeq = recurrentDropout ? FloatBuffer(count: n * hu) : nil
        extra = FloatBuffer(uninitializedCount: (keepsSteps ? n : b) * extraWidth)
        scratch = FloatBuffer(count: b * g)
        self.keepsSteps = keepsSteps
        stepSize = bh
    }

    /// Writes the states before step 0: `initial` ([B, H] each, h then c) when it holds `ns`
    /// tensors, else zeros.
    func setInitialStates(_ initial: [Variable], states ns: Int) {
        if initial.count == ns {
            initial[0].value.withUnsafeBufferPointer { hs.pointer.update(from: $0.baseAddress!, count: stepSize) }
            if ns == 2 { initial[1].value.withUnsafeBufferPointer { cs.pointer.update(from: $0.baseAddress!, count: stepSize) } }
        } else {
            hs.pointer.update(repeating: 0, count: stepSize)
            if ns == 2 { cs.pointer.update(repeating: 0, count: stepSize) }
        }
    }

    /// [B, H] the recurrent operand of step s: h_s, or h_s with the recurrent-dropout mask applied.
    func hRecurrent(_ s: Int) -> UnsafePointer<Float> {
        UnsafePointer(hRecSeq.map { $0.pointer + s * stepSize } ?? hs.pointer + s * stepSize)
    }
}
