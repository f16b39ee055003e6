import Foundation
import XCTest
import ZooCatalog
import ZooCore

/// Hostile HTTP registries served on 127.0.0.1: a server trickling bytes, one too slow to finish
/// before the deadline, one sending a compressed body (a "zip bomb") though zoo asks for identity.
/// Each fails in bounded time and memory, in one line, keeping the staged bytes for a resume.
final class HTTPLimitTests: XCTestCase {
    private var folder: URL!
    private var server: RegistryServer!
    private var cache: ModelCache { ModelCache(root: folder.appendingPathComponent("home")) }
    private var staged: URL { cache.root.appendingPathComponent("partial/tiny-lstm@1.0.0/weights.bin") }
    private var weightsURL: String { "\(server.base)/tiny-lstm/1.0.0/weights.bin" }

    override func setUpWithError() throws {
        folder = try CatalogFixtures.temporaryFolder()
        try CatalogFixtures.writeRegistry(folder.appendingPathComponent("registry"), [CatalogFixtures.standardModel()])
        server = try RegistryServer(folder: folder.appendingPathComponent("registry"))
    }

    override func tearDownWithError() throws {
        server?.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    private func fetch(_ environment: [String: String] = [:]) throws -> FetchResult {
        let registry = try Registry(server.base, environment: ["ZOO_HTTP_TIMEOUT": "1"].merging(environment) { $1 })
        return try Fetcher(registry: registry, cache: cache).fetch(ModelReference(parsing: "tiny-lstm"))
    }

    /// The fetch fails in one line for which `check` holds, within `seconds`.
    private func assertFails(within seconds: TimeInterval, _ environment: [String: String] = [:], file: StaticString = #filePath, line: UInt = #line,
                             _ check: (String) -> Bool) {
        let started = Date()
        XCTAssertThrowsError(try fetch(environment), file: file, line: line) { error in
            XCTAssertTrue(check("\(error)"), "\(error)", file: file, line: line)
            XCTAssertFalse("\(error)".contains("\n"), file: file, line: line)
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), seconds, file: file, line: line)
        XCTAssertTrue(cache.models().isEmpty, "a failed fetch left a visible model", file: file, line: line)
    }

    /// A byte every 0.25 s never lets a 1 s window pass without data, but stays far below the
    /// minimum rate: the transfer fails after one window, and the next fetch resumes.
    func testTricklingServerFailsOnTheMinimumRate() throws {
        server.setTrouble("weights.bin", .trickles(bytes: 1, interval: 0.25))
        assertFails(within: 6, ["ZOO_HTTP_MIN_RATE": "1000"]) { message in
            message.hasPrefix("tiny-lstm@1.0.0: weights.bin: \(weightsURL): slower than 1,000 bytes/s (")
                && message.contains(" bytes in 1 s; ZOO_HTTP_MIN_RATE) after ")
                && message.hasSuffix(" of 1,500,000 bytes (kept: the next fetch resumes); nothing was installed")
        }
        let kept = try Data(contentsOf: staged)
        XCTAssertGreaterThan(kept.count, 0)
        XCTAssertEqual(kept, CatalogFixtures.weights.prefix(kept.count))
        server.setTrouble("weights.bin", nil)
        XCTAssertEqual(try fetch().model.problems(), [])
        XCTAssertEqual(server.requests.filter { $0.path.hasSuffix("/weights.bin") }.last?.range, "bytes=\(kept.count)-")
    }

    /// Fast enough for the rate, too slow for the deadline.
    func testSlowTransferStopsAtTheDeadline() throws {
        server.setTrouble("weights.bin", .trickles(bytes: 50_000, interval: 0.1))
        assertFails(within: 6, ["ZOO_HTTP_DEADLINE": "1", "ZOO_HTTP_MIN_RATE": "1000"]) { message in
            message.hasPrefix("tiny-lstm@1.0.0: weights.bin: \(weightsURL): the 1 s deadline passed (ZOO_HTTP_DEADLINE) after ")
                && message.hasSuffix(" of 1,500,000 bytes (kept: the next fetch resumes); nothing was installed")
        }
        server.setTrouble("weights.bin", nil)
        XCTAssertEqual(try fetch().model.problems(), [])
    }

    /// 200 MB of zeros gzip-compressed to about 200 KB, sent with Content-Encoding: gzip for the
    /// index and for a model file: refused when the header arrives, before the body is decoded
    /// into memory; a staged file is left as it was.
    func testCompressedBodyIsRefusedWithoutDecodingIt() throws {
        let bomb = try gzippedZeros(megabytes: 200)
        XCTAssertLessThan(bomb.count, 1 << 20)
        let before = Self.resetPeakMemory()

        server.setTrouble("index.json", .gzipped(bomb))
        assertFails(within: 10) { $0 == "\(self.server.base)/index.json: the server sent an encoded body (Content-Encoding: gzip) although zoo asks for identity; refused" }

        try FileManager.default.createDirectory(at: staged.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contentsOf: folder.appendingPathComponent("registry/tiny-lstm/1.0.0/card.json")).write(to: staged.deletingLastPathComponent().appendingPathComponent("card.json"))
        try CatalogFixtures.weights.prefix(1_000).write(to: staged)
        server.setTrouble("weights.bin", .gzipped(bomb))
        assertFails(within: 10) {
            $0 == "tiny-lstm@1.0.0: weights.bin: \(self.weightsURL): the server sent an encoded body (Content-Encoding: gzip) although zoo asks for identity; refused; nothing was installed"
        }
        XCTAssertEqual(try Data(contentsOf: staged), CatalogFixtures.weights.prefix(1_000))
        XCTAssertLessThan(Self.peakMemory() - before, 100_000_000, "the compressed body was decoded into memory")

        server.setTrouble("weights.bin", nil)
        XCTAssertEqual(try fetch().model.problems(), [])
    }

    /// `megabytes` MB of zero bytes, compressed by gzip -9.
    private func gzippedZeros(megabytes: Int) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "head -c \(megabytes * 1_000_000) /dev/zero | gzip -9 -c"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        return data
    }

    /// Resets this process's resident high-water mark to its present size (Linux
    /// `/proc/self/clear_refs`, "5") and returns that size in bytes, so that `peakMemory()` after
    /// it measures what the code in between grew: the process's lifetime peak (`ru_maxrss`) would
    /// hide any growth below what an earlier test in the same runner once reached.
    private static func resetPeakMemory() -> Int {
        if let refs = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
            refs.write(Data("5".utf8))
            try? refs.close()
        }
        return peakMemory()
    }

    /// This process's resident high-water mark (`VmHWM`) in bytes.
    private static func peakMemory() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
        }
        return 0
    }
}
