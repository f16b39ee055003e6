import Foundation
import ZooBundleFormat
import ZooCatalog
import ZooCore

/// Finds a model bundle (`.zoo`) for a generator: a bundle file, a folder holding one, or a
/// catalog name `NAME[@VERSION]` — from the cache (`zoo fetch`; an intact copy only) or the
/// catalog shipped with the tool, whichever has the pinned version, or the newer one when none is
/// pinned. Works offline.
public enum ModelBundle {
    /// The bundle file `text` names (a file, a folder, or `NAME[@VERSION]`).
    public static func locate(_ text: String) throws -> URL {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: text, isDirectory: &isFolder) {
            let url = URL(fileURLWithPath: text)
            return isFolder.boolValue ? try bundle(in: url, what: text) : url
        }
        let reference = try ModelReference(parsing: text)
        let cache = ModelCache.resolve()
        let shipped = try? shippedFolder(reference)
        let cached = try reference.version.map { try intact(cache.model(reference.name, version: $0), orElse: shipped != nil) } ?? cache.newestIntact(reference.name)
        switch (cached, shipped) {
        case let (model?, folder?):
            return ModelVersion(model.version) >= ModelVersion(folder.version) ? try bundle(in: model.folder, what: text) : try bundle(in: folder.url, what: text)
        case let (model?, nil):
            return try bundle(in: model.folder, what: text)
        case let (nil, folder?):
            return try bundle(in: folder.url, what: text)
        case (nil, nil):
            if reference.version == nil, let newest = cache.models(named: reference.name).last, let problem = newest.problems().first {
                throw damaged(newest, problem)
            }
            throw ZooError("no model '\(reference)' in the cache or the shipped catalog (zoo list shows the models; zoo fetch \(reference) gets one)")
        }
    }

    /// `model` when all its files match its card; nil when it is missing, or damaged and
    /// `replaceable` (the shipped catalog has the same version); a damaged copy that nothing
    /// replaces is an error, never read.
    private static func intact(_ model: CachedModel?, orElse replaceable: Bool) throws -> CachedModel? {
        guard let model, let problem = model.problems().first else { return model }
        guard replaceable else { throw damaged(model, problem) }
        return nil
    }

    /// The error for a damaged cached copy that nothing replaces: its first problem and the repair.
    private static func damaged(_ model: CachedModel, _ problem: String) -> ZooError {
        ZooError("\(model.reference): the cached copy is damaged (\(problem)); repair with zoo cache rm \(model.reference), then zoo fetch \(model.reference)")
    }

    /// The shipped catalog's folder for the reference, with its version.
    private static func shippedFolder(_ reference: ModelReference) throws -> (url: URL, version: String)? {
        let catalog = try CatalogLocation.shipped()
        let indexURL = catalog.appendingPathComponent("index.json")
        let index = try CatalogIndex(data: try Data(contentsOf: indexURL), source: indexURL.path)
        guard let entry = reference.version.map({ index.entry(reference.name, version: $0) }) ?? index.newest(reference.name) else { return nil }
        return (catalog.appendingPathComponent(entry.path), entry.version)
    }

    /// The one `.zoo` file in a model folder.
    private static func bundle(in folder: URL, what: String) throws -> URL {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let bundles = names.filter { $0.hasSuffix(".\(ZooBundle.fileExtension)") }.sorted()
        guard bundles.count == 1 else {
            throw ZooError("\(what): \(folder.path) holds \(bundles.count) .\(ZooBundle.fileExtension) bundles, expected one")
        }
        return folder.appendingPathComponent(bundles[0])
    }
}
