import Foundation
import HDF5
import XCTest
import ZooSupport

/// What is checked before anything is read: the file is a regular file (a FIFO is refused at
/// once, not waited on), and a dataset of another shape than the caller expects is refused
/// before its values are allocated or decoded. (Hostile storage — external files, virtual
/// datasets, external links, compression bombs — is built with h5py in
/// Tests/ZooCLITests/HostileKerasFileTests.)
final class HDF5ReadBoundsTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("hdf5-bounds-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: folder)
    }

    func testAFIFOIsRefusedWithoutWaiting() throws {
        let fifo = folder.appendingPathComponent("pipe.h5")
        XCTAssertEqual(mkfifo(fifo.path, 0o600), 0)
        XCTAssertThrowsError(try HDF5File.open(fifo)) { error in
            XCTAssertEqual("\(error)", "\(fifo.path): not a regular file")
        }
    }

    func testAnotherShapeThanExpectedIsRefusedBeforeReading() throws {
        let file = try HDF5File.createInMemory(name: "shapes.h5")
        try file.root().createDataset("kernel", shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
        let copy = try HDF5File.open(bytes: try file.bytes(), name: "shapes.h5")
        let kernel = try copy.root().dataset("kernel")
        XCTAssertEqual(try kernel.readFloats(expecting: [2, 3]), [1, 2, 3, 4, 5, 6])
        XCTAssertThrowsError(try kernel.readFloats(expecting: [3, 2])) { error in
            XCTAssertEqual("\(error)", "shapes.h5: /kernel: has shape (2, 3), expected (3, 2)")
        }
    }
}
