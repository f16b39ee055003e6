/// The call shared by Attention and AdditiveAttention: unpack [query, value, key?] and their
/// masks, attend, and pass the query mask on.
enum AttentionLayerCall {
    static func run(_ inputs: [Variable], masks: [Tensor?], score: AttentionOps.Score, causal: Bool, dropout: Float,
                    context: CallContext, label: String) throws -> LayerOutput {
        let q = inputs[0], v = inputs[1], k = inputs.count > 2 ? inputs[2] : inputs[1]
        let qMask = masks.count > 0 ? masks[0] : nil
        let vMask = masks.count > 1 ? masks[1] : nil
        let outs = try AttentionOps.attend(query: q, value: v, key: k, score: score, queryMask: qMask, valueMask: vMask,
                                           causal: causal, layer: label)
        guard context.training, dropout > 0 else { return LayerOutput([outs[0]], masks: [qMask]) }
        throw ZooError("\(label): attention dropout in training is not supported; set dropout=0")
    }
}
