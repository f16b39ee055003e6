import Foundation

/// The activations of Keras layers (`activation=` / `recurrent_activation=` strings).
///
/// `hardSigmoid` carries its slope because the same config string means different functions in
/// Keras 3 (`clip(x/6 + 0.5, 0, 1)`) and Keras 2 (`clip(0.2x + 0.5, 0, 1)`): a layer config gives
/// it as `hard_sigmoid_alpha` (the Keras reader writes tf_keras's 0.2 there), else Keras 3's.
public enum Activation: Equatable, Sendable {
    case linear
    case tanh
    case sigmoid
    case hardSigmoid(alpha: Float)
    case relu
    /// Softmax over the last axis (not allowed inside a recurrent cell).
    case softmax
    /// x for x > 0, else exp(x) − 1 (alpha 1).
    case elu
    /// scale · elu with alpha: `seluScale` · (x > 0 ? x : `seluAlpha` · (exp(x) − 1)).
    case selu
    /// log(1 + exp(x)).
    case softplus
    /// x / (1 + |x|).
    case softsign
    /// min(max(x, 0), 6).
    case relu6
    /// exp(x).
    case exponential
    /// x for x > 0, else `leakySlope` · x (Keras's default negative_slope, 0.2).
    case leakyRelu
    /// log softmax over the last axis: x − log Σ exp(x) (not allowed inside a recurrent cell).
    case logSoftmax
    /// x · Φ(x) = x · (1 + erf(x/√2)) / 2 (Keras's gelu, approximate=False). Needs x backward.
    case gelu
    /// x · sigmoid(x) (Keras's silu, also named swish). Needs x backward.
    case silu
    /// x · relu6(x + 3) / 6 (Keras's hard_silu, also named hard_swish). Needs x backward.
    case hardSilu
    /// x · tanh(softplus(x)). Needs x backward.
    case mish
    /// x for x > 0, else exp(x) − 1 (Keras's celu with alpha 1).
    case celu
    /// clip(x, −1, 1).
    case hardTanh
    /// log sigmoid(x) = −softplus(−x).
    case logSigmoid
    /// x − 0.5 for x > 0.5, x + 0.5 for x < −0.5, else 0 (threshold 0.5).
    case softShrink
    /// x where |x| > 0.5, else 0 (threshold 0.5).
    case hardShrink
    /// 0 for x ≤ −1, x for x ≥ 1, else (x + 1)² / 4.
    case sparsePlus
    /// 0 for x ≤ −1, 1 for x ≥ 1, else (x + 1) / 2.
    case sparseSigmoid
    /// x − tanh(x). Needs x backward.
    case tanhShrink
    /// (x + sqrt(x² + 4)) / 2 (b = 4). Needs x backward.
    case squareplus

    /// SELU's constants (Klambauer et al., as Keras writes them).
    public static let seluAlpha = 1.6732632423543772, seluScale = 1.0507009873554805
    /// leaky_relu's slope for negative inputs.
    public static let leakySlope: Float = 0.2
    /// Every Keras activation name this core computes.
    static let kerasNames = ["linear", "tanh", "sigmoid", "hard_sigmoid", "relu", "softmax", "elu", "selu", "softplus",
                                    "softsign", "relu6", "exponential", "leaky_relu", "log_softmax", "gelu", "silu", "swish",
                                    "hard_silu", "hard_swish", "mish", "celu", "hard_tanh", "log_sigmoid", "soft_shrink",
                                    "hard_shrink", "sparse_plus", "sparse_sigmoid", "tanh_shrink", "squareplus"]

    /// Keras 3's hard_sigmoid slope, the one `hard_sigmoid` has unless a layer config gives
    /// another (`hardSigmoidAlphaKey`).
    public static let defaultHardSigmoidAlpha: Float = 1.0 / 6.0
    /// The layer config key giving the slope of the layer's `hard_sigmoid` activations.
    public static let hardSigmoidAlphaKey = "hard_sigmoid_alpha"

    /// Parses a Keras activation name; `hard_sigmoid` is clip(`hardSigmoidAlpha` · x + 0.5, 0, 1).
    public init(keras name: String?, hardSigmoidAlpha: Float = defaultHardSigmoidAlpha, where_: String) throws {
        switch name ?? "linear" {
        case "linear", "None": self = .linear
        case "tanh": self = .tanh
        case "sigmoid": self = .sigmoid
        case "hard_sigmoid":
            self = .hardSigmoid(alpha: hardSigmoidAlpha)
        case "relu": self = .relu
        case "softmax": self = .softmax
        case "elu": self = .elu
        case "selu": self = .selu
        case "softplus": self = .softplus
        case "softsign": self = .softsign
        case "relu6": self = .relu6
        case "exponential": self = .exponential
        case "leaky_relu": self = .leakyRelu
        case "log_softmax": self = .logSoftmax
        case "gelu": self = .gelu
        case "silu", "swish": self = .silu
        case "hard_silu", "hard_swish": self = .hardSilu
        case "mish": self = .mish
        case "celu": self = .celu
        case "hard_tanh": self = .hardTanh
        case "log_sigmoid": self = .logSigmoid
        case "soft_shrink": self = .softShrink
        case "hard_shrink": self = .hardShrink
        case "sparse_plus": self = .sparsePlus
        case "sparse_sigmoid": self = .sparseSigmoid
        case "tanh_shrink": self = .tanhShrink
        case "squareplus": self = .squareplus
        case let other: throw ZooError("\(where_): unsupported activation '\(other)' (supported: \(Activation.kerasNames.joined(separator: ", ")))")
        }
    }

    /// The Keras config string.
    public var kerasName: String {
        switch self {
        case .linear: return "linear"
        case .tanh: return "tanh"
        case .sigmoid: return "sigmoid"
        case .hardSigmoid: return "hard_sigmoid"
        case .relu: return "relu"
        case .softmax: return "softmax"
        case .elu: return "elu"
        case .selu: return "selu"
        case .softplus: return "softplus"
        case .softsign: return "softsign"
        case .relu6: return "relu6"
        case .exponential: return "exponential"
        case .leakyRelu: return "leaky_relu"
        case .logSoftmax: return "log_softmax"
        case .gelu: return "gelu"
        case .silu: return "silu"
        case .hardSilu: return "hard_silu"
        case .mish: return "mish"
        case .celu: return "celu"
        case .hardTanh: return "hard_tanh"
        case .logSigmoid: return "log_sigmoid"
        case .softShrink: return "soft_shrink"
        case .hardShrink: return "hard_shrink"
        case .sparsePlus: return "sparse_plus"
        case .sparseSigmoid: return "sparse_sigmoid"
        case .tanhShrink: return "tanh_shrink"
        case .squareplus: return "squareplus"
        }
    }

    /// Whether the gradient needs the input x, not only the output (`backward(input:output:…)`):
    /// such an activation cannot run inside a recurrent cell, whose kernels keep outputs only.
    var needsInput: Bool {
        switch self {
        case .gelu, .silu, .hardSilu, .mish, .tanhShrink, .squareplus: return true
        default: return false
        }
    }

    /// y = f(x) over `count` elements; softmax treats the buffer as rows of `rowLength`.
    /// `y` may alias `x`.
    public func apply(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int, rowLength: Int) {
        switch self {
        case .linear: if UnsafePointer(y) != x { y.update(from: x, count: count) }
        case .tanh: VectorMath.tanh(x, y, count: count)
        case .sigmoid: VectorMath.sigmoid(x, y, count: count)
        case let .hardSigmoid(alpha): VectorMath.hardSigmoid(x, y, count: count, alpha: alpha, beta: 0.5)
        case .relu: VectorMath.relu(x, y, count: count)
        case .softmax: VectorMath.softmaxRows(x, y, rows: count / max(rowLength, 1), cols: rowLength)
        case .elu: for i in 0..<count { let v = x[i]; y[i] = v > 0 ? v : Foundation.expm1(v) }
        case .selu:
            let a = Float(Activation.seluAlpha), scale = Float(Activation.seluScale)
            for i in 0..<count { let v = x[i]; y[i] = scale * (v > 0 ? v : a * Foundation.expm1(v)) }
        case .softplus: for i in 0..<count { let v = x[i]; y[i] = max(v, 0) + Foundation.log1p(Foundation.exp(-abs(v))) }
        case .softsign: for i in 0..<count { let v = x[i]; y[i] = v / (1 + abs(v)) }
        case .relu6: for i in 0..<count { y[i] = min(max(x[i], 0), 6) }
        case .exponential: for i in 0..<count { y[i] = Foundation.exp(x[i]) }
        case .leakyRelu: for i in 0..<count { let v = x[i]; y[i] = v > 0 ? v : Activation.leakySlope * v }
        case .logSoftmax:
            let n = max(rowLength, 1)
            for r in 0..<(count / n) {
                let o = r * n
                var top = -Float.infinity
                for j in 0..<n { top = max(top, x[o + j]) }
                var sum: Double = 0
                for j in 0..<n { sum += Foundation.exp(Double(x[o + j] - top)) }
                let shift = top + Float(Foundation.log(sum))
                for j in 0..<n { y[o + j] = x[o + j] - shift }
            }
        case .gelu: for i in 0..<count { let v = Double(x[i]); y[i] = Float(0.5 * v * (1 + Foundation.erf(v / 2.squareRoot()))) }
        case .silu: for i in 0..<count { let v = Double(x[i]); y[i] = Float(v / (1 + Foundation.exp(-v))) }
        case .hardSilu: for i in 0..<count { let v = x[i]; y[i] = v * min(max(v + 3, 0), 6) / 6 }
        case .mish: for i in 0..<count { let v = Double(x[i]); y[i] = Float(v * Foundation.tanh(Activation.softplus(v))) }
        case .celu: for i in 0..<count { let v = x[i]; y[i] = v > 0 ? v : Foundation.expm1(v) }
        case .hardTanh: for i in 0..<count { y[i] = min(max(x[i], -1), 1) }
        case .logSigmoid: for i in 0..<count { y[i] = Float(-Activation.softplus(-Double(x[i]))) }
        case .softShrink: for i in 0..<count { let v = x[i]; y[i] = v > 0.5 ? v - 0.5 : v < -0.5 ? v + 0.5 : 0 }
        case .hardShrink: for i in 0..<count { let v = x[i]; y[i] = abs(v) > 0.5 ? v : 0 }
        case .sparsePlus: for i in 0..<count { let v = x[i]; y[i] = v <= -1 ? 0 : v >= 1 ? v : (v + 1) * (v + 1) / 4 }
        case .sparseSigmoid: for i in 0..<count { let v = x[i]; y[i] = v <= -1 ? 0 : v >= 1 ? 1 : (v + 1) / 2 }
        case .tanhShrink: for i in 0..<count { let v = Double(x[i]); y[i] = Float(v - Foundation.tanh(v)) }
        case .squareplus: for i in 0..<count { let v = Double(x[i]); y[i] = Float((v + (v * v + 4).squareRoot()) / 2) }
        }
    }

    /// log(1 + exp(x)) without overflow.
    static func softplus(_ x: Double) -> Double { max(x, 0) + Foundation.log1p(Foundation.exp(-abs(x))) }

    /// dx = dy · f'(x) for any activation: from the input x for those that need it
    /// (`needsInput`), else from the output y = f(x). `dx` may alias `dy`.
    public func backward(input x: UnsafePointer<Float>, output y: UnsafePointer<Float>, gradOutput dy: UnsafePointer<Float>,
                         gradInput dx: UnsafeMutablePointer<Float>, count: Int, rowLength: Int) {
        switch self {
        case .gelu:
            for i in 0..<count {
                let v = Double(x[i])
                let slope = 0.5 * (1 + Foundation.erf(v / 2.squareRoot())) + v * Foundation.exp(-0.5 * v * v) / (2 * Double.pi).squareRoot()
                dx[i] = dy[i] * Float(slope)
            }
        case .silu:
            for i in 0..<count {
                let v = Double(x[i]), s = 1 / (1 + Foundation.exp(-v))
                dx[i] = dy[i] * Float(s * (1 + v * (1 - s)))
            }
        case .hardSilu:
            for i in 0..<count {
                let v = x[i]
                dx[i] = dy[i] * (min(max(v + 3, 0), 6) / 6 + (v > -3 && v < 3 ? v / 6 : 0))
            }
        case .mish:
            for i in 0..<count {
                let v = Double(x[i]), t = Foundation.tanh(Activation.softplus(v)), s = 1 / (1 + Foundation.exp(-v))
                dx[i] = dy[i] * Float(t + v * (1 - t * t) * s)
            }
        case .tanhShrink:
            for i in 0..<count { let t = Foundation.tanh(Double(x[i])); dx[i] = dy[i] * Float(t * t) }
        case .squareplus:
            for i in 0..<count { let v = Double(x[i]); dx[i] = dy[i] * Float((1 + v / (v * v + 4).squareRoot()) / 2) }
        default:
            backward(output: y, gradOutput: dy, gradInput: dx, count: count, rowLength: rowLength)
        }
    }

    /// dx = dy · f'(x), with f' computed from the output y = f(x), for every activation that
    /// does not need its input (what a recurrent cell's kernels keep). `dx` may alias `dy`.
    /// Softmax and log softmax use rows of `rowLength`.
    public func backward(output y: UnsafePointer<Float>, gradOutput dy: UnsafePointer<Float>,
                         gradInput dx: UnsafeMutablePointer<Float>, count: Int, rowLength: Int) {
        precondition(!needsInput, "\(kerasName): its gradient needs the input; use backward(input:output:…)")
        switch self {
        case .linear:
            if UnsafePointer(dx) != dy { dx.update(from: dy, count: count) }
        case .tanh:
            for i in 0..<count { dx[i] = dy[i] * (1 - y[i] * y[i]) }
        case .sigmoid:
            for i in 0..<count { dx[i] = dy[i] * y[i] * (1 - y[i]) }
        case let .hardSigmoid(alpha):
            for i in 0..<count { dx[i] = (y[i] > 0 && y[i] < 1) ? dy[i] * alpha : 0 }
        case .relu:
            VectorOps.passWherePositive(dy, y, into: dx, count: count)
        case .softmax:
            let n = max(rowLength, 1)
            for r in 0..<(count / n) {
                let o = r * n
                var s: Float = 0
                for j in 0..<n { s += dy[o + j] * y[o + j] }
                for j in 0..<n { dx[o + j] = y[o + j] * (dy[o + j] - s) }
            }
        case .elu:
            for i in 0..<count { dx[i] = y[i] > 0 ? dy[i] : dy[i] * (y[i] + 1) }
        case .selu:
            let a = Float(Activation.seluAlpha), scale = Float(Activation.seluScale)
            for i in 0..<count { dx[i] = y[i] > 0 ? dy[i] * scale : dy[i] * (y[i] + scale * a) }
        case .softplus:
            for i in 0..<count { dx[i] = dy[i] * -Foundation.expm1(-y[i]) }
        case .softsign:
            for i in 0..<count { let d = 1 - abs(y[i]); dx[i] = dy[i] * d * d }
        case .relu6:
            for i in 0..<count { dx[i] = y[i] > 0 && y[i] < 6 ? dy[i] : 0 }
        case .exponential:
            for i in 0..<count { dx[i] = dy[i] * y[i] }
        case .leakyRelu:
            for i in 0..<count { dx[i] = y[i] > 0 ? dy[i] : dy[i] * Activation.leakySlope }
        case .logSoftmax:
            let n = max(rowLength, 1)
            for r in 0..<(count / n) {
                let o = r * n
                var s: Float = 0
                for j in 0..<n { s += dy[o + j] }
                for j in 0..<n { dx[o + j] = dy[o + j] - Foundation.exp(y[o + j]) * s }
            }
        case .celu:
            for i in 0..<count { dx[i] = y[i] > 0 ? dy[i] : dy[i] * (y[i] + 1) }
        case .hardTanh:
            for i in 0..<count { dx[i] = y[i] > -1 && y[i] < 1 ? dy[i] : 0 }
        case .logSigmoid:
            for i in 0..<count { dx[i] = dy[i] * -Foundation.expm1(y[i]) }
        case .softShrink, .hardShrink:
            for i in 0..<count { dx[i] = y[i] != 0 ? dy[i] : 0 }
        case .sparsePlus:
            for i in 0..<count { dx[i] = y[i] < 1 ? dy[i] * y[i].squareRoot() : dy[i] }
        case .sparseSigmoid:
            for i in 0..<count { dx[i] = y[i] > 0 && y[i] < 1 ? dy[i] * 0.5 : 0 }
        case .gelu, .silu, .hardSilu, .mish, .tanhShrink, .squareplus:
            return
        }
    }
}
