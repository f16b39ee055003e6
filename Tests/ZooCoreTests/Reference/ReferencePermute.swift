@testable import ZooCore

/// Keras Permute in Double: the non-batch axes reordered by the 1-based `dims`. No output mask.
struct ReferencePermute: ReferenceLayer {
    let dims: [Int]

    init(config: LayerConfig) throws {
        dims = config["dims"]?.arrayValue?.compactMap(\.intValue) ?? []
    }

    func forward(_ inputs: [Tensor64], masks: [Tensor64?], weights: [Tensor64]) -> ReferenceOutput {
        ReferenceOutput(outputs: [ReferencePermutation.apply(inputs[0], [0] + dims)], masks: [nil])
    }
}
