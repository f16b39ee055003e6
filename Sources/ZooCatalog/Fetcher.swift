import Foundation
import ZooCore

/// `zoo fetch`: brings one model version from a registry into the cache, verified.
///
/// - `NAME@VERSION` is exactly that version; `NAME` is the newest in the registry's index (or,
///   when the registry cannot be reached, the newest intact version in the cache).
/// - A version already cached whose files all match its card is used as it is, without touching
///   the registry; a damaged one is fetched again and replaced.
/// - The card must hash to the index's `card_sha256`; each file is staged as
///   `partial/NAME@VERSION/FILE.partial` and must have the card's size and SHA-256. Only then is
///   the staged folder renamed into `models/NAME/VERSION`.
/// - An interrupted transfer keeps its `.partial`, which the next fetch resumes (HTTP Range);
///   a file of the wrong size or content is deleted, so the next fetch starts it clean.
/// - Every failure is one `ZooError` line naming the model, the file or URL and the problem.
public struct Fetcher: Sendable {
    public let registry: Registry
    public let cache: ModelCache
    public let display: ProgressDisplay?

    public init(registry: Registry, cache: ModelCache, display: ProgressDisplay? = nil) {
        self.registry = registry
        self.cache = cache
        self.display = display
    }

    public func fetch(_ reference: ModelReference) throws -> FetchResult {
        if let version = reference.version, let cached = cache.model(reference.name, version: version), cached.problems().isEmpty {
            return FetchResult(model: cached, transferred: 0, offlineReason: nil)
        }
        let index: CatalogIndex
        do {
            index = try registry.index()
        } catch let error as RegistryUnreachable {
            if reference.version == nil, let cached = cache.newestIntact(reference.name) {
                return FetchResult(model: cached, transferred: 0, offlineReason: error.message)
            }
            throw ZooError("\(reference): \(error.message); nothing was installed")
        }
        guard let entry = reference.version.map({ index.entry(reference.name, version: $0) }) ?? index.newest(reference.name) else {
            let versions = index.versions(of: reference.name).map(\.version)
            let known = versions.isEmpty ? "no such model" : "versions there: \(versions.joined(separator: ", "))"
            throw ZooError("\(reference): not in the registry \(registry) (\(known))")
        }
        if let cached = cache.model(entry.name, version: entry.version), cached.problems().isEmpty {
            return FetchResult(model: cached, transferred: 0, offlineReason: nil)
        }
        do {
            return try download(entry)
        } catch {
            let message = (error as? ZooError)?.message ?? (error as? RegistryUnreachable)?.message ?? error.localizedDescription
            throw ZooError("\(entry.reference): \(message); nothing was installed")
        }
    }

    /// Stages the card and every file of `entry`, verifies them, and installs the folder.
    private func download(_ entry: CatalogEntry) throws -> FetchResult {
        let lock = try cache.lock(entry.name, version: entry.version)
        defer { withExtendedLifetime(lock) {} }
        let (card, cardData) = try registry.card(entry)
        let staging = cache.staging(entry.name, version: entry.version)
        let stagedCard = staging.appendingPathComponent("card.json")
        if FileManager.default.fileExists(atPath: staging.path), FileManager.default.contents(atPath: stagedCard.path) != cardData {
            // Staged under another card: its partial files may belong to other content.
            try FileManager.default.removeItem(at: staging)
        }
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        try AtomicFile.write(cardData, to: stagedCard)
        var transferred: Int64 = 0
        for file in card.files {
            transferred += try stage(file, of: entry, in: staging)
        }
        for file in card.files {
            let partial = staging.appendingPathComponent(file.name + ".partial")
            guard rename(partial.path, staging.appendingPathComponent(file.name).path) == 0 else {
                throw ZooError("\(file.name): cannot rename \(partial.path) (\(String(cString: strerror(errno))))")
            }
        }
        let model = try cache.install(staging, name: entry.name, version: entry.version)
        display?.installed(entry.reference, transferred: transferred)
        return FetchResult(model: model, transferred: transferred, offlineReason: nil)
    }

    /// Completes and verifies `staging/FILE.partial`; returns the bytes transferred.
    private func stage(_ file: CardFile, of entry: CatalogEntry, in staging: URL) throws -> Int64 {
        let partial = staging.appendingPathComponent(file.name + ".partial")
        let source = entry.path + "/" + file.name
        let before = Fetcher.size(of: partial)
        if before > file.size || !FileManager.default.fileExists(atPath: partial.path) {
            guard FileManager.default.createFile(atPath: partial.path, contents: nil) else { throw ZooError("\(partial.path): cannot create") }
        }
        var transferred: Int64 = 0
        if before < file.size {
            display?.begin(file.name, size: file.size, offset: before)
            var resumedFrom: Int64 = 0
            do {
                resumedFrom = try registry.download(source, to: partial, size: file.size) { display?.update($0) }
            } catch {
                let now = Fetcher.size(of: partial)
                display?.end(now, resumedFrom: resumedFrom)
                if let error = error as? RegistryUnreachable {
                    throw ZooError("\(file.name): \(error.message) after \(Model.grouped(Int(now))) of \(Model.grouped(Int(file.size))) bytes (kept: the next fetch resumes)")
                }
                throw ZooError("\(file.name): \((error as? ZooError)?.message ?? "\(error)")")
            }
            transferred = Fetcher.size(of: partial) - resumedFrom
            display?.end(Fetcher.size(of: partial), resumedFrom: resumedFrom)
        }
        let got = try SHA256.file(partial)
        guard got.size == file.size else {
            try? FileManager.default.removeItem(at: partial)
            throw ZooError("\(file.name): \(Model.grouped(Int(got.size))) bytes arrived from \(registry.address(source)), the card lists \(Model.grouped(Int(file.size)))")
        }
        guard got.hex == file.sha256 else {
            try? FileManager.default.removeItem(at: partial)
            throw ZooError("\(file.name): sha256 mismatch (expected \(Digest.short(file.sha256)), got \(Digest.short(got.hex))) from \(registry.address(source))")
        }
        return transferred
    }

    /// Size in bytes of the file at `url` (0 when absent).
    static func size(of url: URL) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.int64Value ?? 0
    }
}
