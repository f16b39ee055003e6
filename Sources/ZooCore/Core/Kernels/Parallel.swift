import CZooKernels

/// Fine-grained parallel regions on a persistent pool of worker threads (the C target's
/// `zoo_parallel_run`): a region starts in microseconds, and its threads can meet at a spinning
/// barrier, so a recurrent layer runs all its time steps in one region (each thread owns a slice
/// of the units and the threads meet once per step) instead of dispatching every step's product.
enum Parallel {
    /// Recurrent time loops whose per-step product has fewer multiply-adds than this run on one
    /// thread (a step of 2¹⁷ takes about a microsecond, the cost of a barrier). Tests lower it to
    /// run small layers on unit slices.
    nonisolated(unsafe) static var minimumRecurrentStepWork = 1 << 17

    /// Runs `body(t, n)` for t = 0 ..< n on n ≤ `threads` threads (t = 0 on the calling thread)
    /// and returns when all have finished. n is 1 when nested inside another region, when the
    /// pool is busy, for a moment after the machine was found oversubscribed, or when `threads` ≤ 1 (then `body` runs outside any region, so work it starts
    /// may still use the pool); `body` must be correct for any n.
    static func run(threads: Int, _ body: (_ thread: Int, _ threads: Int) -> Void) {
        guard threads > 1 else { return body(0, 1) }
        withoutActuallyEscaping(body) { escaping in
            var closure = escaping
            withUnsafeMutablePointer(to: &closure) { pointer in
                _ = zoo_parallel_run(Int32(clamping: threads), { ctx, t, n in
                    ctx!.assumingMemoryBound(to: ((Int, Int) -> Void).self).pointee(Int(t), Int(n))
                }, pointer)
            }
        }
    }

    /// Inside a region of `threads` threads: returns once all of them have called it.
    static func barrier(_ threads: Int) {
        zoo_parallel_barrier(Int32(clamping: threads))
    }

    /// Whether the calling thread is running a region's body (work started here stays on it).
    static var isInRegion: Bool { zoo_in_parallel_region() != 0 }
}
