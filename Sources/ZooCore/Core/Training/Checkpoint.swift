import Foundation

/// A training checkpoint: the model (its Keras config and every weight by Keras path), the
/// optimizer (class, config, iteration count and slot buffers), the History so far, the
/// number of finished epochs and free-form run settings. Resuming from it continues the run
/// exactly: the same seed gives the same remaining loss curve.
///
/// File layout (version 2, little-endian):
///
///     offset 0          "RNNZOOCK"                      8 bytes, magic
///     offset 8          UInt32 version (2)
///     offset 12         UInt32 reserved (0)
///     offset 16         UInt64 header length H (at most 8 MiB)
///     offset 24         UInt64 data length D
///     offset 32         header: UTF-8 JSON, H bytes     {"format":"rnnzoo-checkpoint", "model":…, "epoch":…,
///                                                      "optimizer":{"class_name","config","iterations"},
///                                                      "history":…, "settings":…,
///                                                      "tensors":[{"name","shape","offset","dtype"?}]}
///     32 + H            tensor data, D bytes: float32 (or "dtype":"float16") values, row-major,
///                       each tensor at its byte offset from here
///     32 + H + D        UInt64 FNV-1a 64 checksum of every byte before it
///
/// A tensor is `weight:PATH` (a model weight by Keras path) or `slot:SLOT:PATH` (the optimizer's
/// slot buffer SLOT of weight PATH, in the weight's shape). The checksum covers the whole file,
/// so a damaged header is refused like damaged data. Reading validates everything before it is
/// used (see `init(contentsOf:)`); version 1 files, whose header no checksum covered, are refused.
public struct Checkpoint {
    public static let magic = Array("RNNZOOCK".utf8)
    public static let version: UInt32 = 2
    /// Bytes before the header: magic, version, reserved word, header length, data length.
    static let preambleLength = 32
    /// Bytes of the trailing checksum.
    static let checksumLength = 8
    /// The largest header read, in bytes: a model config, a History and run settings take tens of
    /// kilobytes, and parsing a header costs memory in proportion to its size.
    static let maximumHeaderLength = 8 << 20
    /// The most axes a stored tensor may have.
    static let maximumRank = 8
    /// The optimizers a checkpoint can restore, by Keras class name.
    static let optimizerClasses = ["SGD", "Adam", "AdamW", "RMSprop"]

    var modelConfig: JSONValue
    /// Weight values by Keras path.
    public var weights: [(path: String, value: Tensor)]
    var optimizerClass: String
    var optimizerConfig: [String: Double]
    var optimizerIterations: Int
    /// Slot buffers per weight path, per slot name; each has its weight's element count.
    var optimizerSlots: [String: [String: [Float]]]
    public var history: History
    /// Epochs finished when the checkpoint was written.
    public var epoch: Int
    /// Run settings (preset name, seed, batch size, ...), returned as written.
    public var settings: JSONValue
    /// The path the checkpoint was read from, which the errors of `makeModel`, `loadWeights` and
    /// `makeOptimizer` name; nil for a checkpoint captured from a trainer.
    private var source: String?

    /// The run settings `zoo train` and `Zoo.train` store in their checkpoints, which `--resume`,
    /// `zoo eval` and the generators read back: the preset, seed, batch size, validation split,
    /// epochs, the data-side metadata (`PresetData.metadata`) and the corpus path, if any.
    public static func runSettings(preset: String, seed: UInt64, batchSize: Int, validationSplit: Double, epochs: Int,
                                   metadata: JSONValue, data: String? = nil) -> JSONValue {
        let settings: JSONValue = ["preset": .string(preset), "seed": .number(Double(seed)), "batch_size": .number(Double(batchSize)),
                                   "validation_split": .number(validationSplit), "epochs": .number(Double(epochs)), "metadata": metadata]
        return data.map { settings.setting("data", .string($0)) } ?? settings
    }

    /// Captures a trainer's model and optimizer after `epoch` finished epochs.
    public init(trainer: Trainer, history: History, epoch: Int, settings: JSONValue) throws {
        modelConfig = try trainer.model.kerasConfig()
        weights = trainer.model.weights.map { ($0.path, $0.value) }
        optimizerClass = trainer.optimizer.kerasClassName
        optimizerConfig = trainer.optimizer.config
        optimizerIterations = trainer.optimizer.iterations
        optimizerSlots = trainer.optimizer.slots
        self.history = history
        self.epoch = epoch
        self.settings = settings
    }

    /// Writes the checkpoint atomically (the previous file stays intact until the new one is
    /// complete). `modelOnly` leaves out the optimizer slots (a file to ship, not to resume);
    /// `float16` stores the weights as IEEE half floats (half the size; each value rounded to
    /// 11 significant bits).
    public func write(to url: URL, modelOnly: Bool = false, float16: Bool = false) throws {
        var tensors: [JSONValue] = []
        var blob = Data()
        func add(_ name: String, _ shape: [Int], _ values: [Float], half: Bool = false) {
            var entry: JSONValue = ["name": .string(name), "shape": .array(shape.map { .number(Double($0)) }), "offset": .number(Double(blob.count))]
            if half { entry = entry.setting("dtype", "float16") }
            tensors.append(entry)
            values.withUnsafeBufferPointer { b in
                if half {
                    for v in b { withUnsafeBytes(of: Float16(v).bitPattern.littleEndian) { blob.append(contentsOf: $0) } }
                } else {
                    for v in b { withUnsafeBytes(of: v.bitPattern.littleEndian) { blob.append(contentsOf: $0) } }
                }
            }
        }
        for (path, value) in weights { add("weight:" + path, value.shape, value.scalars, half: float16) }
        let shapes = Dictionary(weights.map { ($0.path, $0.value.shape) }) { first, _ in first }
        for path in (modelOnly ? [] : optimizerSlots.keys.sorted()) {
            for (slot, values) in optimizerSlots[path]!.sorted(by: { $0.key < $1.key }) {
                let shape = shapes[path].flatMap { Shape.count($0) == values.count ? $0 : nil } ?? [values.count]
                add("slot:\(slot):" + path, shape, values)
            }
        }
        let header: JSONValue = [
            "format": "rnnzoo-checkpoint",
            "model": modelConfig,
            "epoch": .number(Double(epoch)),
            "optimizer": [
                "class_name": .string(optimizerClass),
                "config": .object(optimizerConfig.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) }),
                "iterations": .number(Double(optimizerIterations)),
            ],
            "history": history.json(),
            "settings": settings,
            "tensors": .array(tensors),
        ]
        let headerBytes = Data(header.serialized().utf8)
        var file = Data(Checkpoint.magic)
        for word in [Checkpoint.version, 0] { withUnsafeBytes(of: word.littleEndian) { file.append(contentsOf: $0) } }
        for length in [headerBytes.count, blob.count] { withUnsafeBytes(of: UInt64(length).littleEndian) { file.append(contentsOf: $0) } }
        file.append(headerBytes)
        file.append(blob)
        let checksum = file.withUnsafeBytes { Checkpoint.fnv1a64(UnsafeRawBufferPointer($0)) }
        withUnsafeBytes(of: checksum.littleEndian) { file.append(contentsOf: $0) }
        try AtomicFile.write(file, to: url)
    }

    /// Reads and validates a checkpoint; every problem is one line naming the file. Checked
    /// before anything is used: the magic, the version, the header and data lengths against the
    /// file's size (without overflow), the checksum over the whole file; then the header: its
    /// size, the epoch and iteration counters (whole numbers ≥ 0), the optimizer (a known class
    /// whose config it accepts), the History (one column per key), the run settings `zoo train`
    /// takes back; and every tensor: a unique name, a shape of at most `maximumRank` whole
    /// extents ≥ 0, its bytes inside the data (so no tensor holds more values than the file
    /// stores), each optimizer slot in the exact shape of a stored weight, and each weight with
    /// slots holding every slot its optimizer needs and no other.
    public init(contentsOf url: URL) throws {
        let name = url.path
        func fail(_ problem: String) -> ZooError { ZooError("\(name): \(problem)") }
        guard let file = FileManager.default.contents(atPath: name) else { throw fail("cannot read the checkpoint") }
        let (header, data) = try Checkpoint.unframe([UInt8](file), fail)
        guard header["format"]?.stringValue == "rnnzoo-checkpoint" else { throw fail("checkpoint header is not an rnnzoo-checkpoint header") }
        guard let model = header["model"], model.objectValue != nil else { throw fail("checkpoint header lacks the model config") }
        epoch = try Checkpoint.counter(header["epoch"], "epoch", fail)
        guard let optimizer = header["optimizer"], let optimizerClass = optimizer["class_name"]?.stringValue,
              let config = optimizer["config"]?.objectValue else {
            throw fail("checkpoint header lacks the optimizer's class_name or config")
        }
        optimizerIterations = try Checkpoint.counter(optimizer["iterations"], "optimizer iterations", fail)
        var optimizerConfig: [String: Double] = [:]
        for (key, value) in config {
            guard let number = value.doubleValue, number.isFinite else {
                throw fail("optimizer config \(Checkpoint.shown(.string(key))) is \(Checkpoint.shown(value)), not a finite number")
            }
            guard optimizerConfig.updateValue(number, forKey: key) == nil else {
                throw fail("optimizer config \(Checkpoint.shown(.string(key))) appears twice")
            }
        }
        let prototype: Optimizer?
        do {
            prototype = try Checkpoint.optimizer(optimizerClass, optimizerConfig)
        } catch let error as ZooError {
            throw fail(error.message)
        }
        guard let historyJSON = header["history"], let columns = historyJSON.objectValue else { throw fail("checkpoint header lacks the history") }
        var keys = Set<String>()
        for (key, _) in columns where !keys.insert(key).inserted {
            throw fail("history column \(Checkpoint.shown(.string(key))) appears twice")
        }
        do {
            history = try History(json: historyJSON)
        } catch let error as ZooError {
            throw fail(error.message)
        }
        settings = header["settings"] ?? .null
        try Checkpoint.checkSettings(settings, fail)
        guard let tensors = header["tensors"]?.arrayValue else { throw fail("checkpoint header lacks the tensor list") }

        var weights: [(path: String, value: Tensor)] = []
        var weightShapes: [String: [Int]] = [:]
        var slots: [String: [String: [Float]]] = [:]
        var slotShapes: [(path: String, slot: String, shape: [Int])] = []
        var names = Set<String>()
        for (index, entry) in tensors.enumerated() {
            guard let tensorName = entry["name"]?.stringValue else { throw fail("tensor \(index) of the checkpoint header has no name") }
            let label = Checkpoint.shown(.string(tensorName))
            guard names.insert(tensorName).inserted else { throw fail("tensor \(label) is stored twice") }
            let (shape, values) = try Checkpoint.tensor(entry, label, data, fail)
            if tensorName.hasPrefix("weight:") {
                let path = String(tensorName.dropFirst(7))
                guard !path.isEmpty else { throw fail("tensor \(label) names no weight") }
                weights.append((path, Tensor(shape: shape, scalars: values)))
                weightShapes[path] = shape
            } else if tensorName.hasPrefix("slot:") {
                let rest = tensorName.dropFirst(5)
                guard let colon = rest.firstIndex(of: ":"), colon > rest.startIndex, rest.index(after: colon) < rest.endIndex else {
                    throw fail("tensor \(label) is not named slot:SLOT:PATH")
                }
                let slot = String(rest[..<colon]), path = String(rest[rest.index(after: colon)...])
                slots[path, default: [:]][slot] = values
                slotShapes.append((path, slot, shape))
            } else {
                throw fail("tensor \(label) is neither a weight: nor a slot: tensor")
            }
        }
        for (path, slot, shape) in slotShapes {
            let what = "optimizer slot \(Checkpoint.shown(.string(slot))) of weight \(Checkpoint.shown(.string(path)))"
            guard let weightShape = weightShapes[path] else { throw fail("\(what): the checkpoint stores no such weight") }
            guard shape == weightShape else {
                throw fail("\(what) has shape \(Shape.describe(shape)), not its weight's \(Shape.describe(weightShape))")
            }
        }
        if !slots.isEmpty {
            guard let prototype else {
                throw fail("optimizer \(Checkpoint.shown(.string(optimizerClass))) is unknown (known: \(Checkpoint.optimizerClasses.joined(separator: ", "))), so its slots cannot be checked")
            }
            let needed = Set(prototype.slotNames)
            for path in slots.keys.sorted() {
                let present = Set(slots[path]!.keys), weight = Checkpoint.shown(.string(path))
                if let missing = needed.subtracting(present).sorted().first {
                    throw fail("weight \(weight) lacks its \(optimizerClass) optimizer slot \(Checkpoint.shown(.string(missing)))")
                }
                if let extra = present.subtracting(needed).sorted().first {
                    throw fail("weight \(weight) has an optimizer slot \(Checkpoint.shown(.string(extra))) that this \(optimizerClass) does not use")
                }
            }
        }
        modelConfig = model
        self.optimizerClass = optimizerClass
        self.optimizerConfig = optimizerConfig
        self.weights = weights
        optimizerSlots = slots
        source = name
    }

    /// The header and the tensor data of a checkpoint's bytes, once the frame is sound: the
    /// magic and version, a reserved word of 0, header and data lengths that add up to the file's
    /// size, the checksum over everything before it, a header of at most `maximumHeaderLength`
    /// bytes that parses as JSON.
    private static func unframe(_ bytes: [UInt8], _ fail: (String) -> ZooError) throws -> (header: JSONValue, data: ArraySlice<UInt8>) {
        guard bytes.count >= 24, Array(bytes[0..<8]) == magic else { throw fail("not an RNNZoo checkpoint (bad magic)") }
        let fileVersion = readUInt32(bytes, 8)
        if fileVersion == 1 {
            throw fail("checkpoint version 1 has no checksum over its header, and this zoo reads only version \(version) — resume or convert it with the zoo release that wrote it")
        }
        guard fileVersion == version else {
            throw fail("checkpoint version \(fileVersion), this zoo reads version \(version) — use the zoo release that wrote it")
        }
        let frame = preambleLength + checksumLength
        guard bytes.count >= frame else { throw fail("truncated checkpoint (\(bytes.count) bytes, fewer than the \(frame) of its frame)") }
        guard readUInt32(bytes, 12) == 0 else { throw fail("corrupt checkpoint (the reserved word at byte 12 is not 0)") }
        let headerLength = readUInt64(bytes, 16), dataLength = readUInt64(bytes, 24)
        let (both, overflow) = headerLength.addingReportingOverflow(dataLength)
        let (total, overflowAgain) = both.addingReportingOverflow(UInt64(frame))
        guard !overflow, !overflowAgain else {
            throw fail("corrupt checkpoint (header length \(headerLength) and data length \(dataLength) overflow)")
        }
        let size = UInt64(bytes.count)
        guard total <= size else {
            throw fail("truncated checkpoint (its \(headerLength)-byte header and \(dataLength)-byte data need \(total) bytes, the file has \(size))")
        }
        guard total == size else { throw fail("padded checkpoint (\(size - total) bytes more than its header and data need)") }
        let end = bytes.count - checksumLength
        let checksum = bytes.withUnsafeBytes { fnv1a64(UnsafeRawBufferPointer(rebasing: $0[0..<end])) }
        guard checksum == readUInt64(bytes, end) else { throw fail("checkpoint checksum mismatch (the file was altered or damaged)") }
        guard headerLength <= UInt64(maximumHeaderLength) else {
            throw fail("checkpoint header of \(headerLength) bytes, more than the \(maximumHeaderLength) this zoo reads")
        }
        let dataStart = preambleLength + Int(headerLength)
        let header: JSONValue
        do {
            header = try JSONValue.parse(Data(bytes[preambleLength..<dataStart]))
        } catch {
            throw fail("corrupt checkpoint header (\(error))")
        }
        return (header, bytes[dataStart..<end])
    }

    /// A counter of the header (epoch, iterations): a whole number ≥ 0.
    private static func counter(_ value: JSONValue?, _ what: String, _ fail: (String) -> ZooError) throws -> Int {
        guard let value else { throw fail("checkpoint header lacks the \(what)") }
        guard let count = value.intValue, count >= 0 else { throw fail("\(what) \(shown(value)) is not a whole number ≥ 0") }
        return count
    }

    /// Checks the run settings `zoo train --resume` takes back: an object (or null) in which
    /// `seed` and `epochs`, when whole numbers, are ≥ 0, `batch_size` is ≥ 1, and a numeric
    /// `validation_split` lies in [0, 1).
    private static func checkSettings(_ settings: JSONValue, _ fail: (String) -> ZooError) throws {
        guard settings.isNull || settings.objectValue != nil else { throw fail("checkpoint settings \(shown(settings)) are not an object") }
        for (key, least) in [("seed", 0), ("epochs", 0), ("batch_size", 1)] {
            if let value = settings[key], let number = value.intValue, number < least {
                throw fail("settings \(key) \(number) is less than \(least)")
            }
        }
        if let split = settings["validation_split"]?.doubleValue, !(0..<1).contains(split) {
            throw fail("settings validation_split \(split) is not in [0, 1)")
        }
    }

    /// The shape ([extent]) and row-major values of one tensor entry labelled `label`, read from
    /// `data` once its dtype, shape and byte range are sound: float32 (no dtype) or float16,
    /// at most `maximumRank` whole extents ≥ 0, and `offset` + values × width within `data`.
    private static func tensor(_ entry: JSONValue, _ label: String, _ data: ArraySlice<UInt8>,
                               _ fail: (String) -> ZooError) throws -> (shape: [Int], values: [Float]) {
        let half: Bool
        switch entry["dtype"] {
        case nil: half = false
        case .string("float16")?: half = true
        case let dtype?: throw fail("tensor \(label) has dtype \(shown(dtype)), not float16 or the default float32")
        }
        let width = half ? 2 : 4
        let described = entry["shape"].map(shown) ?? "none"
        guard let extents = entry["shape"]?.arrayValue, extents.count <= maximumRank else {
            throw fail("tensor \(label) has shape \(described), not a list of at most \(maximumRank) extents")
        }
        var shape: [Int] = []
        var count = 1
        for extent in extents {
            guard let n = extent.intValue, n >= 0 else { throw fail("tensor \(label) has shape \(described), not whole numbers ≥ 0") }
            let (product, overflow) = count.multipliedReportingOverflow(by: n)
            guard !overflow else { throw fail("tensor \(label) has shape \(described), more values than the \(data.count)-byte data holds") }
            shape.append(n)
            count = product
        }
        let (size, overflow) = count.multipliedReportingOverflow(by: width)
        guard !overflow, size <= data.count else {
            throw fail("tensor \(label) has shape \(described), more values than the \(data.count)-byte data holds")
        }
        guard let offset = entry["offset"]?.intValue, offset >= 0 else {
            throw fail("tensor \(label) has offset \(entry["offset"].map(shown) ?? "none"), not a whole number ≥ 0")
        }
        let (end, overflowAgain) = offset.addingReportingOverflow(size)
        guard !overflowAgain, end <= data.count else {
            throw fail("tensor \(label): its \(size) bytes at offset \(offset) run past the end of the \(data.count)-byte data")
        }
        let base = data.startIndex + offset
        var values = [Float](repeating: 0, count: count)
        for i in 0..<count {
            let at = base + width * i
            values[i] = half ? Float(Float16(bitPattern: UInt16(data[at]) | UInt16(data[at + 1]) << 8))
                             : Float(bitPattern: UInt32(data[at]) | UInt32(data[at + 1]) << 8 | UInt32(data[at + 2]) << 16 | UInt32(data[at + 3]) << 24)
        }
        return (shape, values)
    }

    /// A header value as JSON for a message, cut to 60 characters (one line: JSON escapes
    /// newlines).
    private static func shown(_ value: JSONValue) -> String {
        let text = value.serialized()
        return text.count > 60 ? String(text.prefix(60)) + "…" : text
    }

    /// Rebuilds the model from the stored config and loads every weight by path.
    public func makeModel() throws -> Model {
        try namingSource {
            let model = try Model.fromKeras(config: modelConfig, weightsFromFile: true)
            try assignWeights(to: model)
            return model
        }
    }

    /// Assigns the stored weights to `model` by Keras path; every model weight must be present.
    public func loadWeights(into model: Model) throws {
        try namingSource { try assignWeights(to: model) }
    }

    /// The optimizer the checkpoint describes, with its state restored.
    public func makeOptimizer() throws -> Optimizer {
        try namingSource {
            guard let optimizer = try Checkpoint.optimizer(optimizerClass, optimizerConfig) else {
                throw ZooError("checkpoint optimizer '\(optimizerClass)' is unknown (known: \(Checkpoint.optimizerClasses.joined(separator: ", ")))")
            }
            optimizer.restore(iterations: optimizerIterations, slots: optimizerSlots)
            return optimizer
        }
    }

    private func assignWeights(to model: Model) throws {
        let byPath = Dictionary(weights.map { ($0.path, $0.value) }) { a, _ in a }
        for w in model.weights {
            guard let v = byPath[w.path] else { throw ZooError("checkpoint has no value for weight '\(w.path)'") }
            try w.assign(v)
        }
    }

    /// Runs `body`, prefixing its error with the file the checkpoint was read from.
    private func namingSource<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ZooError {
            guard let source else { throw error }
            throw ZooError("\(source): \(error.message)")
        }
    }

    /// A fresh optimizer of Keras class `className` with `config` (defaults for missing keys),
    /// or nil for a class this zoo does not know; throws for a config the optimizer refuses.
    static func optimizer(_ className: String, _ c: [String: Double]) throws -> Optimizer? {
        let lr = Float(c["learning_rate"] ?? 1e-3)
        let clip = (c["clipnorm"].map(Float.init), c["global_clipnorm"].map(Float.init), c["clipvalue"].map(Float.init))
        switch className {
        case "SGD":
            return try SGD(learningRate: lr, momentum: Float(c["momentum"] ?? 0), nesterov: (c["nesterov"] ?? 0) != 0,
                           clipnorm: clip.0, globalClipnorm: clip.1, clipvalue: clip.2)
        case "Adam":
            return try Adam(learningRate: lr, beta1: Float(c["beta_1"] ?? 0.9), beta2: Float(c["beta_2"] ?? 0.999),
                            epsilon: Float(c["epsilon"] ?? 1e-7), clipnorm: clip.0, globalClipnorm: clip.1, clipvalue: clip.2)
        case "AdamW":
            return try AdamW(learningRate: lr, weightDecay: Float(c["weight_decay"] ?? 0.004), beta1: Float(c["beta_1"] ?? 0.9),
                             beta2: Float(c["beta_2"] ?? 0.999), epsilon: Float(c["epsilon"] ?? 1e-7),
                             clipnorm: clip.0, globalClipnorm: clip.1, clipvalue: clip.2)
        case "RMSprop":
            return try RMSprop(learningRate: lr, rho: Float(c["rho"] ?? 0.9), momentum: Float(c["momentum"] ?? 0),
                               epsilon: Float(c["epsilon"] ?? 1e-7), clipnorm: clip.0, globalClipnorm: clip.1, clipvalue: clip.2)
        default:
            return nil
        }
    }

    /// FNV-1a 64 of `bytes`.
    static func fnv1a64(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    static func readUInt32(_ b: [UInt8], _ o: Int) -> UInt32 {
        UInt32(b[o]) | UInt32(b[o + 1]) << 8 | UInt32(b[o + 2]) << 16 | UInt32(b[o + 3]) << 24
    }

    static func readUInt64(_ b: [UInt8], _ o: Int) -> UInt64 {
        UInt64(readUInt32(b, o)) | UInt64(readUInt32(b, o + 4)) << 32
    }
}
