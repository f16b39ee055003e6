import XCTest
import ZooCore

/// Wrong configs and wrong shapes fail with one message naming the layer (and both shapes).
final class LayerErrorTests: XCTestCase {
    private func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testWrongConfigsNameTheLayer() {
        let cases: [(String, JSONValue, String)] = [
            ("LSTM", ["name": "l", "units": -4], "LSTM 'l': 'units' is -4, outside 1…16777216"),
            ("GRU", ["name": "g", "units": 3, "activation": "swishy"], "GRU 'g' activation: unsupported activation 'swishy'"),
            ("Dense", ["name": "d"], "Dense 'd'"),
            ("Dropout", ["name": "drop", "rate": 1.5], "Dropout 'drop'"),
            ("Bidirectional", ["name": "bi", "merge_mode": "max", "layer": ["class_name": "LSTM", "config": ["name": "l", "units": 2]]], "Bidirectional 'bi'"),
            ("Embedding", ["name": "e", "input_dim": 0, "output_dim": 4], "Embedding 'e'"),
        ]
        for (className, config, expected) in cases {
            let text = message { _ = try LayerRegistry.shared.make(LayerConfig(className: className, json: config)) }
            XCTAssertTrue(text.hasPrefix(expected), "\(className): \(text)")
            XCTAssertFalse(text.contains("\n"), text)
        }
    }

    func testWrongInputShapesNameTheLayerAndBothShapes() throws {
        let cases: [(String, JSONValue, [Int], [Int], String)] = [
            ("Dense", ["name": "d", "units": 2], [4, 3], [4, 5], "Dense 'd'"),
            ("LSTM", ["name": "l", "units": 2], [2, 5, 3], [2, 5, 4], "LSTM 'l'"),
            ("LSTM", ["name": "l", "units": 2], [2, 5, 3], [2, 15], "LSTM 'l'"),
            ("GRU", ["name": "g", "units": 2], [2, 5, 3], [2, 5, 1], "GRU 'g'"),
        ]
        for (className, config, built, called, expected) in cases {
            let layer = try LayerRegistry.shared.make(LayerConfig(className: className, json: config))
            var rng = SeededGenerator(seed: 1)
            try layer.build(inputShapes: [built.map { Optional($0) }], rng: &rng)
            let text = message {
                _ = try layer.call([Variable(Tensor(shape: called))], masks: [nil], context: CallContext())
            }
            XCTAssertTrue(text.hasPrefix(expected), "\(className) \(called): \(text)")
            XCTAssertTrue(text.contains(Shape.describe(called)), "names the shape given: \(text)")
            XCTAssertFalse(text.contains("\n"), text)
        }
    }
}
