import ZooCore

/// What a user names on the command line: `NAME` (the newest version) or `NAME@VERSION` (exactly that one).
public struct ModelReference: Sendable, CustomStringConvertible {
    public let name: String
    /// The pinned version, or nil for "the newest".
    public let version: String?

    public init(name: String, version: String? = nil) {
        self.name = name
        self.version = version
    }

    /// Parses `NAME[@VERSION]`; both parts must be plain names.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        try PathComponent.check(parts[0], what: "model name", in: text)
        if parts.count == 2 { try PathComponent.check(parts[1], what: "version", in: text) }
        self.init(name: parts[0], version: parts.count == 2 ? parts[1] : nil)
    }

    public var description: String { version.map { "\(name)@\($0)" } ?? name }
}
