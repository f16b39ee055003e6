/// The input side of `Recurrence`: the projection x·K + b of every step's input (or of the
/// embedding table's rows) as one GEMM before the time loop, and after the backward loop the
/// weight gradients and the input's gradient as one GEMM each over all rows. R rows (T·B steps'
/// inputs, or V table rows), I features, H units, G·H gate columns.
extension Recurrence {
    /// Forward: projection = input·K + b.
    /// - Parameters:
    ///   - input: [R, I]
    ///   - kernel: [I, G·H]
    ///   - bias: [G·H] the input bias, or nil
    ///   - projection: [R, G·H] out
    static func projectInputs(_ input: UnsafePointer<Float>, rows: Int, features inDim: Int, gateWidth g: Int,
                              kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>?, into projection: UnsafeMutablePointer<Float>) {
        if let bias {
            VectorOps.broadcastRows(bias, to: projection, rows: rows, cols: g, ld: g)
        }
        guard rows > 0 else { return }
        if inDim > 0 {
            Gemm.sgemm(transA: false, transB: false, m: rows, n: g, k: inDim, alpha: 1, a: input,
                       lda: inDim, b: kernel, ldb: g, beta: bias == nil ? 0 : 1, c: projection, ldc: g)
        } else if bias == nil {
            projection.update(repeating: 0, count: rows * g)
        }
    }

    /// Backward, the weights: over all N = T·B steps' rows at once, dR [H, G·H] (and the
    /// recurrent bias's part of dBias) from the cell; over the R input rows the input bias's part
    /// of dBias (column sums of dIn, with `hasBias`) and dK = inputᵀ·dIn [I, G·H].
    /// - Parameters:
    ///   - hRec: [N, H] the recurrent operands of every step
    ///   - gateGradient: [N, G·H] dL/d(x·K + input bias) of every step
    ///   - extra: [N, extraWidth] the cells' extra values
    ///   - input: [R, I] the inputs projected forward
    ///   - inputGradient: [R, G·H] dL/d(projection): `gateGradient`, or summed by table row
    static func weightGradients(_ cell: Cell, rows n: Int, hRec: UnsafePointer<Float>, gateGradient: UnsafePointer<Float>,
                                extra: UnsafePointer<Float>, input: UnsafePointer<Float>, inputGradient dIn: UnsafePointer<Float>,
                                inputRows: Int, features inDim: Int, hasBias: Bool) -> (dK: FloatBuffer, dR: FloatBuffer, dBias: FloatBuffer) {
        let g = Cell.gateCount * cell.units
        let dR = FloatBuffer(count: cell.units * g), dK = FloatBuffer(count: inDim * g)
        let dBias = FloatBuffer(count: Shape.count(cell.biasShape))
        if n > 0 {
            cell.recurrentGradients(rows: n, hRec: hRec, gradGates: gateGradient, extra: extra, dR: dR.pointer,
                                    dRecurrentBias: cell.recurrentBiasOffset.map { dBias.pointer + $0 })
            if hasBias { VectorOps.sumRows(dIn, rows: inputRows, cols: g, ld: g, into: dBias.pointer) }
            if inDim > 0 {
                Gemm.sgemm(transA: true, transB: false, m: inDim, n: g, k: inputRows, alpha: 1, a: input,
                           lda: inDim, b: dIn, ldb: g, beta: 0, c: dK.pointer, ldc: g)
            }
        }
        return (dK, dR, dBias)
    }

    /// Backward, the input: dL/d(input) [R, I] = dIn·Kᵀ from dIn [R, G·H] (as in
    /// `weightGradients`) and the kernel [I, G·H].
    static func inputGradient(_ dIn: UnsafePointer<Float>, kernel: UnsafePointer<Float>, rows: Int,
                              features inDim: Int, gateWidth g: Int) -> FloatBuffer {
        let d = FloatBuffer(count: rows * inDim)
        if rows > 0, inDim > 0 {
            Gemm.sgemm(transA: false, transB: true, m: rows, n: inDim, k: g, alpha: 1, a: dIn, lda: g,
                       b: kernel, ldb: g, beta: 0, c: d.pointer, ldc: inDim)
        }
        return d
    }
}
