/// How a normalization layer splits a tensor's elements: the positions along the `feature`
/// axes (LayerNormalization's normalized axes, BatchNormalization's channel axis) and the
/// positions along every other axis (`rest`). For each flat element index i of a row-major
/// tensor of `shape`, `feature[i]` is its index in the feature block (row-major over the
/// feature axes in increasing order) and `rest[i]` its index over the other axes.
public struct NormalizationAxes: Sendable {
    public let shape: [Int]
    /// The feature axes, positive and increasing.
    public let axes: [Int]
    /// The number of positions along the feature axes (the length of gamma and beta).
    public let featureCount: Int
    /// The number of positions along the other axes.
    public let restCount: Int
    /// Per element: its index in the feature block, in 0..<featureCount.
    public let feature: [Int]
    /// Per element: its index over the other axes, in 0..<restCount.
    public let rest: [Int]

    /// `axes` are positive axes of `shape`, increasing and distinct.
    public init(shape: [Int], axes: [Int]) {
        self.shape = shape
        self.axes = axes
        let isFeature = shape.indices.map { axes.contains($0) }
        featureCount = axes.reduce(1) { $0 * shape[$1] }
        restCount = Shape.count(shape) / max(featureCount, 1)
        var feature = [Int](repeating: 0, count: Shape.count(shape))
        var rest = feature
        var coords = [Int](repeating: 0, count: shape.count)
        for i in feature.indices {
            var f = 0, r = 0
            for a in shape.indices {
                if isFeature[a] { f = f * shape[a] + coords[a] } else { r = r * shape[a] + coords[a] }
            }
            feature[i] = f
            rest[i] = r
            var a = shape.count - 1
            while a >= 0 {
                coords[a] += 1
                if coords[a] < shape[a] { break }
                coords[a] = 0
                a -= 1
            }
        }
        self.feature = feature
        self.rest = rest
    }
}
