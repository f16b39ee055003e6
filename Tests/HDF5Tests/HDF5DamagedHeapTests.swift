import Foundation
import HDF5
import XCTest
import ZooSupport

/// A variable-length string attribute whose global-heap object index is damaged. libhdf5 1.10.8
/// reads `heap->obj[index]` without checking the index (`H5HG_read`), so converting the string
/// copies from a wild pointer taken from whatever memory lies beyond the heap's object table:
/// whether that crashes depends on the process's memory, so the whole-file probe (another
/// process, with another heap) can survive a file that then crashes the reader. The string must
/// be read without risking the reading process, and the damage reported in one line naming the file.
final class HDF5DamagedHeapTests: XCTestCase {
    /// A file whose attribute `note` lies deeper than the probe's walk goes (64 groups), with the
    /// global-heap index of its string set to 0xffffffff.
    private func damagedFile() throws -> [UInt8] {
        let file = try HDF5File.createInMemory(name: "deep.h5")
        let deep = try file.root().createGroup((0..<70).map { "g\($0)" }.joined(separator: "/"))
        try deep.setAttribute("note", .string("hello heap"))
        var bytes = try file.bytes()
        // The string lives in a global-heap collection ("GCOL" at offset `collection`); the
        // attribute holds its heap ID: length (4 bytes), collection address (8), index (4).
        let collection = try XCTUnwrap(bytes.indices.first { bytes[$0...].starts(with: Array("GCOL".utf8)) })
        let id = (0..<8).map { UInt8(truncatingIfNeeded: collection >> (8 * $0)) } + [1, 0, 0, 0]
        let at = try XCTUnwrap(bytes.indices.first { bytes[$0...].starts(with: [10, 0, 0, 0] + id) })
        for i in 0..<4 { bytes[at + 12 + i] = 0xff }
        return bytes
    }

    func testDamagedGlobalHeapIndexIsRefusedNotCrashed() throws {
        let bytes = try damagedFile()
        for (file, name) in [(try HDF5File.open(bytes: bytes, name: "deep.h5"), "deep.h5"), (try onDisk(bytes), nil)] {
            let label = name ?? file.name
            let deep = try file.root().group((0..<70).map { "g\($0)" }.joined(separator: "/"))
            XCTAssertThrowsError(try deep.attribute("note")) { error in
                let message = "\(error)"
                XCTAssertTrue(message.hasPrefix("\(label): /g0/g1/"), message)
                XCTAssertTrue(message.contains("attribute 'note'"), message)
                XCTAssertFalse(message.contains("\n"), message)
            }
        }
    }

    /// An undamaged variable-length string still reads back (and a fixed-length one).
    func testUndamagedStringsStillRead() throws {
        let file = try HDF5File.createInMemory(name: "ok.h5")
        let root = try file.root()
        try root.setAttribute("one", .string("hello heap"))
        try root.setAttribute("many", .strings(["a", "", "名前", String(repeating: "x", count: 200_000)]), utf8: true)
        let copy = try HDF5File.open(bytes: try file.bytes(), name: "ok.h5").root()
        XCTAssertEqual(try copy.attribute("one"), .string("hello heap"))
        XCTAssertEqual(try copy.attribute("many"), .strings(["a", "", "名前", String(repeating: "x", count: 200_000)]))
    }

    private var cleanup: [URL] = []
    override func tearDown() {
        cleanup.forEach { try? FileManager.default.removeItem(at: $0) }
        super.tearDown()
    }

    private func onDisk(_ bytes: [UInt8]) throws -> HDF5File {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hdf5-heap-\(UUID()).h5")
        cleanup.append(url)
        try Data(bytes).write(to: url)
        return try HDF5File.open(url)
    }
}
