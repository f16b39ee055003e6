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
    /// Whether the call runs without masks (`CallMaskSource.unmasked`, tf_keras's `mask=None`;
    /// Keras 3's call given initial states and no `mask`): its inputs' masks are not used.
    public let unmasked: Bool
    /// Whether the outputs still carry the masks the layer passes on from its first input's own
    /// mask (`passedMasks`): Keras 3's unmasked call given initial states.
    public let keepsInputMask: Bool
    /// Index of this call among the layer's calls.
    public let callIndex: Int

    /// The tensor this call produces as its output `index`.
    public func output(_ index: Int) -> TensorRef { TensorRef(layer: layer.name, node: callIndex, index: index) }

    /// The masks of `layer`'s `outputs` outputs when its input carries `mask`, as Keras's
    /// compute_mask of a recurrent layer and Bidirectional gives them: the sequence output (both,
    /// merge_mode=None) with return_sequences carries it, the last output and the states none.
    public static func passedMasks<Mask>(_ mask: Mask?, of layer: Layer, outputs: Int) -> [Mask?] {
        let carrying: Int
        switch layer {
        case let r as AnyRecurrentLayer: carrying = r.returnSequences ? 1 : 0
        case let b as Bidirectional: carrying = b.forward.returnSequences ? (b.mergeMode == .none ? 2 : 1) : 0
        default: carrying = 0
        }
        return (0..<outputs).map { $0 < carrying ? mask : nil }
    }
}

extension Model {
    /// Every layer call in execution order.
    public var calls: [LayerCall] {
        nodes.map { n in
            LayerCall(layer: layers[n.layer], inputs: Array(n.inputs.prefix(n.positional)), initialStates: Array(n.inputs.dropFirst(n.positional)),
                      attentionMask: n.attentionMask, unmasked: n.masks?.isEmpty == true, keepsInputMask: n.keepsInputMask, callIndex: n.callIndex)
        }
    }
}
