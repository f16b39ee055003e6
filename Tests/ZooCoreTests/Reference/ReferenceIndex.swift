/// Row-major coordinates of the float64 reference path.
enum ReferenceIndex {
    /// The coordinates of flat index `e` in `shape`.
    static func coordinates(_ e: Int, _ shape: [Int]) -> [Int] {
        var rest = e
        var coords = [Int](repeating: 0, count: shape.count)
        for d in stride(from: shape.count - 1, through: 0, by: -1) {
            coords[d] = rest % shape[d]
            rest /= shape[d]
        }
        return coords
    }

    /// The flat index of `coords` in `shape`.
    static func flat(_ coords: [Int], _ shape: [Int]) -> Int {
        zip(coords, shape).reduce(0) { $0 * $1.1 + $1.0 }
    }
}
