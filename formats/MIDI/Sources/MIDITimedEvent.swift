/// An event and the absolute time at which it happens in its track.
public struct MIDITimedEvent: Hashable, Sendable {
    /// Ticks from the start of the track (the sum of the delta times up to this event).
    public var tick: Int
    public var event: MIDIEvent

    public init(tick: Int, _ event: MIDIEvent) {
        self.tick = tick
        self.event = event
    }
}
