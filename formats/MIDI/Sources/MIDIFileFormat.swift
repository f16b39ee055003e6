/// The format word of a Standard MIDI File's header chunk.
public enum MIDIFileFormat: UInt16, Sendable {
    /// One track holding every channel.
    case format0 = 0
    /// Several tracks played together; by convention the first track holds the tempo map.
    case format1 = 1
    /// Several independent single-track sequences (read only: the writer refuses it).
    case format2 = 2
}
