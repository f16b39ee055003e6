import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ZooCore

/// Blocking HTTP GETs over Foundation's URLSession, for `http://` and `https://` registries.
///
/// A request fails when no byte arrives for `timeout` seconds, while connecting or in the middle
/// of a body, so a stalled server never hangs the caller. Transport failures throw
/// `RegistryUnreachable`; an HTTP error status throws `ZooError`. Bodies are taken as sent
/// (`Accept-Encoding: identity`), so byte offsets are file offsets for Range requests.
struct HTTPClient: Sendable {
    /// Seconds without a byte before a request fails.
    let timeout: TimeInterval

    /// The timeout from `ZOO_HTTP_TIMEOUT` (seconds), default 15.
    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        timeout = environment["ZOO_HTTP_TIMEOUT"].flatMap(TimeInterval.init).flatMap { $0 > 0 ? $0 : nil } ?? 15
    }

    /// The body of `url`, refused when longer than `limit` bytes.
    func get(_ url: URL, limit: Int64) throws -> Data {
        let transfer = HTTPTransfer(sink: nil, offset: 0, limit: limit) { _ in }
        try run(url, from: 0, transfer)
        guard transfer.total <= limit else { throw ZooError("\(url.absoluteString): longer than \(limit) bytes") }
        return transfer.body
    }

    /// Completes `file` with the body of `url`: asks for the bytes after the file's current size
    /// (HTTP Range) and appends them when the server answers 206 from that offset; starts from
    /// byte 0 when the server sends the whole body (200) or refuses the range. Takes at most
    /// `size + 1` bytes in all. `progress` gets the file's byte count as it grows. Returns the
    /// offset the transfer resumed from (0 for a whole transfer).
    func download(_ url: URL, to file: URL, size: Int64, progress: @escaping (Int64) -> Void) throws -> Int64 {
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        let offset = try handle.seekToEnd()
        let transfer = HTTPTransfer(sink: handle, offset: Int64(offset), limit: size, progress: progress)
        try run(url, from: Int64(offset), transfer)
        if case .resumed = transfer.start { return Int64(offset) }
        if case .rangeRefused = transfer.start {
            try handle.truncate(atOffset: 0)
            try run(url, from: 0, HTTPTransfer(sink: handle, offset: 0, limit: size, progress: progress))
        }
        return 0
    }

    /// Sends the GET (with `Range: bytes=OFFSET-` when `offset` > 0) and waits for the end.
    private func run(_ url: URL, from offset: Int64, _ transfer: HTTPTransfer) throws {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        let session = URLSession(configuration: configuration, delegate: transfer, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        var request = URLRequest(url: url)
        request.setValue("identity", forHTTPHeaderField: "Accept-Encoding")
        if offset > 0 { request.setValue("bytes=\(offset)-", forHTTPHeaderField: "Range") }
        session.dataTask(with: request).resume()
        transfer.wait()
        switch transfer.start {
        case let .status(code):
            throw ZooError("\(url.absoluteString): HTTP \(code) \(HTTPURLResponse.localizedString(forStatusCode: code))")
        case .rangeRefused:
            return
        case .none, .whole, .resumed:
            if let error = transfer.error { throw RegistryUnreachable("\(url.absoluteString): \(describe(error))") }
        }
    }

    /// A short reason for a URLSession failure.
    private func describe(_ error: Error) -> String {
        let error = error as NSError
        let text = (error.userInfo[NSLocalizedDescriptionKey] as? String ?? "network error \(error.domain) \(error.code)")
            .replacingOccurrences(of: "\n", with: " ")
        guard error.domain == NSURLErrorDomain else { return text }
        switch error.code {
        case NSURLErrorTimedOut: return "no data for \(String(format: "%g", timeout)) s (timed out)"
        case NSURLErrorCannotConnectToHost: return "cannot connect (connection refused)"
        case NSURLErrorCannotFindHost: return "unknown host"
        case NSURLErrorNetworkConnectionLost: return "the connection was lost"
        default: return text
        }
    }
}
