import CZooKernels

/// The core's vectorized kernels that recurrent cells outside the core call from their step
/// math (`RecurrentCell.forwardUnits` / `backwardUnits`): the fused gate math of the common
/// LSTM and GRU configurations, on the GEMM path selected at run time (`Gemm.path`), and the
/// vector add their general paths use. H is the cell's units; U the units of the call.
public enum CellKernels {
    /// y[i] += x[i] for i < count.
    public static func add(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
        VectorOps.add(x, into: y, count: count)
    }

    /// The LSTM step (sigmoid gates, tanh activation, Keras blocks i, f, c, o) for the units U of
    /// every row: `s.gates` [B, 4H] (or `s.inputRows`) plus `recurrent` [B, 4·|U|] (h·R for U,
    /// gate-major) become the activated gates; writes U's columns of `s.c`, `s.h` and, when
    /// `s.keepsActivations`, of `s.extra` (tanh(c)) [B, H].
    public static func lstmForward(_ s: CellForwardStep, units h: Int, slice u: Range<Int>, recurrent: UnsafePointer<Float>) {
        zoo_lstm_forward_units(Gemm.path.rawValue, s.batch, h, u.lowerBound, u.count, s.gates, s.inputRows, recurrent, s.cPrev!, s.c!,
                               s.keepsActivations ? s.extra : nil, s.h)
    }

    /// Its backward for the units U: `s.gates` (the activated gates) becomes dL/d(pre-activation);
    /// reads `s.extra` (tanh(c)), `s.dh`, `s.dc`, `s.cPrev`; writes `s.dcPrev` and zeroes `s.dhPrev`.
    public static func lstmBackward(_ s: CellBackwardStep, units h: Int, slice u: Range<Int>) {
        zoo_lstm_backward_units(Gemm.path.rawValue, s.batch, h, u.lowerBound, u.count, s.gates, s.extra, s.dh, s.dc!, s.cPrev!,
                                s.dcPrev!, s.dhPrev)
    }

    /// The GRU step (reset_after, sigmoid gates, tanh candidate, Keras blocks z, r, h) for the
    /// units U: `s.gates` [B, 3H] (or `s.inputRows`) plus `recurrent` [B, 3·|U|] and
    /// `s.recurrentBias` [3H] become the activated gates; writes U's columns of `s.h` and, when
    /// `s.keepsActivations`, of `s.extra` (the candidate's recurrent part) [B, H].
    public static func gruForward(_ s: CellForwardStep, units h: Int, slice u: Range<Int>, recurrent: UnsafePointer<Float>) {
        zoo_gru_forward_units(Gemm.path.rawValue, s.batch, h, u.lowerBound, u.count, s.gates, s.inputRows, recurrent, s.recurrentBias,
                              s.hPrev, s.keepsActivations ? s.extra : nil, s.h)
    }

    /// Its backward for the units U: `s.gates` becomes [dz, dr, dĥ] (pre-activation), `s.extra`
    /// dĥ·r, `s.recurrentGradient` [B, 3H] dL/d(h·R + rb); `s.dhPrev` = dh·z (overwritten).
    public static func gruBackward(_ s: CellBackwardStep, units h: Int, slice u: Range<Int>) {
        zoo_gru_backward_units(Gemm.path.rawValue, s.batch, h, u.lowerBound, u.count, s.gates, s.extra, s.dh, s.hPrev, s.dhPrev,
                               s.recurrentGradient)
    }
}
