import ZooSupport

/// Bounds-checked reading of one region of a file's bytes (the whole file, or one chunk's data).
///
/// Every read checks the region's end first, so no length in the file can make it read out of
/// bounds or allocate more than the region holds. Errors are one line naming the file, the problem
/// and the byte offset.
struct MIDIByteCursor {
    /// The whole file.
    let bytes: [UInt8]
    /// The file's name in messages.
    let name: String
    /// The region in messages ("MTrk chunk at byte 14").
    let region: String
    /// The offset of the next byte to read.
    private(set) var position: Int
    /// The offset just past the region's last byte.
    let end: Int

    init(bytes: [UInt8], name: String, region: String, start: Int, end: Int) {
        self.bytes = bytes
        self.name = name
        self.region = region
        self.position = start
        self.end = end
    }

    /// "1 byte", "2 bytes": `number` and `noun`, plural unless `number` is 1.
    static func count(_ number: Int, _ noun: String) -> String {
        number == 1 ? "1 \(noun)" : "\(number) \(noun)s"
    }

    /// Bytes left in the region.
    var remaining: Int { end - position }

    var atEnd: Bool { position >= end }

    /// A one-line error about this file.
    func error(_ problem: String) -> ZooError {
        ZooError("\(name): \(problem)")
    }

    /// The next byte, part of `what` (which starts at byte `start`).
    mutating func byte(of what: String, at start: Int) throws -> UInt8 {
        guard position < end else {
            throw error("\(region) ends inside the \(what) at byte \(start)")
        }
        let value = bytes[position]
        position += 1
        return value
    }

    /// The next byte, which must be a data byte (high bit clear) of `what` (starting at byte `start`).
    mutating func dataByte(of what: String, at start: Int) throws -> UInt8 {
        let offset = position
        let value = try byte(of: what, at: start)
        guard value < 0x80 else {
            throw error("\(what) at byte \(start) has status byte 0x\(MIDIHex.byte(value)) at byte \(offset) where a data byte belongs")
        }
        return value
    }

    /// A big-endian unsigned integer of `width` bytes (at most 4).
    mutating func integer(width: Int, of what: String, at start: Int) throws -> Int {
        var value = 0
        for _ in 0..<width {
            value = value << 8 | Int(try byte(of: what, at: start))
        }
        return value
    }

    /// A variable-length quantity: 7 bits per byte, most significant first, high bit set on every
    /// byte but the last; at most 4 bytes, so at most 0x0FFFFFFF.
    mutating func variableLength(of what: String) throws -> Int {
        let start = position
        var value = 0
        for _ in 0..<4 {
            let next = try byte(of: what, at: start)
            value = value << 7 | Int(next & 0x7F)
            if next < 0x80 { return value }
        }
        throw error("variable-length quantity (\(what)) at byte \(start) is longer than 4 bytes")
    }

    /// The next `count` bytes of `what` (starting at byte `start`), after checking that the region
    /// holds them.
    mutating func take(_ count: Int, of what: String, at start: Int) throws -> [UInt8] {
        guard count <= remaining else {
            throw error("\(what) at byte \(start) declares \(Self.count(count, "data byte")), \(remaining) left in the \(region)")
        }
        let slice = Array(bytes[position..<(position + count)])
        position += count
        return slice
    }

    /// Moves past the next `count` bytes of `what` (starting at byte `start`), after checking that
    /// the region holds them.
    mutating func skip(_ count: Int, of what: String, at start: Int) throws {
        guard count <= remaining else {
            throw error("\(what) at byte \(start) declares \(Self.count(count, "data byte")), \(remaining) left in the \(region)")
        }
        position += count
    }
}
