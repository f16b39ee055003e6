import Foundation
import XCTest
@testable import ZooCore

/// Crafted checkpoints (issue 17): each is framed like a real one, with lengths and checksum that
/// match, so that the reader's checks of the header and the tensors are what refuses it. Every
/// refusal is one ZooError line naming the file and the problem; nothing crashes or allocates
/// more than the file holds.
final class CheckpointHostileTests: XCTestCase {
    private var dir: URL!
    private var file: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-ckpt-hostile-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        file = dir.appendingPathComponent("hostile.zoockpt")
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: dir)
    }

    /// LSTM(3) → Dense(1) on sequences of 4 steps × 2 features, trained one epoch with Adam
    /// (slots m and v for every weight).
    private func trained() throws -> (Trainer, Dataset) {
        let model = try ModelBuilder.sequential(name: "tiny", input: ModelInput(name: "x", shape: [4, 2]), layers: [
            ("LSTM", ["name": "lstm", "units": 3]),
            ("Dense", ["name": "out", "units": 1]),
        ], seed: 5)
        let x = Tensor(shape: [8, 4, 2], scalars: (0..<64).map { Float($0 % 7) / 7 })
        let y = Tensor(shape: [8, 1], scalars: (0..<8).map { Float($0) / 8 })
        let data = try Dataset(inputs: [x], targets: [y])
        let trainer = try Trainer(model: model, optimizer: try Adam(learningRate: 0.01), loss: .meanSquaredError, seed: 5)
        try trainer.fit(data, epochs: 1, batchSize: 4)
        return (trainer, data)
    }

    /// The bytes of a valid checkpoint of `trained()`.
    private func validBytes() throws -> [UInt8] {
        let (trainer, _) = try trained()
        let url = dir.appendingPathComponent("valid.zoockpt")
        try Checkpoint(trainer: trainer, history: trainer.history, epoch: 1, settings: ["seed": 5]).write(to: url)
        return try [UInt8](Data(contentsOf: url))
    }

    /// The header and the tensor data of a version 2 checkpoint's bytes.
    private func unframe(_ bytes: [UInt8]) throws -> (header: JSONValue, data: [UInt8]) {
        let headerLength = Int(CheckpointBytes.uint64(bytes, 16))
        let header = try JSONValue.parse(Data(bytes[32..<(32 + headerLength)]))
        return (header, Array(bytes[(32 + headerLength)..<(bytes.count - 8)]))
    }

    /// A version 2 checkpoint of `header` and `data` with matching lengths and checksum.
    private func frame(_ header: JSONValue, _ data: [UInt8], version: UInt32 = 2) -> [UInt8] {
        frame(headerBytes: Array(header.serialized().utf8), data, version: version)
    }

    private func frame(headerBytes: [UInt8], _ data: [UInt8], version: UInt32 = 2,
                       headerLength: UInt64? = nil, dataLength: UInt64? = nil) -> [UInt8] {
        var bytes = Array("RNNZOOCK".utf8) + CheckpointBytes.littleEndian(UInt64(version))
        bytes += CheckpointBytes.littleEndian(headerLength ?? UInt64(headerBytes.count)) + CheckpointBytes.littleEndian(dataLength ?? UInt64(data.count))
        bytes += headerBytes + data
        return bytes + CheckpointBytes.littleEndian(CheckpointBytes.fnv1a64(bytes))
    }

    /// The valid checkpoint with `change` applied to its header, reframed.
    private func tampered(_ change: (JSONValue) -> JSONValue) throws -> [UInt8] {
        let (header, data) = try unframe(try validBytes())
        return frame(change(header), data)
    }

    /// The valid checkpoint with `change` applied to each of its tensor entries, reframed.
    private func tamperedTensors(_ change: (JSONValue) -> JSONValue) throws -> [UInt8] {
        try tampered { header in header.setting("tensors", .array(header["tensors"]!.arrayValue!.map(change))) }
    }

    /// The valid checkpoint without the tensor entries whose names satisfy `dropped`, reframed.
    private func without(_ dropped: @escaping (String) -> Bool) throws -> [UInt8] {
        try tampered { header in header.setting("tensors", .array(header["tensors"]!.arrayValue!.filter { !dropped($0["name"]!.stringValue!) })) }
    }

    /// The message of the ZooError that reading `bytes` throws, after checking that it is one
    /// line starting with the file's path.
    private func refusal(_ bytes: [UInt8], line: UInt = #line) throws -> String {
        try Data(bytes).write(to: file)
        do {
            _ = try Checkpoint(contentsOf: file)
            XCTFail("the checkpoint was read", line: line)
            return ""
        } catch let error as ZooError {
            XCTAssertTrue(error.message.hasPrefix(file.path + ": "), error.message, line: line)
            XCTAssertFalse(error.message.contains("\n"), error.message, line: line)
            return String(error.message.dropFirst(file.path.count + 2))
        }
    }

    private func assertRefused(_ bytes: [UInt8], saying expected: String, line: UInt = #line) throws {
        let message = try refusal(bytes, line: line)
        XCTAssertTrue(message.contains(expected), "'\(message)' does not say '\(expected)'", line: line)
    }

    func testTheTamperedFramesStillReadWhenUnchanged() throws {
        let bytes = try tampered { $0 }
        try Data(bytes).write(to: file)
        let checkpoint = try Checkpoint(contentsOf: file)
        XCTAssertEqual(checkpoint.optimizerSlots.count, checkpoint.weights.count)
        XCTAssertEqual(try checkpoint.makeOptimizer().slots["lstm/lstm_cell/kernel"]?["m"]?.count, 2 * 12)
    }

    func testTruncatedFilesAreRefused() throws {
        let bytes = try validBytes()
        try assertRefused(Array(bytes.prefix(30)), saying: "truncated checkpoint (30 bytes, fewer than the 40 of its frame)")
        for cut in [40, 100, bytes.count / 2, bytes.count - 9, bytes.count - 1] {
            try assertRefused(Array(bytes.prefix(cut)), saying: "truncated checkpoint (its ")
            XCTAssertTrue(try refusal(Array(bytes.prefix(cut))).hasSuffix("the file has \(cut))"))
        }
        try assertRefused(bytes + [0], saying: "padded checkpoint (1 bytes more than its header and data need)")
    }

    func testLengthsThatOverflowAreRefused() throws {
        let (header, data) = try unframe(try validBytes())
        let headerBytes = Array(header.serialized().utf8)
        try assertRefused(frame(headerBytes: headerBytes, data, headerLength: UInt64.max - 3),
                          saying: "corrupt checkpoint (header length 18446744073709551612 and data length \(data.count) overflow)")
        try assertRefused(frame(headerBytes: headerBytes, data, dataLength: UInt64.max - 40),
                          saying: "overflow)")
        try assertRefused(frame(headerBytes: headerBytes, data, headerLength: 1 << 62, dataLength: 1 << 62),
                          saying: "truncated checkpoint (its 4611686018427387904-byte header")
    }

    func testTamperedHeaderFailsTheChecksum() throws {
        var bytes = try validBytes()
        let pattern = Array("\"epoch\":1".utf8)
        let start = try XCTUnwrap((0...(bytes.count - pattern.count)).first { Array(bytes[$0..<($0 + pattern.count)]) == pattern })
        let at = start + pattern.count - 1
        bytes[at] = UInt8(ascii: "7")
        try assertRefused(bytes, saying: "checkpoint checksum mismatch (the file was altered or damaged)")
    }

    func testOlderAndNewerVersionsAreRefusedWithAHint() throws {
        let (header, data) = try unframe(try validBytes())
        try assertRefused(frame(header, data, version: 1),
                          saying: "checkpoint version 1 has no checksum over its header, and this zoo reads only version 2 — resume or convert it with the zoo release that wrote it")
        try assertRefused(frame(header, data, version: 3), saying: "checkpoint version 3, this zoo reads version 2")
        var reserved = frame(header, data)
        reserved[12] = 1
        reserved.replaceSubrange((reserved.count - 8)..., with: CheckpointBytes.littleEndian(CheckpointBytes.fnv1a64(Array(reserved.dropLast(8)))))
        try assertRefused(reserved, saying: "corrupt checkpoint (the reserved word at byte 12 is not 0)")
    }

    func testOversizedHeaderIsRefusedBeforeParsing() throws {
        let (header, data) = try unframe(try validBytes())
        let padded = Array(header.serialized().utf8) + [UInt8](repeating: 0x20, count: 8 << 20)
        try assertRefused(frame(headerBytes: padded, data), saying: "checkpoint header of \(padded.count) bytes, more than the 8388608 this zoo reads")
    }

    func testOffsetPastTheEndIsRefused() throws {
        let (_, data) = try unframe(try validBytes())
        let bytes = try tamperedTensors { $0["name"]?.stringValue == "weight:out/bias" ? $0.setting("offset", .number(Double(data.count))) : $0 }
        try assertRefused(bytes, saying: "tensor \"weight:out/bias\": its 4 bytes at offset \(data.count) run past the end of the \(data.count)-byte data")
    }

    func testOffsetPlusSizeThatWouldOverflowIsRefused() throws {
        let largest = 8_999_999_999_999_998.0
        let (_, data) = try unframe(try validBytes())
        let bytes = try tamperedTensors { $0["name"]?.stringValue == "weight:out/kernel" ? $0.setting("offset", .number(largest)) : $0 }
        try assertRefused(bytes, saying: "tensor \"weight:out/kernel\": its 12 bytes at offset 8999999999999998 run past the end of the \(data.count)-byte data")
        let beyond = try tamperedTensors { $0["name"]?.stringValue == "weight:out/kernel" ? $0.setting("offset", .number(9.3e18)) : $0 }
        try assertRefused(beyond, saying: "tensor \"weight:out/kernel\" has offset 9.3e+18, not a whole number ≥ 0")
        let negative = try tamperedTensors { $0["name"]?.stringValue == "weight:out/kernel" ? $0.setting("offset", .number(-4)) : $0 }
        try assertRefused(negative, saying: "tensor \"weight:out/kernel\" has offset -4, not a whole number ≥ 0")
    }

    func testHugeShapesAreRefusedBeforeAllocating() throws {
        let (_, data) = try unframe(try validBytes())
        let huge: JSONValue = [1_000_000, 1_000_000]
        let bytes = try tamperedTensors { $0["name"]?.stringValue == "weight:out/kernel" ? $0.setting("shape", huge) : $0 }
        try assertRefused(bytes, saying: "tensor \"weight:out/kernel\" has shape [1000000,1000000], more values than the \(data.count)-byte data holds")
        let overflowing: JSONValue = [4_294_967_296, 4_294_967_296, 4_294_967_296]
        let overflow = try tamperedTensors { $0["name"]?.stringValue == "weight:out/kernel" ? $0.setting("shape", overflowing) : $0 }
        try assertRefused(overflow, saying: "has shape [4294967296,4294967296,4294967296], more values than the")
        let negative = try tamperedTensors { $0["name"]?.stringValue == "weight:out/kernel" ? $0.setting("shape", [-3, -1]) : $0 }
        try assertRefused(negative, saying: "tensor \"weight:out/kernel\" has shape [-3,-1], not whole numbers ≥ 0")
        let deep = try tamperedTensors { $0["name"]?.stringValue == "weight:out/kernel" ? $0.setting("shape", .array(Array(repeating: 1, count: 9))) : $0 }
        try assertRefused(deep, saying: "not a list of at most 8 extents")
    }

    func testSlotOfTheWrongShapeIsRefused() throws {
        let flat = try tamperedTensors { $0["name"]?.stringValue == "slot:m:lstm/lstm_cell/kernel" ? $0.setting("shape", [24]) : $0 }
        try assertRefused(flat, saying: "optimizer slot \"m\" of weight \"lstm/lstm_cell/kernel\" has shape (24,), not its weight's (2, 12)")
        let fewer = try tamperedTensors { $0["name"]?.stringValue == "slot:v:out/kernel" ? $0.setting("shape", [2, 1]) : $0 }
        try assertRefused(fewer, saying: "optimizer slot \"v\" of weight \"out/kernel\" has shape (2, 1), not its weight's (3, 1)")
        let orphan = try tamperedTensors { $0["name"]?.stringValue == "slot:v:out/kernel" ? $0.setting("name", "slot:v:out/gone") : $0 }
        try assertRefused(orphan, saying: "optimizer slot \"v\" of weight \"out/gone\": the checkpoint stores no such weight")
    }

    func testMissingOrForeignSlotIsRefused() throws {
        let missing = try without { $0 == "slot:v:out/bias" }
        try assertRefused(missing, saying: "weight \"out/bias\" lacks its Adam optimizer slot \"v\"")
        let foreign = try tamperedTensors { $0["name"]?.stringValue == "slot:v:out/bias" ? $0.setting("name", "slot:velocity:out/bias") : $0 }
        try assertRefused(foreign, saying: "weight \"out/bias\" lacks its Adam optimizer slot \"v\"")
        let sgd = try tampered { $0.setting("optimizer", ["class_name": "SGD", "config": ["learning_rate": 0.1, "momentum": 0.5], "iterations": 2]) }
        try assertRefused(sgd, saying: "weight \"lstm/lstm_cell/bias\" lacks its SGD optimizer slot \"momentum\"")
        let plainSGD = try tampered { $0.setting("optimizer", ["class_name": "SGD", "config": ["learning_rate": 0.1], "iterations": 2]) }
        try assertRefused(plainSGD, saying: "weight \"lstm/lstm_cell/bias\" has an optimizer slot \"m\" that this SGD does not use")
        let unknown = try tampered { $0.setting("optimizer", ["class_name": "Lion", "config": [:], "iterations": 2]) }
        try assertRefused(unknown, saying: "optimizer \"Lion\" is unknown (known: SGD, Adam, AdamW, RMSprop), so its slots cannot be checked")
        let twice = try tamperedTensors { $0["name"]?.stringValue == "slot:v:out/bias" ? $0.setting("name", "slot:m:out/bias") : $0 }
        try assertRefused(twice, saying: "tensor \"slot:m:out/bias\" is stored twice")
    }

    func testSlotlessCheckpointStillReadsAndResumesWithFreshSlots() throws {
        let bytes = try without { $0.hasPrefix("slot:") }
        try Data(bytes).write(to: file)
        let checkpoint = try Checkpoint(contentsOf: file)
        XCTAssertTrue(try checkpoint.makeOptimizer().slots.isEmpty)
    }

    func testNegativeOrFractionalCountersAreRefused() throws {
        try assertRefused(try tampered { $0.setting("epoch", -1) }, saying: "epoch -1 is not a whole number ≥ 0")
        try assertRefused(try tampered { $0.setting("epoch", 1.5) }, saying: "epoch 1.5 is not a whole number ≥ 0")
        try assertRefused(try tampered { $0.setting("epoch", "1") }, saying: "epoch \"1\" is not a whole number ≥ 0")
        try assertRefused(try tampered { $0.setting("epoch", .number(.nan)) }, saying: "epoch NaN is not a whole number ≥ 0")
        let iterations = try tampered { $0.setting("optimizer", $0["optimizer"]!.setting("iterations", -7)) }
        try assertRefused(iterations, saying: "optimizer iterations -7 is not a whole number ≥ 0")
        try assertRefused(try tampered { $0.setting("settings", ["seed": -1]) }, saying: "settings seed -1 is less than 0")
        try assertRefused(try tampered { $0.setting("settings", ["batch_size": 0]) }, saying: "settings batch_size 0 is less than 1")
        try assertRefused(try tampered { $0.setting("settings", ["validation_split": 1]) }, saying: "settings validation_split 1.0 is not in [0, 1)")
    }

    func testMalformedHeaderFieldsAreRefused() throws {
        try assertRefused(try tampered { $0.setting("format", "other") }, saying: "checkpoint header is not an rnnzoo-checkpoint header")
        try assertRefused(try tampered { $0.setting("model", 3) }, saying: "checkpoint header lacks the model config")
        let lr = try tampered { $0.setting("optimizer", $0["optimizer"]!.setting("config", ["learning_rate": "fast"])) }
        try assertRefused(lr, saying: "optimizer config \"learning_rate\" is \"fast\", not a finite number")
        let refusedByAdam = try tampered { $0.setting("optimizer", $0["optimizer"]!.setting("config", ["learning_rate": -1])) }
        try assertRefused(refusedByAdam, saying: "optimizer: learning rate must be ≥ 0 and clip thresholds > 0")
        let history = try tampered { header in
            let history = header["history"]!.objectValue!
            return header.setting("history", .object(history + [history.first { $0.0 == "loss" }!]))
        }
        try assertRefused(history, saying: "history column \"loss\" appears twice")
        let dtype = try tamperedTensors { $0["name"]?.stringValue == "weight:out/bias" ? $0.setting("dtype", "int64") : $0 }
        try assertRefused(dtype, saying: "tensor \"weight:out/bias\" has dtype \"int64\", not float16 or the default float32")
        let kind = try tamperedTensors { $0["name"]?.stringValue == "weight:out/bias" ? $0.setting("name", "bias:out") : $0 }
        try assertRefused(kind, saying: "tensor \"bias:out\" is neither a weight: nor a slot: tensor")
        let long = String(repeating: "x", count: 5000) + "\nsecond line"
        let named = try tamperedTensors { $0["name"]?.stringValue == "weight:out/bias" ? $0.setting("name", .string(long)) : $0 }
        let message = try refusal(named)
        XCTAssertLessThan(message.count, 200, message)
        try assertRefused(try tampered { _ in [1, 2] }, saying: "checkpoint header is not an rnnzoo-checkpoint header")
        try assertRefused(frame(headerBytes: Array("{\"format\":".utf8), []), saying: "corrupt checkpoint header (invalid JSON at byte 10")
    }

    func testModelProblemsNameTheFile() throws {
        let bytes = try tampered { $0.setting("model", ["class_name": "Graph", "config": [:]]) }
        try Data(bytes).write(to: file)
        let checkpoint = try Checkpoint(contentsOf: file)
        XCTAssertThrowsError(try checkpoint.makeModel()) { error in
            XCTAssertEqual("\(error)", "\(self.file.path): model config: unsupported model class 'Graph' (Sequential, Functional)")
        }
        try Data(try without { $0.hasPrefix("slot:") || $0 == "weight:out/bias" }).write(to: file)
        XCTAssertThrowsError(try Checkpoint(contentsOf: file).makeModel()) { error in
            XCTAssertEqual("\(error)", "\(self.file.path): checkpoint has no value for weight 'out/bias'")
        }
    }

    /// A few hundred seeded mutants of a valid checkpoint: bytes flipped, the file cut, and (with
    /// the frame repaired so that the checks behind the checksum run) bytes flipped in the header
    /// and data or header values replaced by hostile ones. Each is read or refused with a
    /// one-line ZooError naming the file; each one read also rebuilds its model and optimizer and
    /// trains one more epoch, so what passes the checks is safe to use.
    func testMutatedCheckpointsLoadOrThrowNeverCrash() throws {
        let original = try validBytes()
        let (header, data) = try unframe(original)
        let (_, dataset) = try trained()
        let hostile: [JSONValue] = [-1, 0, 0.5, 3, 1e300, -1e300, 9e15, 4_294_967_296, .number(.nan), "x", .null, .bool(true), [], [:], [1_000_000, 1_000_000]]
        let leaves = Self.paths(in: header).filter { !($0.first == .key("model")) }
        var rng = SeededGenerator(seed: 0x2017)
        var counts = [String: (read: Int, refused: Int)]()
        for round in 0..<400 {
            let kind: String
            var bytes: [UInt8]
            switch round % 4 {
            case 0:
                kind = "flip"
                bytes = original
                for _ in 0..<Int.random(in: 1...8, using: &rng) { bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng) }
            case 1:
                kind = "cut"
                bytes = Array(original.prefix(Int.random(in: 0..<original.count, using: &rng)))
            case 2:
                kind = "reframed flip"
                var body = Array(header.serialized().utf8) + data
                for _ in 0..<Int.random(in: 1...4, using: &rng) { body[Int.random(in: 0..<body.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng) }
                let headerCount = Array(header.serialized().utf8).count
                bytes = frame(headerBytes: Array(body[..<headerCount]), Array(body[headerCount...]))
            default:
                kind = "hostile value"
                let path = leaves.randomElement(using: &rng)!
                bytes = frame(Self.replacing(path[...], in: header, with: hostile.randomElement(using: &rng)!), data)
            }
            let name = dir.appendingPathComponent("mutant-\(round).zoockpt")
            try Data(bytes).write(to: name)
            do {
                let checkpoint = try Checkpoint(contentsOf: name)
                let model = try checkpoint.makeModel()
                let trainer = try Trainer(model: model, optimizer: try checkpoint.makeOptimizer(), loss: .meanSquaredError, seed: 1)
                try trainer.fit(dataset, epochs: checkpoint.epoch + 1, batchSize: 4, initialEpoch: checkpoint.epoch, history: checkpoint.history)
                counts[kind, default: (0, 0)].read += 1
            } catch let error as ZooError {
                counts[kind, default: (0, 0)].refused += 1
                XCTAssertTrue(error.message.hasPrefix(name.path + ": ") || error.message.hasPrefix("training stopped"), error.message)
                XCTAssertFalse(error.message.contains("\n"), error.message)
            }
            try FileManager.default.removeItem(at: name)
        }
        XCTAssertEqual(counts["flip"]?.read ?? 0, 0, "the checksum covers every byte")
        XCTAssertEqual(counts["cut"]?.read ?? 0, 0)
        XCTAssertGreaterThan(counts["hostile value"]?.refused ?? 0, 50)
        print("checkpoint fuzz: " + counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.read) read, \($0.value.refused) refused" }.joined(separator: "; "))
    }

    /// One step into a JSON value: an object key or an array index.
    private enum Step: Equatable {
        case key(String), index(Int)
    }

    /// The paths of every value inside `value` (objects and arrays included, the root excluded).
    private static func paths(in value: JSONValue) -> [[Step]] {
        switch value {
        case .object(let members):
            return members.flatMap { key, child in [[Step.key(key)]] + paths(in: child).map { [.key(key)] + $0 } }
        case .array(let items):
            return items.enumerated().flatMap { i, child in [[Step.index(i)]] + paths(in: child).map { [.index(i)] + $0 } }
        default:
            return []
        }
    }

    /// `value` with the value at `path` replaced by `new`.
    private static func replacing(_ path: ArraySlice<Step>, in value: JSONValue, with new: JSONValue) -> JSONValue {
        guard let step = path.first else { return new }
        switch (step, value) {
        case (.key(let key), .object(var members)):
            if let i = members.firstIndex(where: { $0.0 == key }) { members[i].1 = replacing(path.dropFirst(), in: members[i].1, with: new) }
            return .object(members)
        case (.index(let i), .array(var items)):
            items[i] = replacing(path.dropFirst(), in: items[i], with: new)
            return .array(items)
        default:
            return value
        }
    }
}
