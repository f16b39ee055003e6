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

    public init(units: Int, activation: Activation = .tanh, recurrentActivation: Activation = .sigmoid,
                useBias: Bool = true, unitForgetBias: Bool = true) {
        self.units = units
        self.activation = activation
        self.recurrentActivation = recurrentActivation
        self.useBias = useBias
        self.unitForgetBias = unitForgetBias
    }

    public init(config: LayerConfig) throws {
        self.init(units: try config.int("units"),
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

    public func forward(_ s: CellForwardStep) {
        let h = units, g4 = 4 * units
        s.packed.sgemm(transB: false, m: s.batch, n: g4, k: h, alpha: 1,
                      a: s.hRec, lda: h, b: s.recurrentKernel, ldb: g4, beta: 1, c: s.gates, ldc: g4)
        for r in 0..<s.batch {
            let z = s.gates + r * g4
            recurrentActivation.apply(z, z, count: 2 * h, rowLength: h)
            activation.apply(z + 2 * h, z + 2 * h, count: h, rowLength: h)
            recurrentActivation.apply(z + 3 * h, z + 3 * h, count: h, rowLength: h)
            let cPrev = s.cPrev! + r * h, c = s.c! + r * h, phiC = s.extra + r * h, hOut = s.h + r * h
            for j in 0..<h { c[j] = z[h + j] * cPrev[j] + z[j] * z[2 * h + j] }
            activation.apply(c, phiC, count: h, rowLength: h)
            for j in 0..<h { hOut[j] = z[3 * h + j] * phiC[j] }
        }
    }

    public func backward(_ s: CellBackwardStep) {
        let h = units, g4 = 4 * units
        for r in 0..<s.batch {
            let z = s.gates + r * g4, phiC = s.extra + r * h
            let dh = s.dh + r * h, dc = s.dc! + r * h, cPrev = s.cPrev! + r * h, dcPrev = s.dcPrev! + r * h
            let tmp = s.scratch + r * g4
            // do = dh·φ(c) through σ; dc += dh·o·φ'(c)
            for j in 0..<h { tmp[j] = dh[j] * phiC[j]; tmp[h + j] = dh[j] * z[3 * h + j] }
            activation.backward(output: phiC, gradOutput: tmp + h, gradInput: tmp + h, count: h, rowLength: h)
            for j in 0..<h { dc[j] += tmp[h + j] }
            recurrentActivation.backward(output: z + 3 * h, gradOutput: tmp, gradInput: tmp, count: h, rowLength: h)
            (z + 3 * h).update(from: tmp, count: h)
            // di = dc·g, df = dc·cPrev, dg = dc·i; dcPrev = dc·f
            for j in 0..<h {
                let i = z[j], f = z[h + j], g = z[2 * h + j]
                tmp[j] = dc[j] * g
                tmp[h + j] = dc[j] * cPrev[j]
                tmp[2 * h + j] = dc[j] * i
                dcPrev[j] = dc[j] * f
            }
            recurrentActivation.backward(output: z, gradOutput: tmp, gradInput: z, count: 2 * h, rowLength: h)
            activation.backward(output: z + 2 * h, gradOutput: tmp + 2 * h, gradInput: z + 2 * h, count: h, rowLength: h)
        }
        s.dhPrev.update(repeating: 0, count: s.batch * h)
        s.packed.sgemm(transB: true, m: s.batch, n: h, k: g4, alpha: 1,
                      a: s.gates, lda: g4, b: s.recurrentKernel, ldb: g4, beta: 1, c: s.dhRec, ldc: h)
    }

    public func recurrentGradients(rows n: Int, hRec: UnsafePointer<Float>, gradGates: UnsafePointer<Float>,
                                   extra: UnsafePointer<Float>, dR: UnsafeMutablePointer<Float>,
                                   dRecurrentBias: UnsafeMutablePointer<Float>?) {
        Gemm.sgemm(transA: true, transB: false, m: units, n: 4 * units, k: n, alpha: 1,
                   a: hRec, lda: units, b: gradGates, ldb: 4 * units, beta: 1, c: dR, ldc: 4 * units)
    }
}
