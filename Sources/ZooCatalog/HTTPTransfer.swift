import Foundation
import ZooCore

/// One HTTP GET through libcurl (`LibCurl`), on the calling thread: the body goes to a file
/// (appended after `offset` bytes already there, or from zero when the server restarts) or to
/// memory.
///
/// - The body is taken as sent: no Accept-Encoding but `identity` is asked for and libcurl
///   decodes nothing. A 200 or 206 whose Content-Encoding is not identity (or whose
///   Transfer-Encoding is not chunked) is refused when its header ends: not one byte of its body
///   is read, so a small compressed body can never expand in memory.
/// - Only a 200 or a 206 for the requested range is written. Any other answer (an error page,
///   another range) is noted in `start` and the transfer stops at the end of its header.
/// - At most `limit + 1` bytes are ever written or kept in memory: each piece libcurl hands over
///   is written before it reads the next, and the transfer stops as soon as `limit` is passed
///   (`passedLimit`), so a body longer than expected is seen without reading all of it.
/// - Time is bounded by `limits`: the transfer stops when no byte has arrived for a window, when
///   fewer than `minimumRate × window` bytes arrived in one, or at the deadline (`failure`).
/// - Redirects are followed (at most 5, http and https only).
final class HTTPTransfer {
    /// How the response began.
    enum Start {
        /// Not known yet (no complete response header).
        case none
        /// 200: the whole body, written from byte 0.
        case whole
        /// 206 with a Content-Range starting at the requested offset: appended.
        case resumed
        /// 206 for another range, or 416: the range was not honoured; nothing written.
        case rangeRefused
        /// Any other status: nothing written.
        case status(Int)
        /// A body sent encoded, as "Content-Encoding: gzip" says: refused, nothing written.
        case encoded(String)
    }

    private let url: URL
    private let sink: SafeFile?
    private let offset: Int64
    private let limit: Int64
    private let limits: HTTPLimits
    private let progress: (Int64) -> Void

    private(set) var start = Start.none
    /// The body when there is no file sink.
    private(set) var body = Data()
    /// Bytes in the file (or in `body`) so far.
    private(set) var total: Int64
    /// Whether the transfer stopped because the body passed `limit`.
    private(set) var passedLimit = false
    /// Why a callback stopped the transfer: a time limit (`RegistryUnreachable`) or a failed
    /// write (`ZooError`).
    private(set) var failure: Error?

    /// The status and header fields (names lowercased) of the response being received.
    private var status = 0
    private var fields: [String: String] = [:]
    private var accepting = false
    private var received: Int64 = 0
    private let began = Date()
    private var lastData = Date()
    private var windowStart = Date()
    private var windowBytes: Int64 = 0

    /// `sink` receives the body after its first `offset` bytes (nil: keep it in `body`); `limit`
    /// is the expected total size in bytes; `progress` gets the byte total after each piece.
    init(url: URL, sink: SafeFile?, offset: Int64, limit: Int64, limits: HTTPLimits, progress: @escaping (Int64) -> Void) {
        self.url = url
        self.sink = sink
        self.offset = offset
        self.limit = limit
        self.limits = limits
        self.progress = progress
        total = offset
    }

    /// Runs the GET (with `Range: bytes=OFFSET-` when `offset` > 0) to its end; returns libcurl's
    /// result code, its error text and the errno of a failed connect (0 if none). `start`,
    /// `failure` and `passedLimit` tell why it ended.
    func perform() throws -> (code: Int32, message: String, connectErrno: Int32) {
        let curl = try LibCurl.shared()
        guard let handle = curl.easyInit() else { throw ZooError("\(url.absoluteString): libcurl cannot start a transfer") }
        defer { curl.easyCleanup(handle) }
        let headers = curl.slistAppend(nil, "Accept-Encoding: identity")
        defer { curl.slistFreeAll(headers) }
        let errorText = UnsafeMutablePointer<CChar>.allocate(capacity: LibCurl.errorBufferSize)
        errorText.initialize(repeating: 0, count: LibCurl.errorBufferSize)
        defer { errorText.deallocate() }
        let context = Int(bitPattern: Unmanaged.passUnretained(self).toOpaque())
        let write: LibCurl.DataCallback = { data, size, count, context in
            guard let context else { return 0 }
            let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
            return Unmanaged<HTTPTransfer>.fromOpaque(context).takeUnretainedValue().receive(bytes) ? size * count : 0
        }
        let header: LibCurl.DataCallback = { data, size, count, context in
            guard let context else { return 0 }
            let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self)
            return Unmanaged<HTTPTransfer>.fromOpaque(context).takeUnretainedValue().header(line) ? size * count : 0
        }
        let tick: LibCurl.ProgressCallback = { context, _, _, _, _ in
            guard let context else { return 1 }
            return Unmanaged<HTTPTransfer>.fromOpaque(context).takeUnretainedValue().withinLimits() ? 0 : 1
        }
        let options: [(Int32, Int)] = [
            (LibCurl.writeFunction, unsafeBitCast(write, to: Int.self)), (LibCurl.writeData, context),
            (LibCurl.headerFunction, unsafeBitCast(header, to: Int.self)), (LibCurl.headerData, context),
            (LibCurl.progressFunction, unsafeBitCast(tick, to: Int.self)), (LibCurl.progressData, context), (LibCurl.noProgress, 0),
            (LibCurl.httpHeader, Int(bitPattern: headers)), (LibCurl.errorBuffer, Int(bitPattern: errorText)),
            (LibCurl.contentDecoding, 0), (LibCurl.noSignal, 1),
            (LibCurl.followLocation, 1), (LibCurl.maxRedirects, 5),
            (LibCurl.protocols, LibCurl.httpAndHTTPS), (LibCurl.redirectProtocols, LibCurl.httpAndHTTPS),
            // Backstops only: the progress callback enforces the limits with its own messages.
            (LibCurl.connectTimeoutMilliseconds, Int((limits.window * 1000).rounded(.up))),
            (LibCurl.timeoutMilliseconds, Int(min((limits.deadline + limits.window) * 1000, Double(Int32.max)).rounded(.up))),
        ]
        let strings: [(Int32, String)] = [(LibCurl.url, url.absoluteString), (LibCurl.userAgent, "zoo")] + (offset > 0 ? [(LibCurl.range, "\(offset)-")] : [])
        for (option, value) in options {
            guard curl.easySetopt(handle, option, value) == 0 else { throw ZooError("\(url.absoluteString): libcurl refused option \(option)") }
        }
        for (option, value) in strings {
            // libcurl copies string options.
            let code = value.withCString { curl.easySetopt(handle, option, Int(bitPattern: $0)) }
            guard code == 0 else { throw ZooError("\(url.absoluteString): libcurl refused option \(option) (\(curl.text(code)))") }
        }
        let code = withExtendedLifetime(self) { curl.easyPerform(handle) }
        let message = String(cString: errorText)
        var connectErrno = 0
        _ = curl.easyGetinfo(handle, LibCurl.osErrno, &connectErrno)
        return (code, message.isEmpty ? curl.text(code) : message, Int32(truncatingIfNeeded: connectErrno))
    }

    /// How long the transfer has run.
    var elapsed: TimeInterval { Date().timeIntervalSince(began) }

    /// One header line: a status line starts a response, an empty line ends its header.
    /// Returns false to stop the transfer (the answer is refused).
    private func header(_ line: String) -> Bool {
        let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("HTTP/") {
            status = text.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
            fields = [:]
            return true
        }
        if let colon = text.firstIndex(of: ":") {
            let name = text[..<colon].lowercased(), value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            fields[name] = fields[name].map { "\($0), \(value)" } ?? value
            return true
        }
        guard text.isEmpty else { return true }
        // The end of a header: an interim answer or a redirect libcurl follows is not the response.
        if (100..<200).contains(status) || ([301, 302, 303, 307, 308].contains(status) && fields["location"] != nil) { return true }
        return begin()
    }

    /// Decides what to do with the response whose header just ended; false stops the transfer.
    private func begin() -> Bool {
        switch status {
        case 200, 206:
            if let coding = encoding() {
                start = .encoded(coding)
                return false
            }
            if status == 206 {
                guard HTTPTransfer.rangeStart(fields["content-range"]) == offset else {
                    start = .rangeRefused
                    return false
                }
                start = .resumed
            } else {
                do {
                    if offset > 0, let sink { try sink.truncate() }
                } catch {
                    failure = error
                    return false
                }
                start = .whole
                total = 0
            }
            accepting = true
            return true
        case 416:
            start = .rangeRefused
            return false
        default:
            start = .status(status)
            return false
        }
    }

    /// Writes one piece of the body; false stops the transfer.
    private func receive(_ bytes: UnsafeRawBufferPointer) -> Bool {
        received += Int64(bytes.count)
        lastData = Date()
        guard accepting else { return false }
        let piece = Data(bytes.prefix(Int(max(0, limit + 1 - total))))
        do {
            if let sink { try sink.write(piece) } else { body.append(piece) }
        } catch {
            failure = error
            return false
        }
        total += Int64(piece.count)
        progress(total)
        if total > limit {
            passedLimit = true
            return false
        }
        return true
    }

    /// Whether the transfer is still within `limits` (called by libcurl at least once a second).
    private func withinLimits() -> Bool {
        let now = Date()
        let address = url.absoluteString, window = HTTPLimits.seconds(limits.window)
        if now.timeIntervalSince(began) >= limits.deadline {
            failure = RegistryUnreachable("\(address): the \(HTTPLimits.seconds(limits.deadline)) s deadline passed (ZOO_HTTP_DEADLINE)")
            return false
        }
        if now.timeIntervalSince(lastData) >= limits.window {
            failure = RegistryUnreachable("\(address): no data for \(window) s (timed out)")
            return false
        }
        guard now.timeIntervalSince(windowStart) >= limits.window else { return true }
        let arrived = received - windowBytes
        windowStart = now
        windowBytes = received
        guard Double(arrived) >= limits.minimumRate * limits.window else {
            let rate = "slower than \(Model.grouped(Int(limits.minimumRate))) bytes/s (\(Model.grouped(Int(arrived))) bytes in \(window) s; ZOO_HTTP_MIN_RATE)"
            failure = RegistryUnreachable("\(address): \(rate)")
            return false
        }
        return true
    }

    /// The coding of a body not sent as it is ("Content-Encoding: gzip"); nil for a plain body.
    private func encoding() -> String? {
        let plain: [(String, Set<String>)] = [("Content-Encoding", ["", "identity"]), ("Transfer-Encoding", ["", "identity", "chunked"])]
        for (name, allowed) in plain {
            guard let value = fields[name.lowercased()] else { continue }
            let codings = value.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if let other = codings.first(where: { !allowed.contains($0) }) { return "\(name): \(other)" }
        }
        return nil
    }

    /// START of "bytes START-END/TOTAL".
    private static func rangeStart(_ header: String?) -> Int64? {
        guard let header, header.hasPrefix("bytes ") else { return nil }
        return header.dropFirst(6).split(separator: "-").first.flatMap { Int64($0) }
    }
}
