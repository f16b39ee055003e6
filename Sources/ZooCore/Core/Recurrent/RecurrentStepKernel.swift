/// One recurrent layer run one time step at a time for batch 1 (generation), with its state
/// carried between calls. Uses the same cell math as `Recurrence`.
public protocol RecurrentStepping: AnyObject {
    /// Input features I.
    var inputWidth: Int { get }
    /// Units H.
    var units: Int { get }
    /// [H] the current output h.
    var output: UnsafePointer<Float> { get }
    /// Zeroes h (and c).
    func reset()
    /// Advances one step on `x` [I].
    func step(_ x: UnsafePointer<Float>)
    /// The carried states, [H] each (h, then c for LSTM).
    var states: [[Float]] { get set }
}

/// `RecurrentStepping` for a cell kind: copies of kernel [I, G·H], recurrent_kernel [H, G·H]
/// and bias, and the step buffers.
public final class RecurrentStepKernel<Cell: RecurrentCell>: RecurrentStepping {
    let cell: Cell
    public let inputWidth: Int
    public var units: Int { cell.units }
    let kernel: FloatBuffer
    let recurrentKernel: FloatBuffer
    let bias: FloatBuffer?
    /// [2, H] h: the previous and the current state (swapped each step).
    let h: FloatBuffer
    let c: FloatBuffer
    let gates: FloatBuffer
    let extra: FloatBuffer
    let scratch: FloatBuffer
    /// Batch-1 products stream the weights (GEMV) and pack nothing.
    let packed = PackedOperandCache()
    var current = 0

    public init(layer: RecurrentLayer<Cell>) throws {
        guard let k = layer.kernel, let r = layer.recurrentKernel else { throw ZooError("\(layer.label): not built") }
        cell = layer.cell
        inputWidth = k.shape[0]
        kernel = FloatBuffer(k.value.scalars)
        recurrentKernel = FloatBuffer(r.value.scalars)
        bias = layer.bias.map { FloatBuffer($0.value.scalars) }
        let hu = cell.units, g = Cell.gateCount * hu
        h = FloatBuffer(count: 2 * hu)
        c = FloatBuffer(count: 2 * hu)
        gates = FloatBuffer(count: g)
        extra = FloatBuffer(count: max(cell.extraWidth, 1))
        scratch = FloatBuffer(count: g)
    }

    public var output: UnsafePointer<Float> { UnsafePointer(h.pointer + current * units) }

    public func reset() {
        h.zero()
        c.zero()
        current = 0
    }

    public var states: [[Float]] {
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

    public func step(_ x: UnsafePointer<Float>) {
        let hu = units, g = Cell.gateCount * hu
        if let bias { gates.pointer.update(from: bias.pointer, count: g) }
        Gemm.sgemm(transA: false, transB: false, m: 1, n: g, k: inputWidth, alpha: 1, a: x, lda: inputWidth,
                   b: kernel.pointer, ldb: g, beta: bias == nil ? 0 : 1, c: gates.pointer, ldc: g)
        let next = 1 - current
        cell.forward(CellForwardStep(
            batch: 1, gates: gates.pointer, hPrev: h.pointer + current * hu, hRec: h.pointer + current * hu,
            cPrev: Cell.stateCount == 2 ? UnsafePointer(c.pointer + current * hu) : nil,
            h: h.pointer + next * hu, c: Cell.stateCount == 2 ? c.pointer + next * hu : nil,
            extra: extra.pointer, recurrentKernel: recurrentKernel.pointer, packed: packed,
            recurrentBias: cell.recurrentBiasOffset.flatMap { off in bias.map { UnsafePointer($0.pointer + off) } },
            scratch: scratch.pointer))
        current = next
    }
}

extension RecurrentLayer {
    /// A one-step runner over this layer's current weights.
    public func stepKernel() throws -> RecurrentStepping {
        try RecurrentStepKernel(layer: self)
    }
}
