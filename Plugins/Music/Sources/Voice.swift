/// One of the four chorale voices, in score order (the order the encoding interleaves them in).
public enum Voice: Int, CaseIterable, Sendable {
    case soprano, alto, tenor, bass

    /// The track name in the MIDI files ("Soprano", …).
    public var name: String { ["Soprano", "Alto", "Tenor", "Bass"][rawValue] }

    /// The one-letter prefix of the voice's tokens ("S", "A", "T", "B").
    public var letter: String { ["S", "A", "T", "B"][rawValue] }

    /// The MIDI channel (0...3) of the voice's track, as in the corpus.
    public var channel: UInt8 { UInt8(rawValue) }

    /// The voice called `name` (case-insensitive), if any.
    public init?(name: String) {
        guard let voice = Voice.allCases.first(where: { $0.name.lowercased() == name.lowercased() }) else { return nil }
        self = voice
    }
}
