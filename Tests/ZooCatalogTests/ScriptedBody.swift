import FlyingSocks
import Foundation

/// A response body that sends `data`, then either fails (the server closes the connection) or
/// waits until the server stops (`stalls`).
struct ScriptedBody: AsyncBufferedSequence {
    typealias Element = UInt8
    let data: Data
    let stalls: Bool

    func makeAsyncIterator() -> Iterator {
        Iterator(data: data, stalls: stalls)
    }

    struct Iterator: AsyncBufferedIteratorProtocol {
        let data: Data
        let stalls: Bool
        var offset = 0

        mutating func next() async throws -> UInt8? {
            try await nextBuffer(suggested: 1)?.first
        }

        mutating func nextBuffer(suggested count: Int) async throws -> Data? {
            if offset < data.count {
                let end = Swift.min(data.count, offset + Swift.max(count, 1))
                defer { offset = end }
                return data.subdata(in: offset..<end)
            }
            if stalls { try await Task.sleep(nanoseconds: 60_000_000_000) }
            throw CancellationError()
        }
    }
}
