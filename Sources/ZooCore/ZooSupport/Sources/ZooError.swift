/// Every error RNNZoo reports to a user: one line naming the thing (file, layer, option) and the problem.
public struct ZooError: Error, CustomStringConvertible, Sendable {
    /// The one line shown to the user, e.g. "model.h5: not a readable HDF5 file (…)".
    public let message: String

    /// An error whose whole text is `message` (one line naming the thing and the problem).
    public init(_ message: String) {
        self.message = message
    }

    /// The message itself, so that printing the error prints the one line.
    public var description: String { message }

    /// The error as one line about `path`: unchanged when its message already names `path` or one
    /// of `others` (the files it may be about), else "path: message".
    public func naming(_ path: String, unlessItNames others: [String] = []) -> ZooError {
        ([path] + others).contains(where: message.contains) ? self : ZooError("\(path): \(message)")
    }

    /// A shape mismatch at a layer: names the layer, the expected and the actual shape.
    public static func shape(_ where_: String, expected: String, got: [Int]) -> ZooError {
        ZooError("\(where_): expected shape \(expected), got \(Shape.describe(got))")
    }
}
