/// A poetry request that cannot be met, said in one line.
public struct PoetryError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
