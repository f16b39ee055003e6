import Foundation
import XCTest

/// A measured `zoo` run reports the memory of `zoo`, not of the test runner that started it.
final class MeasuredRunTests: XCTestCase {
    /// With 300 MB resident in this process, `zoo --help` still measures under 100 MB (it
    /// measured exactly the runner's peak, 278 MB in CI, when started straight from the runner).
    func testTheRunnersMemoryIsNotCounted() throws {
        let folder = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let size = 300 << 20
        let held = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 4096)
        defer { held.deallocate() }
        memset(held, 1, size)
        let run = try MeasuredRun.zoo(["--help"], in: folder)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertFalse(run.stdout.isEmpty)
        XCTAssertEqual(held.load(fromByteOffset: size - 1, as: UInt8.self), 1)
        XCTAssertGreaterThan(run.peakBytes, 1_000_000)
        XCTAssertLessThan(run.peakBytes, 100_000_000, "zoo --help: peak RSS \(run.peakBytes) bytes")
    }
}
