import Foundation

/// One `.so` the host looked at: loaded, or refused with the reason.
public struct PluginRecord: Sendable {
    public enum Status: Equatable, Sendable {
        case loaded
        case refused(String)
    }

    public let path: URL
    /// The manifest, when the header could be read (also for a plugin refused for its core build).
    public let manifest: PluginManifest?
    public let status: Status

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
