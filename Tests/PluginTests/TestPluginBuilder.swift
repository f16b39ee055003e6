import Foundation
import XCTest
import ZooCore

/// Builds small C shared libraries that speak (or break) the plugin ABI, with the system C
/// compiler, so the host's checks are tested on real `.so` files.
enum TestPluginBuilder {
    /// A header and register function with the given fields; `register` nil leaves the register
    /// symbol out; `registerResult` is the C expression it returns (NULL = success).
    static func plugin(named file: String, in folder: URL, abi: UInt32 = PluginABI.version, coreBuild: String = CoreBuild.current,
                       manifest: String, register: Bool = true, registerResult: String = "NULL") throws -> URL {
        let source = """
        #include <stddef.h>
        #include <stdint.h>
        typedef struct { uint32_t abi_version; uint32_t reserved; const char *core_build; const char *manifest_json; } header_t;
        static const header_t header = { \(abi), 0, \(cString(coreBuild)), \(cString(manifest)) };
        const header_t *zoo_plugin_header(void) { return &header; }
        \(register ? "const char *zoo_plugin_register(void) { return \(registerResult); }" : "")
        """
        return try compile(source, to: folder.appendingPathComponent(file))
    }

    /// A shared library without the plugin symbols.
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
