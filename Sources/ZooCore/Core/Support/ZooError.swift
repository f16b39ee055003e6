/// Every error RNNZoo reports to a user: one line naming the thing (file, layer, option) and the problem.
public struct ZooError: Error, CustomStringConvertible, Sendable {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }

    /// A shape mismatch at a layer: names the layer, the expected and the actual shape.
    public static func shape(_ where_: String, expected: String, got: [Int]) -> ZooError {
        ZooError("\(where_): expected shape \(expected), got \(Shape.describe(got))")
    }
}
