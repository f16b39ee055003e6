/// A model version compared numerically per dot-separated component: 0.10.0 > 0.9.1, 1.0 < 1.0.1.
/// A component that is not a number compares as text, after the numbers.
public struct ModelVersion: Comparable, Sendable, CustomStringConvertible {
    public let text: String

    public init(_ text: String) {
        self.text = text
    }

    public var description: String { text }

    public static func < (a: ModelVersion, b: ModelVersion) -> Bool {
        let x = a.text.split(separator: ".", omittingEmptySubsequences: false)
        let y = b.text.split(separator: ".", omittingEmptySubsequences: false)
        for (p, q) in zip(x, y) where p != q {
            switch (Int(p), Int(q)) {
            case let (m?, n?): if m != n { return m < n }
            case (_?, nil): return true
            case (nil, _?): return false
            case (nil, nil): return p < q
            }
        }
        return x.count < y.count
    }

    public static func == (a: ModelVersion, b: ModelVersion) -> Bool {
        !(a < b) && !(b < a)
    }
}
