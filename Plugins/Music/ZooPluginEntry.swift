import ZooCore
import Music

/// Plugins/Music: the Bach chorale generator (`zoo generate music`) and its training preset
/// (`zoo train chorale-lstm`): four voices on a sixteenth-note grid, constrained decoding, MIDI
/// and piano-roll output.
enum ZooPluginEntry: ZooPlugin {
    static let manifest = PluginManifest(
        name: "Music", version: "1.0.0",
        summary: "Bach chorale generator: four voices on a sixteenth-note grid, each in its range, as MIDI and a piano roll",
        families: ["Music"], presets: ["chorale-lstm"], generators: ["music"]
    )

    static func register() throws {
        PresetRegistry.shared.register(ChoraleLSTMPreset.make(), provider: manifest.name)
        GeneratorRegistry.shared.register("music", defaultModel: "music-bach-chorales-lstm", provider: manifest.name) {
            try MusicGenerator(bundle: $0)
        }
    }
}
