/// What a reference layer returns: its outputs and the Keras mask of each ([B, T] of 0/1, or
/// nil for none).
struct ReferenceOutput {
    var outputs: [Tensor64]
    var masks: [Tensor64?]
}
