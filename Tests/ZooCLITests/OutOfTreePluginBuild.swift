import Foundation

/// Tests/ZooCLITests/OutOfTreePlugin built as its own package against this checkout's core, once
/// per test run: the package in `.build-outoftree/ReversalPlugin/`, built in the scratch folder
/// the test packages share (`TestPackageScratch`), its library alone in `.build-outoftree/plugins/`.
enum OutOfTreePluginBuild {
    /// The folder holding the package and `plugins/`, or why the build failed.
    private static let built: Result<URL, Error> = Result { try build() }

    /// The folder to put on ZOO_PLUGIN_PATH: it holds only `libReversalPlugin.so`.
    static func plugins() throws -> URL { try built.get().appendingPathComponent("plugins") }

    private static func build() throws -> URL {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = repository.appendingPathComponent(".build-outoftree")
        let package = folder.appendingPathComponent("ReversalPlugin")
        let fm = FileManager.default
        try fm.createDirectory(at: package, withIntermediateDirectories: true)
        for name in ["Sources", "Package.swift"] where fm.fileExists(atPath: package.appendingPathComponent(name).path) {
            try fm.removeItem(at: package.appendingPathComponent(name))
        }
        let source = repository.appendingPathComponent("Tests/ZooCLITests/OutOfTreePlugin")
        try fm.copyItem(at: source.appendingPathComponent("Sources"), to: package.appendingPathComponent("Sources"))
        let manifest = try String(contentsOf: source.appendingPathComponent("Package.swift.template"), encoding: .utf8)
            .replacingOccurrences(of: "@ZOOCORE@", with: repository.appendingPathComponent("Sources/ZooCore").path)
        try manifest.write(to: package.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)

        let scratch = TestPackageScratch.folder
        let build = try ZooProcess.run(["build", "--package-path", package.path, "--scratch-path", scratch.path],
                                       executable: URL(fileURLWithPath: "/usr/bin/env"), prefix: ["swift"])
        guard build.status == 0 else {
            throw NSError(domain: "OutOfTreePluginBuild", code: Int(build.status),
                          userInfo: [NSLocalizedDescriptionKey: "swift build of \(package.path) failed:\n" + build.stdout + build.stderr])
        }
        let plugins = folder.appendingPathComponent("plugins")
        let library = plugins.appendingPathComponent("libReversalPlugin.so")
        try fm.createDirectory(at: plugins, withIntermediateDirectories: true)
        if fm.fileExists(atPath: library.path) { try fm.removeItem(at: library) }
        try fm.copyItem(at: scratch.appendingPathComponent("debug/libReversalPlugin.so"), to: library)
        return folder
    }
}
