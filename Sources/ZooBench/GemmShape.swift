import Foundation
import ZooCore

/// One G shape of SPEC.md / bench_gemm.py: C[M×N] = A[M×K]·B[K×N].
struct GemmShape {
    var label: String
    var m: Int
    var k: Int
    var n: Int

    /// The shapes of ../shared/bench/bench_gemm.py, same labels.
    static let spec: [GemmShape] = [
        .init(label: "square 256", m: 256, k: 256, n: 256),
        .init(label: "square 512", m: 512, k: 512, n: 512),
        .init(label: "square 1024", m: 1024, k: 1024, n: 1024),
        .init(label: "W1 recurrent fwd  [32x256]x[256x1024]", m: 32, k: 256, n: 1024),
        .init(label: "W1 recurrent dh   [32x1024]x[1024x256]", m: 32, k: 1024, n: 256),
        .init(label: "W1 input proj     [2048x64]x[64x1024]", m: 2048, k: 64, n: 1024),
        .init(label: "W1 dW_hh          [256x2048]x[2048x1024]", m: 256, k: 2048, n: 1024),
        .init(label: "W1 output dense   [2048x256]x[256x96]", m: 2048, k: 256, n: 96),
        .init(label: "W5 step gemv      [1x256]x[256x1024]", m: 1, k: 256, n: 1024),
        .init(label: "W5 out gemv       [1x256]x[256x96]", m: 1, k: 256, n: 96),
        .init(label: "W4 recurrent fwd  [64x512]x[512x2048]", m: 64, k: 512, n: 2048),
        .init(label: "W4 dW_hh          [512x6400]x[6400x2048]", m: 512, k: 6400, n: 2048),
    ]

    struct Result {
        var median: Double
        var min: Double
        var max: Double
        var gflops: Double
    }

    /// As bench_gemm.py: calls per sample calibrated to ~50 ms, 15 samples, seconds per call.
    func measure(target: Double = 0.05, samples: Int = 15) -> Result {
        var rng = SeededGenerator(seed: 0)
        let a = (0..<(m * k)).map { _ in rng.nextNormal() }
        let b = (0..<(k * n)).map { _ in rng.nextNormal() }
        var c = [Float](repeating: 0, count: m * n)
        func call(_ times: Int) {
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        for _ in 0..<times {
                            Gemm.sgemm(transA: false, transB: false, m: m, n: n, k: k, alpha: 1, a: pa.baseAddress!, lda: k,
                                       b: pb.baseAddress!, ldb: n, beta: 0, c: pc.baseAddress!, ldc: n)
                        }
                    }
                }
            }
        }
        var calls = 1
        while true {
            let t0 = DispatchTime.now().uptimeNanoseconds
            call(calls)
            let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
            if dt > target / 4 || calls > 1 << 20 {
                calls = max(1, Int(Double(calls) * target / max(dt, 1e-9)))
                break
            }
            calls *= 2
        }
        var times: [Double] = []
        for _ in 0..<samples {
            let t0 = DispatchTime.now().uptimeNanoseconds
            call(calls)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9 / Double(calls))
        }
        times.sort()
        let median = times[times.count / 2]
        return Result(median: median, min: times.first!, max: times.last!, gflops: 2.0 * Double(m * n * k) / median / 1e9)
    }
}
