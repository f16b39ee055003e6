import Foundation

/// A terminal plot of a loss curve: one row per epoch, a bar on a log scale.
enum LossCurve {
    static func render(_ losses: [Float], width: Int = 50) -> String {
        guard let hi = losses.max(), let lo = losses.min(), hi > 0, lo > 0 else { return "" }
        let lhi = log10(Double(hi)), llo = log10(Double(lo))
        var lines = ["loss (log scale, \(String(format: "%.2e", lo)) … \(String(format: "%.2e", hi)))"]
        for (i, l) in losses.enumerated() {
            let f = lhi == llo ? 1 : (log10(Double(l)) - llo) / (lhi - llo)
            let n = max(1, Int((f * Double(width - 1)).rounded()) + 1)
            lines.append(String(format: "%3d │", i + 1) + String(repeating: "█", count: n))
        }
        return lines.joined(separator: "\n")
    }
}
