import Foundation
import XCTest
import ZooCore

/// The ELF reader that tells plugins from other libraries before anything is loaded.
final class ELFSymbolsTests: XCTestCase {
    var products: URL { URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent() }

    func testFindsTheHeaderSymbolOnlyInPlugins() throws {
        XCTAssertEqual(ELFSymbols.inspect(products.appendingPathComponent("libZooPluginGRU.so"), defining: PluginABI.headerSymbol), .sharedObject(defines: true))
        XCTAssertEqual(ELFSymbols.inspect(products.appendingPathComponent("libZooCore.so"), defining: PluginABI.headerSymbol), .sharedObject(defines: false))
        XCTAssertEqual(ELFSymbols.inspect(products.appendingPathComponent("libZooPluginGRU.so"), defining: "zoo_plugin_heade"), .sharedObject(defines: false), "whole names only")
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
            if bytes.withUnsafeBytes({ ELFSymbols.inspect(bytes: $0, defining: Array(PluginABI.headerSymbol.utf8)) }) == .sharedObject(defines: true) {
                stillPlugins += 1
            }
            runs += 1
        }
        print("ELF fuzz: \(runs) mutated libraries, \(stillPlugins) still declared the plugin symbol")
        XCTAssertGreaterThan(runs, 100)
    }
}
