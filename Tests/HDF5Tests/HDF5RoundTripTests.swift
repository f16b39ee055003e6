import Foundation
import HDF5
import XCTest
import ZooSupport

/// Groups, datasets and attributes written with our wrapper read back exactly, on disk and in
/// memory; errors name the file and the object.
final class HDF5RoundTripTests: XCTestCase {
    private let kernel: [Float] = [1, -2, 3.5, .leastNonzeroMagnitude, 0, -0.0, .greatestFiniteMagnitude]
    private func write(_ file: HDF5File) throws {
        let root = try file.root()
        try root.setAttribute("keras_version", .string("3.15.1"), utf8: true)
        try root.setAttribute("layer_names", .strings(["lstm_seq", "dense", "名前"]))
        let group = try root.createGroup("model_weights/lstm_seq")
        try group.setAttribute("weight_names", .numbers([]))
        try group.createDataset("lstm_seq/lstm_cell/kernel:0", shape: [7], data: kernel)
        try group.createDataset("scalar", shape: [], data: [42])
        try group.createDataset("empty", shape: [0, 4], data: [])
    }

    private func check(_ file: HDF5File) throws {
        let root = try file.root()
        XCTAssertEqual(try root.attribute("keras_version"), .string("3.15.1"))
        XCTAssertEqual(try root.attribute("layer_names")?.stringList, ["lstm_seq", "dense", "名前"])
        XCTAssertNil(try root.attribute("absent"))
        XCTAssertEqual(try root.memberNames(), ["model_weights"])
        XCTAssertEqual(root.kind(of: "model_weights/lstm_seq"), .group)
        XCTAssertNil(root.kind(of: "model_weights/nothing/deeper"))
        let group = try root.group("model_weights/lstm_seq")
        XCTAssertEqual(try group.attribute("weight_names"), .numbers([]))
        XCTAssertEqual(try group.attribute("weight_names")?.stringList, [])
        XCTAssertEqual(group.kind(of: "lstm_seq/lstm_cell/kernel:0"), .dataset)
        let kernel = try group.dataset("lstm_seq/lstm_cell/kernel:0")
        XCTAssertEqual(try kernel.shape(), [7])
        XCTAssertEqual(try kernel.readFloats().map(\.bitPattern), self.kernel.map(\.bitPattern))
        XCTAssertEqual(try group.dataset("scalar").shape(), [])
        XCTAssertEqual(try group.dataset("scalar").readFloats(), [42])
        XCTAssertEqual(try group.dataset("empty").readFloats(), [])
        XCTAssertThrowsError(try group.dataset("missing")) { error in
            XCTAssertTrue("\(error)".contains("/model_weights/lstm_seq: no dataset 'missing'"), "\(error)")
        }
    }

    func testRoundTripOnDisk() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hdf5-\(UUID()).h5")
        defer { try? FileManager.default.removeItem(at: url) }
        try write(try HDF5File.create(url))
        try check(try HDF5File.open(url))
    }

    func testRoundTripInMemory() throws {
        let file = try HDF5File.createInMemory(name: "memory.h5")
        try write(file)
        let bytes = try file.bytes()
        XCTAssertEqual(Array(bytes.prefix(8)), HDF5File.signature)
        try check(try HDF5File.open(bytes: bytes, name: "copy.h5"))
    }

    func testRefusesWhatIsNotHDF5() throws {
        XCTAssertThrowsError(try HDF5File.open(bytes: Array("not an hdf5 file".utf8), name: "junk.h5")) { error in
            XCTAssertEqual("\(error)", "junk.h5: not an HDF5 file (no HDF5 signature)")
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("junk-\(UUID()).h5")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(HDF5File.signature + [UInt8](repeating: 7, count: 100)).write(to: url)
        XCTAssertThrowsError(try HDF5File.open(url)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(url.path): not a readable HDF5 file"), "\(error)")
        }
        XCTAssertThrowsError(try HDF5File.open(URL(fileURLWithPath: "/nonexistent/x.h5")))
    }
}
