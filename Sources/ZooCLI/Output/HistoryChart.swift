import Foundation
import ZooCore

/// An SVG picture of a training History: the losses (training and validation, log scale) on
/// the left, the other metrics on the right, epochs along the bottom, with axes, ticks and a
/// legend so a person can read it.
enum HistoryChart {
    static func svg(_ history: History, title: String) -> String {
        let lossKeys = history.keys.filter { $0 == "loss" || $0 == "val_loss" }
        let metricKeys = history.keys.filter { !lossKeys.contains($0) && $0 != "learning_rate" }
        let panels = metricKeys.isEmpty ? [(lossKeys, "loss (log scale)", true)] : [(lossKeys, "loss (log scale)", true), (metricKeys, "metrics", false)]
        let panelWidth = 420.0, height = 300.0
        var out = ["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(panelWidth) * panels.count)\" height=\"\(Int(height) + 30)\" font-family=\"sans-serif\" font-size=\"11\">",
                   "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
                   "<text x=\"10\" y=\"18\" font-size=\"14\">\(escape(title))</text>"]
        for (i, panel) in panels.enumerated() {
            out.append(contentsOf: plot(history, keys: panel.0, label: panel.1, log: panel.2, x0: Double(i) * panelWidth, y0: 30, w: panelWidth, h: height))
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    private static let colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]

    private static func plot(_ h: History, keys: [String], label: String, log: Bool, x0: Double, y0: Double, w: Double, h ht: Double) -> [String] {
        let left = x0 + 60, right = x0 + w - 20, top = y0 + 20, bottom = y0 + ht - 40
        let series = keys.map { k in (k, h[k]!.map { log ? ($0 > 0 ? Foundation.log10($0) : .nan) : $0 }) }
        let finite = series.flatMap(\.1).filter(\.isFinite)
        guard var lo = finite.min(), var hi = finite.max() else { return [] }
        if hi - lo < 1e-12 { lo -= 0.5; hi += 0.5 }
        let n = max(h.epochs, 2)
        func px(_ e: Int) -> Double { left + (right - left) * Double(e) / Double(n - 1) }
        func py(_ v: Double) -> Double { bottom - (bottom - top) * (v - lo) / (hi - lo) }
        var out = ["<text x=\"\(left)\" y=\"\(top - 6)\">\(label)</text>",
                   "<line x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(right)\" y2=\"\(bottom)\" stroke=\"black\"/>",
                   "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(bottom)\" stroke=\"black\"/>"]
        for t in 0...4 {
            let v = lo + (hi - lo) * Double(t) / 4
            let text = log ? String(format: "%.2g", pow(10, v)) : String(format: "%.3g", v)
            out.append("<line x1=\"\(left - 4)\" y1=\"\(py(v))\" x2=\"\(right)\" y2=\"\(py(v))\" stroke=\"#ddd\"/>")
            out.append("<text x=\"\(left - 6)\" y=\"\(py(v) + 4)\" text-anchor=\"end\">\(text)</text>")
        }
        let step = max(1, h.epochs / 10)
        for e in stride(from: 0, to: h.epochs, by: step) {
            out.append("<text x=\"\(px(e))\" y=\"\(bottom + 15)\" text-anchor=\"middle\">\(e + 1)</text>")
        }
        out.append("<text x=\"\((left + right) / 2)\" y=\"\(bottom + 30)\" text-anchor=\"middle\">epoch</text>")
        for (i, (key, values)) in series.enumerated() {
            let color = colors[i % colors.count]
            let points = values.enumerated().filter { $0.1.isFinite }.map { "\(px($0.0)),\(py($0.1))" }.joined(separator: " ")
            out.append("<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(points)\"/>")
            out.append("<rect x=\"\(right - 110)\" y=\"\(top + 4 + Double(i) * 15)\" width=\"10\" height=\"10\" fill=\"\(color)\"/>")
            out.append("<text x=\"\(right - 95)\" y=\"\(top + 13 + Double(i) * 15)\">\(escape(key))</text>")
        }
        return out
    }

    private static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
