import ZooCore

/// A recurrent cell defined outside the zoo (the recipe "A new recurrent cell" of
/// Plugins/README.md): one gate block (G = 1), one state,
/// g = φ(x·K + h·R + b), h' = (1 − a)·h + a·g, with the leak a = `leak` in (0, 1].
/// The gate buffer keeps the activated g for backward; nothing extra. No ONNX operator computes
/// the leak, so ONNX export refuses the layer.
struct LeakyRNNCell: RecurrentCell {
    static let kerasClassName = "LeakyRNN"
    static let kerasCellName = "leaky_rnn_cell"
    static let gateCount = 1
    static let stateCount = 1

    var units: Int
    var activation: Activation
    var useBias: Bool
    var leak: Float

    var biasShape: [Int] { [units] }
    var recurrentBiasOffset: Int? { nil }
    var extraWidth: Int { 0 }
    var onnxOperator: RecurrentONNXOperator? { nil }

    init(config: LayerConfig) throws {
        units = try config.extent("units")
        activation = try config.activation("activation", default: "tanh")
        useBias = try config.bool("use_bias", default: true)
        let a = try config.double("leak", default: 0.5)
        guard a > 0, a <= 1 else { throw ZooError("\(config.label): 'leak' must be in (0, 1], got \(a)") }
        leak = Float(a)
    }

    func writeConfig(into config: inout LayerConfig) {
        config["units"] = .number(Double(units))
        config["activation"] = .string(activation.kerasName)
        config["use_bias"] = .bool(useBias)
        config["leak"] = .number(Double(leak))
    }

    func initialBias(using rng: inout SeededGenerator) -> Tensor {
        Tensor(shape: biasShape)
    }

    var runsOnUnitSlices: Bool { true }
    var separateRecurrentGradient: Bool { false }

    /// `recurrent` [B, |U|]: h·R for the units U.
    func forwardUnits(_ s: CellForwardStep, units u: Range<Int>, recurrent: UnsafePointer<Float>) {
        let h = units, w = u.count, u0 = u.lowerBound
        for r in 0..<s.batch {
            let g = s.gates + r * h, hPrev = s.hPrev + r * h, out = s.h + r * h
            CellKernels.add(recurrent + r * w, into: g + u0, count: w)
            activation.apply(g + u0, g + u0, count: w, rowLength: w)
            for j in u { out[j] = (1 - leak) * hPrev[j] + leak * g[j] }
        }
    }

    /// dL/d(gate pre-activation) = a·dh through φ (into the gate buffer); the direct part of
    /// dL/dhPrev is (1 − a)·dh.
    func backwardUnits(_ s: CellBackwardStep, units u: Range<Int>) {
        let h = units, w = u.count, u0 = u.lowerBound
        for r in 0..<s.batch {
            let g = s.gates + r * h, dh = s.dh + r * h, dhPrev = s.dhPrev + r * h
            for j in u {
                dhPrev[j] = (1 - leak) * dh[j]
                dh[j] *= leak
            }
            activation.backward(output: g + u0, gradOutput: dh + u0, gradInput: g + u0, count: w, rowLength: w)
        }
    }

    /// dR [H, H] += hRecᵀ·dG over the n = T·B rows.
    func recurrentGradients(rows n: Int, hRec: UnsafePointer<Float>, gradGates: UnsafePointer<Float>,
                            extra: UnsafePointer<Float>, dR: UnsafeMutablePointer<Float>,
                            dRecurrentBias: UnsafeMutablePointer<Float>?) {
        Gemm.sgemm(transA: true, transB: false, m: units, n: units, k: n, alpha: 1,
                   a: hRec, lda: units, b: gradGates, ldb: units, beta: 1, c: dR, ldc: units)
    }
}
