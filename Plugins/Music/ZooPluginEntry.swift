import ZooCore
import Music

/// Plugins/Music: the Bach chorale generator (`zoo generate music`) and its training preset
/// (`zoo train chorale-lstm`): four voices on a sixteenth-note grid, constrained decoding (voice
/// leading, the closing cadence, upbeats), MIDI and piano-roll output.
enum ZooPluginEntry: ZooPlugin {
    static let name = "Music"
    static let version = "1.0.0"
    static let summary = "Bach chorale generator: four voices on a sixteenth-note grid, each in its range, closing on a cadence, as MIDI and a piano roll"
    static let families = ["Music"]

    static func register(_ r: PluginRegistrar) throws {
        try r.preset("chorale-lstm", ChoraleLSTMPreset.make())
        try r.generator("music", defaultModel: "music-bach-chorales-lstm", summary: "a four-voice chorale as MIDI (Bach chorale model)",
                        options: MusicGenerator.options, samples: false) { try MusicGenerator(bundle: $0) }
    }
}
