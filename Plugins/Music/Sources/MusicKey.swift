import ZooCore

/// A major or minor key as a key signature states it: `sharps` (−7...7, negative = flats) and
/// the mode. The encoding transposes every piece to the reference key of its mode (C major or
/// A minor, no accidentals) and back.
public struct MusicKey: Hashable, Sendable, CustomStringConvertible {
    /// Sharps (1...7) or flats (−1...−7) of the key signature.
    public let sharps: Int
    public let minor: Bool

    /// The key of a key-signature event.
    public init(sharps: Int, minor: Bool) throws {
        guard (-7...7).contains(sharps) else { throw ZooError("key signature with \(sharps) sharps (must be −7...7)") }
        self.sharps = sharps
        self.minor = minor
    }

    /// C major, the Standard MIDI File default when a file has no key signature.
    public static let cMajor = try! MusicKey(sharps: 0, minor: false)

    /// Parses a key name: a note letter A–G, optionally `#` or `b`, optionally `m` for minor
    /// ("C", "G", "F#m", "Bbm").
    public init(parsing text: String) throws {
        let usage = "expected a note A–G, optionally # or b, optionally m for minor: C, G, F#m, Bbm"
        var rest = Substring(text)
        guard let letter = rest.first, let fifths = MusicKey.letterFifths[letter] else {
            throw ZooError("--key: '\(text)' is not a key (\(usage))")
        }
        rest.removeFirst()
        var position = fifths
        if rest.first == "#" { position += 7; rest.removeFirst() } else if rest.first == "b" { position -= 7; rest.removeFirst() }
        let minor = rest == "m"
        guard rest.isEmpty || minor else { throw ZooError("--key: '\(text)' is not a key (\(usage))") }
        let sharps = minor ? position - 3 : position
        guard (-7...7).contains(sharps) else {
            throw ZooError("--key: \(text) has no key signature (\(abs(sharps)) \(sharps > 0 ? "sharps" : "flats")); use its enharmonic equivalent")
        }
        try self.init(sharps: sharps, minor: minor)
    }

    /// Position of each natural note on the circle of fifths, C = 0.
    private static let letterFifths: [Character: Int] = ["F": -1, "C": 0, "G": 1, "D": 2, "A": 3, "E": 4, "B": 5]

    /// The tonic's pitch class, 0 (C) ... 11 (B).
    public var tonic: Int { ((minor ? 9 : 0) + 7 * sharps % 12 + 24) % 12 }

    /// Semitones (−6...5) that move this key's tonic to C (major) or A (minor), the nearer way.
    public var shiftToReference: Int { interval(to: try! MusicKey(sharps: 0, minor: minor)) }

    /// Semitones (−6...5) from this key's tonic up (or, when negative, down) to `other`'s, the nearer way.
    public func interval(to other: MusicKey) -> Int {
        let up = (other.tonic - tonic + 12) % 12
        return up >= 6 ? up - 12 : up
    }

    /// "G major", "F# minor".
    public var description: String {
        let position = minor ? sharps + 3 : sharps
        let letters: [Character] = ["F", "C", "G", "D", "A", "E", "B"]
        let natural = letters[((position + 1) % 7 + 7) % 7]
        let accidental = position > 5 ? "#" : position < -1 ? "b" : ""
        return "\(natural)\(accidental) \(minor ? "minor" : "major")"
    }
}
