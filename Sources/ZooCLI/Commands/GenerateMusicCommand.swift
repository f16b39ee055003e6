import ArgumentParser
import Foundation
import ZooCore

/// `zoo generate music`: a four-voice chorale from the Music plugin's generator, written as a
/// format 1 MIDI file (conductor track, then Soprano, Alto, Tenor, Bass) and optionally as a
/// piano-roll SVG. Model, bars, key, seed and the files written go to stderr.
struct GenerateMusicCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "music",
        abstract: "Write a four-voice chorale (MIDI) with the shipped Bach chorale model.",
        discussion: "Each voice stays in its range; same seed, same file."
    )

    @Option(help: "Length in bars (4/4, or the primer's meter; an upbeat and a shortened last bar count as one).")
    var bars: Int = 8

    @Option(help: ArgumentHelp("A MIDI file of four voices whose notes open the piece.", valueName: "FILE.mid"))
    var primer: String?

    @Option(help: "Key: C, G, F#m, Bbm … (default: the primer's key, else C major).")
    var key: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("The MIDI file to write.", valueName: "OUT.mid"))
    var output: String

    @Option(name: .customLong("piano-roll"), help: ArgumentHelp("Also draw the piece as a piano roll (SVG).", valueName: "OUT.svg"))
    var pianoRoll: String?

    @Option(help: "Model: a catalog name or a bundle file or folder (default: the generator's shipped model).")
    var model: String?

    @OptionGroup var sampling: SamplingOptions

    @OptionGroup var plugins: PluginOptions

    func run() throws {
        var options = ["bars": "\(bars)", "output": output]
        options["primer"] = primer
        options["key"] = key
        options["piano-roll"] = pianoRoll
        try GeneratorRun.run(generator: "music", command: "generate music", model: model, options: options,
                             sampling: sampling, plugins: plugins, count: 1, json: false)
    }
}
