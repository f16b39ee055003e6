import ZooCore

/// Keras LSTM cell. Gate blocks i, f, c, o (G = 4):
/// z = x·K + h·R + b; i = σ(z_i), f = σ(z_f), g = φ(z_c), o = σ(z_o); c' = f·c + i·g; h' = o·φ(c').
/// Extra per row: φ(c') [H].
public struct LSTMCell: RecurrentCell {
    public static let kerasClassName = "LSTM"
    public static let kerasCellName = "lstm_cell"
    public static let gateCount = 4
    public static let stateCount = 2

    public var units: Int
    public var activation: Activation
    public var recurrentActivation: Activation
    public var useBias: Bool
    public var unitForgetBias: Bool

    public var biasShape: [Int] { [4 * units] }
    public var recurrentBiasOffset: Int? { nil }
    public var extraWidth: Int { units }
    /// ONNX LSTM: gates i, o, f, c (Keras blocks 0, 3, 1, 2).
    public var onnxOperator: RecurrentONNXOperator? {
        RecurrentONNXOperator(opType: "LSTM", gateOrder: [0, 3, 1, 2], activations: [recurrentActivation, activation, activation])
    }

    public init(units: Int, activation: Activation = .tanh, recurrentActivation: Activation = .sigmoid,
                useBias: Bool = true, unitForgetBias: Bool = true) {
        self.units = units
        self.activation = activation
        self.recurrentActivation = recurrentActivation
        self.useBias = useBias
        self.unitForgetBias = unitForgetBias
    }

    public init(config: LayerConfig) throws {
        self.init(units: try config.extent("units"),
                  activation: try config.activation("activation", default: "tanh"),
                  recurrentActivation: try config.activation("recurrent_activation", default: "sigmoid"),
                  useBias: try config.bool("use_bias", default: true),
                  unitForgetBias: try config.bool("unit_forget_bias", default: true))
    }

    public func writeConfig(into config: inout LayerConfig) {
        config["units"] = .number(Double(units))
        config["activation"] = .string(activation.kerasName)
        config["recurrent_activation"] = .string(recurrentActivation.kerasName)
        config["use_bias"] = .bool(useBias)
        config["unit_forget_bias"] = .bool(unitForgetBias)
    }

    public func initialBias(using rng: inout SeededGenerator) -> Tensor {
        var b = Tensor(shape: biasShape)
        if unitForgetBias { for j in units..<(2 * units) { b.scalars[j] = 1 } }
        return b
    }

    public var runsOnUnitSlices: Bool { true }
    public var separateRecurrentGradient: Bool { false }
    public var readsInputRows: Bool { usesFusedKernel }
    /// The C kernels cover sigmoid gates with a tanh activation.
    var usesFusedKernel: Bool { activation == .tanh && recurrentActivation == .sigmoid }

    public func forwardUnits(_ s: CellForwardStep, units u: Range<Int>, recurrent: UnsafePointer<Float>) {
        let h = units, g4 = 4 * units, w = u.count, u0 = u.lowerBound
        if usesFusedKernel {
            return CellKernels.lstmForward(s, units: h, slice: u, recurrent: recurrent)
        }
        for r in 0..<s.batch {
            let z = s.gates + r * g4, q = recurrent + r * 4 * w
            for gate in 0..<4 { CellKernels.add(q + gate * w, into: z + gate * h + u0, count: w) }
            recurrentActivation.apply(z + u0, z + u0, count: w, rowLength: w)
            recurrentActivation.apply(z + h + u0, z + h + u0, count: w, rowLength: w)
            activation.apply(z + 2 * h + u0, z + 2 * h + u0, count: w, rowLength: w)
            recurrentActivation.apply(z + 3 * h + u0, z + 3 * h + u0, count: w, rowLength: w)
            let cPrev = s.cPrev! + r * h, c = s.c! + r * h, phiC = s.extra + r * h, hOut = s.h + r * h
            for j in u { c[j] = z[h + j] * cPrev[j] + z[j] * z[2 * h + j] }
            activation.apply(c + u0, phiC + u0, count: w, rowLength: w)
            for j in u { hOut[j] = z[3 * h + j] * phiC[j] }
        }
    }

    public func backwardUnits(_ s: CellBackwardStep, units u: Range<Int>) {
        let h = units, g4 = 4 * units, w = u.count, u0 = u.lowerBound
        if usesFusedKernel {
            return CellKernels.lstmBackward(s, units: h, slice: u)
        }
        for r in 0..<s.batch {
            let z = s.gates + r * g4, phiC = s.extra + r * h
            let dh = s.dh + r * h, dc = s.dc! + r * h, cPrev = s.cPrev! + r * h, dcPrev = s.dcPrev! + r * h
            let tmp = s.scratch + r * g4
            // do = dh·φ(c) through σ; dc += dh·o·φ'(c)
            for j in u { tmp[j] = dh[j] * phiC[j]; tmp[h + j] = dh[j] * z[3 * h + j] }
            activation.backward(output: phiC + u0, gradOutput: tmp + h + u0, gradInput: tmp + h + u0, count: w, rowLength: w)
            for j in u { dc[j] += tmp[h + j] }
            recurrentActivation.backward(output: z + 3 * h + u0, gradOutput: tmp + u0, gradInput: z + 3 * h + u0, count: w, rowLength: w)
            // di = dc·g, df = dc·cPrev, dg = dc·i; dcPrev = dc·f
            for j in u {
                let i = z[j], f = z[h + j], g = z[2 * h + j]
                tmp[j] = dc[j] * g
                tmp[h + j] = dc[j] * cPrev[j]
                tmp[2 * h + j] = dc[j] * i
                dcPrev[j] = dc[j] * f
            }
            recurrentActivation.backward(output: z + u0, gradOutput: tmp + u0, gradInput: z + u0, count: w, rowLength: w)
            recurrentActivation.backward(output: z + h + u0, gradOutput: tmp + h + u0, gradInput: z + h + u0, count: w, rowLength: w)
            activation.backward(output: z + 2 * h + u0, gradOutput: tmp + 2 * h + u0, gradInput: z + 2 * h + u0, count: w, rowLength: w)
            (s.dhPrev + r * h + u0).update(repeating: 0, count: w)
        }
    }

    public func recurrentGradients(rows n: Int, hRec: UnsafePointer<Float>, gradGates: UnsafePointer<Float>,
                                   extra: UnsafePointer<Float>, dR: UnsafeMutablePointer<Float>,
                                   dRecurrentBias: UnsafeMutablePointer<Float>?) {
        Gemm.sgemm(transA: true, transB: false, m: units, n: 4 * units, k: n, alpha: 1,
                   a: hRec, lda: units, b: gradGates, ldb: 4 * units, beta: 1, c: dR, ldc: 4 * units)
    }
}
