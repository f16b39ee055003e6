import Foundation
import XCTest

/// Zip members bounded by what the model can need: a small `.keras` whose weights member
/// unpacks into hundreds of megabytes (or whose config does) is refused from its header, before
/// anything is decompressed, in one line and with bounded memory.
final class HostileArchiveTests: XCTestCase {
    private var folder: URL!
    private static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/fixtures/keras/lstm_regressor.keras")

    /// `python - SRC OUT MEMBER MEGABYTES`: SRC's members, with MEMBER replaced by MEGABYTES MiB
    /// of zeros (deflated to about a thousandth; a JSON member gets spaces before the original).
    private static let script = #"""
import sys, zipfile
src, out, member, megabytes = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with zipfile.ZipFile(src) as z, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as o:
    for name in z.namelist():
        if name != member:
            o.writestr(name, z.read(name))
            continue
        with o.open(name, "w", force_zip64=True) as f:
            filler = b" " if name.endswith(".json") else b"\0"
            for _ in range(megabytes):
                f.write(filler * (1 << 20))
            if name.endswith(".json"):
                f.write(z.read(name))
"""#

    override func setUpWithError() throws { folder = try ZooProcess.temporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func assertRefused(member: String, megabytes: Int, saying expected: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = folder.appendingPathComponent("bomb-\(megabytes).keras")
        try HostileHDF5Files.run(Self.script, [Self.fixture.path, url.path, member, String(megabytes)], what: "the zip bomb")
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
        XCTAssertLessThan(size, megabytes << 12, "deflated to about a thousandth", file: file, line: line)
        let run = try MeasuredRun.zoo(["summary", url.path], in: folder)
        XCTAssertEqual(run.status, 1, run.stderr, file: file, line: line)
        XCTAssertEqual(run.stderr.split(separator: "\n").count, 1, run.stderr, file: file, line: line)
        XCTAssertTrue(run.stderr.hasPrefix("zoo summary: \(url.path): member '\(member)' declares "), run.stderr, file: file, line: line)
        XCTAssertTrue(run.stderr.contains(expected), run.stderr, file: file, line: line)
        XCTAssertLessThan(run.peakBytes, 256_000_000 + 4 * size, "peak RSS \(run.peakBytes) bytes", file: file, line: line)
        print("HOSTILE zip \(member): \(size) bytes unpacking to \(megabytes) MiB, peak RSS \(run.peakBytes / 1_000_000) MB, \(String(format: "%.2f", run.cpuSeconds)) s CPU")
    }

    func testWeightsMemberLargerThanTheModelCanNeedIsRefused() throws {
        try assertRefused(member: "model.weights.h5", megabytes: 300,
                          saying: "declares 314572800 bytes, more than 16809688 (what the weights of a model of 1,353 parameters can take)")
    }

    func testConfigMemberBombIsRefused() throws {
        try assertRefused(member: "config.json", megabytes: 100, saying: "more than 67108864 (the limit for a JSON member)")
    }
}
