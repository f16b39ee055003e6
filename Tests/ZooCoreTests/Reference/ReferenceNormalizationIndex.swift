/// For a row-major tensor of `shape` and a set of positive `axes`: each element's index over
/// the axes (row-major in increasing axis order) and over the other axes, by coordinates.
struct ReferenceNormalizationIndex {
    let feature: [Int]
    let rest: [Int]
    let featureCount: Int
    let restCount: Int

    init(shape: [Int], axes: [Int]) {
        let count = shape.reduce(1, *)
        featureCount = axes.reduce(1) { $0 * shape[$1] }
        restCount = count / featureCount
        var feature: [Int] = [], rest: [Int] = []
        for i in 0..<count {
            var coords = [Int](repeating: 0, count: shape.count), left = i
            for a in shape.indices.reversed() {
                coords[a] = left % shape[a]
                left /= shape[a]
            }
            feature.append(shape.indices.filter { axes.contains($0) }.reduce(0) { $0 * shape[$1] + coords[$1] })
            rest.append(shape.indices.filter { !axes.contains($0) }.reduce(0) { $0 * shape[$1] + coords[$1] })
        }
        self.feature = feature
        self.rest = rest
    }

    /// Positive, sorted axes from Keras's (negative count from the end).
    static func positive(_ axes: [Int], rank: Int) -> [Int] {
        axes.map { $0 < 0 ? $0 + rank : $0 }.sorted()
    }
}
