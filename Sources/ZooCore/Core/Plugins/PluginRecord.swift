import Foundation

/// One `.so` the host looked at: loaded, or refused with the reason.
public struct PluginRecord: Sendable {
    /// Loaded and registered, or refused with the reason (a refused plugin never ran).
    public enum Status: Equatable, Sendable {
        case loaded
        case refused(String)
    }

    /// The plugin's `.so` file.
    public let path: URL
    /// The manifest, when the header could be read (also for a plugin refused for its core build).
    public let manifest: PluginManifest?
    /// What the host did with it.
    public let status: Status

    /// The record for `zoo plugins --json`: path, manifest fields, status and reason.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("path", .string(path.path))]
        if let manifest { members += manifest.json.objectValue ?? [] }
        switch status {
        case .loaded: members.append(("status", "loaded"))
        case let .refused(reason): members += [("status", "refused"), ("reason", .string(reason))]
        }
        return .object(members)
    }
}
