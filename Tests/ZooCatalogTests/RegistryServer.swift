import FlyingFox
import FlyingSocks
import Foundation
import XCTest

/// A folder registry served over HTTP on 127.0.0.1 (a free port) by FlyingFox, inside the test
/// process. It honours `Range: bytes=N-` with 206 and Content-Range, and can misbehave on one
/// file at a time (`trouble`) the ways real servers and networks do.
final class RegistryServer: @unchecked Sendable {
    enum Trouble: Sendable {
        /// Answers 200 with the whole file to a Range request.
        case ignoresRange
        /// Declares the full length, sends the file up to byte `offset`, then closes the connection.
        case closesAt(Int)
        /// Declares the full length, sends the file up to byte `offset`, then sends nothing more.
        case stallsAt(Int)
        /// 404 Not Found.
        case missing
        /// Serves the file with the byte at `offset` changed.
        case flipsByte(Int)
        /// Sends the file `bytes` at a time, waiting `interval` seconds before each piece.
        case trickles(bytes: Int, interval: TimeInterval)
        /// Answers 200 with `body` and the header `Content-Encoding: gzip`, ignoring the request's
        /// Accept-Encoding.
        case gzipped(Data)
    }

    let folder: URL
    private var server: HTTPServer!
    private var task: Task<Void, Error>?
    private let lock = NSLock()
    private var trouble: (file: String, kind: Trouble)?
    private var log: [(path: String, range: String?)] = []
    private(set) var base = ""

    /// Starts serving `folder`.
    init(folder: URL) throws {
        self.folder = folder
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), timeout: 30, logger: .disabled,
                                handler: ClosureHTTPHandler { [unowned self] request in try await self.respond(request) })
        self.server = server
        task = Task { try await server.run() }
        let listening = DispatchSemaphore(value: 0)
        var address: Socket.Address?
        Task {
            try? await server.waitUntilListening(timeout: 10)
            address = await server.listeningAddress
            listening.signal()
        }
        listening.wait()
        guard case let .ip4(host, port)? = address else { throw XCTSkip("the test HTTP server did not start") }
        base = "http://\(host):\(port)"
    }

    /// Stops the server, ending any response still being sent.
    func stop() {
        let done = DispatchSemaphore(value: 0)
        let server: HTTPServer = self.server
        Task {
            await server.stop(timeout: 0.2)
            done.signal()
        }
        done.wait()
        task?.cancel()
    }

    /// Makes requests for files named `file` misbehave as `kind` (nil: behave).
    func setTrouble(_ file: String, _ kind: Trouble?) {
        lock.withLock { trouble = kind.map { (file, $0) } }
    }

    /// The requests so far: path and Range header.
    var requests: [(path: String, range: String?)] {
        lock.withLock { log }
    }

    private func respond(_ request: HTTPRequest) async throws -> HTTPResponse {
        let range = request.headers[.range]
        let current: (file: String, kind: Trouble)? = lock.withLock {
            log.append((request.path, range))
            return trouble
        }
        let file = request.path.split(separator: "/").reduce(folder) { $0.appendingPathComponent(String($1)) }
        let name = file.lastPathComponent
        let kind = current?.file == name ? current?.kind : nil
        if case .missing? = kind { return HTTPResponse(statusCode: .notFound) }
        if case let .gzipped(body)? = kind {
            return HTTPResponse(statusCode: .ok, headers: [.contentType: "application/octet-stream", .contentEncoding: "gzip"], body: body)
        }
        guard var data = FileManager.default.contents(atPath: file.path) else { return HTTPResponse(statusCode: .notFound) }
        if case let .flipsByte(offset)? = kind { data = CatalogFixtures.flipping(data, at: offset) }
        var start = 0
        if let range, range.hasPrefix("bytes="), let from = Int(range.dropFirst(6).split(separator: "-").first ?? ""), from < data.count {
            if case .ignoresRange? = kind {} else { start = from }
        }
        var headers: HTTPHeaders = [.contentType: "application/octet-stream", .acceptRanges: "bytes"]
        if start > 0 { headers[.contentRange] = "bytes \(start)-\(data.count - 1)/\(data.count)" }
        let status: HTTPStatusCode = start > 0 ? .partialContent : .ok
        switch kind {
        case let .closesAt(offset)?:
            let body = ScriptedBody(data: data.subdata(in: start..<max(start, offset)), ending: .fails)
            return HTTPResponse(statusCode: status, headers: headers, body: HTTPBodySequence(from: body, count: data.count - start))
        case let .stallsAt(offset)?:
            let body = ScriptedBody(data: data.subdata(in: start..<max(start, offset)), ending: .stalls)
            return HTTPResponse(statusCode: status, headers: headers, body: HTTPBodySequence(from: body, count: data.count - start))
        case let .trickles(bytes, interval)?:
            let body = ScriptedBody(data: data.subdata(in: start..<data.count), pace: (bytes, interval), ending: .completes)
            return HTTPResponse(statusCode: status, headers: headers, body: HTTPBodySequence(from: body, count: data.count - start))
        default:
            return HTTPResponse(statusCode: status, headers: headers, body: data.subdata(in: start..<data.count))
        }
    }
}
