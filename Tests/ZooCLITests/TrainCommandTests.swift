import Foundation
import XCTest

/// `zoo train` end to end through the real binary.
final class TrainCommandTests: XCTestCase {
    func testTrainsWritesHistoryAndResumesTheSameCurve() throws {
        let dir = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let full = try ZooProcess.run(["train", "lstm-sine", "--epochs", "6", "-o", dir.appendingPathComponent("full").path])
        XCTAssertEqual(full.status, 0, full.stderr)
        XCTAssertTrue(full.stdout.contains("│ lstm (LSTM)             │ (None, 16)   │   1,152 │"), full.stdout)
        XCTAssertTrue(full.stdout.contains("Epoch 6/6"))
        let csv = try String(contentsOf: dir.appendingPathComponent("full/history.csv"), encoding: .utf8)
        XCTAssertTrue(csv.hasPrefix("epoch,loss,mae,val_loss,val_mae,learning_rate\n1,"), csv)
        XCTAssertEqual(csv.split(separator: "\n").count, 7)
        let svg = try String(contentsOf: dir.appendingPathComponent("full/history.svg"), encoding: .utf8)
        XCTAssertTrue(svg.contains("<polyline") && svg.contains("val_loss"))

        let part = dir.appendingPathComponent("part")
        XCTAssertEqual(try ZooProcess.run(["train", "lstm-sine", "--epochs", "3", "-o", part.path]).status, 0)
        let resumed = try ZooProcess.run(["train", "--resume", part.appendingPathComponent("checkpoint.zoockpt").path,
                                          "--epochs", "6", "-o", part.path])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertTrue(resumed.stdout.contains("Epoch 4/6") && !resumed.stdout.contains("Epoch 3/6"), resumed.stdout)
        XCTAssertEqual(try String(contentsOf: part.appendingPathComponent("history.csv"), encoding: .utf8), csv,
                       "3 epochs + resume to 6 = the uninterrupted 6-epoch run")
    }

    func testDivergenceStopsWithOneLineAndKeepsTheLastGoodCheckpoint() throws {
        let dir = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertEqual(try ZooProcess.run(["train", "lstm-stock", "--epochs", "1", "-o", dir.path]).status, 0)
        let before = try Data(contentsOf: dir.appendingPathComponent("checkpoint.zoockpt"))
        let r = try ZooProcess.run(["train", "--resume", dir.appendingPathComponent("checkpoint.zoockpt").path,
                                    "--epochs", "3", "--lr", "1e30", "-o", dir.path])
        XCTAssertEqual(r.status, 1)
        let lines = r.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, r.stderr)
        XCTAssertTrue(r.stderr.hasPrefix("zoo train: training stopped in epoch 2, batch "), r.stderr)
        XCTAssertTrue(r.stderr.contains("last good checkpoint kept: \(dir.path)/checkpoint.zoockpt"), r.stderr)
        XCTAssertEqual(try Data(contentsOf: dir.appendingPathComponent("checkpoint.zoockpt")), before)
    }

    /// SIGKILL at several moments of a run: the checkpoint on disk always loads (it is the
    /// previous complete one or the new complete one, never a torn file).
    func testKillDuringTrainingLeavesALoadableCheckpoint() throws {
        let dir = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ckpt = dir.appendingPathComponent("checkpoint.zoockpt")
        for delay in [0.4, 0.9, 1.5] {
            let p = Process()
            p.executableURL = ZooProcess.productsFolder.appendingPathComponent("zoo")
            p.arguments = ["train", "seq2seq-reverse", "--epochs", "40", "-o", dir.path]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            Thread.sleep(forTimeInterval: delay)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            if FileManager.default.fileExists(atPath: ckpt.path) {
                let r = try ZooProcess.run(["convert", ckpt.path, dir.appendingPathComponent("copy.zoockpt").path])
                XCTAssertEqual(r.status, 0, "after a kill at \(delay) s: \(r.stderr)")
            }
        }
    }

    func testBadArgumentsFailWithOneLine() throws {
        let r = try ZooProcess.run(["train", "no-such-preset"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("zoo train: unknown preset 'no-such-preset': neither the core nor a loaded plugin provides it (known: "), r.stderr)
        let dir = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.zoockpt")
        try Data("RNNZOOCK".utf8).write(to: bad)
        let resumed = try ZooProcess.run(["train", "--resume", bad.path])
        XCTAssertEqual(resumed.status, 1)
        XCTAssertEqual(resumed.stderr, "zoo train: \(bad.path): not an RNNZoo checkpoint (bad magic)\n")
    }
}

/// Ctrl-C during training stops at the next batch with one line, and the last checkpoint is kept
/// whole (no temporary files left behind).
final class TrainInterruptTests: XCTestCase {
    func testCtrlCStopsCleanlyKeepingTheLastCheckpoint() throws {
        let dir = try ZooProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let process = Process()
        process.executableURL = ZooProcess.productsFolder.appendingPathComponent("zoo")
        process.arguments = ["train", "lstm-sine", "--epochs", "100000", "-o", dir.path]
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let checkpoint = dir.appendingPathComponent("checkpoint.zoockpt")
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: checkpoint.path), Date() < deadline { usleep(50_000) }
        usleep(300_000)
        process.interrupt()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 1, stderr)
        XCTAssertTrue(stderr.hasPrefix("zoo train: interrupted in epoch "), stderr)
        XCTAssertTrue(stderr.hasSuffix("; last good checkpoint kept: \(checkpoint.path)\n"), stderr)
        XCTAssertEqual(stderr.filter { $0 == "\n" }.count, 1, stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["checkpoint.zoockpt"], "no temporary files")
        let resumed = try ZooProcess.run(["summary", checkpoint.path])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
    }
}
