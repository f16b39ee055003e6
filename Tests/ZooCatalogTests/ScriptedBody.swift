import FlyingSocks
import Foundation

/// A response body that sends `data`, `pace.bytes` at a time with `pace.interval` seconds before
/// each piece (nil: as fast as asked), then ends as `ending` says.
struct ScriptedBody: AsyncBufferedSequence {
    /// What happens after the last byte of `data`.
    enum Ending: Sendable {
        /// The body is complete.
        case completes
        /// The server closes the connection.
        case fails
        /// Nothing more is sent until the server stops.
        case stalls
    }

    typealias Element = UInt8
    let data: Data
    var pace: (bytes: Int, interval: TimeInterval)?
    let ending: Ending

    func makeAsyncIterator() -> Iterator {
        Iterator(data: data, pace: pace, ending: ending)
    }

    struct Iterator: AsyncBufferedIteratorProtocol {
        let data: Data
        let pace: (bytes: Int, interval: TimeInterval)?
        let ending: Ending
        var offset = 0

        mutating func next() async throws -> UInt8? {
            try await nextBuffer(suggested: 1)?.first
        }

        mutating func nextBuffer(suggested count: Int) async throws -> Data? {
            if offset < data.count {
                if let pace { try await Task.sleep(nanoseconds: UInt64(pace.interval * 1e9)) }
                let end = Swift.min(data.count, offset + Swift.max(pace?.bytes ?? count, 1))
                defer { offset = end }
                return data.subdata(in: offset..<end)
            }
            switch ending {
            case .completes: return nil
            case .stalls: try await Task.sleep(nanoseconds: 60_000_000_000)
            case .fails: break
            }
            throw CancellationError()
        }
    }
}
