import XCTest
import ZooCore

/// The host loads the standard plugins, and refuses every broken one with its reason.
final class PluginHostTests: XCTestCase {
    func testStandardPluginsRegisterExactlyWhatTheirManifestsSay() throws {
        PluginHost.shared.loadDefaults()
        let loaded = PluginHost.shared.plugins.filter { $0.status == .loaded }.compactMap(\.manifest)
        XCTAssertEqual(Set(loaded.map(\.name)), ["SimpleRNN", "LSTM", "GRU", "Seq2Seq", "Attention", "Poetry", "Music"])
        for manifest in loaded {
            for layer in manifest.layers { XCTAssertEqual(LayerRegistry.shared.provider(of: layer), manifest.name, layer) }
            for preset in manifest.presets { XCTAssertEqual(PresetRegistry.shared.provider(of: preset), manifest.name, preset) }
            for generator in manifest.generators { XCTAssertEqual(try GeneratorRegistry.shared.entry(generator).provider, manifest.name, generator) }
            for layer in manifest.layers { XCTAssertEqual(StandardPlugins.provider(ofLayer: layer), manifest.name, "StandardPlugins table") }
        }
        let registeredByPlugins = LayerRegistry.shared.classNames.filter { LayerRegistry.shared.provider(of: $0) != "ZooCore" }
        XCTAssertEqual(Set(registeredByPlugins), Set(loaded.flatMap(\.layers)), "no plugin registers a layer its manifest does not name")
        XCTAssertEqual(Set(PresetRegistry.shared.names), Set(loaded.flatMap(\.presets)))
    }

    func testBrokenPluginsAreRefusedWithTheirReason() throws {
        let folder = try TestPluginBuilder.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let frob = #"{"name":"Frob","version":"0.1.0","families":["Frob"],"layers":["Frobnicate"]}"#
        try TestPluginBuilder.plugin(named: "libOldABI.so", in: folder, abi: PluginABI.version + 1, manifest: frob)
        try TestPluginBuilder.plugin(named: "libOtherCore.so", in: folder, coreBuild: "0123456789abcdef", manifest: frob)
        try TestPluginBuilder.plugin(named: "libNoRegister.so", in: folder, manifest: #"{"name":"NoRegister","version":"1"}"#, register: false)
        try TestPluginBuilder.plugin(named: "libFails.so", in: folder, manifest: #"{"name":"Fails","version":"1"}"#, registerResult: "\"no data file\"")
        try TestPluginBuilder.plugin(named: "libBadManifest.so", in: folder, manifest: "{not json")
        try TestPluginBuilder.plugin(named: "libShadow.so", in: folder, manifest: #"{"name":"LSTM","version":"9"}"#)
        try TestPluginBuilder.library(named: "libPlain.so", in: folder)
        try Data("not an ELF file".utf8).write(to: folder.appendingPathComponent("libJunk.so"))

        PluginHost.shared.loadDefaults()
        PluginHost.shared.load(folder: folder)
        let records = PluginHost.shared.plugins.filter { $0.path.deletingLastPathComponent().path == folder.standardizedFileURL.path }
        func reason(_ file: String) -> String? {
            guard let record = records.first(where: { $0.path.lastPathComponent == file }) else { return nil }
            if case let .refused(reason) = record.status { return reason }
            return "loaded"
        }
        XCTAssertEqual(reason("libOldABI.so"), "built for plugin ABI version \(PluginABI.version + 1), this zoo speaks version \(PluginABI.version); rebuild the plugin against this core")
        XCTAssertEqual(reason("libOtherCore.so"), "built against core 0123456789abcdef, this zoo runs core \(CoreBuild.current); rebuild the plugin against this core")
        XCTAssertEqual(reason("libNoRegister.so"), "missing symbol zoo_plugin_register")
        XCTAssertEqual(reason("libFails.so"), "registration failed: no data file")
        XCTAssertTrue(reason("libBadManifest.so")?.hasPrefix("unreadable manifest: ") == true, reason("libBadManifest.so") ?? "nil")
        XCTAssertTrue(reason("libShadow.so")?.hasPrefix("shadowed by ") == true, reason("libShadow.so") ?? "nil")
        XCTAssertEqual(reason("libJunk.so"), "not an ELF file, not a plugin library")
        XCTAssertNil(reason("libPlain.so"), "a library without the header symbol is skipped quietly")
        XCTAssertEqual(LayerRegistry.shared.provider(of: "LSTM"), "LSTM", "the shadowing plugin registered nothing")

        let config = LayerConfig(className: "Frobnicate", json: ["name": "frob"])
        XCTAssertThrowsError(try LayerRegistry.shared.make(config)) { error in
            XCTAssertTrue("\(error)".hasPrefix("Frobnicate 'frob': unknown layer class 'Frobnicate': the plugin 'Frob' provides it, but \(folder.standardizedFileURL.path)/libOtherCore.so was refused: built against core 0123456789abcdef"), "\(error)")
        }
    }
}
