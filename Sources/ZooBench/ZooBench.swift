import ArgumentParser
import Foundation
import ZooCore

/// `zoo-bench`: the workloads of ../shared/bench/SPEC.md, timed as the anchors are. For now: G.
@main
struct ZooBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zoo-bench",
        abstract: "Benchmark RNNZoo on the SPEC.md workloads (implemented: G)."
    )

    @Argument(help: "Workloads to run (G).")
    var workloads: [String] = ["G"]

    @Flag(help: "One JSON object per line instead of a table.")
    var json = false

    func validate() throws {
        for w in workloads where w != "G" {
            throw ValidationError("workload '\(w)' is not implemented yet (available: G)")
        }
    }

    func run() throws {
        if !json { print("CPU SIMD: \(Gemm.cpuSIMD), threads: \(Gemm.maxThreads)") }
        for shape in GemmShape.spec {
            let r = shape.measure()
            if json {
                print(#"{"workload":"G","shape":"\#(shape.label)","m":\#(shape.m),"k":\#(shape.k),"n":\#(shape.n),"median":\#(r.median),"min":\#(r.min),"max":\#(r.max),"unit":"s/call","gflops":\#(r.gflops)}"#)
            } else {
                print(shape.label.padding(toLength: 42, withPad: " ", startingAt: 0)
                      + String(format: "median %.3e s  min %.3e  max %.3e  %7.1f GFLOP/s", r.median, r.min, r.max, r.gflops))
            }
        }
    }
}
