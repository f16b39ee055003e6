import Foundation
import XCTest
@testable import ZooCore

/// Mutated checkpoints either read — and then rebuild a model that runs (or refuses the input in
/// one line, when a mutant changed its input shape) and an optimizer — or throw one ZooError line
/// naming the file; none crashes, hangs or allocates more than the file holds.
/// Most mutants are reframed (lengths and checksum recomputed over the mutated bytes), so that
/// the header and tensor checks, not the checksum, are what they meet.
///
/// Complements the fixed 400 mutants of `CheckpointHostileTests`: this one runs for
/// `ZOO_FUZZ_SECONDS` seconds (default 10) from a fixed seed, like the MIDI and Keras fuzzers, and
/// its mutants also reach the stored model config (units, input shapes), whose sizes must be
/// refused in one line before a model of that size is built.
final class CheckpointFuzzTests: XCTestCase {
    private enum Mutation: CaseIterable {
        /// Raw bit flips, truncation and insertion, left unframed (the checksum must catch them).
        case rawBytes
        /// Bit flips and byte runs in the header's JSON text, reframed.
        case headerText
        /// A number of the header (a shape extent, an offset, a counter…) replaced by an extreme.
        case headerNumber
        /// A tensor entry of the header dropped, duplicated or renamed to another's name.
        case tensorEntries
        /// Bytes of the tensor data flipped, cut or added, reframed.
        case tensorData
    }

    func testMutatedCheckpointsNeverCrash() throws {
        let seconds = ProcessInfo.processInfo.environment["ZOO_FUZZ_SECONDS"].flatMap(Double.init) ?? 10
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-ckpt-fuzz-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try validCheckpoint(in: folder)
        let (header, data) = try unframe(original)
        let input = Tensor(shape: [2, 4, 2], scalars: (0..<16).map { Float($0) / 16 })
        var rng = SeededGenerator(seed: 0x5A4F_4F43)
        var counts: [Mutation: (read: Int, refused: Int)] = [:]
        var messages = Set<String>()
        let start = Date()
        var iterations = 0
        while Date().timeIntervalSince(start) < seconds {
            let mutation = Mutation.allCases[iterations % Mutation.allCases.count]
            iterations += 1
            let bytes = mutate(original, header: header, data: data, mutation, &rng)
            let url = folder.appendingPathComponent("mutant-\(iterations).zoockpt")
            try Data(bytes).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            do {
                let checkpoint = try Checkpoint(contentsOf: url)
                let model = try checkpoint.makeModel()
                _ = try checkpoint.makeOptimizer()
                counts[mutation, default: (0, 0)].read += 1
                do {
                    _ = try model.predict([input])
                } catch let error as ZooError {
                    XCTAssertFalse(error.message.contains("\n"), error.message)
                }
            } catch let error as ZooError {
                counts[mutation, default: (0, 0)].refused += 1
                XCTAssertTrue(error.message.hasPrefix("\(url.path): "), error.message)
                XCTAssertFalse(error.message.contains("\n"), error.message)
                messages.insert(error.message.dropFirst(url.path.count + 2).prefix(while: { !$0.isNumber && $0 != "'" }).description)
            }
        }
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertLessThan(elapsed, seconds + 5, "one mutant took too long")
        XCTAssertGreaterThan(iterations, Mutation.allCases.count)
        let summary = Mutation.allCases.map { "\($0): \(counts[$0]?.read ?? 0) read, \(counts[$0]?.refused ?? 0) refused" }
        print("checkpoint fuzz: \(iterations) mutants in \(String(format: "%.1f", elapsed)) s (\(summary.joined(separator: "; "))); \(messages.count) kinds of error")
    }

    /// A checkpoint of LSTM(3) → Dense(1) on 4 steps × 2 features after one epoch of Adam.
    private func validCheckpoint(in folder: URL) throws -> [UInt8] {
        let model = try ModelBuilder.sequential(name: "tiny", input: ModelInput(name: "x", shape: [4, 2]), layers: [
            ("LSTM", ["name": "lstm", "units": 3]),
            ("Dense", ["name": "out", "units": 1]),
        ], seed: 5)
        let x = Tensor(shape: [8, 4, 2], scalars: (0..<64).map { Float($0 % 7) / 7 })
        let y = Tensor(shape: [8, 1], scalars: (0..<8).map { Float($0) / 8 })
        let trainer = try Trainer(model: model, optimizer: try Adam(learningRate: 0.01), loss: .meanSquaredError, seed: 5)
        try trainer.fit(try Dataset(inputs: [x], targets: [y]), epochs: 1, batchSize: 4)
        let url = folder.appendingPathComponent("valid.zoockpt")
        try Checkpoint(trainer: trainer, history: trainer.history, epoch: 1, settings: ["seed": 5]).write(to: url)
        return try [UInt8](Data(contentsOf: url))
    }

    private func mutate(_ original: [UInt8], header: [UInt8], data: [UInt8], _ mutation: Mutation,
                        _ rng: inout SeededGenerator) -> [UInt8] {
        switch mutation {
        case .rawBytes:
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= 1 << UInt8.random(in: 0...7, using: &rng)
                case 1: bytes.removeLast(Int.random(in: 1...(bytes.count / 2), using: &rng))
                default: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: Int.random(in: 0...bytes.count, using: &rng))
                }
            }
            return bytes
        case .headerText:
            var text = header
            for _ in 0..<Int.random(in: 1...4, using: &rng) where !text.isEmpty {
                let at = Int.random(in: 0..<text.count, using: &rng)
                if Bool.random(using: &rng) {
                    text[at] ^= 1 << UInt8.random(in: 0...6, using: &rng)
                } else {
                    text.insert(contentsOf: Array("[]{}\",:-9e".utf8).shuffled(using: &rng).prefix(Int.random(in: 1...3, using: &rng)), at: at)
                }
            }
            return frame(text, data)
        case .headerNumber:
            var numbers: [Range<Int>] = []
            var i = 0
            while i < header.count {
                guard (0x30...0x39).contains(header[i]) else { i += 1; continue }
                let start = i > 0 && header[i - 1] == 0x2D ? i - 1 : i
                while i < header.count, (0x30...0x39).contains(header[i]) || header[i] == 0x2E { i += 1 }
                numbers.append(start..<i)
            }
            guard let range = numbers.randomElement(using: &rng) else { return frame(header, data) }
            let extremes = ["0", "-1", "1e300", "-1e300", "9007199254740993", "4294967296", "2147483647", "1.5", "3",
                            String(data.count), String(data.count + 1), String(Int.random(in: 0...1 << 40, using: &rng))]
            var text = header
            text.replaceSubrange(range, with: Array(extremes.randomElement(using: &rng)!.utf8))
            return frame(text, data)
        case .tensorEntries:
            guard let json = try? JSONValue.parse(Data(header)), var tensors = json["tensors"]?.arrayValue, tensors.count > 1 else {
                return frame(header, data)
            }
            let i = Int.random(in: 0..<tensors.count, using: &rng), j = Int.random(in: 0..<tensors.count, using: &rng)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: tensors.remove(at: i)
            case 1: tensors.append(tensors[i])
            default: tensors[i] = tensors[i].setting("name", tensors[j]["name"] ?? .null)
            }
            return frame(Array(json.setting("tensors", .array(tensors)).serialized().utf8), data)
        case .tensorData:
            var bytes = data
            switch Int.random(in: 0..<3, using: &rng) {
            case 0:
                for _ in 0..<Int.random(in: 1...8, using: &rng) where !bytes.isEmpty {
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= 1 << UInt8.random(in: 0...7, using: &rng)
                }
            case 1: bytes.removeLast(Int.random(in: 1...max(1, bytes.count), using: &rng))
            default: bytes += (0..<Int.random(in: 1...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            }
            return frame(header, bytes)
        }
    }

    /// The header bytes and tensor data of a version 2 checkpoint: magic (8), version (8),
    /// header length (8), data length (8), header, data, checksum (8).
    private func unframe(_ bytes: [UInt8]) throws -> (header: [UInt8], data: [UInt8]) {
        let headerLength = Int(CheckpointBytes.uint64(bytes, 16))
        return (Array(bytes[32..<(32 + headerLength)]), Array(bytes[(32 + headerLength)..<(bytes.count - 8)]))
    }

    /// A version 2 checkpoint of `header` and `data` with matching lengths and checksum.
    private func frame(_ header: [UInt8], _ data: [UInt8]) -> [UInt8] {
        var bytes = Array("RNNZOOCK".utf8) + CheckpointBytes.littleEndian(2)
        bytes += CheckpointBytes.littleEndian(UInt64(header.count)) + CheckpointBytes.littleEndian(UInt64(data.count)) + header + data
        return bytes + CheckpointBytes.littleEndian(CheckpointBytes.fnv1a64(bytes))
    }
}
