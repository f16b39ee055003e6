import Foundation
import ZooCore

/// The local model cache at `$ZOO_HOME` (default `~/.cache/rnnzoo`):
///
///     models/NAME/VERSION/   card.json and the card's files: complete and verified when they appear
///     partial/NAME@VERSION/  a download in progress: card.json and FILE.partial
///     locks/NAME@VERSION.lock
///
/// A model folder appears only by renaming a fully staged and verified folder into place, and
/// disappears by renaming it out of `models/` before deleting it, so `models/` never holds a
/// half-written or half-deleted model.
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

    /// The cached `name` at exactly `version`, if present.
    public func model(_ name: String, version: String) -> CachedModel? {
        let folder = modelsFolder.appendingPathComponent(name).appendingPathComponent(version)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else { return nil }
        return CachedModel(name: name, version: version, folder: folder)
    }

    /// Every cached model (or every version of `name`), by name, then version (oldest first).
    public func models(named name: String? = nil) -> [CachedModel] {
        let names = name.map { [$0] } ?? ModelCache.visibleEntries(of: modelsFolder)
        return names.sorted().flatMap { name in
            ModelCache.visibleEntries(of: modelsFolder.appendingPathComponent(name))
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
        ModelCache.visibleEntries(of: partialFolder).sorted().map {
            PartialDownload(reference: $0, folder: partialFolder.appendingPathComponent($0))
        }
    }

    /// Removes every cached version of `reference.name`, or only `reference.version`, and the
    /// unfinished downloads of the same; returns the models removed. Throws when nothing matches.
    public func remove(_ reference: ModelReference) throws -> [CachedModel] {
        let doomed = models(named: reference.name).filter { reference.version == nil || $0.version == reference.version }
        let partial = partials().filter { $0.reference == reference.description || (reference.version == nil && $0.reference.hasPrefix(reference.name + "@")) }
        guard !doomed.isEmpty || !partial.isEmpty else { throw ZooError("\(reference): not in the cache at \(root.path)") }
        for model in doomed { try discard(model.folder) }
        for download in partial { try removePartial(download) }
        if ModelCache.visibleEntries(of: modelsFolder.appendingPathComponent(reference.name)).isEmpty {
            try? FileManager.default.removeItem(at: modelsFolder.appendingPathComponent(reference.name))
        }
        return doomed
    }

    /// Removes every unfinished download no other process is working on, and every version of
    /// each model but the newest. Returns what was removed.
    public func prune() throws -> (models: [CachedModel], partials: [PartialDownload]) {
        var removedPartials: [PartialDownload] = []
        for download in partials() {
            if try removePartial(download) { removedPartials.append(download) }
        }
        for trash in (try? FileManager.default.contentsOfDirectory(atPath: partialFolder.path)) ?? [] where trash.hasPrefix(".trash-") {
            try? FileManager.default.removeItem(at: partialFolder.appendingPathComponent(trash))
        }
        var removedModels: [CachedModel] = []
        for name in ModelCache.visibleEntries(of: modelsFolder) {
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

    /// The lock of `name@version`; throws when another process holds it.
    func lock(_ name: String, version: String) throws -> CacheLock {
        let file = lockFile("\(name)@\(version)")
        guard let lock = try CacheLock(file) else {
            throw ZooError("\(name)@\(version): another zoo process is fetching or pruning it (lock \(file.path))")
        }
        return lock
    }

    private func lockFile(_ reference: String) -> URL {
        root.appendingPathComponent("locks").appendingPathComponent("\(reference).lock")
    }

    /// Makes the complete, verified `staged` folder the cached `name@version` by renaming it into
    /// place, replacing (and then deleting) an older copy of the same version.
    func install(_ staged: URL, name: String, version: String) throws -> CachedModel {
        let parent = modelsFolder.appendingPathComponent(name)
        let target = parent.appendingPathComponent(version)
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let old = model(name, version: version).map { _ in trashName() }
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
        guard let lock = try CacheLock(lockFile(download.reference)) else { return false }
        defer { withExtendedLifetime(lock) {} }
        try discard(download.folder)
        return true
    }

    /// Renames `folder` out of sight (into `partial/.trash-…`), then deletes it.
    private func discard(_ folder: URL) throws {
        let trash = trashName()
        try move(folder, to: trash)
        try? FileManager.default.removeItem(at: trash)
    }

    private func trashName() -> URL {
        partialFolder.appendingPathComponent(".trash-\(UUID().uuidString)")
    }

    private func move(_ from: URL, to: URL) throws {
        try FileManager.default.createDirectory(at: to.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard rename(from.path, to.path) == 0 else {
            throw ZooError("cannot move \(from.path) to \(to.path) (\(String(cString: strerror(errno))))")
        }
    }

    /// The names in `folder` that do not start with "." (none when it does not exist).
    static func visibleEntries(of folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }
    }

    /// Bytes of the regular files directly in `folder`.
    static func bytes(in folder: URL) -> Int64 {
        visibleEntries(of: folder).reduce(0) { sum, name in
            let attributes = try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
            return sum + ((attributes?[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }
}
