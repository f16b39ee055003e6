/// One member of a zip archive as listed in its headers.
public struct ZipEntry: Sendable, Equatable {
    /// What a member is, from the file type recorded in its header.
    public enum Kind: Sendable, Equatable {
        /// A regular file.
        case file
        /// A directory (its path usually ends in `/`).
        case directory
        /// A symbolic link; its target is the member's data.
        case symlink
        /// Anything else: hard links, devices, fifos, sockets.
        case other
    }

    /// The member's path exactly as stored in the archive (UTF-8).
    public let path: String
    /// The uncompressed size the header declares, in bytes (0 when the header declares none).
    public let size: Int
    /// The member's file type.
    public let kind: Kind

    /// Why no extraction would write this member (a link or special entry; an empty or absolute
    /// path, a backslash or a `..` component), in the words `ZipReader.extract(to:)` refuses it
    /// with; nil for a file or directory with a plain relative path.
    public var unsafeReason: String? {
        if case .failure(let problem) = extractionComponents { return problem.reason }
        return nil
    }

    /// The path components this member is extracted to, or why it cannot be.
    var extractionComponents: Result<[String], ZipPath.Problem> {
        switch kind {
        case .file, .directory:
            return ZipPath.components(of: path)
        case .symlink:
            return .failure(ZipPath.Problem(reason: "is a symbolic link"))
        case .other:
            return .failure(ZipPath.Problem(reason: "is a special entry (hard link, device, fifo or socket)"))
        }
    }

    /// Creates a listing entry.
    public init(path: String, size: Int, kind: Kind) {
        self.path = path
        self.size = size
        self.kind = kind
    }
}
