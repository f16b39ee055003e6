import ZooCore

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
    /// ONNX RNN: one gate block.
    public var onnxOperator: RecurrentONNXOperator? {
        RecurrentONNXOperator(opType: "RNN", gateOrder: [0], activations: [activation])
    }

    public init(units: Int, activation: Activation = .tanh, useBias: Bool = true) {
        self.units = units
        self.activation = activation
        self.useBias = useBias
    }

    public init(config: LayerConfig) throws {
        self.init(units: try config.extent("units"),
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

    public var runsOnUnitSlices: Bool { true }
    public var separateRecurrentGradient: Bool { false }

    public func forwardUnits(_ s: CellForwardStep, units u: Range<Int>, recurrent: UnsafePointer<Float>) {
        let h = units, w = u.count, u0 = u.lowerBound
        for r in 0..<s.batch {
            let z = s.gates + r * h + u0
            CellKernels.add(recurrent + r * w, into: z, count: w)
            activation.apply(z, z, count: w, rowLength: w)
            (s.h + r * h + u0).update(from: z, count: w)
        }
    }

    public func backwardUnits(_ s: CellBackwardStep, units u: Range<Int>) {
        let h = units, w = u.count, u0 = u.lowerBound
        for r in 0..<s.batch {
            let z = s.gates + r * h + u0
            activation.backward(output: z, gradOutput: s.dh + r * h + u0, gradInput: z, count: w, rowLength: w)
            (s.dhPrev + r * h + u0).update(repeating: 0, count: w)
        }
    }

    public func recurrentGradients(rows n: Int, hRec: UnsafePointer<Float>, gradGates: UnsafePointer<Float>,
                                   extra: UnsafePointer<Float>, dR: UnsafeMutablePointer<Float>,
                                   dRecurrentBias: UnsafeMutablePointer<Float>?) {
        Gemm.sgemm(transA: true, transB: false, m: units, n: units, k: n, alpha: 1,
                   a: hRec, lda: units, b: gradGates, ldb: units, beta: 1, c: dR, ldc: units)
    }
}
