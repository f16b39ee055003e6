/// A sounding note: a note-on paired with the note-off (or note-on of velocity 0) that ends it.
public struct MIDINote: Hashable, Sendable {
    /// MIDI note number, 0...127 (60 = middle C).
    public var pitch: UInt8
    /// 0...15.
    public var channel: UInt8
    /// The note-on velocity, 1...127.
    public var velocity: UInt8
    /// Ticks from the start of the track.
    public var startTick: Int
    /// Ticks from the note-on to its note-off.
    public var durationTicks: Int

    public init(pitch: UInt8, channel: UInt8, velocity: UInt8, startTick: Int, durationTicks: Int) {
        self.pitch = pitch
        self.channel = channel
        self.velocity = velocity
        self.startTick = startTick
        self.durationTicks = durationTicks
    }

    /// The tick at which the note ends.
    public var endTick: Int { startTick + durationTicks }
}
