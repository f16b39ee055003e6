import XCTest
@testable import ZooCore

/// FloatBuffer recycles large blocks (zoo_workspace_alloc): a recycled block must still come
/// back zeroed from `init(count:)`, aligned, and distinct from every live buffer.
final class FloatBufferTests: XCTestCase {
    func testRecycledBlocksAreZeroedAlignedAndNotShared() {
        let count = 1 << 20  // 4 MB: above the recycling threshold
        var previous: UnsafeMutablePointer<Float>?
        for round in 0..<3 {
            let live = FloatBuffer(uninitializedCount: count)
            live.pointer.update(repeating: 5, count: count)
            do {
                let dirty = FloatBuffer(uninitializedCount: count)
                dirty.pointer.update(repeating: 7, count: count)
                XCTAssertNotEqual(dirty.pointer, live.pointer)
                previous = dirty.pointer
            }
            let zeroed = FloatBuffer(count: count)
            XCTAssertEqual(Int(bitPattern: zeroed.pointer) % 64, 0, "round \(round): 64-byte aligned")
            XCTAssertEqual(zeroed.pointer, previous, "round \(round): the block just freed is reused")
            XCTAssertFalse((0..<count).contains { zeroed[$0] != 0 }, "round \(round): zeroed")
            XCTAssertFalse((0..<count).contains { live[$0] != 5 }, "round \(round): the live buffer is untouched")
            let copy = FloatBuffer([Float](repeating: 3, count: count))
            XCTAssertEqual(copy[count - 1], 3)
        }
    }

    func testProcessMemoryPolicyIsAccepted() {
        XCTAssertTrue(ProcessMemory.retainFreedMemory())
    }
}
