import Foundation
@testable import ZooCore

/// Keras activations in Double, from their definitions. `hard_sigmoid` is
/// clip(x/6 + 0.5, 0, 1) in Keras 3 and clip(0.2x + 0.5, 0, 1) in Keras 2 (KERAS_LAYOUTS.md §9).
enum ReferenceActivation {
    case linear
    case tanh
    case sigmoid
    case hardSigmoid(slope: Double)
    case relu
    case softmax
    case elu, selu, softplus, softsign, relu6, exponential, leakyRelu
    case logSoftmax, gelu, silu, hardSilu, mish
    case celu, hardTanh, logSigmoid, softShrink, hardShrink, sparsePlus, sparseSigmoid, tanhShrink, squareplus

    /// The activation named by `key` in a layer config (`fallback` when absent), with the
    /// config's slope of hard_sigmoid (`hard_sigmoid_alpha`, Keras 3's 1/6 when absent).
    init(_ config: LayerConfig, _ key: String, default fallback: String) throws {
        let slope = try config.double("hard_sigmoid_alpha", default: 1.0 / 6.0)
        switch try config.string(key, default: fallback) ?? fallback {
        case "linear": self = .linear
        case "tanh": self = .tanh
        case "sigmoid": self = .sigmoid
        case "hard_sigmoid": self = .hardSigmoid(slope: slope)
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
        case let other: throw ZooError("reference: \(config.label) has no activation '\(other)'")
        }
    }

    /// f(x) for an activation that acts on each value (every one but softmax and log softmax).
    func callAsFunction(_ x: Double) -> Double {
        switch self {
        case .linear: return x
        case .tanh: return Foundation.tanh(x)
        case .sigmoid: return 1 / (1 + exp(-x))
        case let .hardSigmoid(slope): return min(max(slope * x + 0.5, 0), 1)
        case .relu: return max(x, 0)
        case .softmax, .logSoftmax: preconditionFailure("softmax and log softmax act on a whole row")
        case .elu: return x > 0 ? x : exp(x) - 1
        case .selu: return 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * (exp(x) - 1))
        case .softplus: return log(1 + exp(x))
        case .softsign: return x / (1 + abs(x))
        case .relu6: return min(max(x, 0), 6)
        case .exponential: return exp(x)
        case .leakyRelu: return x > 0 ? x : 0.2 * x
        case .gelu: return 0.5 * x * (1 + erf(x / 2.0.squareRoot()))
        case .silu: return x / (1 + exp(-x))
        case .hardSilu: return x * min(max(x + 3, 0), 6) / 6
        case .mish: return x * Foundation.tanh(log(1 + exp(x)))
        case .celu: return x > 0 ? x : exp(x) - 1
        case .hardTanh: return min(max(x, -1), 1)
        case .logSigmoid: return -log(1 + exp(-x))
        case .softShrink: return x > 0.5 ? x - 0.5 : x < -0.5 ? x + 0.5 : 0
        case .hardShrink: return abs(x) > 0.5 ? x : 0
        case .sparsePlus: return x <= -1 ? 0 : x >= 1 ? x : (x + 1) * (x + 1) / 4
        case .sparseSigmoid: return x <= -1 ? 0 : x >= 1 ? 1 : (x + 1) / 2
        case .tanhShrink: return x - Foundation.tanh(x)
        case .squareplus: return (x + (x * x + 4).squareRoot()) / 2
        }
    }

    /// f over one row [n]: softmax normalises the row, log softmax subtracts log Σ exp, the
    /// others act on each value.
    func callAsFunction(_ row: [Double]) -> [Double] {
        let top = row.max() ?? 0
        switch self {
        case .softmax:
            let e = row.map { exp($0 - top) }
            let sum = e.reduce(0, +)
            return e.map { $0 / sum }
        case .logSoftmax:
            let shift = top + log(row.reduce(0) { $0 + exp($1 - top) })
            return row.map { $0 - shift }
        default:
            return row.map { self($0) }
        }
    }
}
