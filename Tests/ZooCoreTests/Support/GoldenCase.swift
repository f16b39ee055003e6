import Foundation
import XCTest
import KerasFormat
@testable import ZooCore

/// A golden case written by real Keras (tools/keras_golden): a model config, its weights layer
/// by layer, and the inputs and outputs Keras computed (one call, or several for stateful models).
struct GoldenCase {
    let name: String
    let json: JSONValue
    var keras2: Bool { json["keras_version"]?.stringValue?.hasPrefix("2") ?? false }

    static var fixturesFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/keras")
    }

    /// Every case file under Fixtures/keras (recursively), sorted by path.
    static func all() throws -> [GoldenCase] {
        let fm = FileManager.default
        guard let walker = fm.enumerator(at: fixturesFolder, includingPropertiesForKeys: nil) else { return [] }
        let urls = walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
        return try urls.map { url in
            GoldenCase(name: url.path.replacingOccurrences(of: fixturesFolder.path + "/", with: ""),
                       json: try JSONValue.parse(Data(contentsOf: url)))
        }
    }

    /// The model with the recorded weights assigned (by layer name, in Keras order).
    func model() throws -> Model {
        guard let config = json["config"] else { throw ZooError("\(name): no config") }
        let model = try KerasConfigMeanings.model(config: config, keras2: keras2)
        for entry in json["weights"]?.arrayValue ?? [] {
            let layerName = entry["layer"]?.stringValue ?? "?"
            let arrays = entry["weights"]?.arrayValue ?? []
            guard let layer = model.layer(named: layerName) else {
                if arrays.isEmpty { continue }
                throw ZooError("\(name): no layer named '\(layerName)' in the rebuilt model")
            }
            guard layer.weights.count == arrays.count else {
                throw ZooError("\(name): layer '\(layerName)' has \(layer.weights.count) weights, the file \(arrays.count)")
            }
            for (w, a) in zip(layer.weights, arrays) { try w.assign(GoldenCase.tensor(a)) }
        }
        return model
    }

    /// The recorded calls: (reset the stateful layers' states first?, inputs, expected outputs).
    var calls: [(resetStates: Bool, inputs: [Tensor], outputs: [Tensor])] {
        get throws {
            let list = json["calls"]?.arrayValue ?? [json]
            return try list.map { call in
                (call["reset_states"]?.boolValue ?? false,
                 try (call["inputs"]?.arrayValue ?? []).map(GoldenCase.tensor),
                 try (call["outputs"]?.arrayValue ?? []).map(GoldenCase.tensor))
            }
        }
    }

    /// `{"shape": [...], "data": [...]}` → Tensor (Double → Float gives the exact float32).
    static func tensor(_ v: JSONValue) throws -> Tensor {
        guard let shape = v["shape"]?.arrayValue?.compactMap(\.intValue), let data = v["data"]?.arrayValue else {
            throw ZooError("tensor entry without shape/data")
        }
        return Tensor(shape: shape, scalars: data.map { Float($0.doubleValue ?? .nan) })
    }
}
