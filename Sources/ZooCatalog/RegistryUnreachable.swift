/// A registry that did not answer: a folder that is not there, a connection refused or
/// broken, no data within the timeout. Commands that can do without the registry (a model
/// already in the cache) fall back to the cache on this error, and only on this one.
public struct RegistryUnreachable: Error, CustomStringConvertible, Sendable {
    /// One line naming the folder or URL and the problem.
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
