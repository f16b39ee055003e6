import Foundation

/// A training checkpoint: the model (its Keras config and every weight by Keras path), the
/// optimizer (class, config, iteration count and slot buffers), the History so far, the
/// number of finished epochs and free-form run settings. Resuming from it continues the run
/// exactly: the same seed gives the same remaining loss curve.
///
/// File layout (version 1, little-endian):
///
///     offset 0   "RNNZOOCK"                      8 bytes, magic
///     offset 8   UInt32 version (1)
///     offset 12  UInt32 reserved (0)
///     offset 16  UInt64 header length H
///     offset 24  header: UTF-8 JSON, H bytes     {"model":…, "tensors":[{"name","shape","offset"}], …}
///     24 + H     tensor data: float32 values, at the header's byte offsets from here
///
/// The header records the data length and an FNV-1a 64 checksum of the data, so a truncated or
/// altered file is refused with a clear message instead of loading wrong numbers.
public struct Checkpoint {
    public static let magic = Array("RNNZOOCK".utf8)
    public static let version: UInt32 = 1

    public var modelConfig: JSONValue
    /// Weight values by Keras path.
    public var weights: [(path: String, value: Tensor)]
    public var optimizerClass: String
    public var optimizerConfig: [String: Double]
    public var optimizerIterations: Int
    public var optimizerSlots: [String: [String: [Float]]]
    public var history: History
    /// Epochs finished when the checkpoint was written.
    public var epoch: Int
    /// Run settings (preset name, seed, batch size, ...), returned as written.
    public var settings: JSONValue

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
        for path in (modelOnly ? [] : optimizerSlots.keys.sorted()) {
            for (slot, values) in optimizerSlots[path]!.sorted(by: { $0.key < $1.key }) {
                add("slot:\(slot):" + path, [values.count], values)
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
            "data_bytes": .number(Double(blob.count)),
            "data_fnv1a64": .string(String(Checkpoint.fnv1a64(blob), radix: 16)),
        ]
        let headerBytes = Data(header.serialized().utf8)
        var file = Data(Checkpoint.magic)
        for word in [Checkpoint.version, 0] { withUnsafeBytes(of: word.littleEndian) { file.append(contentsOf: $0) } }
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(headerBytes)
        file.append(blob)
        try AtomicFile.write(file, to: url)
    }

    /// Reads and validates a checkpoint; every problem is one line naming the file.
    public init(contentsOf url: URL) throws {
        let name = url.path
        guard let data = FileManager.default.contents(atPath: name) else { throw ZooError("\(name): cannot read the checkpoint") }
        let bytes = [UInt8](data)
        guard bytes.count >= 24, Array(bytes[0..<8]) == Checkpoint.magic else {
            throw ZooError("\(name): not an RNNZoo checkpoint (bad magic)")
        }
        let version = Checkpoint.readUInt32(bytes, 8)
        guard version == Checkpoint.version else {
            throw ZooError("\(name): checkpoint version \(version), this zoo reads version \(Checkpoint.version) — use the zoo release that wrote it")
        }
        let headerLength = Checkpoint.readUInt64(bytes, 16)
        guard headerLength <= UInt64(bytes.count - 24) else { throw ZooError("\(name): truncated checkpoint (header runs past the end)") }
        let dataStart = 24 + Int(headerLength)
        let header: JSONValue
        do {
            header = try JSONValue.parse(Data(bytes[24..<dataStart]))
        } catch {
            throw ZooError("\(name): corrupt checkpoint header (\(error))")
        }
        guard let dataBytes = header["data_bytes"]?.intValue, dataBytes >= 0, dataStart + dataBytes == bytes.count else {
            throw ZooError("\(name): truncated or padded checkpoint (data length does not match the header)")
        }
        let blob = data.subdata(in: dataStart..<bytes.count)
        guard header["data_fnv1a64"]?.stringValue == String(Checkpoint.fnv1a64(blob), radix: 16) else {
            throw ZooError("\(name): checkpoint data checksum mismatch (the file was altered or damaged)")
        }
        guard let model = header["model"], let epoch = header["epoch"]?.intValue, let opt = header["optimizer"],
              let optClass = opt["class_name"]?.stringValue, let optIter = opt["iterations"]?.intValue,
              let optConfig = opt["config"]?.objectValue, let historyJSON = header["history"],
              let tensors = header["tensors"]?.arrayValue else {
            throw ZooError("\(name): checkpoint header lacks model, epoch, optimizer, history or tensors")
        }
        modelConfig = model
        self.epoch = epoch
        optimizerClass = optClass
        optimizerIterations = optIter
        optimizerConfig = Dictionary(optConfig.compactMap { k, v in v.doubleValue.map { (k, $0) } }) { $1 }
        history = try History(json: historyJSON)
        settings = header["settings"] ?? .null
        weights = []
        optimizerSlots = [:]
        for t in tensors {
            guard let tname = t["name"]?.stringValue, let offset = t["offset"]?.intValue,
                  let shape = t["shape"]?.arrayValue?.compactMap(\.intValue), shape.allSatisfy({ $0 >= 0 }) else {
                throw ZooError("\(name): malformed tensor entry in the checkpoint header")
            }
            let count = shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
            let half = t["dtype"]?.stringValue == "float16"
            guard t["dtype"] == nil || half else { throw ZooError("\(name): tensor '\(tname)' has an unknown dtype") }
            let width = half ? 2 : 4
            guard offset >= 0, count < Int.max / 4, offset + count * width <= dataBytes else {
                throw ZooError("\(name): tensor '\(tname)' lies outside the checkpoint data")
            }
            var values = [Float](repeating: 0, count: count)
            let base = dataStart + offset
            for i in 0..<count {
                values[i] = half ? Float(Float16(bitPattern: UInt16(bytes[base + 2 * i]) | UInt16(bytes[base + 2 * i + 1]) << 8))
                                 : Float(bitPattern: Checkpoint.readUInt32(bytes, base + 4 * i))
            }
            if tname.hasPrefix("weight:") {
                weights.append((String(tname.dropFirst(7)), Tensor(shape: shape, scalars: values)))
            } else if tname.hasPrefix("slot:") {
                let rest = tname.dropFirst(5)
                guard let colon = rest.firstIndex(of: ":") else { throw ZooError("\(name): malformed slot name '\(tname)'") }
                optimizerSlots[String(rest[colon...].dropFirst()), default: [:]][String(rest[..<colon])] = values
            } else {
                throw ZooError("\(name): unknown tensor kind '\(tname)'")
            }
        }
    }

    /// Rebuilds the model from the stored config and loads every weight by path.
    public func makeModel() throws -> Model {
        let model = try Model.fromKeras(config: modelConfig)
        try model.build()
        try loadWeights(into: model)
        return model
    }

    /// Assigns the stored weights to `model` by Keras path; every model weight must be present.
    public func loadWeights(into model: Model) throws {
        let byPath = Dictionary(weights.map { ($0.path, $0.value) }) { a, _ in a }
        for w in model.weights {
            guard let v = byPath[w.path] else { throw ZooError("checkpoint has no value for weight '\(w.path)'") }
            try w.assign(v)
        }
    }

    /// The optimizer the checkpoint describes, with its state restored.
    public func makeOptimizer() throws -> Optimizer {
        let c = optimizerConfig
        let lr = Float(c["learning_rate"] ?? 1e-3)
        let clip = (c["clipnorm"].map(Float.init), c["global_clipnorm"].map(Float.init), c["clipvalue"].map(Float.init))
        let optimizer: Optimizer
        switch optimizerClass {
        case "SGD":
            optimizer = try SGD(learningRate: lr, momentum: Float(c["momentum"] ?? 0), nesterov: (c["nesterov"] ?? 0) != 0,
                                clipnorm: clip.0, globalClipnorm: clip.1, clipvalue: clip.2)
        case "Adam":
            optimizer = try Adam(learningRate: lr, beta1: Float(c["beta_1"] ?? 0.9), beta2: Float(c["beta_2"] ?? 0.999),
                                 epsilon: Float(c["epsilon"] ?? 1e-7), clipnorm: clip.0, globalClipnorm: clip.1, clipvalue: clip.2)
        case "AdamW":
            optimizer = try AdamW(learningRate: lr, weightDecay: Float(c["weight_decay"] ?? 0.004), beta1: Float(c["beta_1"] ?? 0.9),
                                  beta2: Float(c["beta_2"] ?? 0.999), epsilon: Float(c["epsilon"] ?? 1e-7),
                                  clipnorm: clip.0, globalClipnorm: clip.1, clipvalue: clip.2)
        case "RMSprop":
            optimizer = try RMSprop(learningRate: lr, rho: Float(c["rho"] ?? 0.9), momentum: Float(c["momentum"] ?? 0),
                                    epsilon: Float(c["epsilon"] ?? 1e-7), clipnorm: clip.0, globalClipnorm: clip.1, clipvalue: clip.2)
        default:
            throw ZooError("checkpoint optimizer '\(optimizerClass)' is unknown (known: SGD, Adam, AdamW, RMSprop)")
        }
        optimizer.restore(iterations: optimizerIterations, slots: optimizerSlots)
        return optimizer
    }

    static func fnv1a64(_ data: Data) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        data.withUnsafeBytes { raw in
            for b in raw { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        }
        return h
    }

    static func readUInt32(_ b: [UInt8], _ o: Int) -> UInt32 {
        UInt32(b[o]) | UInt32(b[o + 1]) << 8 | UInt32(b[o + 2]) << 16 | UInt32(b[o + 3]) << 24
    }

    static func readUInt64(_ b: [UInt8], _ o: Int) -> UInt64 {
        UInt64(readUInt32(b, o)) | UInt64(readUInt32(b, o + 4)) << 32
    }
}
