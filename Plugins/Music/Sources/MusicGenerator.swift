import Foundation
import MIDIFormat
import ZooCore

/// `zoo generate music`: a four-voice chorale as a format 1 MIDI file, and optionally its piano
/// roll as SVG. Options read from the request: `output` (the .mid to write, required), `bars`
/// (default 8), `primer` (a MIDI file of four voices whose notes open the piece), `key` ("C",
/// "G", "F#m", "Bbm"; default the primer's key, else C major), `pickup` (the upbeat: `auto`,
/// `none` or sixteenths), `voice-leading` (`strict` or `free`), `piano-roll` (the .svg to write).
/// Without a primer the piece is in 4/4 at 96 bpm, with an upbeat of a quarter note as often as
/// the chorales have one (`auto`, drawn from the seed); with one it keeps the primer's meter and
/// tempo, its upbeat is the one the MIDI states or else the one under which the model finds the
/// primer most likely (`--pickup N` or `none` overrides it), and `key` moves it the nearer way
/// from its own key. A piece without a primer opens on the tonic chord, every piece closes on
/// an authentic cadence (`Cadence`), strict voice leading is the default (`ChoraleRules`), and
/// a minor piece is kept minor (`ChoraleDecoder.minorBias`). stdout stays empty; the info line
/// lists model, bars, key, seed and the files.
public final class MusicGenerator: Generator {
    let music: MusicModel
    static let defaultTempo = 625_000
    static let maximumBars = 1000

    public static let options = [
        GeneratorOption("output", short: "o", .outputFile, required: true, help: "The MIDI file to write."),
        GeneratorOption("bars", .integer(1...maximumBars), default: "8",
                        help: "Length in bars (4/4, or the primer's meter; an upbeat and a shortened last bar count as one)."),
        GeneratorOption("primer", .inputFile, help: "A MIDI file of four voices whose notes open the piece."),
        GeneratorOption("key", help: "Key: C, G, F#m, Bbm … (default: the primer's key, else C major)."),
        GeneratorOption("piano-roll", .outputFile, help: "Also draw the piece as a piano roll (SVG)."),
        GeneratorOption("pickup", default: "auto",
                        help: "Upbeat: auto (a quarter note as often as the chorales, 2 in 3, by the seed; a primer's own), none, or a number of sixteenths."),
        GeneratorOption("voice-leading", .choice(VoiceLeading.allCases.map(\.rawValue)), default: VoiceLeading.strict.rawValue,
                        help: "strict: no consecutive fifths or octaves and no crossing voices; free: as the model writes (the cadence still closes)."),
    ]

    public init(bundle: URL) throws {
        music = try MusicModel(bundle: bundle)
    }

    public var name: String { music.name }

    public func generate(_ request: GenerationRequest) throws -> GenerationOutput {
        let request = try request.checked(against: Self.options)
        let options = request.options
        let output = options["output"] ?? ""
        let bars = request.integer("bars") ?? 8
        let chorale = try compose(request)
        try ChoraleMIDI.file(chorale).write(to: URL(fileURLWithPath: output))
        var written = [output]
        let length = bars == 1 ? "1 bar" : "\(bars) bars"
        if let svg = options["piano-roll"] {
            let title = "\(music.name) · \(chorale.key) · \(length) · seed \(request.seed)"
            try AtomicFile.write(PianoRoll.svg(chorale, title: title), to: URL(fileURLWithPath: svg))
            written.append(svg)
        }
        return GenerationOutput(stdout: "", info: "\(music.name) · \(length) · \(chorale.key) · seed \(request.seed) · wrote \(written.joined(separator: ", "))")
    }

    /// The chorale a request asks for (its options checked and defaults filled in), in its key;
    /// nothing is written.
    public func compose(_ request: GenerationRequest) throws -> Chorale {
        let request = try request.checked(against: Self.options)
        let options = request.options
        let bars = request.integer("bars") ?? 8
        let requestedKey = try options["key"].map { try MusicKey(parsing: $0) }
        let upbeat = try Upbeat(parsing: options["pickup"] ?? "auto")
        let voiceLeading = VoiceLeading(rawValue: options["voice-leading"] ?? "") ?? .strict
        let primer = try options["primer"].map { try readPrimer($0, upbeat: upbeat) }
        let key = requestedKey ?? primer?.key ?? .cMajor
        if let primer, primer.key.minor != key.minor {
            throw ZooError("--key \(options["key"]!): the primer is in \(primer.key); pick a \(primer.key.minor ? "minor" : "major") key")
        }
        var rng = SeededGenerator(seed: request.seed)
        let meter = try primer?.meter ?? Meter(signatures: [.common], pickup: try upbeat.steps(stepsPerBar: TimeSignature.common.stepsPerBar, rng: &rng))
        let steps = meter.end(bars: bars)
        let primed = primer.map { ChoraleTokenizer.reference($0).voices } ?? []
        if let primer, primer.steps >= steps {
            throw ZooError("--bars \(bars): the primer already lasts \(primer.steps) sixteenths of the \(steps) that \(bars) bars hold")
        }
        // From C major / A minor to the key asked for: a primer moves the nearer way from its own key.
        let shift = primer.map { $0.key.interval(to: key) - $0.key.shiftToReference } ?? -key.shiftToReference
        var sampler = request.sampler
        let voices = try music.decoder.generate(meter: meter, steps: steps, minor: key.minor, shift: shift, primer: primed,
                                                voiceLeading: voiceLeading, sampler: &sampler, rng: &rng)
        let reference = try Chorale(voices: voices, key: MusicKey(sharps: 0, minor: key.minor), meter: meter,
                                    tempo: primer?.tempo ?? Self.defaultTempo)
        return reference.transposed(by: shift, to: key)
    }

    /// The primer as a chorale with its upbeat: the one `upbeat` gives, else (`auto`) the one
    /// the MIDI states (an opening bar shorter than the next, as notation programs write an
    /// anacrusis), else of the pickups a whole number of quarter notes shorter than its first
    /// bar the one whose encoding the model finds most likely.
    func readPrimer(_ path: String, upbeat: Upbeat = .auto) throws -> Chorale {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ZooError("\(path): cannot read the primer (\(FileManager.default.fileExists(atPath: path) ? "not readable" : "no such file"))")
        }
        let file = try MIDIFile.read(bytes: Array(data), name: path)
        let plain = try ChoraleMIDI.chorale(from: file, name: path)
        let bar = plain.meter.signatures[0].stepsPerBar
        if case .steps(let n) = upbeat {
            guard n < bar else { throw ZooError("--pickup \(n): an upbeat must be shorter than the primer's bar of \(bar) sixteenths") }
            var chorale = plain
            chorale.meter = try Meter(signatures: plain.meter.signatures, pickup: n)
            return chorale
        }
        if ChoraleMIDI.statedPickup(in: file) != nil { return plain }
        let tokenizer = ChoraleTokenizer(vocabulary: music.decoder.vocabulary)
        var best: (nll: Double, chorale: Chorale)?
        for pickup in stride(from: 0, to: bar, by: 4) {
            var candidate = plain
            candidate.meter = try Meter(signatures: plain.meter.signatures, pickup: pickup)
            let nll = music.decoder.negativeLogLikelihood(try tokenizer.encode(candidate, name: path))
            if best == nil || nll < best!.nll { best = (nll, candidate) }
        }
        return best!.chorale
    }
}
