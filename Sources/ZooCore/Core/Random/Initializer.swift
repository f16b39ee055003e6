/// Keras weight initializers, drawing from a `SeededGenerator`.
public enum Initializer: String, Sendable {
    case zeros
    case ones
    case glorotUniform = "glorot_uniform"
    case orthogonal
    /// Keras `RandomUniform` with its defaults (−0.05, 0.05): the Embedding default.
    case randomUniform = "uniform"

    /// Reads a Keras initializer entry: a string (`"glorot_uniform"`) or a
    /// `{"class_name": "GlorotUniform", ...}` object. Unknown ones fall back to `fallback`.
    public init(keras value: JSONValue?, fallback: Initializer) {
        let name = value?.stringValue ?? value?["class_name"]?.stringValue ?? ""
        let key = name.lowercased().replacingOccurrences(of: "_", with: "")
        switch key {
        case "zeros": self = .zeros
        case "ones": self = .ones
        case "glorotuniform": self = .glorotUniform
        case "orthogonal": self = .orthogonal
        case "randomuniform", "uniform": self = .randomUniform
        default: self = fallback
        }
    }

    /// Fills a tensor of `shape` ([fanIn, fanOut] for matrices; the last axis is fan-out).
    public func make(_ shape: [Int], using rng: inout SeededGenerator) -> Tensor {
        var t = Tensor(shape: shape)
        switch self {
        case .zeros:
            break
        case .ones:
            t.scalars = [Float](repeating: 1, count: t.count)
        case .randomUniform:
            for i in 0..<t.count { t.scalars[i] = -0.05 + 0.1 * rng.nextUniform() }
        case .glorotUniform:
            let fanOut = shape.last ?? 1
            let fanIn = shape.count >= 2 ? t.count / fanOut : fanOut
            let limit = (6.0 / Float(fanIn + fanOut)).squareRoot()
            for i in 0..<t.count { t.scalars[i] = limit * (2 * rng.nextUniform() - 1) }
        case .orthogonal:
            let cols = shape.last ?? 1
            let rows = max(1, t.count / max(cols, 1))
            t.scalars = Initializer.orthogonal(rows: rows, cols: cols, using: &rng)
        }
        return t
    }

    /// A rows×cols matrix with orthonormal rows or columns (whichever are fewer), from the QR
    /// decomposition of a Gaussian matrix (modified Gram–Schmidt in Double, sign-fixed as Keras).
    static func orthogonal(rows: Int, cols: Int, using rng: inout SeededGenerator) -> [Float] {
        let n = max(rows, cols), k = min(rows, cols)
        var q = [[Double]](repeating: [], count: k)
        for j in 0..<k {
            var v = (0..<n).map { _ in Double(rng.nextNormal()) }
            for i in 0..<j {
                let d = zip(v, q[i]).reduce(0) { $0 + $1.0 * $1.1 }
                for r in 0..<n { v[r] -= d * q[i][r] }
            }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            q[j] = v.map { $0 / max(norm, 1e-30) }
        }
        var out = [Float](repeating: 0, count: rows * cols)
        for r in 0..<rows {
            for c in 0..<cols {
                out[r * cols + c] = Float(rows >= cols ? q[c][r] : q[r][c])
            }
        }
        return out
    }
}

import Foundation
