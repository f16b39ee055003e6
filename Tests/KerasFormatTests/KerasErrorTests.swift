import Archive
import Foundation
import KerasFormat
import XCTest
import ZooCore

/// Bad input named precisely: an unknown layer class, a weight of the wrong shape, a missing
/// weight — one line each, naming the file, the layer and the weight.
final class KerasErrorTests: XCTestCase {
    /// The fixture archive `name` with its config.json rewritten by `edit`.
    private func tamperedArchive(_ name: String, in dir: TemporaryFolder, edit: (String) -> String) throws -> URL {
        let zip = try ZipReader(contentsOf: KerasFixtures.file(name))
        var writer = ZipWriter()
        for entry in zip.entries {
            let data = try zip.read(entry.path)
            writer.add(entry.path, data: entry.path == "config.json" ? Array(edit(String(decoding: data, as: UTF8.self)).utf8) : data)
        }
        let url = dir.url.appendingPathComponent("tampered-" + name)
        try writer.write(to: url)
        return url
    }

    private func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return "\(error)" }
        return "no error"
    }

    func testUnknownLayerNamesTheClass() throws {
        let dir = try TemporaryFolder()
        let url = try tamperedArchive("lstm_regressor.keras", in: dir) { $0.replacingOccurrences(of: "\"class_name\": \"Dense\"", with: "\"class_name\": \"Conv2D\"") }
        let text = message { _ = try KerasModelFile.load(url) }
        XCTAssertTrue(text.hasPrefix(url.path + ": Conv2D 'regression_head': unknown layer class 'Conv2D': neither the core nor a loaded plugin provides it"), text)
    }

    func testWrongShapeNamesLayerWeightAndBothShapes() throws {
        let dir = try TemporaryFolder()
        let url = try tamperedArchive("gru_classifier.keras", in: dir) { $0.replacingOccurrences(of: "\"units\": 9", with: "\"units\": 10") }
        let text = message {
            _ = try KerasModelFile.load(KerasFixtures.file("gru_classifier.weights.h5"), architecture: { _ in try KerasModelFile.load(url).model })
        }
        XCTAssertTrue(text.contains("GRU 'gru' weight 'kernel' has shape (4, 30), the file (4, 27)"), text)
        XCTAssertTrue(text.hasPrefix(KerasFixtures.file("gru_classifier.weights.h5").path), text)
        XCTAssertTrue(text.contains("GRU 'gru'"), text)
    }

    func testMissingWeightNamesTheLayer() throws {
        let dir = try TemporaryFolder()
        let model = try KerasModelFile.load(KerasFixtures.file("lstm_regressor.keras")).model
        let file = dir.url.appendingPathComponent("fewer.weights.h5")
        try KerasModelFile.save(ModelBuilder.sequential(name: "fewer", input: ModelInput(name: "series", shape: [nil, 1]), layers: [
            ("LSTM", ["name": "lstm_seq", "units": 12, "return_sequences": true]),
            ("LSTM", ["name": "lstm_last", "units": 8]),
        ]), to: file)
        let missing = message { _ = try KerasModelFile.load(file, architecture: { _ in model }) }
        XCTAssertEqual(missing, "\(file.path): /layers: no weights for Dense 'regression_head' (expected group 'dense/vars')")
    }

    func testWeightsForAnUnknownLayerAreRefused() throws {
        let dir = try TemporaryFolder()
        let url = try tamperedArchive("char_lm.keras", in: dir) { $0.replacingOccurrences(of: "\"name\": \"logits\"", with: "\"name\": \"renamed_logits\"") }
        let text = message {
            _ = try KerasModelFile.load(KerasFixtures.file("char_lm.keras2.weights.h5"), architecture: { _ in try KerasModelFile.load(url).model })
        }
        XCTAssertTrue(text.contains("the file has weights for layer 'logits', which the model does not have"), text)
    }

    /// Members no extraction would write (`../x`, `/tmp/x`, a symbolic link to /tmp), added to a
    /// real `.keras` by Python's zipfile: the archive is refused in one line naming it and the
    /// member, before any member is read.
    func testUnsafeMembersAreRefused() throws {
        guard let python = KerasFixtures.python else { throw XCTSkip("NO PYTHON VENV (scripts/setup.sh)") }
        let dir = try TemporaryFolder()
        let script = """
        import sys, zipfile
        for name, member, mode in [("dotdot", "../x", 0o100644), ("absolute", "/tmp/x", 0o100644), ("link", "link", 0o120777)]:
            with zipfile.ZipFile(sys.argv[1]) as z, zipfile.ZipFile(sys.argv[2] + "/" + name + ".keras", "w") as o:
                for n in z.namelist():
                    o.writestr(n, z.read(n))
                info = zipfile.ZipInfo(member)
                info.create_system, info.external_attr = 3, mode << 16
                o.writestr(info, b"/tmp")
        """
        let (status, output) = try KerasFixtures.run(python, ["-c", script, KerasFixtures.file("lstm_regressor.keras").path, dir.url.path])
        XCTAssertEqual(status, 0, output)
        for (name, member, reason) in [("dotdot", "../x", "has a '..' component"), ("absolute", "/tmp/x", "has an absolute path"),
                                       ("link", "link", "is a symbolic link")] {
            let url = dir.url.appendingPathComponent(name + ".keras")
            XCTAssertEqual(message { _ = try KerasModelFile.load(url) },
                           "\(url.path): member '\(member)' \(reason); a Keras archive holds plain files under relative paths")
        }
    }
}
