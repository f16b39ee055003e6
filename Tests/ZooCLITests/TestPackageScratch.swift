import Foundation

/// The scratch folder the separate test packages build in — Examples/Hello (ExamplePackageTests)
/// and the out-of-tree plugin (OutOfTreePluginBuild) — kept between runs. Both depend on this
/// checkout's core by path, so sharing the folder shares its build: the second package compiles
/// only its own targets (the out-of-tree plugin in ~2 s instead of ~80 s).
enum TestPackageScratch {
    static var folder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build-example")
    }
}
