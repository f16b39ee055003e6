/// How ONNX's native recurrent operator (`RNN`, `LSTM`, `GRU`) computes a cell, declared by the
/// cell as plain data so that the ONNX exporter needs no knowledge of any cell type and a cell
/// needs no ONNX dependency.
///
/// With G gate blocks of H units, the operator's W [dirs, G·H, I] and R [dirs, G·H, H] hold the
/// cell's kernel [I, G·H] and recurrent_kernel [H, G·H] transposed, their blocks permuted by
/// `gateOrder`; its B [dirs, 2·G·H] holds the input bias, then the recurrent bias (zeros when the
/// cell has none).
public struct RecurrentONNXOperator: Sendable, Equatable {
    /// The ONNX operator ("LSTM").
    public var opType: String
    /// ONNX gate block g takes the cell's (Keras's) gate block `gateOrder[g]`; G entries.
    public var gateOrder: [Int]
    /// The `activations` attribute of one direction, in the operator's order (LSTM: f, g, h).
    public var activations: [Activation]
    /// Further integer attributes ("linear_before_reset": 1).
    public var intAttributes: [String: Int]

    /// The operator `opType` with `gateOrder`, `activations` and `intAttributes` as documented above.
    public init(opType: String, gateOrder: [Int], activations: [Activation], intAttributes: [String: Int] = [:]) {
        self.opType = opType
        self.gateOrder = gateOrder
        self.activations = activations
        self.intAttributes = intAttributes
    }
}
