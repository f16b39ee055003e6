import CZooKernels

/// A right-hand GEMM operand op(B) [k×n] packed once in the panel layout every micro-kernel
/// reads, for a B that many products share: a recurrent kernel is the B of one small GEMM per
/// time step (forward and backward), and packing it per step cost as much as the step's
/// arithmetic. The values are copied: later changes to the source do not reach the packed copy.
final class PackedMatrix {
    /// Rows of op(B) (the GEMM's k).
    let k: Int
    /// Columns of op(B) (the GEMM's n).
    let n: Int
    let storage: FloatBuffer

    /// - Parameters:
    ///   - b: k×n (ldb ≥ n), or n×k when `transposed` (ldb ≥ k)
    init(transposed: Bool, k: Int, n: Int, b: UnsafePointer<Float>, ldb: Int) {
        precondition(k > 0 && n > 0 && ldb >= (transposed ? k : n), "PackedMatrix: bad shape k \(k) n \(n) ldb \(ldb)")
        self.k = k
        self.n = n
        storage = FloatBuffer(count: zoo_sgemm_packed_b_count(k, n))
        zoo_sgemm_pack_b(transposed ? 1 : 0, k, n, b, ldb, storage.pointer)
    }

    /// The columns of the units U in each of `blocks` column blocks of B [k × blocks·blockWidth]
    /// (ldb ≥ blocks·blockWidth), packed as one k × blocks·|U| operand, gate-major: block g
    /// holds columns g·blockWidth + U. A thread that owns units U of a recurrent layer multiplies
    /// by this instead of the whole recurrent kernel.
    convenience init(k: Int, gatheringUnits u: Range<Int>, blocks: Int, of b: UnsafePointer<Float>, ldb: Int, blockWidth: Int) {
        let w = u.count, n = blocks * w
        let gathered = FloatBuffer(count: k * n)
        for p in 0..<k {
            for block in 0..<blocks {
                (gathered.pointer + p * n + block * w).update(from: b + p * ldb + block * blockWidth + u.lowerBound, count: w)
            }
        }
        self.init(transposed: false, k: k, n: n, b: gathered.pointer, ldb: n)
    }
}
