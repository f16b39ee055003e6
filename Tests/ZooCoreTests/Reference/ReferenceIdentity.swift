@testable import ZooCore

/// A layer that is the identity at inference in Double (Dropout, SpatialDropout1D,
/// GaussianNoise, GaussianDropout, AlphaDropout, ActivityRegularization): y = x, the mask passes.
struct ReferenceIdentity: ReferenceLayer {
    func forward(_ inputs: [Tensor64], masks: [Tensor64?], weights: [Tensor64]) -> ReferenceOutput {
        ReferenceOutput(outputs: [inputs[0]], masks: [masks.first ?? nil])
    }
}
