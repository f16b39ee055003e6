import ArgumentParser
import Foundation
import ZooCore

/// `zoo-bench`: the workloads of ../shared/bench/SPEC.md (W1–W6 and G), timed with its
/// protocol, and W7, the CNN-LSTM text classifier of issue 18; compare with `anchors.py` (and
/// tools/bench/w7_anchor.py) run beside it.
@main
struct ZooBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zoo-bench",
        abstract: "Benchmark RNNZoo on the SPEC.md workloads W1–W6 and G, and W7 (a CNN-LSTM classifier)."
    )

    @Argument(help: "Workloads to run (W1 … W6, G, W7: a CNN-LSTM text classifier's training step, and I: peak memory of a 49 M-parameter Keras import); default W1 … W6, G.")
    var workloads: [String] = ["W1", "W2", "W3", "W4", "W5", "W6", "G"]

    @Option(name: .customLong("import-child"), help: .hidden)
    var importChild: String?

    @Flag(help: "One JSON object per line instead of a table.")
    var json = false

    @Option(help: "Force the kernel path of every kernel family — GEMM, GEMV, gate kernels, vector math, Adam (generic, avx2, avx512); default: the fastest this CPU runs.")
    var simd: String?

    @Option(help: "Use at most this many threads (default: the active processor count).")
    var threads: Int?

    private static let paths: [String: Gemm.Path] = ["generic": .generic, "avx2": .avx2, "avx512": .avx512]

    func validate() throws {
        let known = Set(Workload.spec.map(\.id) + ["G", "I", TextClassifierWorkload.id])
        for w in workloads where !known.contains(w) {
            throw ValidationError("unknown workload '\(w)' (known: W1 … W7, G, I)")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let simd {
            guard let p = Self.paths[simd] else { throw ValidationError("unknown kernel path '\(simd)' (known: generic, avx2, avx512)") }
            guard Gemm.availablePaths.contains(p) else { throw ValidationError("this CPU cannot run the kernel path '\(simd)' (CPU SIMD: \(Gemm.cpuSIMD))") }
        }
    }

    func run() throws {
        ProcessMemory.retainFreedMemory()
        if let importChild { return try ImportMemory.child(importChild) }
        if let threads { Gemm.maxThreads = threads }
        try Gemm.withPath(simd.flatMap { Self.paths[$0] } ?? Gemm.path) { try runWorkloads() }
    }

    private func runWorkloads() throws {
        if !json { print("CPU SIMD: \(Gemm.cpuSIMD), kernel path: \(Gemm.path) (GEMM, GEMV, gates, vector math, Adam), threads: \(Gemm.maxThreads)") }
        for id in workloads {
            if id == "G" {
                runGemm()
                continue
            }
            if id == "I" {
                try ImportMemory.run(json: json)
                continue
            }
            let w = Workload.spec.first { $0.id == id }
            let r = try w?.run() ?? TextClassifierWorkload().run()
            let what = w.map { "\($0.kind) \($0.cell)" } ?? "train CNN-LSTM"
            let s = r.summary
            if json {
                var line = #"{"workload":"\#(id)","simd":"\#(Gemm.path)","median":\#(s.median),"min":\#(s.min),"max":\#(s.max),"unit":"\#(r.unit)","rate":\#(r.rate),"gflops":\#(r.gflops)"#
                if let us = r.usPerToken { line += #","us_per_token":\#(us)"# }
                print(line + "}")
            } else {
                let per = r.usPerToken.map { String(format: "%.1f µs/token", $0) } ?? String(format: "%.2f ms", s.median * 1e3)
                print(id.padding(toLength: 5, withPad: " ", startingAt: 0) + what.padding(toLength: 18, withPad: " ", startingAt: 0)
                      + "median \(per)  " + String(format: "min %.4g s  max %.4g s  %.1f ", s.min, s.max, r.rate) + r.unit
                      + String(format: "  %.1f GFLOP/s", r.gflops))
            }
        }
    }

    private func runGemm() {
        for shape in GemmShape.spec {
            let r = shape.measure()
            if json {
                print(#"{"workload":"G","simd":"\#(Gemm.path)","shape":"\#(shape.label)","m":\#(shape.m),"k":\#(shape.k),"n":\#(shape.n),"median":\#(r.median),"min":\#(r.min),"max":\#(r.max),"unit":"s/call","gflops":\#(r.gflops)}"#)
            } else {
                print(shape.label.padding(toLength: 42, withPad: " ", startingAt: 0)
                      + String(format: "median %.3e s  min %.3e  max %.3e  %7.1f GFLOP/s", r.median, r.min, r.max, r.gflops))
            }
        }
    }
}
