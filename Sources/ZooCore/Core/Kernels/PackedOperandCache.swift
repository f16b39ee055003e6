/// Packs each distinct right-hand operand once and reuses it for every later product: a
/// `Recurrence` hands one cache to its cell for the whole sequence, so the recurrent kernel (or
/// a column block of it, or its transpose) is packed once per forward or backward pass instead
/// of once per time step. The operands must not change while the cache lives.
public final class PackedOperandCache {
    private struct Key: Hashable {
        var address: UnsafePointer<Float>
        var transposed: Bool
        var k: Int, n: Int, ldb: Int
    }

    private var packed: [Key: PackedMatrix] = [:]

    init() {}

    /// C[m×n] = alpha · A[m×k] · op(B)[k×n] + beta · C (the contract of `Gemm.sgemm` with
    /// transA false), B packed on first use. One-row products take the streaming GEMV instead
    /// (it reads B once, which is what packing would cost).
    public func sgemm(transB: Bool, m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
                      b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        if m == 1 && !transB || k == 0 || n == 0 {
            Gemm.sgemm(transA: false, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                       b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
            return
        }
        let key = Key(address: b, transposed: transB, k: k, n: n, ldb: ldb)
        let matrix: PackedMatrix
        if let found = packed[key] {
            matrix = found
        } else {
            matrix = PackedMatrix(transposed: transB, k: k, n: n, b: b, ldb: ldb)
            packed[key] = matrix
        }
        Gemm.sgemm(m: m, alpha: alpha, a: a, lda: lda, b: matrix, beta: beta, c: c, ldc: ldc)
    }
}
