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

    /// Creates a listing entry.
    public init(path: String, size: Int, kind: Kind) {
        self.path = path
        self.size = size
        self.kind = kind
    }
}
