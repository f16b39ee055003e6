import Foundation
import XCTest
import ZooCatalog
import ZooCore

/// A folder registry (or a cache) holding a FIFO or a device where a file belongs: refused in one
/// line before it is opened, never read (a FIFO would block forever, /dev/zero never end); and a
/// write failure (a full disk) is one line naming the file and the system's reason.
final class FileTypeTests: XCTestCase {
    private var folder: URL!
    private var registryFolder: URL { folder.appendingPathComponent("registry") }
    private var cache: ModelCache { ModelCache(root: folder.appendingPathComponent("home")) }
    private var weightsFile: URL { registryFolder.appendingPathComponent("tiny-lstm/1.0.0/weights.bin") }

    override func setUpWithError() throws {
        folder = try CatalogFixtures.temporaryFolder()
        try CatalogFixtures.writeRegistry(registryFolder, [CatalogFixtures.standardModel()])
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func fetch() throws -> FetchResult {
        try Fetcher(registry: Registry(registryFolder.path), cache: cache).fetch(ModelReference(parsing: "tiny-lstm"))
    }

    /// Replaces `url` with a FIFO.
    private func makeFIFO(_ url: URL) throws {
        try? FileManager.default.removeItem(at: url)
        XCTAssertEqual(mkfifo(url.path, 0o644), 0, String(cString: strerror(errno)))
    }

    /// Runs `body` on another thread and fails unless it ends within 10 s; then opens `fifo` for
    /// writing and closes it, which ends a read that blocked on it.
    private func finishes<T>(unblocking fifo: URL, file: StaticString = #filePath, line: UInt = #line, _ body: @escaping @Sendable () throws -> T) -> Result<T, Error>? {
        nonisolated(unsafe) var result: Result<T, Error>?
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            result = Result { try body() }
            done.signal()
        }
        if done.wait(timeout: .now() + 10) == .timedOut {
            XCTFail("blocked on the FIFO \(fifo.path)", file: file, line: line)
            let writer = open(fifo.path, O_WRONLY | O_NONBLOCK)
            if writer >= 0 { close(writer) }
            done.wait()
        }
        return result
    }

    private func assertFailure<T>(_ result: Result<T, Error>?, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        guard case let .failure(error)? = result else { return XCTFail("did not fail: \(String(describing: result))", file: file, line: line) }
        XCTAssertEqual("\(error)", expected, file: file, line: line)
    }

    func testFIFOInARegistryIsRefusedNotRead() throws {
        try makeFIFO(weightsFile)
        let registry = registryFolder, home = cache.root
        assertFailure(finishes(unblocking: weightsFile) {
            try Fetcher(registry: Registry(registry.path), cache: ModelCache(root: home)).fetch(ModelReference(parsing: "tiny-lstm"))
        }, "tiny-lstm@1.0.0: weights.bin: \(weightsFile.path): a FIFO, not a regular file; refused; nothing was installed")
        XCTAssertTrue(cache.models().isEmpty)

        let index = registryFolder.appendingPathComponent("index.json")
        try makeFIFO(index)
        assertFailure(finishes(unblocking: index) { try Registry(registry.path).index() }, "\(index.path): a FIFO, not a regular file; refused")
    }

    func testLinkToADeviceInARegistryIsRefused() throws {
        try FileManager.default.removeItem(at: weightsFile)
        try FileManager.default.createSymbolicLink(atPath: weightsFile.path, withDestinationPath: "/dev/zero")
        XCTAssertThrowsError(try fetch()) { error in
            XCTAssertEqual("\(error)", "tiny-lstm@1.0.0: weights.bin: \(weightsFile.path): a character device, not a regular file; refused; nothing was installed")
        }
        // A link to a regular file is fine in a registry (not in the cache).
        let elsewhere = folder.appendingPathComponent("weights-elsewhere.bin")
        try CatalogFixtures.weights.write(to: elsewhere)
        try FileManager.default.removeItem(at: weightsFile)
        try FileManager.default.createSymbolicLink(atPath: weightsFile.path, withDestinationPath: elsewhere.path)
        XCTAssertEqual(try fetch().model.problems(), [])
    }

    func testFIFOInTheCacheIsAProblemNotARead() throws {
        let model = try fetch().model
        let weights = model.folder.appendingPathComponent("weights.bin")
        try makeFIFO(weights)
        let problems = finishes(unblocking: weights) { model.problems() }
        XCTAssertEqual(try problems?.get(), ["weights.bin: a FIFO, not a file zoo wrote"])
    }

    /// A write that fails (here: past the file size limit, as a full disk would) is one line
    /// naming the staged file and the reason; the bytes written are kept and the next fetch,
    /// with room again, completes them.
    func testWriteFailureIsOneLineNamingTheFile() throws {
        signal(SIGXFSZ, SIG_IGN)
        var saved = rlimit()
        XCTAssertEqual(getrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved), 0)
        var small = saved
        small.rlim_cur = 1_000_000
        XCTAssertEqual(setrlimit(Int32(RLIMIT_FSIZE.rawValue), &small), 0)
        let failure = Result { try fetch() }
        XCTAssertEqual(setrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved), 0)
        let staged = cache.root.appendingPathComponent("partial/tiny-lstm@1.0.0/weights.bin")
        assertFailure(failure, "tiny-lstm@1.0.0: weights.bin: \(staged.path): file too large; nothing was installed")
        XCTAssertEqual(try Data(contentsOf: staged), CatalogFixtures.weights.prefix(1_000_000))
        let result = try fetch()
        XCTAssertEqual(result.transferred, Int64(500_000 + CatalogFixtures.vocabulary.count))
        XCTAssertEqual(result.model.problems(), [])
    }
}
