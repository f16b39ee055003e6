import Foundation
import XCTest
import ZooCore

/// A plugin's formats are held to its manifest like its layers, presets and generators: the
/// registrar refuses a format the manifest does not list, a listed format left unregistered, and
/// a format taking a name or an extension the zoo already has.
final class PluginFormatRegistrationTests: XCTestCase {
    /// The `zoo_plugin` section bytes for `manifest`, as the build tool writes them.
    private func section(_ manifest: String) -> [UInt8] {
        var bytes = PluginABI.magic
        for value in [PluginABI.version, UInt32(manifest.utf8.count)] { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        return bytes + Array(CoreBuild.current.utf8) + Array(manifest.utf8)
    }

    /// A writer-only format named `name` with the extensions given.
    private func format(_ name: String, _ extensions: [String]) -> ModelFormat {
        ModelFormat(name: name, extensions: extensions, summary: "test", write: { [$0.destination] })
    }

    /// What `zoo_plugin_register` would return for this manifest and registration.
    private func register(_ manifest: String, _ body: (PluginRegistrar) throws -> Void) -> String? {
        PluginExport.register(section: section(manifest), body).map { String(cString: $0) }
    }

    func testFormatsMustMatchTheManifest() throws {
        XCTAssertEqual(register(#"{"name":"Unlisted","version":"1","formats":["alpha-fmt"]}"#) { try $0.format("beta-fmt", format("beta-fmt", ["betafmt"])) },
                       "registers the format 'beta-fmt' that its manifest does not list (name registrations with string literals in ZooPluginEntry.swift)")
        XCTAssertEqual(register(#"{"name":"Unregistered","version":"1","formats":["gamma-fmt"]}"#) { _ in },
                       "its manifest lists the format 'gamma-fmt', which it did not register")
        XCTAssertEqual(register(#"{"name":"Misnamed","version":"1","formats":["delta-fmt"]}"#) { try $0.format("delta-fmt", format("other", ["deltafmt"])) },
                       "registers the format 'other' as 'delta-fmt'")
        XCTAssertNil(FormatRegistry.shared.format(named: "beta-fmt"))
        XCTAssertNil(FormatRegistry.shared.format(named: "other"))

        XCTAssertNil(register(#"{"name":"Good","version":"1","formats":["epsilon-fmt"]}"#) { try $0.format("epsilon-fmt", format("epsilon-fmt", ["epsfmt"])) })
        XCTAssertEqual(FormatRegistry.shared.provider(of: "epsilon-fmt"), "the plugin 'Good'")
        XCTAssertEqual(try FormatRegistry.shared.format(writing: URL(fileURLWithPath: "/tmp/model.EPSFMT")).name, "epsilon-fmt")
    }

    func testAFormatCannotTakeANameOrExtensionTheZooHas() throws {
        try FormatRegistry.shared.register(format("zeta-fmt", ["zetafmt", "zeta.h6"]), provider: "the test")
        XCTAssertEqual(register(#"{"name":"Thief","version":"1","formats":["eta-fmt"]}"#) { try $0.format("eta-fmt", format("eta-fmt", ["etafmt", "zetafmt"])) },
                       "format 'eta-fmt' claims .zetafmt, which the format 'zeta-fmt' of the test has")
        XCTAssertEqual(register(#"{"name":"Twin","version":"1","formats":["Zeta-Fmt"]}"#) { try $0.format("Zeta-Fmt", format("Zeta-Fmt", ["zfmt"])) },
                       "format 'Zeta-Fmt' is already registered by the test")
        XCTAssertEqual(register(#"{"name":"Dotted","version":"1","formats":["theta-fmt"]}"#) { try $0.format("theta-fmt", format("theta-fmt", [".theta"])) },
                       "format 'theta-fmt': extension '.theta' must be lowercase ASCII letters, digits, '-', '_' and inner dots, without the leading dot")
        XCTAssertEqual(register(#"{"name":"Idle","version":"1","formats":["iota-fmt"]}"#) {
            try $0.format("iota-fmt", ModelFormat(name: "iota-fmt", extensions: ["iota"], summary: "neither reads nor writes"))
        }, "format 'iota-fmt' neither reads nor writes")
        XCTAssertNil(FormatRegistry.shared.format(named: "eta-fmt"), "a refused registration leaves nothing behind")
        XCTAssertEqual(try FormatRegistry.shared.format(writing: URL(fileURLWithPath: "/tmp/m.zeta.h6")).name, "zeta-fmt")
    }

    func testUnknownAndWriteOnlyFilesAreOneLineListingTheFormats() throws {
        let folder = try TestPluginBuilder.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FormatRegistry.shared.register(format("kappa-fmt", ["kappa"]), provider: "the test")
        let unknown = folder.appendingPathComponent("notes.xyz")
        try Data("plain text\n".utf8).write(to: unknown)
        XCTAssertThrowsError(try FormatRegistry.shared.read(unknown)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(unknown.path): unknown model format: neither its content nor its name is one of the formats known: "), "\(error)")
            XCTAssertTrue("\(error)".contains("kappa-fmt (.kappa, write only)"), "\(error)")
        }
        let written = folder.appendingPathComponent("notes.kappa")
        try Data("plain text\n".utf8).write(to: written)
        XCTAssertThrowsError(try FormatRegistry.shared.read(written)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(written.path): kappa-fmt files are written, not read (formats read: "), "\(error)")
        }
        XCTAssertThrowsError(try FormatRegistry.shared.read(folder.appendingPathComponent("absent.kappa"))) { error in
            XCTAssertEqual("\(error)", "\(folder.path)/absent.kappa: no such readable file")
        }
        XCTAssertThrowsError(try FormatRegistry.shared.read(folder)) { error in
            XCTAssertEqual("\(error)", "\(folder.path): no such readable file")
        }
    }
}
