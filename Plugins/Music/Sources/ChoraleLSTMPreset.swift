import Foundation
import ZooCore

/// `chorale-lstm`: a next-token model of the Bach chorales (`--data` the folder of MIDI files
/// with the corpus's manifest.csv beside it or in its parent; split by its `split` column).
/// Each chorale is transposed to C major / A minor and encoded (`ChoraleTokenizer`); the pieces
/// are joined into one stream (each opened by its start token) cut into windows of 256 tokens
/// (about 60 sixteenth steps, almost four bars of 4/4), each token predicting the next. Training
/// adds one window per piece that begins at its start token: a window's state starts at zero,
/// and generation starts a piece from a zero state, which the stream's windows (starting
/// anywhere) would not teach. Validation (and `zoo eval`) is the stream's windows alone, so that
/// every target counts once. Model: Embedding(V, 32) → LSTM(384) → Dense(V) logits (V = 140 for
/// the corpus), sparse categorical cross-entropy, so the validation loss is the NLL per token in
/// nats; the metadata states the tokens per step and the unigram and bigram baselines on the
/// same targets. No augmentation: the transposition to one key per mode already pools the keys,
/// and transposing copies again would undo it.
public enum ChoraleLSTMPreset {
    static let window = 256
    /// The metadata member through which `zoo eval --manifest FILE` names the manifest that
    /// gives the evaluated files' upbeats; evaluation says on stderr where each upbeat came from.
    public static let manifestKey = "data_manifest"

    public static func make() -> Preset {
        Preset(name: "chorale-lstm", family: "Music", task: "music-generation",
               summary: "four-voice Bach chorale model on a sixteenth-note grid (--data the bach-chorales folder)",
               epochs: 40, batchSize: 32, learningRate: 2e-3, validationSplit: 0,
               loss: .sparseCategoricalCrossentropy(fromLogits: true), metrics: [.accuracy],
               makeModel: model, makeData: { _, folder in try data(folder) }, needsData: true,
               evaluationData: { path, metadata in
                   let tokenizer = ChoraleTokenizer(vocabulary: try MusicVocabulary(json: metadata["vocabulary"] ?? .null))
                   let manifest = metadata[manifestKey]?.stringValue.map { URL(fileURLWithPath: $0) }
                   let corpus = try ChoraleCorpus(path: path, manifest: manifest)
                   let dataset = try windows(try stream(corpus.pieces, tokenizer), source: path.path).dataset
                   // Said once the data is usable, so a refusal stays the one line on stderr.
                   FileHandle.standardError.write(Data((corpus.pickupSummary + "\n").utf8))
                   return dataset
               })
    }

    static func model(seed: UInt64, metadata: JSONValue) throws -> Model {
        let vocabulary = try MusicVocabulary(json: metadata["vocabulary"] ?? .null)
        return try ModelBuilder.sequential(name: "chorale_lstm", input: ModelInput(name: "tokens", shape: [nil], dtype: "int32"), layers: [
            ("Embedding", ["name": "token_embedding", "input_dim": .number(Double(vocabulary.count)), "output_dim": 32]),
            ("LSTM", ["name": "lstm", "units": 384, "return_sequences": true]),
            ("Dense", ["name": "logits", "units": .number(Double(vocabulary.count))]),
        ], seed: seed)
    }

    static func data(_ folder: URL?) throws -> PresetData {
        guard let folder else { throw ZooError("chorale-lstm: no corpus given") }
        let corpus = try ChoraleCorpus(path: folder)
        guard let manifest = corpus.manifest else {
            throw ZooError("\(folder.path): no manifest.csv in the folder or its parent (the split and the pickups come from it)")
        }
        let train = corpus.pieces.filter { $0.split == "train" }, valid = corpus.pieces.filter { $0.split == "valid" }
        guard !train.isEmpty, !valid.isEmpty else {
            throw ZooError("\(manifest.url.path): the split column names \(train.count) train and \(valid.count) valid files of \(folder.path); both are needed")
        }
        var lowest = [Int](repeating: 127, count: 4), highest = [Int](repeating: 0, count: 4)
        var soundingLow = lowest, soundingHigh = highest
        for piece in train {
            let shift = piece.chorale.key.shiftToReference
            for voice in Voice.allCases {
                for note in piece.chorale.notes(voice) {
                    let v = voice.rawValue
                    lowest[v] = min(lowest[v], note.pitch + shift); highest[v] = max(highest[v], note.pitch + shift)
                    soundingLow[v] = min(soundingLow[v], note.pitch); soundingHigh[v] = max(soundingHigh[v], note.pitch)
                }
            }
        }
        let vocabulary = try MusicVocabulary(ranges: (0..<4).map { lowest[$0]...highest[$0] })
        let tokenizer = ChoraleTokenizer(vocabulary: vocabulary)
        let trainPieces = try train.map { try tokenizer.encode($0.chorale, name: $0.name) }
        let trainWindows = try windows(Array(trainPieces.joined()), source: folder.path)
        let validWindows = try windows(try stream(valid, tokenizer), source: folder.path)
        let baseline = NGramBaseline(context: trainWindows.context, next: trainWindows.next, vocabularySize: vocabulary.count)
        let steps = validWindows.next.filter { vocabulary.step($0) != nil }.count / 4
        let perStep = Double(validWindows.next.count) / Double(steps)
        let unigram = baseline.unigramNLL(next: validWindows.next)
        let bigram = baseline.bigramNLL(context: validWindows.context, next: validWindows.next)
        let metadata: JSONValue = [
            "vocabulary": vocabulary.json,
            "sounding_ranges": .object(Voice.allCases.map { ($0.name, [.number(Double(soundingLow[$0.rawValue])), .number(Double(soundingHigh[$0.rawValue]))]) }),
            "encoding": [
                "grid": "sixteenth notes (120 ticks at 480 per quarter note)",
                "order": "start token (<major>/<minor>), then per step: marker (| bar line, . other quarter-note beat), S, A, T, B",
                "transposition": "each piece to C major / A minor by its key signature, the nearer way (-6...+5 semitones)",
                "fermatas": "none: the MIDI files do not carry them",
                "augmentation": "none",
                "window": .number(Double(window)),
                "windows": "the pieces joined into one stream, cut into consecutive windows (the last partial one left out); training adds each piece's opening window",
            ],
            "validation": [
                "files": .number(Double(valid.count)),
                "targets": .number(Double(validWindows.next.count)),
                "steps": .number(Double(steps)),
                "tokens_per_step": .number(perStep),
                "unigram_nll_per_token": .number(unigram),
                "bigram_nll_per_token": .number(bigram),
                "unigram_nll_per_step": .number(unigram * perStep),
                "bigram_nll_per_step": .number(bigram * perStep),
            ],
        ]
        return PresetData(train: try withOpenings(trainWindows.dataset, trainPieces), test: validWindows.dataset, metadata: metadata)
    }

    /// The pieces' tokens joined into one stream, in order.
    static func stream(_ pieces: [ChoraleCorpus.Piece], _ tokenizer: ChoraleTokenizer) throws -> [Int] {
        try pieces.flatMap { try tokenizer.encode($0.chorale, name: $0.name) }
    }

    /// The stream's windows followed by the opening window (256 tokens from the start token) of
    /// each piece longer than a window.
    static func withOpenings(_ stream: Dataset, _ pieces: [[Int]]) throws -> Dataset {
        var context = stream.inputs[0].scalars, next = stream.targets[0].scalars
        for tokens in pieces where tokens.count > window {
            context += tokens[0..<window].map(Float.init)
            next += tokens[1...window].map(Float.init)
        }
        let n = context.count / window
        return try Dataset(inputs: [Tensor(shape: [n, window], scalars: context)], targets: [Tensor(shape: [n, window], scalars: next)])
    }

    /// The stream cut into [n, 256] windows, each token's target the next one (a last partial
    /// window is left out), with the flat (token, next) pairs the baselines count.
    static func windows(_ stream: [Int], source: String) throws -> (dataset: Dataset, context: [Int], next: [Int]) {
        let n = (stream.count - 1) / window
        guard n > 0 else { throw ZooError("\(source): too little music for one window of \(window + 1) tokens") }
        let context = Array(stream[0..<(n * window)]), next = Array(stream[1...(n * window)])
        let dataset = try Dataset(inputs: [Tensor(shape: [n, window], scalars: context.map(Float.init))],
                                  targets: [Tensor(shape: [n, window], scalars: next.map(Float.init))])
        return (dataset, context, next)
    }
}
