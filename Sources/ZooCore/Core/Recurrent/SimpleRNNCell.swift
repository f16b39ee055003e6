/// Keras SimpleRNN cell (G = 1): h' = φ(x·K + h·R + b). No extra per-row state.
public struct SimpleRNNCell: RecurrentCell {
    public static let kerasClassName = "SimpleRNN"
    public static let kerasCellName = "simple_rnn_cell"
    public static let gateCount = 1
    public static let stateCount = 1

    public var units: Int
    public var activation: Activation
    public var useBias: Bool

    public var biasShape: [Int] { [units] }
    public var recurrentBiasOffset: Int? { nil }
    public var extraWidth: Int { 0 }

    public init(units: Int, activation: Activation = .tanh, useBias: Bool = true) {
        self.units = units
        self.activation = activation
        self.useBias = useBias
    }

    public init(config: LayerConfig) throws {
        self.init(units: try config.int("units"),
                  activation: try config.activation("activation", default: "tanh"),
                  useBias: try config.bool("use_bias", default: true))
    }

    public func writeConfig(into config: inout LayerConfig) {
        config["units"] = .number(Double(units))
        config["activation"] = .string(activation.kerasName)
        config["use_bias"] = .bool(useBias)
    }

    public func initialBias(using rng: inout SeededGenerator) -> Tensor {
        Tensor(shape: biasShape)
    }

    public func forward(_ s: CellForwardStep) {
        let h = units
        s.packed.sgemm(transB: false, m: s.batch, n: h, k: h, alpha: 1,
                      a: s.hRec, lda: h, b: s.recurrentKernel, ldb: h, beta: 1, c: s.gates, ldc: h)
        activation.apply(s.gates, s.gates, count: s.batch * h, rowLength: h)
        s.h.update(from: s.gates, count: s.batch * h)
    }

    public func backward(_ s: CellBackwardStep) {
        let h = units
        activation.backward(output: s.gates, gradOutput: s.dh, gradInput: s.gates, count: s.batch * h, rowLength: h)
        s.dhPrev.update(repeating: 0, count: s.batch * h)
        s.packed.sgemm(transB: true, m: s.batch, n: h, k: h, alpha: 1,
                      a: s.gates, lda: h, b: s.recurrentKernel, ldb: h, beta: 1, c: s.dhRec, ldc: h)
    }

    public func recurrentGradients(rows n: Int, hRec: UnsafePointer<Float>, gradGates: UnsafePointer<Float>,
                                   extra: UnsafePointer<Float>, dR: UnsafeMutablePointer<Float>,
                                   dRecurrentBias: UnsafeMutablePointer<Float>?) {
        Gemm.sgemm(transA: true, transB: false, m: units, n: units, k: n, alpha: 1,
                   a: hRec, lda: units, b: gradGates, ldb: units, beta: 1, c: dR, ldc: units)
    }
}
