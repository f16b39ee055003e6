@testable import ZooCore

/// Keras Bidirectional in Double (`keras/src/layers/rnn/bidirectional.py`): a forward copy of
/// the wrapped layer and a backward one (`backward_layer`, or the wrapped config with
/// go_backwards = True), on both of which Keras forces zero_output_for_mask = return_sequences.
/// The backward output sequence is flipped back to input order, then the two are merged:
/// concat (last axis), sum, mul, ave, or None (both outputs, unmerged).
///
/// Inputs: x [B, T, I], then optionally the forward layer's initial states and the backward
/// layer's. Outputs: the merged output(s), then with return_state the forward states and the
/// backward states. Weights: the forward layer's, then the backward layer's.
struct ReferenceBidirectional: ReferenceLayer {
    let forwardLayer: ReferenceRNN
    let backwardLayer: ReferenceRNN
    /// "concat", "sum", "mul", "ave", or nil for None.
    let mergeMode: String?

    init(config: LayerConfig) throws {
        func rnn(_ entry: JSONValue?, goBackwards: Bool?) throws -> ReferenceRNN {
            guard let entry, let className = entry["class_name"]?.stringValue else {
                throw ZooError("reference: \(config.label) has no wrapped layer")
            }
            var inner = LayerConfig(className: className, json: entry["config"] ?? .object([]))
            if let goBackwards { inner["go_backwards"] = .bool(goBackwards) }
            var layer = try ReferenceRNN(config: inner)
            layer.zeroOutputForMask = layer.returnSequences
            return layer
        }
        forwardLayer = try rnn(config["layer"], goBackwards: nil)
        if let backward = config["backward_layer"], !backward.isNull {
            backwardLayer = try rnn(backward, goBackwards: nil)
        } else {
            backwardLayer = try rnn(config["layer"], goBackwards: true)
        }
        let mode = config["merge_mode"]
        mergeMode = mode == nil ? "concat" : mode?.stringValue
        guard mergeMode.map({ ["concat", "sum", "mul", "ave"].contains($0) }) ?? true else {
            throw ZooError("reference: \(config.label) merge_mode \(mode?.serialized() ?? "")")
        }
    }

    func forward(_ inputs: [Tensor64], masks: [Tensor64?], weights: [Tensor64]) -> ReferenceOutput {
        let mask = masks.first ?? nil, initial = inputs.dropFirst(), half = weights.count / 2
        let f = forwardLayer.forward([inputs[0]] + initial.prefix(initial.count / 2), masks: [mask], weights: Array(weights[..<half]))
        let b = backwardLayer.forward([inputs[0]] + initial.suffix(initial.count / 2), masks: [mask], weights: Array(weights[half...]))
        let y = f.outputs[0], yBackward = backwardLayer.returnSequences ? b.outputs[0].reversedTime() : b.outputs[0]
        func elementwise(_ op: (Double, Double) -> Double) -> Tensor64 {
            Tensor64(shape: y.shape, scalars: zip(y.scalars, yBackward.scalars).map(op))
        }
        let merged: [Tensor64]
        switch mergeMode {
        case "concat":
            var both = Tensor64(shape: Array(y.shape.dropLast()) + [2 * y.rowLength])
            for r in 0..<(y.count / y.rowLength) { both.setRow(r, y.row(r) + yBackward.row(r)) }
            merged = [both]
        case "sum": merged = [elementwise(+)]
        case "mul": merged = [elementwise(*)]
        case "ave": merged = [elementwise { ($0 + $1) / 2 }]
        default: merged = [y, yBackward]
        }
        let states = Array(f.outputs.dropFirst() + b.outputs.dropFirst())
        let outputMask = forwardLayer.returnSequences ? mask : nil
        return ReferenceOutput(outputs: merged + states, masks: merged.map { _ in outputMask } + states.map { _ in nil })
    }
}
