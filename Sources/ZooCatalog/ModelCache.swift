import Foundation
import ZooCore

/// The local model cache at `$ZOO_HOME` (default `~/.cache/rnnzoo`):
///
///     models/NAME/VERSION/   card.json and the card's files: complete and verified when they appear;
///                            .card.sha256: the digest card.json was verified against
///     partial/NAME@VERSION/  a download in progress: card.json and the files fetched so far
///     locks/NAME@VERSION.lock
///
/// A model folder appears only by renaming a fully staged and verified folder into place, and
/// disappears by renaming it out of `models/` before deleting it, so `models/` never holds a
/// half-written or half-deleted model.
///
/// zoo makes no symbolic links in the cache and never follows one there: a folder or file of the
/// layout above that is a link (to anywhere) is not a model or a download, and removing,
/// pruning or fetching through it is refused with one line naming it; the link and what it
/// points to are left as they are. (`$ZOO_HOME` itself may be a link.) Names that are not plain
/// names are not zoo's either and are not listed.
public struct ModelCache: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    /// The cache at `$ZOO_HOME`, else `~/.cache/rnnzoo`.
    public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) -> ModelCache {
        if let home = environment["ZOO_HOME"], !home.isEmpty {
            return ModelCache(root: URL(fileURLWithPath: home).standardizedFileURL)
        }
        let user = environment["HOME"].map { URL(fileURLWithPath: $0) } ?? FileManager.default.homeDirectoryForCurrentUser
        return ModelCache(root: user.appendingPathComponent(".cache/rnnzoo"))
    }

    var modelsFolder: URL { root.appendingPathComponent("models") }
    var partialFolder: URL { root.appendingPathComponent("partial") }
    private var locksFolder: URL { root.appendingPathComponent("locks") }

    /// The cached `name` at exactly `version`, if present.
    public func model(_ name: String, version: String) -> CachedModel? {
        let folder = modelsFolder.appendingPathComponent(name).appendingPathComponent(version)
        guard isOwnFolder(folder) else { return nil }
        return CachedModel(name: name, version: version, folder: folder)
    }

    /// Every cached model (or every version of `name`), by name, then version (oldest first).
    public func models(named name: String? = nil) -> [CachedModel] {
        let names = name.map { [$0] } ?? plainEntries(of: modelsFolder)
        return names.sorted().flatMap { name in
            plainEntries(of: modelsFolder.appendingPathComponent(name))
                .sorted { ModelVersion($0) < ModelVersion($1) }
                .compactMap { model(name, version: $0) }
        }
    }

    /// The newest cached version of `name` whose files all match its card.
    public func newestIntact(_ name: String) -> CachedModel? {
        models(named: name).reversed().first { $0.problems().isEmpty }
    }

    /// Unfinished downloads, by name.
    public func partials() -> [PartialDownload] {
        ((try? FileManager.default.contentsOfDirectory(atPath: partialFolder.path)) ?? []).sorted().compactMap { entry in
            let folder = partialFolder.appendingPathComponent(entry)
            guard (try? ModelReference(parsing: entry))?.version != nil, isOwnFolder(folder) else { return nil }
            return PartialDownload(reference: entry, folder: folder)
        }
    }

    /// Removes every cached version of `reference.name`, or only `reference.version`, and the
    /// unfinished downloads of the same; returns the models removed. Throws when nothing matches,
    /// and, before removing anything, when one of those folders is a symbolic link.
    public func remove(_ reference: ModelReference) throws -> [CachedModel] {
        let nameFolder = modelsFolder.appendingPathComponent(reference.name)
        let versions = reference.version.map { [nameFolder.appendingPathComponent($0)] } ?? rawEntries(of: nameFolder)
        let staged = reference.version.map { [staging(reference.name, version: $0)] }
            ?? rawEntries(of: partialFolder).filter { $0.lastPathComponent.hasPrefix(reference.name + "@") }
        try refuseLinks([modelsFolder, nameFolder, partialFolder] + versions + staged)
        let doomed = models(named: reference.name).filter { reference.version == nil || $0.version == reference.version }
        let partial = partials().filter { $0.reference == reference.description || (reference.version == nil && $0.reference.hasPrefix(reference.name + "@")) }
        guard !doomed.isEmpty || !partial.isEmpty else { throw ZooError("\(reference): not in the cache at \(root.path)") }
        for model in doomed { try discard(model.folder) }
        for download in partial { try removePartial(download) }
        if isOwnFolder(nameFolder), rawEntries(of: nameFolder).isEmpty {
            try? FileManager.default.removeItem(at: nameFolder)
        }
        return doomed
    }

    /// Removes every unfinished download no other process is working on, and every version of
    /// each model but the newest. Returns what was removed. Refused, before anything is removed,
    /// when a folder of the cache's layout is a symbolic link.
    public func prune() throws -> (models: [CachedModel], partials: [PartialDownload]) {
        let names = rawEntries(of: modelsFolder)
        try refuseLinks([modelsFolder, partialFolder, locksFolder] + names + names.flatMap { rawEntries(of: $0) } + rawEntries(of: partialFolder) + rawEntries(of: locksFolder))
        var removedPartials: [PartialDownload] = []
        for download in partials() {
            if try removePartial(download) { removedPartials.append(download) }
        }
        for trash in rawEntries(of: partialFolder) where trash.lastPathComponent.hasPrefix(".trash-") {
            try? FileManager.default.removeItem(at: trash)
        }
        var removedModels: [CachedModel] = []
        for name in plainEntries(of: modelsFolder) {
            for old in models(named: name).dropLast() {
                try discard(old.folder)
                removedModels.append(old)
            }
        }
        return (removedModels, removedPartials)
    }

    /// The staging folder of a download: `partial/NAME@VERSION`.
    func staging(_ name: String, version: String) -> URL {
        partialFolder.appendingPathComponent("\(name)@\(version)")
    }

    /// The staging folder of `name@version`, made ready for the card `cardData` listing `files`:
    /// created when absent; emptied when it was staged under another card (its files may belong
    /// to other content); cleared of everything but `card.json` and `files` otherwise, so the
    /// folder installed holds exactly the card's files. The card is (re)written.
    func prepareStaging(_ name: String, version: String, card cardData: Data, files: [String]) throws -> URL {
        let folder = staging(name, version: version)
        try refuseLinks(on: folder)
        switch FileKind(of: folder) {
        case nil: try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        case .directory?: break
        case let kind?: throw SafeFile.refusal(folder, kind)
        }
        let cardFile = folder.appendingPathComponent("card.json")
        let staged = try? SafeFile.reading(cardFile, followingLinks: false).contents(limit: Registry.documentLimit)
        let keep = Set(staged == cardData ? files : []).union(["card.json"])
        for entry in rawEntries(of: folder) where !keep.contains(entry.lastPathComponent) {
            try remove(entry)
        }
        try AtomicFile.write(cardData, to: cardFile)
        return folder
    }

    /// The lock of `name@version`. When another process (or thread) holds it, calls
    /// `whileWaiting` once and waits for it.
    func lock(_ name: String, version: String, whileWaiting: () -> Void) throws -> FileLock {
        let file = lockFile("\(name)@\(version)")
        try refuseLinks(on: file)
        if let lock = try FileLock(file, wait: false) { return lock }
        whileWaiting()
        guard let lock = try FileLock(file, wait: true) else { throw ZooError("\(file.path): cannot lock") }
        return lock
    }

    private func lockFile(_ reference: String) -> URL {
        locksFolder.appendingPathComponent("\(reference).lock")
    }

    /// Makes the complete, verified `staged` folder the cached `name@version` by renaming it into
    /// place, replacing (and then deleting) an older copy of the same version. `cardSHA256` is
    /// the digest the card was verified against (the index's `card_sha256`); it is kept beside
    /// the card (`CachedModel.cardRecord`) so that verifying the cache checks the card too.
    func install(_ staged: URL, name: String, version: String, cardSHA256: String) throws -> CachedModel {
        try CachedModel.writeCardRecord(cardSHA256, in: staged)
        let parent = modelsFolder.appendingPathComponent(name)
        let target = parent.appendingPathComponent(version)
        try refuseLinks(on: target)
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let old = FileKind(of: target).map { _ in trashName() }
        if let old { try move(target, to: old) }
        do {
            try move(staged, to: target)
        } catch {
            if let old { try? move(old, to: target) }
            throw error
        }
        if let old { try? FileManager.default.removeItem(at: old) }
        return CachedModel(name: name, version: version, folder: target)
    }

    /// Removes `download` unless another process holds its lock; whether it was removed.
    @discardableResult
    private func removePartial(_ download: PartialDownload) throws -> Bool {
        guard let lock = try FileLock(lockFile(download.reference), wait: false) else { return false }
        defer { withExtendedLifetime(lock) {} }
        try discard(download.folder)
        return true
    }

    /// Renames `folder` out of sight (into `partial/.trash-…`), then deletes it.
    private func discard(_ folder: URL) throws {
        try refuseLinks(on: folder)
        let trash = trashName()
        try move(folder, to: trash)
        try? FileManager.default.removeItem(at: trash)
    }

    private func trashName() -> URL {
        partialFolder.appendingPathComponent(".trash-\(UUID().uuidString)")
    }

    private func move(_ from: URL, to: URL) throws {
        try refuseLinks(on: to.deletingLastPathComponent())
        try FileManager.default.createDirectory(at: to.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard rename(from.path, to.path) == 0 else {
            throw ZooError("cannot move \(from.path) to \(to.path) (\(SystemReason.text(errno)))")
        }
    }

    /// Deletes the entry `url` of a staging folder: a link is removed, never what it points to.
    private func remove(_ url: URL) throws {
        do {
            try FileManager.default.removeItem(at: url)
        } catch {
            throw ZooError("\(url.path): cannot remove a stale file of an earlier download")
        }
    }

    /// Throws the refusal for the first of `urls` that is a symbolic link.
    private func refuseLinks(_ urls: [URL]) throws {
        for url in urls {
            if let kind = FileKind(of: url), case .symbolicLink = kind {
                throw ZooError("\(url.path): \(kind); zoo never follows a link in its cache \(root.path): refused, nothing was changed")
            }
        }
    }

    /// Throws the refusal when `url` or a folder between the cache's root and it is a symbolic link.
    private func refuseLinks(on url: URL) throws {
        let inside = url.standardizedFileURL.pathComponents.dropFirst(root.standardizedFileURL.pathComponents.count)
        var path = root
        try refuseLinks(inside.map { component in
            path = path.appendingPathComponent(component)
            return path
        })
    }

    /// Whether `url` is a real folder reached from the root through real folders only.
    private func isOwnFolder(_ url: URL) -> Bool {
        let inside = url.standardizedFileURL.pathComponents.dropFirst(root.standardizedFileURL.pathComponents.count)
        var path = root
        return inside.allSatisfy { component in
            path = path.appendingPathComponent(component)
            return FileKind(of: path) == .directory
        }
    }

    /// Every entry of `folder`, hidden ones too (none when it is not a folder).
    private func rawEntries(of folder: URL) -> [URL] {
        guard FileKind(of: folder) == .directory else { return [] }
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).map { folder.appendingPathComponent($0) }
    }

    /// The plain names (model names, versions) in the real folder `folder`.
    private func plainEntries(of folder: URL) -> [String] {
        guard isOwnFolder(folder) else { return [] }
        return rawEntries(of: folder).map(\.lastPathComponent).filter(PathComponent.isPlain)
    }

    /// Bytes of the regular files directly in `folder`.
    static func bytes(in folder: URL) -> Int64 {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).reduce(0) { sum, name in
            var info = stat()
            guard lstat(folder.appendingPathComponent(name).path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return sum }
            return sum + Int64(info.st_size)
        }
    }
}
