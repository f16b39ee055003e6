import Foundation

/// A Keras loss with its reduction: the per-sample loss is reduced over the last axis, then
/// averaged over every remaining position (Keras's "sum_over_batch_size"), so a [B, T, V]
/// prediction averages over B·T positions.
///
/// Probabilities are clipped to [1e-7, 1 − 1e-7] as Keras does (the gradient is zero where
/// the clip is active); `fromLogits` applies the sigmoid/softmax inside the loss, stably.
public enum Loss: Equatable, Sendable {
    case meanSquaredError
    case meanAbsoluteError
    /// Targets 0/1, same shape as the prediction.
    case binaryCrossentropy(fromLogits: Bool)
    /// One-hot (or soft) targets, same shape as the prediction [..., C].
    case categoricalCrossentropy(fromLogits: Bool)
    /// Integer class targets: prediction [..., C], target [...] or [..., 1] holding class ids.
    case sparseCategoricalCrossentropy(fromLogits: Bool)

    /// Keras's clip for probabilities.
    static let epsilon: Float = 1e-7

    /// Parses a Keras loss name ("mse", "sparse_categorical_crossentropy", ...).
    public init(kerasName: String, fromLogits: Bool = false) throws {
        switch kerasName {
        case "mse", "mean_squared_error", "MeanSquaredError": self = .meanSquaredError
        case "mae", "mean_absolute_error", "MeanAbsoluteError": self = .meanAbsoluteError
        case "binary_crossentropy", "BinaryCrossentropy": self = .binaryCrossentropy(fromLogits: fromLogits)
        case "categorical_crossentropy", "CategoricalCrossentropy": self = .categoricalCrossentropy(fromLogits: fromLogits)
        case "sparse_categorical_crossentropy", "SparseCategoricalCrossentropy":
            self = .sparseCategoricalCrossentropy(fromLogits: fromLogits)
        default:
            throw ZooError("unknown loss '\(kerasName)' (known: mse, mae, binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy)")
        }
    }

    /// The Keras function name.
    public var kerasName: String {
        switch self {
        case .meanSquaredError: return "mean_squared_error"
        case .meanAbsoluteError: return "mean_absolute_error"
        case .binaryCrossentropy: return "binary_crossentropy"
        case .categoricalCrossentropy: return "categorical_crossentropy"
        case .sparseCategoricalCrossentropy: return "sparse_categorical_crossentropy"
        }
    }

    public var fromLogits: Bool {
        switch self {
        case .meanSquaredError, .meanAbsoluteError: return false
        case .binaryCrossentropy(let l), .categoricalCrossentropy(let l), .sparseCategoricalCrossentropy(let l): return l
        }
    }

    /// The scalar loss of `prediction` against `target` (differentiable in `prediction`).
    public func callAsFunction(_ prediction: Variable, _ target: Tensor) throws -> Variable {
        let p = prediction.value
        let classes = p.shape.last ?? 1
        let positions = try checkShapes(p, target)
        var grad = Tensor(shape: p.shape)
        var total: Double = 0
        p.withUnsafeBufferPointer { pb in
            target.withUnsafeBufferPointer { tb in
                grad.withUnsafeMutableBufferPointer { gb in
                    for r in 0..<positions {
                        total += row(pb.baseAddress! + r * classes, tb.baseAddress!, r, classes, gb.baseAddress! + r * classes)
                    }
                }
            }
        }
        let scale = 1 / Float(max(positions, 1))
        let value = Tensor(Float(total) * scale)
        guard GradientMode.isEnabled, prediction.requiresGrad else { return Variable(value) }
        let g = grad
        return OpNode.record1(kerasName, inputs: [prediction], output: value) { dy in
            var dx = g
            let s = dy.scalar * scale
            dx.withUnsafeMutableBufferPointer { b in
                for i in 0..<b.count { b[i] *= s }
            }
            return [dx]
        }
    }

    /// Loss of one position's row of `c` values, writing d(loss)/d(prediction) for that row
    /// (before the 1/positions average). `t` is the whole target buffer, `r` the position.
    private func row(_ p: UnsafePointer<Float>, _ t: UnsafePointer<Float>, _ r: Int, _ c: Int,
                     _ g: UnsafeMutablePointer<Float>) -> Double {
        let eps = Loss.epsilon
        switch self {
        case .meanSquaredError:
            var s: Double = 0
            for j in 0..<c {
                let d = p[j] - t[r * c + j]
                s += Double(d * d)
                g[j] = 2 * d / Float(c)
            }
            return s / Double(c)
        case .meanAbsoluteError:
            var s: Double = 0
            for j in 0..<c {
                let d = p[j] - t[r * c + j]
                s += Double(abs(d))
                g[j] = (d > 0 ? 1 : d < 0 ? -1 : 0) / Float(c)
            }
            return s / Double(c)
        case .binaryCrossentropy(let logits):
            var s: Double = 0
            for j in 0..<c {
                let y = t[r * c + j], x = p[j]
                if logits {
                    s += Double(max(x, 0) - x * y + Foundation.log1p(Foundation.exp(-abs(x))))
                    g[j] = (Loss.sigmoid(x) - y) / Float(c)
                } else {
                    let q = min(max(x, eps), 1 - eps)
                    s -= Double(y * Foundation.log(q) + (1 - y) * Foundation.log(1 - q))
                    g[j] = q == x ? (-y / q + (1 - y) / (1 - q)) / Float(c) : 0
                }
            }
            return s / Double(c)
        case .categoricalCrossentropy(let logits):
            return logits ? softmaxCrossentropy(p, c, g, target: { t[r * c + $0] })
                          : probabilityCrossentropy(p, c, g, target: { t[r * c + $0] })
        case .sparseCategoricalCrossentropy(let logits):
            let label = Int(t[r])
            let target: (Int) -> Float = { $0 == label ? 1 : 0 }
            return logits ? softmaxCrossentropy(p, c, g, target: target) : probabilityCrossentropy(p, c, g, target: target)
        }
    }

    /// −Σ y·log_softmax(x); gradient softmax(x) − y.
    private func softmaxCrossentropy(_ x: UnsafePointer<Float>, _ c: Int, _ g: UnsafeMutablePointer<Float>,
                                     target: (Int) -> Float) -> Double {
        var m = -Float.infinity
        for j in 0..<c { m = max(m, x[j]) }
        for j in 0..<c { g[j] = x[j] - m }
        VectorMath.exp(g, g, count: c)
        var s: Double = 0
        for j in 0..<c { s += Double(g[j]) }
        let logS = Foundation.log(s)
        let inv = Float(1 / s)
        var loss: Double = 0
        for j in 0..<c {
            let y = target(j)
            if y != 0 { loss -= Double(y) * (Double(x[j] - m) - logS) }
            g[j] = g[j] * inv - y
        }
        return loss
    }

    /// Keras's probability form: q = p / Σp, clipped; −Σ y·log q. Gradient through the
    /// normalisation: (gq − Σ gq·q) / Σp with gq = −y/q where unclipped.
    private func probabilityCrossentropy(_ p: UnsafePointer<Float>, _ c: Int, _ g: UnsafeMutablePointer<Float>,
                                         target: (Int) -> Float) -> Double {
        let eps = Loss.epsilon
        var sum: Float = 0
        for j in 0..<c { sum += p[j] }
        var loss: Double = 0
        var dot: Float = 0
        for j in 0..<c {
            let q = p[j] / sum
            let qc = min(max(q, eps), 1 - eps)
            let y = target(j)
            if y != 0 { loss -= Double(y * Foundation.log(qc)) }
            g[j] = qc == q ? -y / q : 0
            dot += g[j] * q
        }
        for j in 0..<c { g[j] = (g[j] - dot) / sum }
        return loss
    }

    private static func sigmoid(_ x: Float) -> Float {
        x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
    }

    /// Number of reduced positions; throws naming both shapes when the target does not fit.
    private func checkShapes(_ p: Tensor, _ t: Tensor) throws -> Int {
        let classes = p.shape.last ?? 1
        let positions = p.count / max(classes, 1)
        switch self {
        case .sparseCategoricalCrossentropy:
            let lead = Array(p.shape.dropLast())
            guard t.shape == lead || t.shape == lead + [1] else {
                throw ZooError("\(kerasName): prediction \(Shape.describe(p.shape)) needs integer targets of shape \(Shape.describe(lead)), got \(Shape.describe(t.shape))")
            }
            for v in t.scalars where v < 0 || v >= Float(classes) || v != v.rounded() {
                throw ZooError("\(kerasName): target class \(v) is not an integer in 0..<\(classes)")
            }
        default:
            guard t.shape == p.shape else {
                throw ZooError("\(kerasName): prediction \(Shape.describe(p.shape)) vs target \(Shape.describe(t.shape))")
            }
        }
        return positions
    }
}
