import Foundation
import HDF5
import KerasFormat
import XCTest
import ZooCore

/// Conv1D and the layers over time in tf_keras (Keras 2) configs: the cases tf_keras 2.21 wrote
/// (tools/keras_golden/conv_cases_keras2.py), as JSON and as the `.h5` and `.keras` files
/// tf_keras saved, read with Keras 2 meanings, count count_params(),
/// and the tf_keras `.h5` we write of them holds, for every layer, only config keys tf_keras
/// itself wrote (tf_keras refuses a key it does not know, such as Keras 3's data_format on
/// ZeroPadding1D) and reads back predicting tf_keras's outputs within 1e-5.
final class Keras2TimeLayerTests: XCTestCase {
    static let cases = ["cnn_lstm_time_layers", "conv1d_masked_drops_mask"]

    static var casesFolder: URL {
        KerasFixtures.repository.appendingPathComponent("Tests/ZooCoreTests/Fixtures/keras/cases")
    }

    private static func tensor(_ v: JSONValue) -> Tensor {
        Tensor(shape: v["shape"]?.arrayValue?.compactMap(\.intValue) ?? [], scalars: (v["data"]?.arrayValue ?? []).map { Float($0.doubleValue ?? .nan) })
    }

    /// The layer entries of a config, by name.
    private static func layers(_ config: JSONValue) -> [String: JSONValue] {
        Dictionary((config["config"]?["layers"]?.arrayValue ?? []).map { ($0["config"]?["name"]?.stringValue ?? "", $0) }, uniquingKeysWith: { a, _ in a })
    }

    func testTfKerasCasesReadCountAndWriteBackInTfKerasTerms() throws {
        let dir = try TemporaryFolder()
        for name in Self.cases {
            let json = try JSONValue.parse(Data(contentsOf: Self.casesFolder.appendingPathComponent(name + ".keras2.json")))
            let recorded = try XCTUnwrap(json["config"], name)
            let model = try KerasConfigMeanings.model(config: recorded, keras2: true)
            for entry in json["weights"]?.arrayValue ?? [] {
                guard let arrays = entry["weights"]?.arrayValue, !arrays.isEmpty else { continue }
                let layer = try XCTUnwrap(model.layer(named: entry["layer"]?.stringValue ?? ""), name)
                for (w, a) in zip(layer.weights, arrays) { try w.assign(Self.tensor(a)) }
            }
            XCTAssertEqual(model.parameterCount, json["count_params"]?.intValue, name)
            let inputs = (json["inputs"]?.arrayValue ?? []).map(Self.tensor)
            let expected = (json["outputs"]?.arrayValue ?? []).map(Self.tensor)
            for (g, e) in zip(try model.predict(inputs), expected) { XCTAssertLessThanOrEqual(g.maxAbsDifference(e), 1e-5, name) }

            let url = dir.url.appendingPathComponent(name + ".keras2.h5")
            try KerasModelFile.save(model, to: url, keras2: true)
            let text = try XCTUnwrap(try HDF5File.open(url).root().attribute("model_config")?.stringValue, name)
            let written = Self.layers(try JSONValue.parse(Data(text.utf8)))
            let theirs = Self.layers(recorded)
            XCTAssertEqual(Set(written.keys), Set(theirs.keys), name)
            for (layer, entry) in written {
                let keys = Set(entry["config"]?.objectValue?.map(\.0) ?? [])
                let known = Set(theirs[layer]?["config"]?.objectValue?.map(\.0) ?? [])
                XCTAssertTrue(keys.isSubset(of: known), "\(name) \(layer): keys tf_keras does not write: \(keys.subtracting(known).sorted())")
            }
            let back = try KerasModelFile.load(url).model
            for (g, e) in zip(try back.predict(inputs), expected) { XCTAssertLessThanOrEqual(g.maxAbsDifference(e), 1e-5, "\(name) written back") }
        }
    }

    /// Models of Keras 3 configs (the option cases of make_cases.py) written for tf_keras: every
    /// layer of a class the tf_keras cases hold has only config keys tf_keras wrote for it.
    func testKeras3ModelsWrittenForTfKerasUseTfKerasKeys() throws {
        var known: [String: Set<String>] = [:]
        for name in Self.cases {
            let json = try JSONValue.parse(Data(contentsOf: Self.casesFolder.appendingPathComponent(name + ".keras2.json")))
            for entry in Self.layers(try XCTUnwrap(json["config"])).values {
                known[entry["class_name"]?.stringValue ?? "", default: []].formUnion(entry["config"]?.objectValue?.map(\.0) ?? [])
            }
        }
        let dir = try TemporaryFolder()
        let keras3 = ["zero_padding1d_int", "zero_padding1d_masked_drops_mask", "conv1d_dilated_causal", "max_pooling1d_same",
                      "average_pooling1d_same", "cropping1d_int", "up_sampling1d_3", "global_max_pooling1d_keepdims", "cnn_lstm_classifier_valid"]
        var checked = Set<String>()
        for name in keras3 {
            let json = try JSONValue.parse(Data(contentsOf: Self.casesFolder.appendingPathComponent(name + ".json")))
            let model = try Model.fromKeras(config: try XCTUnwrap(json["config"], name))
            let url = dir.url.appendingPathComponent(name + ".keras2.h5")
            try KerasModelFile.save(model, to: url, keras2: true)
            let text = try XCTUnwrap(try HDF5File.open(url).root().attribute("model_config")?.stringValue, name)
            for (layer, entry) in Self.layers(try JSONValue.parse(Data(text.utf8))) {
                let className = entry["class_name"]?.stringValue ?? ""
                guard let theirs = known[className] else { continue }
                checked.insert(className)
                let keys = Set(entry["config"]?.objectValue?.map(\.0) ?? [])
                XCTAssertTrue(keys.isSubset(of: theirs), "\(name) \(layer): keys tf_keras does not write: \(keys.subtracting(theirs).sorted())")
            }
        }
        XCTAssertTrue(checked.isSuperset(of: ["Conv1D", "MaxPooling1D", "AveragePooling1D", "GlobalMaxPooling1D", "Cropping1D", "ZeroPadding1D", "UpSampling1D"]),
                      "\(checked.sorted())")
    }

    /// The `.h5` and `.keras` files tf_keras saved of the cases load as tf_keras layouts, count
    /// count_params() and predict tf_keras's outputs.
    func testTfKerasWrittenFilesLoadCountAndPredict() throws {
        let folder = Self.casesFolder.deletingLastPathComponent().appendingPathComponent("tf_keras")
        for name in Self.cases {
            let json = try JSONValue.parse(Data(contentsOf: Self.casesFolder.appendingPathComponent(name + ".keras2.json")))
            let inputs = (json["inputs"]?.arrayValue ?? []).map(Self.tensor)
            let expected = (json["outputs"]?.arrayValue ?? []).map(Self.tensor)
            for (suffix, layout) in [(".h5", KerasLayout.keras2Model), (".keras", .keras2Archive)] {
                let file = try KerasModelFile.load(folder.appendingPathComponent(name + suffix))
                XCTAssertEqual(file.layout, layout, "\(name)\(suffix)")
                XCTAssertEqual(file.model.parameterCount, json["count_params"]?.intValue, "\(name)\(suffix)")
                for (g, e) in zip(try file.model.predict(inputs), expected) {
                    XCTAssertLessThanOrEqual(g.maxAbsDifference(e), 1e-5, "\(name)\(suffix)")
                }
            }
        }
    }
}
