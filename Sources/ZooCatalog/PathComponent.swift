import ZooCore

/// The names that become folder or file names in a registry or the cache (model names,
/// versions, file names) must be single, plain path components, so that no index or card can
/// write outside its folder.
enum PathComponent {
    /// Whether `name` is 1–255 bytes of letters, digits, `.`, `_`, `-`, `+`, not starting with `.`.
    static func isPlain(_ name: String) -> Bool {
        let allowed = name.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "._-+".unicodeScalars.contains($0) }
        return !name.isEmpty && name.utf8.count <= 255 && allowed && !name.hasPrefix(".")
    }

    /// Throws unless `name` is plain; the error shows the name with its control characters escaped.
    static func check(_ name: String, what: String, in context: String) throws {
        guard isPlain(name) else {
            throw ZooError("\(context): \(what) '\(TerminalText.escaped(name))' is not a plain name (letters, digits, . _ - +; not starting with .)")
        }
    }
}
