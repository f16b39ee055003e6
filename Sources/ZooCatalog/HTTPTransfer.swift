import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP GET driven by URLSession's delegate callbacks: the body goes to a file (appended
/// after `offset` bytes already there, or from zero when the server restarts) or to memory; at
/// most `limit + 1` bytes are taken, so that a body longer than expected is seen without
/// reading all of it. `wait()` blocks until the transfer ends.
final class HTTPTransfer: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// How the response began.
    enum Start {
        /// Not known yet (no response).
        case none
        /// 200: the whole body, written from byte 0.
        case whole
        /// 206 with a Content-Range starting at the requested offset: appended.
        case resumed
        /// 206 for another range, or 416: the range was not honoured; nothing written.
        case rangeRefused
        /// Any other status: nothing written.
        case status(Int)
    }

    private let sink: FileHandle?
    private let offset: Int64
    private let limit: Int64
    private let progress: (Int64) -> Void
    private let done = DispatchSemaphore(value: 0)

    private(set) var start = Start.none
    /// The body when there is no file sink.
    private(set) var body = Data()
    /// Bytes in the file (or in `body`) so far.
    private(set) var total: Int64
    private(set) var error: Error?

    /// `sink` receives the body after its first `offset` bytes (nil: keep it in `body`); `limit`
    /// is the expected total size in bytes; `progress` gets the byte total after each piece.
    init(sink: FileHandle?, offset: Int64, limit: Int64, progress: @escaping (Int64) -> Void) {
        self.sink = sink
        self.offset = offset
        self.limit = limit
        self.progress = progress
        total = offset
    }

    func wait() {
        done.wait()
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        switch status {
        case 200:
            start = .whole
            if offset > 0, let sink {
                do {
                    try sink.truncate(atOffset: 0)
                } catch {
                    self.error = error
                    return completionHandler(.cancel)
                }
            }
            total = 0
            completionHandler(.allow)
        case 206 where HTTPTransfer.rangeStart((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Range")) == offset:
            start = .resumed
            completionHandler(.allow)
        case 206, 416:
            start = .rangeRefused
            completionHandler(.cancel)
        default:
            start = .status(status)
            completionHandler(.cancel)
        }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard error == nil else { return }
        let piece = data.prefix(Int(max(0, limit + 1 - total)))
        do {
            if let sink { try sink.write(contentsOf: piece) } else { body.append(piece) }
        } catch {
            self.error = error
            dataTask.cancel()
            return
        }
        total += Int64(piece.count)
        progress(total)
        if total > limit { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        if self.error == nil, total <= limit { self.error = error }
        done.signal()
    }

    /// START of "bytes START-END/TOTAL".
    private static func rangeStart(_ header: String?) -> Int64? {
        guard let header, header.hasPrefix("bytes ") else { return nil }
        return header.dropFirst(6).split(separator: "-").first.flatMap { Int64($0) }
    }
}
