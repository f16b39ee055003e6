/// The header's division word: what one tick of a track's delta times means.
public enum MIDIDivision: Hashable, Sendable {
    /// Metrical time: this many ticks per quarter note (1...32767). Tempo events then say how
    /// long a quarter note lasts.
    case ticksPerQuarter(Int)
    /// Time-code time: `framesPerSecond` (24, 25, 29 for 29.97 drop-frame, or 30) frames per
    /// second of `ticksPerFrame` (1...255) ticks each. Tempo events do not change the tick length.
    /// Read and kept as found, and written back; the project's own files use metrical time.
    case smpte(framesPerSecond: Int, ticksPerFrame: Int)

    /// The SMPTE frame rates a division word may declare.
    static let smpteFrameRates: Set<Int> = [24, 25, 29, 30]

    /// Decodes the header's 16-bit division word; `problem` says whether the result is usable.
    init(word: UInt16) {
        if word & 0x8000 == 0 {
            self = .ticksPerQuarter(Int(word))
        } else {
            let frames = -Int(Int8(bitPattern: UInt8(word >> 8)))
            self = .smpte(framesPerSecond: frames, ticksPerFrame: Int(word & 0xFF))
        }
    }

    /// Why this division cannot appear in a file, or nil when it can.
    var problem: String? {
        switch self {
        case .ticksPerQuarter(let ticks):
            return (1...0x7FFF).contains(ticks) ? nil : "division of \(ticks) ticks per quarter note (must be 1...32767)"
        case .smpte(let frames, let ticks):
            if !Self.smpteFrameRates.contains(frames) {
                return "SMPTE division of \(frames) frames per second (must be 24, 25, 29 or 30)"
            }
            return (1...0xFF).contains(ticks) ? nil : "SMPTE division of \(ticks) ticks per frame (must be 1...255)"
        }
    }

    /// The 16-bit division word; only meaningful when `problem` is nil.
    var word: UInt16 {
        switch self {
        case .ticksPerQuarter(let ticks):
            return UInt16(clamping: ticks)
        case .smpte(let frames, let ticks):
            let rate = UInt16(UInt8(bitPattern: Int8(clamping: -frames)))
            return rate << 8 | UInt16(UInt8(clamping: ticks))
        }
    }

    /// Ticks per quarter note for metrical time, nil for SMPTE time.
    public var ticksPerQuarter: Int? {
        if case .ticksPerQuarter(let ticks) = self { return ticks }
        return nil
    }
}
