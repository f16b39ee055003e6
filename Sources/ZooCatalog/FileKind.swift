import Foundation

/// What is at a path, as `lstat` or `stat` reports it. The cache and the folder registries look
/// before they open anything, so that zoo never blocks on a FIFO, streams a device or follows a
/// symbolic link it did not expect.
enum FileKind: Equatable, CustomStringConvertible {
    case regular
    case directory
    /// A symbolic link and the path it holds.
    case symbolicLink(String)
    case fifo
    case characterDevice
    case blockDevice
    case socket
    case unknown

    /// The entry at `url` itself (`lstat`: a symbolic link is reported, not followed); nil when
    /// there is nothing there.
    init?(of url: URL) {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return nil }
        self.init(mode: info.st_mode, path: url.path)
    }

    /// What `url` leads to (`stat`: symbolic links are followed); nil when there is nothing there,
    /// or only a link to nothing.
    init?(following url: URL) {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        self.init(mode: info.st_mode, path: url.path)
    }

    /// The kind of a file whose `st_mode` is `mode`; `path` is read for a link's target.
    init(mode: mode_t, path: String) {
        switch mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .directory
        case S_IFLNK: self = .symbolicLink((try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?")
        case S_IFIFO: self = .fifo
        case S_IFCHR: self = .characterDevice
        case S_IFBLK: self = .blockDevice
        case S_IFSOCK: self = .socket
        default: self = .unknown
        }
    }

    /// "a FIFO", "a symbolic link to /etc", … as errors say it.
    var description: String {
        switch self {
        case .regular: return "a regular file"
        case .directory: return "a folder"
        case let .symbolicLink(target): return "a symbolic link to \(TerminalText.escaped(target))"
        case .fifo: return "a FIFO"
        case .characterDevice: return "a character device"
        case .blockDevice: return "a block device"
        case .socket: return "a socket"
        case .unknown: return "not a regular file"
        }
    }
}
