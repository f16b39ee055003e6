import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import XCTest
@testable import ZooCore

/// The persistent pool behind `Parallel.run`: every thread index runs once, barriers order the
/// threads' writes, nested regions and concurrent callers fall back to one thread and stay correct.
final class ParallelTests: XCTestCase {
    func testEveryThreadRunsOnceAndBarriersOrderWrites() {
        let threads = max(2, Gemm.maxThreads)
        let seen = UnsafeMutablePointer<Int>.allocate(capacity: threads)
        defer { seen.deallocate() }
        var widest = 0
        for round in 0..<200 {
            seen.initialize(repeating: -1, count: threads)
            var used = 0, mismatches = 0
            let lock = NSLock()
            Parallel.run(threads: threads) { t, n in
                if t == 0 { used = n }
                for step in 0..<20 {
                    seen[t] = round * 100 + step
                    Parallel.barrier(n)
                    var bad = 0
                    for other in 0..<n where seen[other] != round * 100 + step { bad += 1 }
                    Parallel.barrier(n)
                    if bad > 0 { lock.lock(); mismatches += bad; lock.unlock() }
                }
            }
            XCTAssertEqual(mismatches, 0, "round \(round): a thread read a value from another step")
            XCTAssertTrue((1...min(threads, Gemm.maxThreads)).contains(used))
            widest = max(widest, used)
        }
        // A busy machine may send some rounds to one thread; an idle one runs them on all cores.
        if Gemm.maxThreads > 1 { XCTAssertEqual(widest, min(threads, Gemm.maxThreads)) }
    }

    func testNestedRegionsAndConcurrentCallersRunOnOneThread() {
        var inner = [Int](repeating: 0, count: 4)
        Parallel.run(threads: 2) { t, _ in
            if t == 0 { Parallel.run(threads: 2) { _, n in inner[0] = n } }
        }
        XCTAssertEqual(inner[0], 1, "a nested region must run inline")
        let totals = UnsafeMutablePointer<Int>.allocate(capacity: 8)
        defer { totals.deallocate() }
        totals.initialize(repeating: 0, count: 8)
        DispatchQueue.concurrentPerform(iterations: 8) { caller in
            for _ in 0..<50 {
                let sum = UnsafeMutablePointer<Int>.allocate(capacity: 4)
                sum.initialize(repeating: 0, count: 4)
                Parallel.run(threads: 4) { t, n in
                    for i in stride(from: t, to: 1000, by: n) { sum[t] += i }
                }
                totals[caller] += sum[0] + sum[1] + sum[2] + sum[3]
                sum.deallocate()
            }
        }
        for caller in 0..<8 { XCTAssertEqual(totals[caller], 50 * 499_500) }
    }

    /// A forked child (the HDF5 probe forks) has no workers: its regions run inline instead of
    /// waiting forever for threads that do not exist.
    func testForkedChildRunsRegionsInline() {
        Parallel.run(threads: 2) { _, _ in }
        let pid = fork()
        if pid == 0 {
            var ran = 0, width = 0
            Parallel.run(threads: 2) { _, n in ran += 1; width = n }
            _exit(ran == 1 && width == 1 ? 0 : 3)
        }
        XCTAssertGreaterThan(pid, 0)
        var status: Int32 = 0, exited = false
        for _ in 0..<500 {
            if waitpid(pid, &status, WNOHANG) == pid { exited = true; break }
            usleep(10_000)
        }
        if !exited {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
            XCTFail("the forked child hung in Parallel.run")
        }
        XCTAssertEqual(status, 0, "the forked child's region did not run inline")
    }
}
