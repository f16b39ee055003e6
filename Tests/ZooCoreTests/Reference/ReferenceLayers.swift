@testable import ZooCore

/// Makes the Double reference of a Keras layer from its class name and config.
enum ReferenceLayers {
    /// `training` selects a layer's training behaviour (BatchNormalization's batch statistics).
    static func make(_ config: LayerConfig, training: Bool = false) throws -> ReferenceLayer {
        switch config.className {
        case "Dense": return try ReferenceDense(config: config)
        case "Embedding": return try ReferenceEmbedding(config: config)
        case "SimpleRNN", "LSTM", "GRU": return try ReferenceRNN(config: config)
        case "Bidirectional": return try ReferenceBidirectional(config: config)
        case "TimeDistributed": return try ReferenceTimeDistributed(config: config)
        case "GlobalAveragePooling1D": return try ReferenceGlobalAveragePooling1D(config: config)
        case "Attention", "AdditiveAttention": return try ReferenceAttention(config: config)
        case "MultiHeadAttention": return try ReferenceMultiHeadAttention(config: config)
        case "RepeatVector": return try ReferenceRepeatVector(config: config)
        case "Flatten": return try ReferenceFlatten(config: config)
        case "Reshape": return try ReferenceReshape(config: config)
        case "Permute": return try ReferencePermute(config: config)
        case "Activation": return try ReferenceActivationLayer(config: config)
        case "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum": return ReferenceMerge(config: config)
        case "Concatenate": return try ReferenceConcatenate(config: config)
        case "Dot": return try ReferenceDot(config: config)
        case "Conv1D": return try ReferenceConv1D(config: config)
        case "MaxPooling1D", "AveragePooling1D": return try ReferencePooling1D(config: config)
        case "GlobalMaxPooling1D": return try ReferenceGlobalMaxPooling1D(config: config)
        case "Cropping1D", "ZeroPadding1D", "UpSampling1D": return try ReferenceTimeSlice(config: config)
        case "LayerNormalization": return try ReferenceLayerNormalization(config: config)
        case "BatchNormalization": return try ReferenceBatchNormalization(config: config, training: training)
        case "SpatialDropout1D", "GaussianNoise", "GaussianDropout", "AlphaDropout", "ActivityRegularization": return ReferenceIdentity()
        default: throw ZooError("reference: no Double reference for \(config.className)")
        }
    }
}
