import ZooCore

/// The names that become folder or file names in a registry or the cache (model names,
/// versions, file names) must be single, plain path components, so that no index or card can
/// write outside its folder.
enum PathComponent {
    /// Throws unless `name` is 1–255 characters of letters, digits, `.`, `_`, `-`, `+`, not starting with `.`.
    static func check(_ name: String, what: String, in context: String) throws {
        let allowed = name.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "._-+".unicodeScalars.contains($0) }
        guard !name.isEmpty, name.utf8.count <= 255, allowed, !name.hasPrefix(".") else {
            throw ZooError("\(context): \(what) '\(name)' is not a plain name (letters, digits, . _ - +; not starting with .)")
        }
    }
}
