import Foundation
import XCTest
@testable import ZooCore

/// The ELF reader that tells plugins from other libraries before anything is loaded.
final class ELFFileTests: XCTestCase {
    var products: URL { URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent() }

    /// A plugin carries the register symbol and a `zoo_plugin` section whose manifest is the one
    /// generated from its ZooPluginEntry.swift; the core carries neither.
    func testFindsTheSectionAndSymbolOnlyInPlugins() throws {
        guard case let .sharedObject(true, section?) = ELFFile.inspect(products.appendingPathComponent("libZooPluginGRU.so"),
                                                                        symbol: PluginABI.registerSymbol, section: PluginABI.sectionName) else {
            return XCTFail("the GRU plugin has no zoo_plugin section or register symbol")
        }
        let read = try PluginABI.section(section)
        XCTAssertEqual(read.coreBuild, CoreBuild.current)
        XCTAssertEqual(read.manifest, PluginManifest(name: "GRU", version: "1.0.0", summary: "the Keras GRU layer (reset_after true and false; Keras 2's CuDNNGRU read as GRU).",
                                                     families: ["GRU"], layers: ["GRU", "CuDNNGRU"]))
        XCTAssertEqual(ELFFile.inspect(products.appendingPathComponent("libZooCore.so"), symbol: PluginABI.registerSymbol, section: PluginABI.sectionName),
                       .sharedObject(defines: false, section: nil))
        XCTAssertEqual(ELFFile.inspect(products.appendingPathComponent("libZooPluginGRU.so"), symbol: "zoo_plugin_registe", section: "zoo_plugi"),
                       .sharedObject(defines: false, section: nil), "whole names only")
    }

    /// Truncations, bit flips and hostile header fields never crash the reader (bounded by
    /// ZOO_FUZZ_SECONDS, default 5).
    func testFuzzedLibrariesNeverCrashTheReader() throws {
        let original = [UInt8](try Data(contentsOf: products.appendingPathComponent("libZooPluginGRU.so")))
        let seconds = Double(ProcessInfo.processInfo.environment["ZOO_FUZZ_SECONDS"] ?? "") ?? 5
        var rng = SeededGenerator(seed: 99)
        let deadline = Date().addingTimeInterval(seconds)
        var runs = 0, stillPlugins = 0
        while Date() < deadline {
            var bytes = original
            switch runs % 4 {
            case 0: bytes.removeLast(Int(rng.next() % UInt64(bytes.count)))
            case 1:
                for _ in 0..<8 { bytes[Int(rng.next() % 64)] ^= UInt8(truncatingIfNeeded: rng.next()) }
            case 2:
                let field = [40, 58, 60][runs % 3]
                for i in 0..<(field == 40 ? 8 : 2) { bytes[field + i] = UInt8(truncatingIfNeeded: rng.next()) }
            default:
                for _ in 0..<64 {
                    let at = Int(rng.next() % UInt64(bytes.count))
                    bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                }
            }
            let kind = bytes.withUnsafeBytes { ELFFile.inspect(bytes: $0, symbol: Array(PluginABI.registerSymbol.utf8), section: Array(PluginABI.sectionName.utf8)) }
            if case let .sharedObject(true, section?) = kind, (try? PluginABI.section(section)) != nil { stillPlugins += 1 }
            runs += 1
        }
        print("ELF fuzz: \(runs) mutated libraries, \(stillPlugins) still carried a readable plugin section")
        XCTAssertGreaterThan(runs, 100)
    }
}
