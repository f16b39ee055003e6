import ZooCore

/// A four-voice piece on a sixteenth-note grid: for each voice and step what it does
/// (`VoiceStep`), with the key, meter and tempo it is played in. The grid is what the encoding
/// tokenizes; `ChoraleMIDI` converts it from and to MIDI notes.
public struct Chorale: Hashable, Sendable {
    /// [4][steps]: `voices[v][s]` is voice v (soprano, alto, tenor, bass) at step s.
    public var voices: [[VoiceStep]]
    public var key: MusicKey
    public var meter: Meter
    /// Microseconds per quarter note (500000 = 120 bpm).
    public var tempo: Int

    public init(voices: [[VoiceStep]], key: MusicKey, meter: Meter, tempo: Int) throws {
        guard voices.count == 4, let steps = voices.first?.count, voices.allSatisfy({ $0.count == steps }) else {
            throw ZooError("a chorale needs four voices of equal length")
        }
        self.voices = voices
        self.key = key
        self.meter = meter
        self.tempo = tempo
    }

    /// Length in sixteenth-note steps.
    public var steps: Int { voices[0].count }

    /// One sounding note of a voice, in steps.
    public struct Note: Hashable, Sendable {
        public var pitch: Int
        public var start: Int
        public var length: Int
    }

    /// The notes of `voice` in order: each onset with the holds after it (a hold after a rest
    /// or at the start sounds nothing).
    public func notes(_ voice: Voice) -> [Note] {
        var notes: [Note] = []
        var open = false
        for (s, step) in voices[voice.rawValue].enumerated() {
            switch step {
            case .onset(let pitch):
                notes.append(Note(pitch: pitch, start: s, length: 1))
                open = true
            case .hold where open:
                notes[notes.count - 1].length += 1
            case .hold, .rest:
                open = false
            }
        }
        return notes
    }

    /// The same piece `semitones` higher (lower when negative), key signature included.
    public func transposed(by semitones: Int, to key: MusicKey) -> Chorale {
        var copy = self
        copy.voices = voices.map { $0.map { step in if case .onset(let p) = step { return .onset(p + semitones) } else { return step } } }
        copy.key = key
        return copy
    }
}
