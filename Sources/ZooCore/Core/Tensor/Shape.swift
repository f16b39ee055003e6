/// Helpers for tensor shapes. A shape is `[Int]`, outermost axis first (Keras order:
/// batch, time, features). A layer-level shape without the batch axis may hold `nil` for an
/// unknown (dynamic) extent, as Keras writes `None`.
public enum Shape {
    /// `[2, 6, 1]` → "(2, 6, 1)"; `nil` extents print as `None`, as Keras does.
    public static func describe(_ dims: [Int?]) -> String {
        "(" + dims.map { $0.map(String.init) ?? "None" }.joined(separator: ", ") + (dims.count == 1 ? ",)" : ")")
    }

    public static func describe(_ dims: [Int]) -> String {
        describe(dims.map { Optional($0) })
    }

    /// Number of elements of a shape.
    public static func count(_ dims: [Int]) -> Int {
        dims.reduce(1, *)
    }
}
