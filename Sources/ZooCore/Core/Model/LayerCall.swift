/// One call of a layer in a model's graph, in execution order: what exporters walk.
public struct LayerCall {
    public let layer: Layer
    /// The positional inputs (two for Attention's [query, value] and MultiHeadAttention's
    /// (query, value), one otherwise).
    public let inputs: [TensorRef]
    /// The `initial_state` tensors passed to a recurrent layer (empty when none).
    public let initialStates: [TensorRef]
    /// The `attention_mask` passed to MultiHeadAttention [B, Tq, Tv], or nil.
    public let attentionMask: TensorRef?
    /// Index of this call among the layer's calls.
    public let callIndex: Int

    /// The tensor this call produces as its output `index`.
    public func output(_ index: Int) -> TensorRef { TensorRef(layer: layer.name, node: callIndex, index: index) }
}

extension Model {
    /// Every layer call in execution order.
    public var calls: [LayerCall] {
        nodes.map { n in
            LayerCall(layer: layers[n.layer], inputs: Array(n.inputs.prefix(n.positional)), initialStates: Array(n.inputs.dropFirst(n.positional)),
                      attentionMask: n.attentionMask, callIndex: n.callIndex)
        }
    }
}
