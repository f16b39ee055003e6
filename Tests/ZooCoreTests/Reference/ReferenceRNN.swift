@testable import ZooCore

/// A Keras recurrent layer (SimpleRNN, LSTM, GRU) in Double, one batch row at a time, as the
/// Keras 3 TensorFlow backend (the fixtures' backend) and tf_keras run it
/// (`keras/src/backend/tensorflow/rnn.py`):
/// - steps go in processing order: the input (and its mask) reversed with go_backwards, and the
///   output sequence left in that order;
/// - a masked step keeps the states and outputs the previous step's output, which is zeros
///   before the row's first real step (not the initial state, as the jax backend gives); with
///   `zeroOutputForMask` every masked step outputs zeros;
/// - the last output is the final step's output.
///
/// Inputs: x [B, T, I], then optionally the initial states [B, H] each (else zeros).
/// Outputs: [B, T, H] with return_sequences, else [B, H]; then with return_state the final
/// states [B, H] each. The output mask is the input mask with return_sequences, else none.
struct ReferenceRNN: ReferenceLayer {
    let cell: ReferenceCell
    let returnSequences: Bool
    let returnState: Bool
    let goBackwards: Bool
    /// Masked steps output zeros (Keras forces this inside Bidirectional with return_sequences).
    var zeroOutputForMask = false

    init(config: LayerConfig) throws {
        switch config.className {
        case "SimpleRNN": cell = try ReferenceSimpleRNNCell(config: config)
        case "LSTM": cell = try ReferenceLSTMCell(config: config)
        case "GRU": cell = try ReferenceGRUCell(config: config)
        default: throw ZooError("reference: \(config.className) is not a recurrent layer")
        }
        returnSequences = try config.bool("return_sequences", default: false)
        returnState = try config.bool("return_state", default: false)
        goBackwards = try config.bool("go_backwards", default: false)
    }

    func forward(_ inputs: [Tensor64], masks: [Tensor64?], weights: [Tensor64]) -> ReferenceOutput {
        let x = inputs[0], b = x.shape[0], t = x.shape[1], units = weights[1].shape[0]
        let mask = masks.first ?? nil
        let zeros = [Double](repeating: 0, count: units)
        var sequence = Tensor64(shape: [b, t, units]), last = Tensor64(shape: [b, units])
        var finalStates = (0..<cell.stateCount).map { _ in Tensor64(shape: [b, units]) }
        for i in 0..<b {
            var states = (0..<cell.stateCount).map { k in inputs.count > 1 ? inputs[1 + k].row(i) : zeros }
            var output = zeros
            for s in 0..<t {
                let source = goBackwards ? t - 1 - s : s
                let next = cell.step(x.row(i * t + source), states: states, weights: weights)
                if mask.map({ $0.scalars[i * t + source] != 0 }) ?? true {
                    states = next
                    output = next[0]
                } else if zeroOutputForMask {
                    output = zeros
                }
                sequence.setRow(i * t + s, output)
            }
            last.setRow(i, output)
            for k in states.indices { finalStates[k].setRow(i, states[k]) }
        }
        var outputs = [returnSequences ? sequence : last]
        if returnState { outputs += finalStates }
        return ReferenceOutput(outputs: outputs, masks: [returnSequences ? mask : nil] + Array(repeating: nil, count: outputs.count - 1))
    }
}
