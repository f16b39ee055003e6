/// How `ZipWriter` stores its members' data.
public enum ZipCompression: Sendable, Equatable {
    /// Uncompressed (zip method 0), as Keras writes `.keras` files.
    case stored
    /// Deflated (zip method 8) by zlib at `level`, 1 (fastest) to 9 (smallest).
    case deflate(level: Int)

    /// The libarchive zip writer options for this choice: `zip:compression=…`, and for deflate
    /// `zip:compression-level=…`.
    var libarchiveOptions: String {
        switch self {
        case .stored:
            return "zip:compression=store"
        case .deflate(let level):
            return "zip:compression=deflate,zip:compression-level=\(level)"
        }
    }
}
