import Archive
import Foundation
import ZooCore

/// `zoo publish BUNDLE --registry DIR`: adds a model bundle to a folder registry.
///
/// The bundle is a zip (a `.keras`-compatible zoo bundle) holding `card.json`: the card without
/// "files"; a bundle no zoo would read — a member that is a link or leaves the folder (`../x`,
/// `/x`), damaged member data (a bad CRC, a truncated member) — is refused before anything is
/// written. The bundle is copied to `DIR/NAME/VERSION/BUNDLE-FILE-NAME`, the card is written
/// beside it with "files" listing the bundle's size and SHA-256, and the (name, version) entry
/// of `DIR/index.json` is added or replaced (the index is created when absent) with the card's
/// SHA-256. The version folder is staged and renamed into place, and index.json is written
/// through `AtomicFile`, so a reader sees the old or the new model, never a mix.
///
/// Publishes into one folder may run at once (threads or processes): the version folder's
/// rename and the index's read-modify-write happen under `DIR/.index.json.lock`, so each publish
/// reads the index the previous one wrote and every entry is kept.
public struct Publisher: Sendable {
    /// The registry folder.
    public let folder: URL

    public init(folder: URL) {
        self.folder = folder
    }

    /// Publishes `bundle`; returns the new index entry.
    public func publish(_ bundle: URL) throws -> CatalogEntry {
        let zip = try ZipReader(contentsOf: bundle)
        guard zip.contains("card.json") else { throw ZooError("\(bundle.path): no card.json in the bundle") }
        if let unsafe = zip.firstUnsafeMember {
            throw ZooError("\(bundle.path): member '\(unsafe.path)' \(unsafe.reason); a bundle holds plain files under relative paths, and no zoo reads this one")
        }
        try zip.verify()
        let inner = try ModelCard(data: Data(zip.read("card.json", atMost: 16 << 20, reason: "the limit for a card")), source: "\(bundle.path): card.json")
        let fileName = bundle.lastPathComponent
        try PathComponent.check(fileName, what: "bundle file name", in: bundle.path)
        let digest = try SHA256.file(bundle)
        let card = try inner.setting(files: [CardFile(name: fileName, size: digest.size, sha256: digest.hex)])
        let cardData = card.serialized
        let entry = CatalogEntry(card: card, path: "\(card.name)/\(card.version)", cardSHA256: SHA256.hex(cardData))

        let indexFile = folder.appendingPathComponent("index.json")
        let parent = folder.appendingPathComponent(card.name)
        let staging = parent.appendingPathComponent(".\(card.version).staging-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        do {
            try FileManager.default.copyItem(at: bundle, to: staging.appendingPathComponent(fileName))
            guard try SHA256.file(staging.appendingPathComponent(fileName)).hex == digest.hex else {
                throw ZooError("\(bundle.path): changed while it was being copied")
            }
            try AtomicFile.write(cardData, to: staging.appendingPathComponent("card.json"))
            guard let lock = try FileLock(folder.appendingPathComponent(".index.json.lock"), wait: true) else {
                throw ZooError("\(folder.path): cannot lock the index")
            }
            try withExtendedLifetime(lock) {
                let index = try FileKind(of: indexFile) == nil ? CatalogIndex()
                    : CatalogIndex(data: SafeFile.reading(indexFile, followingLinks: true).contents(limit: Registry.documentLimit), source: indexFile.path)
                try replace(parent.appendingPathComponent(card.version), with: staging)
                try AtomicFile.write(index.replacing(entry).serialized(), to: indexFile)
            }
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
        return entry
    }

    /// Renames `staged` to `target`, moving an existing `target` aside first and deleting it after.
    private func replace(_ target: URL, with staged: URL) throws {
        let old = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).old-\(UUID().uuidString)")
        let hadOld = FileManager.default.fileExists(atPath: target.path)
        if hadOld, rename(target.path, old.path) != 0 {
            throw ZooError("\(target.path): cannot move the published version aside (\(SystemReason.text(errno)))")
        }
        guard rename(staged.path, target.path) == 0 else {
            let reason = SystemReason.text(errno)
            if hadOld { rename(old.path, target.path) }
            throw ZooError("\(target.path): cannot move the new version into place (\(reason))")
        }
        if hadOld { try? FileManager.default.removeItem(at: old) }
    }
}
