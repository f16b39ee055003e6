/// A layer's forward pass in Double, written with naive loops from the Keras semantics and
/// KERAS_LAYOUTS.md, never by calling the core: the float64 reference of `ReferenceCheck`.
protocol ReferenceLayer {
    /// - Parameters:
    ///   - inputs: the layer's inputs, batch axis first (a recurrent layer: x [B, T, I], then its
    ///     initial states [B, H] each)
    ///   - masks: one per input: [B, T] of 0/1, or nil
    ///   - weights: the layer's weights in Keras `get_weights()` order
    func forward(_ inputs: [Tensor64], masks: [Tensor64?], weights: [Tensor64]) -> ReferenceOutput
}
