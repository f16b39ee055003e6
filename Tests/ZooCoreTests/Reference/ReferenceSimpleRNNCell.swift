@testable import ZooCore

/// Keras SimpleRNN cell in Double (G = 1): h' = φ(x·K + h·R + b). State [h].
struct ReferenceSimpleRNNCell: ReferenceCell {
    let activation: ReferenceActivation
    var stateCount: Int { 1 }

    init(config: LayerConfig) throws {
        activation = try ReferenceActivation(config, "activation", default: "tanh")
    }

    func step(_ x: [Double], states: [[Double]], weights: [Tensor64]) -> [[Double]] {
        [activation(preactivations(x, states[0], weights: weights, bias: weights.count > 2 ? weights[2].scalars : nil))]
    }
}
