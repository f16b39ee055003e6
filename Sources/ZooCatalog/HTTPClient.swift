import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ZooCore

/// Blocking HTTP GETs through libcurl (`HTTPTransfer`), for `http://` and `https://` registries.
///
/// Every request is bounded in time by `limits` (no data for a window, too slow over a window,
/// a total deadline), so no server hangs the caller, and in size: at most the expected size plus
/// one byte is ever written or kept in memory. Bodies are asked for and taken only as sent
/// (`Accept-Encoding: identity`; an encoded body is refused unread), so byte offsets are file
/// offsets for Range requests and a compressed body cannot expand. Transport failures and
/// passed time limits throw `RegistryUnreachable`; an HTTP error status, a refused body or a
/// failed write throws `ZooError`.
struct HTTPClient: Sendable {
    let limits: HTTPLimits

    /// The limits from `$ZOO_HTTP_TIMEOUT`, `$ZOO_HTTP_MIN_RATE` and `$ZOO_HTTP_DEADLINE`.
    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        limits = HTTPLimits(environment: environment)
    }

    /// The body of `url`, refused when longer than `limit` bytes.
    func get(_ url: URL, limit: Int64) throws -> Data {
        let transfer = HTTPTransfer(url: url, sink: nil, offset: 0, limit: limit, limits: limits) { _ in }
        try run(url, transfer)
        guard transfer.total <= limit else { throw ZooError("\(url.absoluteString): longer than \(limit) bytes") }
        return transfer.body
    }

    /// Completes `file` with the body of `url`: asks for the bytes after the file's current size
    /// (HTTP Range) and appends them when the server answers 206 from that offset; starts from
    /// byte 0 when the server sends the whole body (200) or refuses the range. Takes at most
    /// `size + 1` bytes in all. `progress` gets the file's byte count as it grows. Returns the
    /// offset the transfer resumed from (0 for a whole transfer).
    func download(_ url: URL, to file: SafeFile, size: Int64, progress: @escaping (Int64) -> Void) throws -> Int64 {
        let offset = try file.size()
        let transfer = HTTPTransfer(url: url, sink: file, offset: offset, limit: size, limits: limits, progress: progress)
        try run(url, transfer)
        if case .resumed = transfer.start { return offset }
        if case .rangeRefused = transfer.start {
            try file.truncate()
            try run(url, HTTPTransfer(url: url, sink: file, offset: 0, limit: size, limits: limits, progress: progress))
        }
        return 0
    }

    /// Runs `transfer`, a GET of `url`, and turns the way it ended into an error, if any.
    private func run(_ url: URL, _ transfer: HTTPTransfer) throws {
        let (code, message, connectErrno) = try transfer.perform()
        switch transfer.start {
        case let .status(status):
            throw ZooError("\(url.absoluteString): HTTP \(status) \(HTTPURLResponse.localizedString(forStatusCode: status))")
        case let .encoded(coding):
            throw ZooError("\(url.absoluteString): the server sent an encoded body (\(TerminalText.escaped(coding))) although zoo asks for identity; refused")
        case .rangeRefused:
            return
        case .none, .whole, .resumed:
            if let failure = transfer.failure { throw failure }
            if code == 0 || transfer.passedLimit { return }
            throw RegistryUnreachable("\(url.absoluteString): \(reason(code, message, connectErrno: connectErrno, elapsed: transfer.elapsed))")
        }
    }

    /// A short reason for a failed transfer: libcurl's result `code` and error `message`, the
    /// errno of a failed connect, the seconds it ran.
    private func reason(_ code: Int32, _ message: String, connectErrno: Int32, elapsed: TimeInterval) -> String {
        switch code {
        case LibCurl.timedOut where elapsed >= limits.deadline:
            return "the \(HTTPLimits.seconds(limits.deadline)) s deadline passed (ZOO_HTTP_DEADLINE)"
        case LibCurl.timedOut:
            return "no data for \(HTTPLimits.seconds(limits.window)) s (timed out)"
        case LibCurl.couldNotConnect:
            return connectErrno == 0 ? "cannot connect" : "cannot connect (\(SystemReason.text(connectErrno)))"
        case LibCurl.couldNotResolveHost: return "unknown host"
        case LibCurl.couldNotResolveProxy: return "unknown proxy host"
        case LibCurl.partialFile, LibCurl.gotNothing, LibCurl.sendError, LibCurl.receiveError: return "the connection was lost"
        case LibCurl.tooManyRedirects: return "more than 5 redirects"
        default: return TerminalText.escaped(message)
        }
    }
}
