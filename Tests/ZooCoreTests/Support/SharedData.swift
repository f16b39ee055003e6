import Foundation

/// The project's shared data folder: `<package root>/../shared`, or `$ZOO_SHARED`.
enum SharedData {
    static var root: URL {
        if let env = ProcessInfo.processInfo.environment["ZOO_SHARED"] { return URL(fileURLWithPath: env) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")
    }

    static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }
}
