import Archive
import Foundation
import KerasFormat
import XCTest
import ZooBundleFormat
import ZooCore

/// Zoo bundles: a `.keras` archive plus card, metadata and data files, weights float32 or float16.
final class ZooBundleTests: XCTestCase {
    let card: JSONValue = ["name": "tagger", "version": "1.2.0", "family": "LSTM"]
    let metadata: JSONValue = ["vocabulary": ["a", "b"]]

    func testBundleKeepsCardMetadataFilesAndExactWeights() throws {
        let dir = try TemporaryFolder()
        let model = try KerasModelFile.load(KerasFixtures.file("bilstm_tagger.keras")).model
        let url = dir.url.appendingPathComponent("tagger.zoo")
        try ZooBundle.write(model, card: card, metadata: metadata, files: [("table.tsv", Array("a\tb\n".utf8))], to: url)
        let bundle = try ZooBundle(contentsOf: url)
        XCTAssertEqual(bundle.card, card)
        XCTAssertEqual(bundle.name, "tagger")
        XCTAssertEqual(try bundle.metadata(), metadata)
        XCTAssertEqual(try bundle.data("table.tsv"), Array("a\tb\n".utf8))
        XCTAssertEqual(bundle.members, ["metadata.json", "config.json", "model.weights.h5", "card.json", "zoo-metadata.json", "table.tsv"])
        let back = try bundle.model()
        for (a, b) in zip(back.weights, model.weights) {
            XCTAssertEqual(a.value.scalars.map(\.bitPattern), b.value.scalars.map(\.bitPattern), a.path)
        }
        XCTAssertThrowsError(try bundle.data("missing.txt")) { error in
            XCTAssertEqual("\(error)", "\(url.path): the bundle has no member 'missing.txt'")
        }
    }

    func testFloat16BundleHoldsTheRoundedWeightsInHalfTheSpace() throws {
        let dir = try TemporaryFolder()
        let model = try KerasModelFile.load(KerasFixtures.file("char_lm.keras")).model
        let full = dir.url.appendingPathComponent("full.zoo"), half = dir.url.appendingPathComponent("half.zoo")
        try ZooBundle.write(model, card: card, to: full)
        try ZooBundle.write(model, card: card, float16: true, to: half)
        let back = try ZooBundle(contentsOf: half).model()
        for (a, b) in zip(back.weights, model.weights) {
            XCTAssertEqual(a.value.scalars, b.value.scalars.map { Float(Float16($0)) }, a.path)
        }
        let size = { (url: URL) in (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0 }
        let weightBytes = model.weights.reduce(0) { $0 + $1.value.count * 2 }
        XCTAssertEqual(Double(try size(full) - size(half)), Double(weightBytes), accuracy: 4096, "float16 saves 2 bytes per weight")
    }

    func testRefusesBundlesWithoutCardOrWithReservedNames() throws {
        let dir = try TemporaryFolder()
        let model = try KerasModelFile.load(KerasFixtures.file("lstm_regressor.keras")).model
        let url = dir.url.appendingPathComponent("x.zoo")
        XCTAssertThrowsError(try ZooBundle.write(model, card: ["name": "x"], to: url)) { error in
            XCTAssertEqual("\(error)", "\(url.path): the card needs a \"name\" and a \"version\"")
        }
        XCTAssertThrowsError(try ZooBundle.write(model, card: card, files: [("config.json", [])], to: url)) { error in
            XCTAssertEqual("\(error)", "\(url.path): 'config.json' cannot be a bundle data file (reserved name or a path)")
        }
        XCTAssertThrowsError(try ZooBundle(contentsOf: KerasFixtures.file("lstm_regressor.keras"))) { error in
            XCTAssertEqual("\(error)", "\(KerasFixtures.file("lstm_regressor.keras").path): not a zoo bundle (no member 'card.json')")
        }
    }

    /// A bundle whose config.json lies (a layer without its class name, as `zoo eval` met it in
    /// the CLI campaign) is refused in one line that names the bundle, as a `.keras` file is.
    func testBundleWithABrokenConfigNamesTheBundle() throws {
        let dir = try TemporaryFolder()
        let model = try KerasModelFile.load(KerasFixtures.file("lstm_regressor.keras")).model
        let good = dir.url.appendingPathComponent("good.zoo"), url = dir.url.appendingPathComponent("broken.zoo")
        try ZooBundle.write(model, card: card, to: good)
        let stored = try ZipReader(contentsOf: good)
        var writer = ZipWriter(compression: .deflate(level: 1))
        for path in stored.entries.map(\.path) {
            let data = try stored.read(path)
            let text = String(decoding: data, as: UTF8.self)
            let lie = ["\"class_name\": \"Dense\"", "\"class_name\":\"Dense\""].reduce(text) { $0.replacingOccurrences(of: $1, with: "\"klass\":\"Dense\"") }
            XCTAssertTrue(path != "config.json" || lie != text, "the config names no Dense layer")
            writer.add(path, data: path == "config.json" ? Array(lie.utf8) : data)
        }
        try writer.write(to: url)
        XCTAssertThrowsError(try ZooBundle(contentsOf: url).model()) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(url.path): layer entry without a class_name: "), "\(error)")
            XCTAssertFalse("\(error)".contains("\n"), "\(error)")
        }
    }

    /// A vocabulary that is not one (a null symbol) is refused naming the bundle, as the generators
    /// read it (the bundle format's `LoadedModel`).
    func testBrokenVocabularyNamesTheBundle() throws {
        let dir = try TemporaryFolder()
        let model = try KerasModelFile.load(KerasFixtures.file("lstm_regressor.keras")).model
        let url = dir.url.appendingPathComponent("vocabulary.zoo")
        try ZooBundle.write(model, card: card, metadata: ["vocabulary": ["symbols": ["a", .null]]], to: url)
        let loaded = try XCTUnwrap(ZooBundleModelFormat.format.read)(url, ModelReadOptions())
        XCTAssertThrowsError(try loaded.characterVocabulary(source: url)) { error in
            XCTAssertEqual("\(error)", "\(url.path): vocabulary: every symbol must be one character, got null")
        }
    }

    /// A deflated card that expands past the JSON limit (64 MiB and one byte of spaces, 286 KiB
    /// deflated at level 1) is refused from its header in one line, not reported as bad JSON.
    func testRefusesADeflatedCardLargerThanTheJSONLimit() throws {
        let dir = try TemporaryFolder()
        let url = dir.url.appendingPathComponent("bomb.zoo")
        var writer = ZipWriter(compression: .deflate(level: 1))
        writer.add("card.json", data: [UInt8](repeating: 0x20, count: KerasArchive.maximumJSONBytes + 1))
        try writer.write(to: url)
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
        XCTAssertLessThan(size, 1 << 20)
        XCTAssertThrowsError(try ZooBundle(contentsOf: url)) { error in
            XCTAssertEqual("\(error)", "\(url.path): member 'card.json' declares 67108865 bytes, more than 67108864 (the limit for a JSON member)")
        }
    }

    /// Renamed to `.keras`, real Keras 3 loads a float16 bundle, its members deflated, and
    /// computes what we compute; a `.keras` file of the same model stores its members.
    func testRealKerasLoadsABundle() throws {
        guard let python = KerasFixtures.python else {
            throw XCTSkip("NO KERAS CHECK: the test venv (.venv/bin/python with keras, jax, h5py) is missing; run scripts/setup.sh")
        }
        let dir = try TemporaryFolder()
        let model = try KerasModelFile.load(KerasFixtures.file("char_lm.keras")).model
        let url = dir.url.appendingPathComponent("char_lm.keras"), plain = dir.url.appendingPathComponent("plain.keras")
        try ZooBundle.write(model, card: card, metadata: metadata, files: [("table.tsv", [65])], float16: true, to: url)
        try KerasModelFile.save(model, to: plain)
        let io = try TensorIOFile(contentsOf: KerasFixtures.file("char_lm.io.json"))
        let ours = try ZooBundle(contentsOf: url).model().predict(io.inputs)
        let expected = dir.url.appendingPathComponent("ours.json")
        try TensorIOFile.outputsJSON(ours).write(to: expected, atomically: true, encoding: .utf8)
        let script = """
        import json, sys, zipfile, keras, numpy as np
        for path in (sys.argv[1], sys.argv[4]):
            print("methods", sorted({i.compress_type for i in zipfile.ZipFile(path).infolist()}))
        io = json.load(open(sys.argv[2])); ours = json.load(open(sys.argv[3]))
        m = keras.saving.load_model(sys.argv[1])
        x = [np.array(i["data"], dtype=i["dtype"]).reshape(i["shape"]) for i in io["inputs"]]
        got = m.predict(x[0] if len(x) == 1 else x, verbose=0)
        print("max abs error", float(np.max(np.abs(got - np.array(ours["outputs"][0]["data"], dtype=np.float32).reshape(got.shape)))))
        """
        let (status, output) = try KerasFixtures.run(python, ["-c", script, url.path, KerasFixtures.file("char_lm.io.json").path, expected.path, plain.path],
                                                     environment: ["KERAS_BACKEND": "numpy"])
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.contains("methods [8]\nmethods [0]\n"), "every bundle member deflated (zip method 8), every .keras member stored (0): \(output)")
        let error = Double(output.split(separator: "\n").last { $0.hasPrefix("max abs error ") }?.dropFirst(14) ?? "") ?? .infinity
        XCTAssertLessThanOrEqual(error, 1e-5, output)
    }
}
