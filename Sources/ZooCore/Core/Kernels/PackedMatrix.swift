import CZooKernels

/// A right-hand GEMM operand op(B) [k×n] packed once in the panel layout every micro-kernel
/// reads, for a B that many products share: a recurrent kernel is the B of one small GEMM per
/// time step (forward and backward), and packing it per step cost as much as the step's
/// arithmetic. The values are copied: later changes to the source do not reach the packed copy.
public final class PackedMatrix {
    /// Rows of op(B) (the GEMM's k).
    public let k: Int
    /// Columns of op(B) (the GEMM's n).
    public let n: Int
    let storage: FloatBuffer

    /// - Parameters:
    ///   - b: k×n (ldb ≥ n), or n×k when `transposed` (ldb ≥ k)
    public init(transposed: Bool, k: Int, n: Int, b: UnsafePointer<Float>, ldb: Int) {
        precondition(k > 0 && n > 0 && ldb >= (transposed ? k : n), "PackedMatrix: bad shape k \(k) n \(n) ldb \(ldb)")
        self.k = k
        self.n = n
        storage = FloatBuffer(count: zoo_sgemm_packed_b_count(k, n))
        zoo_sgemm_pack_b(transposed ? 1 : 0, k, n, b, ldb, storage.pointer)
    }
}
