import Foundation
import ZooCore

/// `zoo fetch`: brings one model version from a registry into the cache, verified.
///
/// - `NAME@VERSION` is exactly that version; `NAME` is the newest in the registry's index (or,
///   when the registry cannot be reached, the newest intact version in the cache).
/// - A version already cached whose files all match its card is used as it is, without touching
///   the registry; a damaged one is fetched again and replaced. A copy cached before the card's
///   digest record existed gets the record, and is used, when the index's `card_sha256` vouches
///   for its card (nothing is downloaded).
/// - One fetch of a version at a time: a second one waits for the first (the version's lock),
///   then uses the model the first installed when it is intact.
/// - The card must hash to the index's `card_sha256`; each file is staged as
///   `partial/NAME@VERSION/FILE` (card names are plain names, never card.json, and no other
///   file is kept there, so no name can stand for another file) and must have the card's size
///   and SHA-256. Only then is the staged folder renamed into `models/NAME/VERSION`.
/// - An interrupted transfer keeps its staged file, which the next fetch resumes (HTTP Range);
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
            let message = (error as? ZooError)?.message ?? (error as? RegistryUnreachable)?.message ?? SystemReason.text(error)
            throw ZooError("\(entry.reference): \(message); nothing was installed")
        }
    }

    /// Stages the card and every file of `entry`, verifies them, and installs the folder. Waits
    /// while another fetch works on the same version, then uses what it installed when intact.
    private func download(_ entry: CatalogEntry) throws -> FetchResult {
        let lock = try cache.lock(entry.name, version: entry.version) { display?.waiting(entry.reference) }
        defer { withExtendedLifetime(lock) {} }
        if let cached = cache.model(entry.name, version: entry.version), cached.problems().isEmpty || cached.recordCard(vouchedFor: entry.cardSHA256) {
            return FetchResult(model: cached, transferred: 0, offlineReason: nil)
        }
        let (card, cardData) = try registry.card(entry)
        let staging = try cache.prepareStaging(entry.name, version: entry.version, card: cardData, files: card.files.map(\.name))
        var transferred: Int64 = 0
        for file in card.files {
            transferred += try stage(file, of: entry, in: staging)
        }
        let model = try cache.install(staging, name: entry.name, version: entry.version, cardSHA256: entry.cardSHA256)
        display?.installed(entry.reference, transferred: transferred)
        return FetchResult(model: model, transferred: transferred, offlineReason: nil)
    }

    /// Completes and verifies `staging/FILE`; returns the bytes transferred. The file is staged
    /// under its own name, the name it is installed under (no name of a card can collide with
    /// another file's or the card's), and the bytes verified are those of the open file.
    private func stage(_ file: CardFile, of entry: CatalogEntry, in staging: URL) throws -> Int64 {
        let staged = try SafeFile.appending(staging.appendingPathComponent(file.name))
        let source = entry.path + "/" + file.name
        var before = try staged.size()
        if before > file.size {
            try staged.truncate()
            before = 0
        }
        var transferred: Int64 = 0
        if before < file.size {
            display?.begin(file.name, size: file.size, offset: before)
            var resumedFrom: Int64 = 0
            do {
                resumedFrom = try registry.download(source, to: staged, size: file.size) { display?.update($0) }
            } catch {
                let now = (try? staged.size()) ?? 0
                display?.end(now, resumedFrom: resumedFrom)
                if let error = error as? RegistryUnreachable {
                    throw ZooError("\(file.name): \(error.message) after \(Model.grouped(Int(now))) of \(Model.grouped(Int(file.size))) bytes (kept: the next fetch resumes)")
                }
                throw ZooError("\(file.name): \((error as? ZooError)?.message ?? SystemReason.text(error))")
            }
            let now = try staged.size()
            transferred = now - resumedFrom
            display?.end(now, resumedFrom: resumedFrom)
        }
        let got = try staged.digest()
        guard got.size == file.size else {
            try? FileManager.default.removeItem(at: staged.url)
            throw ZooError("\(file.name): \(Model.grouped(Int(got.size))) bytes arrived from \(registry.address(source)), the card lists \(Model.grouped(Int(file.size)))")
        }
        guard got.hex == file.sha256 else {
            try? FileManager.default.removeItem(at: staged.url)
            throw ZooError("\(file.name): sha256 mismatch (expected \(Digest.short(file.sha256)), got \(Digest.short(got.hex))) from \(registry.address(source))")
        }
        return transferred
    }
}
