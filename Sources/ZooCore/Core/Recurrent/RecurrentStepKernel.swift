/// `RecurrentStepping` for a cell kind. Each slice owns a group of units and its columns of
/// kernel [I, G·H], recurrent_kernel [H, G·H] and the input bias, gathered and packed once
/// (gate-major), so a slice's products are two GEMVs over weights that stay in its core's cache.
/// Every column is summed in the same order whatever the slicing.
final class RecurrentStepKernel<Cell: RecurrentCell>: RecurrentStepping {
    /// The weights and buffers of one group of units.
    final class Slice {
        let units: Range<Int>
        /// Packed [I, G·w] and [H, G·w]: the slice's columns of the kernels, gate-major.
        let kernel: PackedMatrix
        let recurrentKernel: PackedMatrix
        /// [G·w] the slice's columns of the input bias.
        let inputBias: FloatBuffer
        /// [G·w] x·K + b of this step, then h·R.
        let projection: FloatBuffer
        let recurrent: FloatBuffer
        /// [rows, G·w] precomputed x·K + b of the `projectInputs` rows.
        var table: FloatBuffer?

        init(units: Range<Int>, gates: Int, kernel k: FloatBuffer, inputWidth: Int, recurrentKernel r: FloatBuffer,
             hiddenUnits h: Int, bias: FloatBuffer?) {
            self.units = units
            let gw = gates * units.count
            kernel = PackedMatrix(k: inputWidth, gatheringUnits: units, blocks: gates, of: k.pointer, ldb: gates * h, blockWidth: h)
            recurrentKernel = PackedMatrix(k: h, gatheringUnits: units, blocks: gates, of: r.pointer, ldb: gates * h, blockWidth: h)
            inputBias = FloatBuffer(count: gw)
            if let bias {
                for g in 0..<gates { (inputBias.pointer + g * units.count).update(from: bias.pointer + g * h + units.lowerBound, count: units.count) }
            }
            projection = FloatBuffer(count: gw)
            recurrent = FloatBuffer(count: gw)
        }
    }

    let cell: Cell
    let inputWidth: Int
    var units: Int { cell.units }
    let slices: [Slice]
    let recurrentKernel: FloatBuffer
    let bias: FloatBuffer?
    /// The recurrent part of `bias` (GRU reset_after), or nil.
    let recurrentBias: UnsafePointer<Float>?
    /// [2, H] h: the previous and the current state (swapped by `commit`).
    let h: FloatBuffer
    let c: FloatBuffer
    let gates: FloatBuffer
    let extra: FloatBuffer
    let scratch: FloatBuffer
    /// Whole steps of cells that cannot be sliced stream the weights (GEMV) and pack nothing.
    let packed = PackedOperandCache()
    var current = 0

    init(layer: RecurrentLayer<Cell>) throws {
        guard let k = layer.kernel, let r = layer.recurrentKernel else { throw ZooError("\(layer.label): not built") }
        cell = layer.cell
        inputWidth = k.shape[0]
        let hu = cell.units, g = Cell.gateCount * hu
        let kernel = FloatBuffer(k.value.scalars)
        recurrentKernel = FloatBuffer(r.value.scalars)
        let biasBuf = layer.bias.map { FloatBuffer($0.value.scalars) }, recBuf = recurrentKernel
        bias = biasBuf
        recurrentBias = cell.recurrentBiasOffset.flatMap { off in biasBuf.map { UnsafePointer($0.pointer + off) } }
        let count = cell.runsOnUnitSlices && g * (hu + inputWidth) >= Parallel.minimumRecurrentStepWork ? min(Gemm.maxThreads, hu) : 1
        slices = (0..<count).map { [cell] t in
            Slice(units: Recurrence<Cell>.unitSlice(t, of: count, units: hu), gates: Cell.gateCount, kernel: kernel,
                  inputWidth: k.shape[0], recurrentKernel: recBuf, hiddenUnits: cell.units, bias: biasBuf)
        }
        h = FloatBuffer(count: 2 * hu)
        c = FloatBuffer(count: 2 * hu)
        gates = FloatBuffer(count: g)
        extra = FloatBuffer(count: max(cell.extraWidth, 1))
        scratch = FloatBuffer(count: g)
    }

    var output: UnsafePointer<Float> { UnsafePointer(h.pointer + current * units) }
    var pendingOutput: UnsafePointer<Float> { UnsafePointer(h.pointer + (1 - current) * units) }
    var sliceCount: Int { slices.count }

    func reset() {
        h.zero()
        c.zero()
        current = 0
    }

    var states: [[Float]] {
        get {
            let hu = units
            let hs = Array(UnsafeBufferPointer(start: h.pointer + current * hu, count: hu))
            return Cell.stateCount == 2 ? [hs, Array(UnsafeBufferPointer(start: c.pointer + current * hu, count: hu))] : [hs]
        }
        set {
            let hu = units
            for (i, s) in newValue.prefix(Cell.stateCount).enumerated() where s.count == hu {
                s.withUnsafeBufferPointer { (i == 0 ? h : c).pointer.update(from: $0.baseAddress!, count: hu) }
            }
            current = 0
        }
    }

    func projectInputs(_ rows: UnsafePointer<Float>, count: Int, budget: Int) -> Bool {
        guard count * Cell.gateCount * units <= budget else { return false }
        for slice in slices {
            let gw = slice.inputBias.count
            let table = FloatBuffer(count: count * gw)
            for i in 0..<count { project(rows + i * inputWidth, slice, into: table.pointer + i * gw) }
            slice.table = table
        }
        return true
    }

    /// y [G·w] = x·K_slice + b_slice, the GEMV a whole step runs, restricted to the slice's columns.
    private func project(_ x: UnsafePointer<Float>, _ slice: Slice, into y: UnsafeMutablePointer<Float>) {
        let gw = slice.inputBias.count
        y.update(from: slice.inputBias.pointer, count: gw)
        Gemm.sgemv(x: x, b: slice.kernel, y: y)
    }

    func stepSlice(_ index: Int, input: StepInput) {
        let slice = slices[index], hu = units, u = slice.units, w = u.count
        var projected = UnsafePointer(slice.projection.pointer)
        switch input {
        case let .vector(x): project(x, slice, into: slice.projection.pointer)
        case let .projectedRow(i): projected = UnsafePointer(slice.table!.pointer + i * Cell.gateCount * w)
        }
        for g in 0..<Cell.gateCount { (gates.pointer + g * hu + u.lowerBound).update(from: projected + g * w, count: w) }
        let next = 1 - current, hPrev = UnsafePointer(h.pointer + current * hu)
        var step = CellForwardStep(
            batch: 1, gates: gates.pointer, hPrev: hPrev, hRec: hPrev,
            cPrev: Cell.stateCount == 2 ? UnsafePointer(c.pointer + current * hu) : nil,
            h: h.pointer + next * hu, c: Cell.stateCount == 2 ? c.pointer + next * hu : nil,
            extra: extra.pointer, recurrentKernel: recurrentKernel.pointer, packed: packed,
            recurrentBias: recurrentBias, scratch: scratch.pointer)
        step.keepsActivations = false
        guard cell.runsOnUnitSlices else { return cell.forward(step) }
        slice.recurrent.zero()
        // Every other step reads the recurrent kernel backwards: a slice's kernel a little larger
        // than its core's L2 (W5's 512 KB on a 512 KB L2) then mostly hits the lines read last.
        Gemm.sgemv(x: hPrev, b: slice.recurrentKernel, y: slice.recurrent.pointer, descending: current == 1)
        cell.forwardUnits(step, units: u, recurrent: slice.recurrent.pointer)
    }

    func commit() {
        current = 1 - current
    }
}

extension RecurrentLayer: StepKernelSource {
    /// A one-step runner over this layer's current weights.
    func stepKernel() throws -> RecurrentStepping {
        try RecurrentStepKernel(layer: self)
    }
}
