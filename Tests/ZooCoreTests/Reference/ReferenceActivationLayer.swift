@testable import ZooCore

/// Keras Activation in Double: the activation on every row of the last axis. The mask passes.
struct ReferenceActivationLayer: ReferenceLayer {
    let activation: ReferenceActivation

    init(config: LayerConfig) throws {
        activation = try ReferenceActivation(config, "activation", default: "linear")
    }

    func forward(_ inputs: [Tensor64], masks: [Tensor64?], weights: [Tensor64]) -> ReferenceOutput {
        var y = inputs[0]
        for r in 0..<(y.count / y.rowLength) { y.setRow(r, activation(y.row(r))) }
        return ReferenceOutput(outputs: [y], masks: [masks.first ?? nil])
    }
}
