import Foundation
import XCTest
import ZooCore

/// Builds small C shared libraries that speak (or break) the plugin ABI, with the system C
/// compiler, so the host's checks are tested on real `.so` files.
enum TestPluginBuilder {
    /// A `zoo_plugin` section with the given fields and a register function; `section` false
    /// leaves the section out, `register` false the register symbol; `registerResult` is the C
    /// expression it returns (NULL = success); `declaredSize` overrides the manifest size field;
    /// `constructorMarker` adds a library constructor that creates that file when it runs.
    @discardableResult
    static func plugin(named file: String, in folder: URL, abi: UInt32 = PluginABI.version, coreBuild: String = CoreBuild.current,
                       manifest: String, section: Bool = true, declaredSize: UInt32? = nil, register: Bool = true,
                       registerResult: String = "NULL", constructorMarker: URL? = nil) throws -> URL {
        var bytes = PluginABI.magic
        for value in [abi, declaredSize ?? UInt32(manifest.utf8.count)] { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        bytes += Array(coreBuild.utf8) + Array(manifest.utf8)
        let source = """
        #include <stdio.h>
        \(section ? "__attribute__((section(\"zoo_plugin\"), used)) static const unsigned char zoo_section[] = { \(bytes.map(String.init).joined(separator: ", ")) };" : "")
        \(register ? "const char *zoo_plugin_register(void) { return \(registerResult); }" : "")
        \(constructorMarker.map { "__attribute__((constructor)) static void ran(void) { FILE *f = fopen(\(cString($0.path)), \"w\"); if (f) fclose(f); }" } ?? "")
        """
        return try compile(source, to: folder.appendingPathComponent(file))
    }

    /// A shared library without the plugin symbols.
    @discardableResult
    static func library(named file: String, in folder: URL) throws -> URL {
        try compile("int answer(void) { return 42; }\n", to: folder.appendingPathComponent(file))
    }

    static func compile(_ source: String, to output: URL) throws -> URL {
        let c = output.deletingPathExtension().appendingPathExtension("c")
        try source.write(to: c, atomically: true, encoding: .utf8)
        let cc = Process()
        cc.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        cc.arguments = ["cc", "-shared", "-fPIC", "-o", output.path, c.path]
        try cc.run()
        cc.waitUntilExit()
        guard cc.terminationStatus == 0 else { throw XCTSkip("NO C COMPILER: cc failed building \(output.lastPathComponent)") }
        try FileManager.default.removeItem(at: c)
        return output
    }

    private static func cString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-plugins-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
