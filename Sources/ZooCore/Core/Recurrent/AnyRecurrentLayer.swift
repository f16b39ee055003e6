/// What wrappers (Bidirectional) need from any recurrent layer, whatever its cell.
public protocol AnyRecurrentLayer: Layer {
    var returnSequences: Bool { get }
    var returnState: Bool { get }
    var goBackwards: Bool { get }
    var stateful: Bool { get }
    var stateCount: Int { get }
    /// H, the width of the output and of every state.
    var units: Int { get }
    /// The cell's ONNX operator (`RecurrentCell.onnxOperator`).
    var onnxOperator: RecurrentONNXOperator? { get }
    var zeroOutputForMask: Bool { get set }
    var weightPathPrefix: String { get set }
    /// The Keras name of the cell ("lstm_cell"), a segment of the weight paths.
    var kerasCellName: String { get }
    func resetStates()
}

extension RecurrentLayer: AnyRecurrentLayer {
    public var stateCount: Int { Cell.stateCount }
    public var units: Int { cell.units }
    public var onnxOperator: RecurrentONNXOperator? { cell.onnxOperator }
    public var kerasCellName: String { Cell.kerasCellName }
}
