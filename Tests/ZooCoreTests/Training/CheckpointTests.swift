import Foundation
import XCTest
@testable import ZooCore

/// The checkpoint file: round trip, and every damaged form refused with one line naming the file.
final class CheckpointTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-ckpt-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: dir)
    }

    private func written() throws -> (URL, Trainer) {
        let preset = try PresetRegistry.shared.preset("seq2seq-reverse")
        let trainer = try Trainer(model: try preset.makeModel(2, .null), optimizer: try RMSprop(learningRate: 0.01, momentum: 0.5),
                                  loss: preset.loss, seed: 2)
        let data = try preset.makeData(2, nil)
        try trainer.fit(data.train.batch(0..<64), epochs: 1)
        let url = dir.appendingPathComponent("a.zoockpt")
        try Checkpoint(trainer: trainer, history: trainer.history, epoch: 1, settings: ["preset": "seq2seq-reverse"]).write(to: url)
        return (url, trainer)
    }

    func testRoundTrip() throws {
        let (url, trainer) = try written()
        let c = try Checkpoint(contentsOf: url)
        let model = try c.makeModel()
        XCTAssertEqual(model.weights.map(\.path), trainer.model.weights.map(\.path))
        for (a, b) in zip(model.weights, trainer.model.weights) { XCTAssertEqual(a.value, b.value) }
        let opt = try c.makeOptimizer()
        XCTAssertTrue(opt is RMSprop)
        XCTAssertEqual(opt.iterations, trainer.optimizer.iterations)
        XCTAssertEqual(opt.slots.keys.sorted(), trainer.optimizer.slots.keys.sorted())
        XCTAssertEqual(opt.slots["encoder/lstm_cell/kernel"]?["momentum"], trainer.optimizer.slots["encoder/lstm_cell/kernel"]?["momentum"])
        XCTAssertEqual(c.history, trainer.history)
        XCTAssertEqual(c.settings["preset"]?.stringValue, "seq2seq-reverse")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["a.zoockpt"], "no temporary files left")
    }

    /// Truncation at every 97th byte and 200 seeded byte flips: each is refused (or, for a flip
    /// in ignorable JSON whitespace, loads) — never a crash.
    func testDamagedFilesAreRefused() throws {
        let (url, _) = try written()
        let bytes = try [UInt8](Data(contentsOf: url))
        let bad = dir.appendingPathComponent("bad.zoockpt")
        for cut in stride(from: 0, to: bytes.count, by: 97) {
            try Data(bytes[0..<cut]).write(to: bad)
            XCTAssertThrowsError(try Checkpoint(contentsOf: bad)) { error in
                XCTAssertTrue("\(error)".hasPrefix(bad.path + ": "), "\(error)")
            }
        }
        var rng = SeededGenerator(seed: 11)
        var refused = 0
        for _ in 0..<200 {
            var b = bytes
            let i = Int.random(in: 0..<b.count, using: &rng)
            b[i] ^= UInt8.random(in: 1...255, using: &rng)
            try Data(b).write(to: bad)
            do {
                _ = try Checkpoint(contentsOf: bad).makeModel()
            } catch {
                refused += 1
                XCTAssertFalse("\(error)".contains("\n"), "one line: \(error)")
            }
        }
        XCTAssertGreaterThan(refused, 190)
        var future = bytes
        future[8] = 9
        try Data(future).write(to: bad)
        XCTAssertThrowsError(try Checkpoint(contentsOf: bad)) { error in
            XCTAssertEqual("\(error)", "\(bad.path): checkpoint version 9, this zoo reads version 2 — use the zoo release that wrote it")
        }
    }

    /// A write that dies before the rename leaves the previous checkpoint intact and loadable.
    func testInterruptedWriteKeepsThePreviousCheckpoint() throws {
        let (url, _) = try written()
        let before = try Data(contentsOf: url)
        let partial = dir.appendingPathComponent(".a.zoockpt.tmp-1-2")
        try Data(before.prefix(100)).write(to: partial)
        XCTAssertEqual(try Data(contentsOf: url), before)
        XCTAssertNoThrow(try Checkpoint(contentsOf: url).makeModel())
    }
}
