import Foundation
import ZooCore

/// Finds a model bundle: a folder path, or a name in the shipped catalog.
enum ModelBundle {
    static func locate(_ nameOrPath: String) throws -> URL {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: nameOrPath, isDirectory: &isDir), isDir.boolValue {
            return URL(fileURLWithPath: nameOrPath)
        }
        let catalog = try CatalogLocation.shipped()
        let url = catalog.appendingPathComponent(nameOrPath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw ZooError("no model '\(nameOrPath)' in the catalog at \(catalog.path)")
        }
        return url
    }
}
