import Foundation

/// Where the catalog shipped with the tool lives: `$ZOO_CATALOG`, else the first `zoo/`
/// folder holding an `index.json` beside the executable or in one of its parent folders
/// (a checkout running `.build/release/zoo`), else `share/rnnzoo/zoo` next to `bin/`.
public enum CatalogLocation {
    public static func shipped() throws -> URL {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["ZOO_CATALOG"] {
            return URL(fileURLWithPath: env)
        }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        if let exe = Bundle.main.executableURL { dir = exe.resolvingSymlinksInPath().deletingLastPathComponent() }
        var probe = dir
        for _ in 0..<6 {
            let candidate = probe.appendingPathComponent("zoo")
            if fm.fileExists(atPath: candidate.appendingPathComponent("index.json").path) { return candidate }
            probe = probe.deletingLastPathComponent()
        }
        let shared = dir.deletingLastPathComponent().appendingPathComponent("share/rnnzoo/zoo")
        if fm.fileExists(atPath: shared.appendingPathComponent("index.json").path) { return shared }
        throw ZooError("cannot find the shipped catalog (zoo/index.json) near \(dir.path); set ZOO_CATALOG to its folder")
    }
}
