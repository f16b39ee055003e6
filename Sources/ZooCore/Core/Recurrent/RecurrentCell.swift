/// The per-step math of one recurrent cell kind (SimpleRNN, LSTM, GRU) over a whole batch.
/// `Recurrence` runs a cell over time the cuDNN way: the input projection of every step is one
/// GEMM done before the loop, each step adds one recurrent GEMM and fused gate math, and the
/// backward pass mirrors it (per-step GEMM for dh, one GEMM each for dK and dR at the end).
///
/// Notation: B batch rows, H units, G gate blocks (`gateCount`), I input features.
/// Weights as Keras stores them: kernel [I, G·H], recurrent_kernel [H, G·H], bias `biasShape`.
public protocol RecurrentCell: Sendable {
    /// Keras class name of the layer that runs this cell over time ("LSTM").
    static var kerasClassName: String { get }
    /// Keras name of the cell, used in weight paths ("lstm_cell").
    static var kerasCellName: String { get }
    /// Gate blocks G along the last axis of kernel / recurrent_kernel.
    static var gateCount: Int { get }
    /// 1 (h) or 2 (h, c).
    static var stateCount: Int { get }

    var units: Int { get }
    var activation: Activation { get }
    var useBias: Bool { get }
    /// Shape of the `bias` weight.
    var biasShape: [Int] { get }
    /// Offset of the recurrent bias inside `bias` (GRU `reset_after`), nil when there is none.
    var recurrentBiasOffset: Int? { get }
    /// Floats per batch row and step kept for backward besides the gate buffer.
    var extraWidth: Int { get }
    /// How ONNX's native recurrent operator computes this cell, or nil when none does.
    var onnxOperator: RecurrentONNXOperator? { get }

    /// Reads the cell options of a Keras layer config.
    init(config: LayerConfig) throws
    /// Writes the cell options into a Keras layer config.
    func writeConfig(into config: inout LayerConfig)
    /// Initial value of `bias` (LSTM `unit_forget_bias` puts ones in the f block).
    func initialBias(using rng: inout SeededGenerator) -> Tensor

    /// One step forward. See `CellForwardStep` for the buffers.
    func forward(_ s: CellForwardStep)
    /// One step backward. See `CellBackwardStep` for the buffers.
    func backward(_ s: CellBackwardStep)
    /// Whether the step's math, given the recurrent product h·R, is independent per unit (all
    /// but GRU with reset_after false, whose candidate needs the whole r·h first). `Recurrence`
    /// then runs the steps in one parallel region: each thread owns a slice of the units, its
    /// own columns of R packed once, and the threads meet once per step.
    var runsOnUnitSlices: Bool { get }
    /// Whether dL/d(h·R) differs from dL/d(gates) (then `backwardUnits` writes it to
    /// `CellBackwardStep.recurrentGradient`; else the gates' gradient is multiplied by Rᵀ).
    var separateRecurrentGradient: Bool { get }
    /// Whether `forward` and `forwardUnits` read x·K + b from `CellForwardStep.inputRows` when
    /// it is set (else `Recurrence` copies those rows into `gates` first).
    var readsInputRows: Bool { get }
    /// The gate math of one step for the units U (when `runsOnUnitSlices`). `recurrent`
    /// [B, G·|U|]: hRec·R restricted to the columns of U, gate-major (block g holds gate g of U).
    /// Writes the activated gates of U in `s.gates`, and U's columns of h, c and extra.
    func forwardUnits(_ s: CellForwardStep, units: Range<Int>, recurrent: UnsafePointer<Float>)
    /// The backward gate math of one step for the units U: U's columns of dL/d(gates) (in
    /// `s.gates`), of dL/d(h·R) when `separateRecurrentGradient`, of dhPrev (its direct part,
    /// overwritten) and dcPrev. The caller then adds dL/d(h·R)·Rᵀ into dhRec.
    func backwardUnits(_ s: CellBackwardStep, units: Range<Int>)
    /// After the time loop: accumulates dR [H, G·H] (and the recurrent bias gradient) over all
    /// N = T·B rows: `hRec` [N, H], the saved `gradGates` [N, G·H] and `extra` [N, extraWidth].
    func recurrentGradients(rows n: Int, hRec: UnsafePointer<Float>, gradGates: UnsafePointer<Float>,
                            extra: UnsafePointer<Float>, dR: UnsafeMutablePointer<Float>,
                            dRecurrentBias: UnsafeMutablePointer<Float>?)
}

/// Buffers of one forward step (all row-major, B rows).
public struct CellForwardStep {
    public var batch: Int
    /// [B, G·H] in: x·K + input bias of this step (unless `inputRows`). Out: the activated
    /// gates (kept for backward).
    public var gates: UnsafeMutablePointer<Float>
    /// B pointers to rows [G·H] of x·K + input bias (rows of a projected embedding table), or
    /// nil when they are in `gates`. Only set for cells that `readsInputRows`.
    public var inputRows: UnsafePointer<UnsafePointer<Float>?>? = nil
    /// [B, H] state before the step.
    public var hPrev: UnsafePointer<Float>
    /// [B, H] `hPrev` with the recurrent-dropout mask applied (the same pointer without dropout):
    /// the operand of the recurrent GEMM.
    public var hRec: UnsafePointer<Float>
    /// [B, H] cell state before the step (LSTM), else nil.
    public var cPrev: UnsafePointer<Float>?
    /// [B, H] out: new h.
    public var h: UnsafeMutablePointer<Float>
    /// [B, H] out: new c (LSTM).
    public var c: UnsafeMutablePointer<Float>?
    /// [B, extraWidth] out: values the backward step needs.
    public var extra: UnsafeMutablePointer<Float>
    /// Whether the activated gates and `extra` must be written (for backward). When false
    /// (inference, generation) a cell may leave both unwritten.
    public var keepsActivations = true
    /// [H, G·H]
    public var recurrentKernel: UnsafePointer<Float>
    /// Runs the step's products with `recurrentKernel` (or blocks of it) as B, packed once per
    /// sequence.
    public var packed: PackedOperandCache
    /// [G·H] or nil.
    public var recurrentBias: UnsafePointer<Float>?
    /// [B, G·H] workspace.
    public var scratch: UnsafeMutablePointer<Float>
}

/// Buffers of one backward step (B rows). Rows that were masked arrive with dh = dc = 0.
public struct CellBackwardStep {
    public var batch: Int
    /// [B, G·H] in: the activated gates saved by forward. Out: dL/d(x·K + input bias).
    public var gates: UnsafeMutablePointer<Float>
    /// [B, extraWidth] in: saved by forward; the cell may overwrite it with values that
    /// `recurrentGradients` reads.
    public var extra: UnsafeMutablePointer<Float>
    public var hPrev: UnsafePointer<Float>
    public var hRec: UnsafePointer<Float>
    public var cPrev: UnsafePointer<Float>?
    /// [B, H] dL/dh after the step (the cell may clobber it).
    public var dh: UnsafeMutablePointer<Float>
    /// [B, H] dL/dc after the step (LSTM).
    public var dc: UnsafeMutablePointer<Float>?
    /// [B, H] out (overwritten): the part of dL/dhPrev that does not pass through `hRec`.
    public var dhPrev: UnsafeMutablePointer<Float>
    /// [B, H] accumulate (+=): the part of dL/dhPrev through `hRec`. May be `dhPrev` itself.
    public var dhRec: UnsafeMutablePointer<Float>
    /// [B, H] out (overwritten): dL/dcPrev (LSTM).
    public var dcPrev: UnsafeMutablePointer<Float>?
    public var recurrentKernel: UnsafePointer<Float>
    /// As in `CellForwardStep` (a separate cache: backward multiplies by the transpose).
    public var packed: PackedOperandCache
    /// [B, G·H] workspace.
    public var scratch: UnsafeMutablePointer<Float>
    /// [B, G·H] out: dL/d(hRec·R) when the cell's `separateRecurrentGradient`.
    public var recurrentGradient: UnsafeMutablePointer<Float>
}

extension RecurrentCell {
    public var readsInputRows: Bool { false }

    /// Cells that `runsOnUnitSlices` get the whole step from their unit-slice math.
    public func forward(_ s: CellForwardStep) {
        forwardWholeStep(s)
    }

    public func backward(_ s: CellBackwardStep) {
        backwardWholeStep(s)
    }

    /// A whole step for a cell that `runsOnUnitSlices`: the recurrent GEMM into `s.scratch`,
    /// then the gate math of all units.
    public func forwardWholeStep(_ s: CellForwardStep) {
        let g = Self.gateCount * units
        s.packed.sgemm(transB: false, m: s.batch, n: g, k: units, alpha: 1, a: s.hRec, lda: units,
                       b: s.recurrentKernel, ldb: g, beta: 0, c: s.scratch, ldc: g)
        forwardUnits(s, units: 0..<units, recurrent: s.scratch)
    }

    /// A whole backward step for a cell that `runsOnUnitSlices`.
    public func backwardWholeStep(_ s: CellBackwardStep) {
        let g = Self.gateCount * units
        backwardUnits(s, units: 0..<units)
        s.packed.sgemm(transB: true, m: s.batch, n: units, k: g, alpha: 1,
                       a: separateRecurrentGradient ? s.recurrentGradient : s.gates, lda: g,
                       b: s.recurrentKernel, ldb: g, beta: 1, c: s.dhRec, ldc: units)
    }
}
