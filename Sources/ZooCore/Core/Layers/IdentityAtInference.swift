/// A layer whose inference output is its input and whose mask passes unchanged: Dropout, the
/// noise layers (SpatialDropout1D, GaussianNoise, GaussianDropout, AlphaDropout) and
/// ActivityRegularization. Exporters leave it out of an inference graph.
public protocol IdentityAtInference: Layer {}
