import XCTest
@testable import ZooCore

/// The host loads the standard plugins, and refuses every broken one with its reason.
final class PluginHostTests: XCTestCase {
    func testStandardPluginsRegisterExactlyWhatTheirManifestsSay() throws {
        PluginHost.shared.loadDefaults()
        let products = PluginHost.defaultFolders.last!.standardizedFileURL.path
        let loaded = PluginHost.shared.plugins.filter { $0.status == .loaded && $0.path.deletingLastPathComponent().path == products }.compactMap(\.manifest)
        XCTAssertEqual(Set(loaded.map(\.name)), ["SimpleRNN", "LSTM", "GRU", "Sentiment", "Seq2Seq", "Attention", "Poetry", "Text", "Music"])
        for manifest in loaded {
            for layer in manifest.layers { XCTAssertEqual(LayerRegistry.shared.provider(of: layer), manifest.name, layer) }
            for preset in manifest.presets { XCTAssertEqual(PresetRegistry.shared.provider(of: preset), manifest.name, preset) }
            for generator in manifest.generators { XCTAssertEqual(try GeneratorRegistry.shared.entry(generator).provider, manifest.name, generator) }
        }
        // Other tests of this process may load plugins from other folders (PluginFormatTests loads
        // the out-of-tree one): what those registered is left out.
        let others = Set(PluginHost.shared.plugins.filter { $0.status == .loaded && $0.path.deletingLastPathComponent().path != products }
            .compactMap(\.manifest?.name))
        let registeredByPlugins = LayerRegistry.shared.classNames.filter {
            LayerRegistry.shared.provider(of: $0).map { $0 != "ZooCore" && !others.contains($0) } ?? false
        }
        XCTAssertEqual(Set(registeredByPlugins), Set(loaded.flatMap(\.layers)), "no plugin registers a layer its manifest does not name")
        let presetsByPlugins = PresetRegistry.shared.names.filter { !(PresetRegistry.shared.provider(of: $0).map(others.contains) ?? false) }
        XCTAssertEqual(Set(presetsByPlugins), Set(loaded.flatMap(\.presets)))
    }

    /// The host holds the zoo's formats (formats/: Keras, HDF5, Archive, the bundle): a standard
    /// plugin reads its model file through the core's `FormatRegistry` and embeds none of them, so
    /// each format type exists once in the process. Their module names appear in the symbols of
    /// any library that embeds them.
    func testStandardPluginsEmbedNoFormat() throws {
        PluginHost.shared.loadDefaults()
        let products = PluginHost.defaultFolders.last!.standardizedFileURL.path
        let libraries = PluginHost.shared.plugins.filter { $0.status == .loaded && $0.path.deletingLastPathComponent().path == products }.map(\.path)
        XCTAssertEqual(libraries.count, 9)
        let formatModules = ["KerasFormat", "ZooBundleFormat", "CheckpointFormat", "ONNXFormat", "4HDF5", "7Archive"]
        for library in libraries {
            let bytes = try Data(contentsOf: library)
            for module in formatModules {
                XCTAssertNil(bytes.range(of: Data(module.utf8)), "\(library.lastPathComponent) embeds \(module)")
            }
        }
    }

    func testBrokenPluginsAreRefusedWithTheirReason() throws {
        let folder = try TestPluginBuilder.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let frob = #"{"name":"Frob","version":"0.1.0","families":["Frob"],"layers":["Frobnicate"]}"#
        try TestPluginBuilder.plugin(named: "libOldABI.so", in: folder, abi: PluginABI.version + 1, manifest: frob)
        try TestPluginBuilder.plugin(named: "libOtherCore.so", in: folder, coreBuild: "0123456789abcdef", manifest: frob)
        try TestPluginBuilder.plugin(named: "libNoRegister.so", in: folder, manifest: #"{"name":"NoRegister","version":"1"}"#, register: false)
        try TestPluginBuilder.plugin(named: "libNoSection.so", in: folder, manifest: #"{"name":"NoSection","version":"1"}"#, section: false)
        try TestPluginBuilder.plugin(named: "libTruncated.so", in: folder, manifest: #"{"name":"Truncated","version":"1"}"#, declaredSize: 4000)
        try TestPluginBuilder.plugin(named: "libUnlisted.so", in: folder, manifest: #"{"name":"Unlisted","version":"1"}"#,
                                     registerResult: "\"registers the layer class 'X' that its manifest does not list\"")
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
        XCTAssertEqual(reason("libNoRegister.so"), "has a zoo_plugin section but no zoo_plugin_register function")
        XCTAssertEqual(reason("libNoSection.so"), "exports zoo_plugin_register but has no readable zoo_plugin section (built for plugin ABI version 1?); rebuild the plugin against this core")
        XCTAssertEqual(reason("libTruncated.so"), "its zoo_plugin section is truncated (manifest of 4000 bytes declared)")
        XCTAssertEqual(reason("libFails.so"), "registration failed: no data file")
        XCTAssertTrue(reason("libBadManifest.so")?.hasPrefix("unreadable manifest: ") == true, reason("libBadManifest.so") ?? "nil")
        XCTAssertTrue(reason("libShadow.so")?.hasPrefix("shadowed by ") == true, reason("libShadow.so") ?? "nil")
        XCTAssertEqual(reason("libJunk.so"), "not an ELF file, not a plugin library")
        XCTAssertNil(reason("libPlain.so"), "a library without the plugin section and symbol is skipped quietly")
        XCTAssertEqual(LayerRegistry.shared.provider(of: "LSTM"), "LSTM", "the shadowing plugin registered nothing")

        let config = LayerConfig(className: "Frobnicate", json: ["name": "frob"])
        XCTAssertThrowsError(try LayerRegistry.shared.make(config)) { error in
            XCTAssertTrue("\(error)".hasPrefix("Frobnicate 'frob': unknown layer class 'Frobnicate': the plugin 'Frob' provides it, but \(folder.standardizedFileURL.path)/libOtherCore.so was refused: built against core 0123456789abcdef"), "\(error)")
        }
    }

    /// Whatever refuses a plugin is read from its file: a refused plugin's constructors never run,
    /// and those of one that passes do (the marker works).
    func testRefusedPluginsNeverRunCode() throws {
        let folder = try TestPluginBuilder.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func marker(_ name: String) -> URL { folder.appendingPathComponent("\(name).ran") }
        let refused: [(String, URL)] = [
            ("OtherCore", try TestPluginBuilder.plugin(named: "libOtherCore.so", in: folder, coreBuild: "0123456789abcdef",
                                                       manifest: #"{"name":"OtherCore","version":"1"}"#, constructorMarker: marker("OtherCore"))),
            ("OtherABI", try TestPluginBuilder.plugin(named: "libOtherABI.so", in: folder, abi: PluginABI.version + 1,
                                                      manifest: #"{"name":"OtherABI","version":"1"}"#, constructorMarker: marker("OtherABI"))),
            ("Shadowing", try TestPluginBuilder.plugin(named: "libShadowing.so", in: folder, manifest: #"{"name":"GRU","version":"9"}"#,
                                                       constructorMarker: marker("Shadowing"))),
            ("NoSection", try TestPluginBuilder.plugin(named: "libNoSection.so", in: folder, manifest: "{}", section: false,
                                                       constructorMarker: marker("NoSection"))),
            ("BadManifest", try TestPluginBuilder.plugin(named: "libBadManifest.so", in: folder, manifest: "{not json",
                                                         constructorMarker: marker("BadManifest"))),
        ]
        let passing = try TestPluginBuilder.plugin(named: "libPasses.so", in: folder, manifest: #"{"name":"Passes","version":"1"}"#,
                                                   constructorMarker: marker("Passes"))
        PluginHost.shared.loadDefaults()
        for (name, file) in refused {
            let record = try XCTUnwrap(PluginHost.shared.load(file: file), name)
            XCTAssertNotEqual(record.status, .loaded, name)
            XCTAssertFalse(FileManager.default.fileExists(atPath: marker(name).path), "\(name): a refused plugin ran its constructor")
        }
        XCTAssertEqual(PluginHost.shared.load(file: passing)?.status, .loaded)
        XCTAssertTrue(FileManager.default.fileExists(atPath: marker("Passes").path), "the constructor of a plugin that passes runs")
    }
}
