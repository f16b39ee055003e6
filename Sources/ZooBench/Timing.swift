import Foundation

/// The SPEC.md timing protocol: warm-up, then `count` timed units; a unit during which other
/// processes used more than 0.3 cores is measured again (at most 3 extra tries each).
enum Timing {
    struct Summary {
        var median: Double
        var min: Double
        var max: Double
    }

    static func measure(warmup: Int, count: Int, _ unit: () throws -> Void) rethrows -> Summary {
        for _ in 0..<warmup { try unit() }
        var times: [Double] = []
        for _ in 0..<count {
            var elapsed = 0.0
            for attempt in 0..<4 {
                let probe = LoadProbe()
                let t0 = DispatchTime.now().uptimeNanoseconds
                try unit()
                elapsed = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
                if probe.otherLoad() <= 0.3 || attempt == 3 { break }
            }
            times.append(elapsed)
        }
        let sorted = times.sorted()
        let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        return Summary(median: median, min: sorted.first!, max: sorted.last!)
    }
}
