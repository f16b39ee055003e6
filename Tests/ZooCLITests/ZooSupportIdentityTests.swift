import Foundation
import RNNZoo
import XCTest
import ZooCore

/// formats/HDF5, Archive and MIDI link ZooSupport (ZooError, SystemReason, AtomicFile, Shape), not
/// the core; the core links and re-exports it. Its types exist once in a process, in
/// libZooSupport.so: an error thrown by format code — in this image or inside a plugin's — is
/// caught as the core's `ZooError` by the code around it, and no other library built here carries
/// a copy of ZooError's type metadata. (The CLI cannot show a copy: it prints an uncaught error's
/// description, which is the same one line.)
final class ZooSupportIdentityTests: XCTestCase {
    func testFormatErrorsAreCaughtAsTheCoresErrorType() throws {
        let dir = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }

        // HDF5: libhdf5's refusal, thrown in formats/HDF5, reaches KerasFormat and the caller.
        let h5 = dir.appendingPathComponent("bad.h5")
        try Data([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a] + Array(repeating: 0x78, count: 48)).write(to: h5)
        XCTAssertThrowsError(try Zoo.open(h5.path)) { error in
            XCTAssertEqual((error as? ZooError)?.message, "\(h5.path): not a readable HDF5 file (bad superblock version number)")
        }

        // Archive: KerasModelFile puts the path in front only of an error it catches as ZooError.
        let keras = dir.appendingPathComponent("bad.keras")
        try Data("PK\u{3}\u{4}garbage".utf8).write(to: keras)
        XCTAssertThrowsError(try Zoo.open(keras.path)) { error in
            XCTAssertEqual((error as? ZooError)?.message, "\(keras.path): cannot read the header of entry #1: Truncated ZIP file header")
        }

        // MIDI: thrown by MIDIFormat inside libZooPluginMusic.so, caught here, in another image.
        let primer = dir.appendingPathComponent("text.mid")
        try Data("hello, not MIDI\n".utf8).write(to: primer)
        XCTAssertThrowsError(try Zoo.generate("music", options: ["primer": primer.path, "bars": "2", "output": dir.appendingPathComponent("out.mid").path])) { error in
            XCTAssertEqual((error as? ZooError)?.message, "\(primer.path): not a Standard MIDI File (no MThd chunk at byte 0)")
        }
    }

    func testZooErrorIsDefinedOnlyInLibZooSupport() throws {
        XCTAssertEqual(try Self.library(holding: unsafeBitCast(ZooError.self as Any.Type, to: UnsafeRawPointer.self)), "libZooSupport.so")

        // Each library's lookup of the metadata symbol searches the library itself first, then
        // what it links: a library with its own copy would answer with that copy.
        let folder = ZooProcess.productsFolder
        let libraries = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".so") }.sorted()
        XCTAssertEqual(libraries.filter { $0.hasPrefix("libZooPlugin") }.count, 9, "\(libraries)")
        XCTAssertTrue(libraries.contains("libZooCore.so"), "\(libraries)")
        for library in libraries {
            let handle = try XCTUnwrap(dlopen(folder.appendingPathComponent(library).path, RTLD_LAZY), library)
            let metadata = try XCTUnwrap(dlsym(handle, "$s10ZooSupport0A5ErrorVN"), library)
            XCTAssertEqual(try Self.library(holding: UnsafeRawPointer(metadata)), "libZooSupport.so", library)
        }
    }

    /// The file name of the library mapped at `address`, from /proc/self/maps (Glibc's Swift
    /// module has no `dladdr`).
    private static func library(holding address: UnsafeRawPointer) throws -> String? {
        let target = UInt(bitPattern: address)
        let maps = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/maps")).readToEnd() ?? Data()
        for line in String(decoding: maps, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            let range = fields[0].split(separator: "-").compactMap { UInt($0, radix: 16) }
            if fields.count >= 6, range.count == 2, range[0] <= target, target < range[1] {
                return URL(fileURLWithPath: String(fields[5])).lastPathComponent
            }
        }
        return nil
    }
}
