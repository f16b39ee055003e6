/// Builds Standard MIDI File bytes by hand, so that tests state exactly what is on disk.
enum SMFBytes {
    /// A chunk: four-character type, 32-bit big-endian length, data.
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        chunk(type, declaring: data.count, data)
    }

    /// A chunk whose length field says `length` whatever the data holds.
    static func chunk(_ type: String, declaring length: Int, _ data: [UInt8]) -> [UInt8] {
        Array(type.utf8) + [UInt8(length >> 24 & 0xFF), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)] + data
    }

    /// A 6-byte MThd chunk (14 bytes in all).
    static func header(format: UInt16 = 1, tracks: UInt16, division: UInt16 = 480) -> [UInt8] {
        chunk("MThd", [UInt8(format >> 8), UInt8(format & 0xFF), UInt8(tracks >> 8), UInt8(tracks & 0xFF),
                       UInt8(division >> 8), UInt8(division & 0xFF)])
    }

    /// A whole file: header, then one MTrk chunk per entry of `tracks` (each the raw event bytes).
    static func file(format: UInt16 = 1, division: UInt16 = 480, tracks: [[UInt8]]) -> [UInt8] {
        header(format: format, tracks: UInt16(tracks.count), division: division) + tracks.flatMap { chunk("MTrk", $0) }
    }

    /// The End of Track event with delta time 0.
    static let endOfTrack: [UInt8] = [0x00, 0xFF, 0x2F, 0x00]
}
