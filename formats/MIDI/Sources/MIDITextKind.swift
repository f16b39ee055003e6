/// Which of the text meta events (types 0x01...0x0F) a text belongs to. Types 0x0A...0x0F are
/// reserved for text by the specification and kept by number.
public struct MIDITextKind: Hashable, Sendable, CustomStringConvertible {
    /// The meta event type byte, 0x01...0x0F.
    public let rawValue: UInt8

    /// The kind for meta type `rawValue`, or nil when `rawValue` is not a text type (0x01...0x0F).
    public init?(rawValue: UInt8) {
        guard (0x01...0x0F).contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    private init(_ rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public static let text = MIDITextKind(0x01)
    public static let copyright = MIDITextKind(0x02)
    /// Sequence name in the first track of format 0/1 files, track name elsewhere.
    public static let trackName = MIDITextKind(0x03)
    public static let instrumentName = MIDITextKind(0x04)
    public static let lyric = MIDITextKind(0x05)
    public static let marker = MIDITextKind(0x06)
    public static let cuePoint = MIDITextKind(0x07)
    public static let programName = MIDITextKind(0x08)
    public static let deviceName = MIDITextKind(0x09)

    public var description: String {
        let names: [UInt8: String] = [
            0x01: "text", 0x02: "copyright", 0x03: "track name", 0x04: "instrument name", 0x05: "lyric",
            0x06: "marker", 0x07: "cue point", 0x08: "program name", 0x09: "device name",
        ]
        return names[rawValue] ?? "text type 0x\(MIDIHex.byte(rawValue))"
    }
}
