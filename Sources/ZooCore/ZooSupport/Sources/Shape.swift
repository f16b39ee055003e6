/// Helpers for tensor shapes. A shape is `[Int]`, outermost axis first (Keras order:
/// batch, time, features). A layer-level shape without the batch axis may hold `nil` for an
/// unknown (dynamic) extent, as Keras writes `None`.
public enum Shape {
    /// The most elements one weight or one array read from a file may have: 2^31 (8 GiB of
    /// float32). Sizes read from files are checked against it before anything is allocated.
    public static let maxElements = 1 << 31

    /// `[2, 6, 1]` → "(2, 6, 1)"; `nil` extents print as `None`, as Keras does.
    public static func describe(_ dims: [Int?]) -> String {
        "(" + dims.map { $0.map(String.init) ?? "None" }.joined(separator: ", ") + (dims.count == 1 ? ",)" : ")")
    }

    /// `[2, 6, 1]` → "(2, 6, 1)", as Keras prints a shape.
    public static func describe(_ dims: [Int]) -> String {
        describe(dims.map { Optional($0) })
    }

    /// Number of elements of a shape.
    public static func count(_ dims: [Int]) -> Int {
        dims.reduce(1, *)
    }
}
