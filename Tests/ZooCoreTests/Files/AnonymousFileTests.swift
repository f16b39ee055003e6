import Foundation
import XCTest
@testable import ZooCore

/// The temporary file of a `.keras` import has a name only while libhdf5 opens it, so that no
/// interruption (kill -9 included) can leave it behind; and temporary names always fit.
final class AnonymousFileTests: XCTestCase {
    func testTheFileHasANameOnlyWhileNamedRuns() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("anonymous-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func names() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: folder.path) }

        let file = try AnonymousFile(in: folder)
        try file.handle.write(contentsOf: Data("weights".utf8))
        XCTAssertEqual(try names(), [], "no name while it is written")
        let read = try file.named { url -> String in
            XCTAssertEqual(try? names(), [url.lastPathComponent])
            return try String(contentsOf: url, encoding: .utf8)
        }
        XCTAssertEqual(read, "weights")
        XCTAssertEqual(try names(), [], "the name goes when named returns")
        XCTAssertThrowsError(try file.named { _ in throw ZooError("stop") })
        XCTAssertEqual(try names(), [], "also when the body throws")
    }

    func testTemporaryNamesFitTheFileSystemsLimit() throws {
        let long = String(repeating: "é", count: 126) + ".k"
        XCTAssertEqual(long.utf8.count, 254)
        let url = URL(fileURLWithPath: "/tmp").appendingPathComponent(long)
        let temporary = AtomicFile.temporaryURL(for: url)
        XCTAssertLessThanOrEqual(temporary.lastPathComponent.utf8.count, 255)
        XCTAssertTrue(temporary.lastPathComponent.hasPrefix(".éé"), temporary.lastPathComponent)
        XCTAssertNotEqual(AtomicFile.temporaryURL(for: url), temporary)
    }
}
