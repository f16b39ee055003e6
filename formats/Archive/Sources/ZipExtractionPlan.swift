import Foundation
import ZooSupport

/// The checked list of what `ZipReader.extract(to:)` will create, built before anything is written.
///
/// Building the plan refuses the whole archive when any entry is a symlink, hard link or other
/// special entry; has an empty or absolute path, a backslash or a `..` component; resolves outside
/// the destination; would be written through a symlink already in the destination; is both a file
/// and a directory; or when the declared sizes add up to more than the reader's limit. (A name
/// listed twice never gets here: `ZipReader` refuses the archive when it opens it.)
struct ZipExtractionPlan {
    /// Where one entry goes.
    struct Target {
        /// The entry as listed when the archive was opened.
        let entry: ZipEntry
        /// The file or directory to create.
        let url: URL
    }

    /// One target per archive entry, in archive order.
    let targets: [Target]

    /// Checks every entry of `entries` against `directory`, or throws naming the archive and the entry.
    init(entries: [ZipEntry], archiveName: String, directory: URL, maxTotalBytes: Int) throws {
        let root = directory.standardizedFileURL
        var files = Set<String>()
        var directories = Set<String>()
        var declaredTotal = 0
        var targets: [Target] = []
        for entry in entries {
            func refuse(_ reason: String) -> ZooError {
                ZooError("\(archiveName): refusing to extract: entry '\(entry.path)' \(reason)")
            }
            let parts: [String]
            switch entry.extractionComponents {
            case .success(let kept):
                parts = kept
            case .failure(let problem):
                throw refuse(problem.reason)
            }
            let relative = parts.joined(separator: "/")
            let url = root.appendingPathComponent(relative).standardizedFileURL
            guard url.path.hasPrefix(root.path.hasSuffix("/") ? root.path : root.path + "/") else {
                throw refuse("resolves outside the destination \(root.path)")
            }
            for depth in 1...parts.count {
                let prefix = parts[0..<depth].joined(separator: "/")
                if let link = ZipExtractionPlan.symlink(at: root.appendingPathComponent(prefix)) {
                    throw refuse("would be written through the existing symbolic link \(link)")
                }
                if depth < parts.count || entry.kind == .directory {
                    directories.insert(prefix)
                }
            }
            if entry.kind == .file {
                files.insert(relative)
                declaredTotal += entry.size
                guard declaredTotal <= maxTotalBytes else {
                    throw ZooError("\(archiveName): refusing to extract: the members declare more than \(maxTotalBytes) bytes in total")
                }
            }
            targets.append(Target(entry: entry, url: url))
        }
        if let clash = files.intersection(directories).sorted().first {
            throw ZooError("\(archiveName): refusing to extract: entry '\(clash)' is both a file and a directory")
        }
        self.targets = targets
    }

    /// The path of `url` when it names an existing symbolic link.
    private static func symlink(at url: URL) -> String? {
        var info = stat()
        guard lstat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else {
            return nil
        }
        return url.path
    }
}
