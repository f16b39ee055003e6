import Foundation
@testable import KerasFormat
import XCTest
import ZooCore

/// tf_keras's meanings as layer options (`KerasConfigMeanings`): reading a Keras 2 config gives
/// its layers `hard_sigmoid_alpha`, `mask_rule`, `normalize_epsilon` (wrapped layers too), which
/// change what they compute; the Keras 2 writer leaves them unsaid, the Keras 3 migration drops
/// them where Keras 3 has the meaning, and a model that carries them without having been read
/// from Keras 2 (a checkpoint of one) is refused for Keras 3 in one line. In process, no Python.
final class Keras2MeaningsTests: XCTestCase {
    /// Two [B, 3, 2] inputs → Add → Dense(hard_sigmoid) → Bidirectional(LSTM with hard_sigmoid
    /// gates) → Dot(normalize) of the sequence with itself [B, 3, 3], in tf_keras's dialect.
    static let config = """
    {"class_name": "Functional", "config": {"name": "meanings", "layers": [
      {"class_name": "InputLayer", "name": "a", "inbound_nodes": [], "config": {"batch_input_shape": [null, 3, 2], "dtype": "float32", "name": "a"}},
      {"class_name": "InputLayer", "name": "b", "inbound_nodes": [], "config": {"batch_input_shape": [null, 3, 2], "dtype": "float32", "name": "b"}},
      {"class_name": "Add", "name": "add", "inbound_nodes": [[["a", 0, 0, {}], ["b", 0, 0, {}]]], "config": {"name": "add", "dtype": "float32"}},
      {"class_name": "Dense", "name": "d", "inbound_nodes": [[["add", 0, 0, {}]]],
       "config": {"name": "d", "units": 2, "activation": "hard_sigmoid", "dtype": "float32"}},
      {"class_name": "Bidirectional", "name": "bi", "inbound_nodes": [[["d", 0, 0, {}]]],
       "config": {"name": "bi", "merge_mode": "concat", "dtype": "float32",
                  "layer": {"class_name": "LSTM", "config": {"name": "lstm", "units": 2, "recurrent_activation": "hard_sigmoid",
                                                              "return_sequences": true, "dtype": "float32"}}}},
      {"class_name": "Dot", "name": "dot", "inbound_nodes": [[["bi", 0, 0, {}], ["bi", 0, 0, {}]]],
       "config": {"name": "dot", "axes": 2, "normalize": true, "dtype": "float32"}}],
      "input_layers": [["a", 0, 0], ["b", 0, 0]], "output_layers": [["dot", 0, 0]]}}
    """
    static let inputs = [Tensor(shape: [2, 3, 2], scalars: (0..<12).map { Float($0) * 0.7 - 4 }),
                         Tensor(shape: [2, 3, 2], scalars: (0..<12).map { Float($0 % 5) * 0.9 - 1.5 })]

    private func model(keras2: Bool, _ text: String = config) throws -> Model {
        try KerasConfigMeanings.model(config: try JSONValue.parse(Data(text.utf8)), keras2: keras2, seed: 3)
    }

    private func occurrences(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    func testAKeras2ConfigGivesItsLayersTFKerasOptions() throws {
        let tf = try model(keras2: true), keras3 = try model(keras2: false)
        XCTAssertTrue(tf.readAsKeras2)
        XCTAssertEqual((tf.layer(named: "add") as? Merge)?.maskRule, .all)
        XCTAssertEqual((keras3.layer(named: "add") as? Merge)?.maskRule, .any)
        XCTAssertEqual((tf.layer(named: "dot") as? Dot)?.normalizeEpsilon, 1e-6)
        XCTAssertEqual((keras3.layer(named: "dot") as? Dot)?.normalizeEpsilon, 1e-7)
        let written = try tf.kerasConfig().serialized()
        XCTAssertEqual(occurrences("\"hard_sigmoid_alpha\":0.2", in: written), 2, "the Dense and the wrapped LSTM: \(written)")
        XCTAssertFalse(try keras3.kerasConfig().serialized().contains("hard_sigmoid_alpha"))
        // The same weights compute differently: hard_sigmoid's slope is 0.2 in one, 1/6 in the other.
        for (w, v) in zip(keras3.weights, tf.weights) { try w.assign(v.value) }
        let a = try tf.predict(Self.inputs)[0].scalars, b = try keras3.predict(Self.inputs)[0].scalars
        XCTAssertGreaterThan(zip(a, b).map { abs($0 - $1) }.max() ?? 0, 1e-3)
    }

    func testTheKeras2WriterLeavesTheOptionsUnsaidAndTheReaderGivesThemBack() throws {
        let tf = try model(keras2: true)
        let dialect = try KerasConfigDialect.keras2(try tf.kerasConfig()).serialized()
        for key in KerasConfigMeanings.keys { XCTAssertFalse(dialect.contains(key), "\(key) in \(dialect)") }
        let dir = try TemporaryFolder()
        let url = dir.url.appendingPathComponent("meanings.keras2.h5")
        try KerasModelFile.save(tf, to: url, keras2: true)
        let again = try KerasModelFile.load(url).model
        XCTAssertEqual((again.layer(named: "add") as? Merge)?.maskRule, .all)
        XCTAssertEqual(try again.predict(Self.inputs)[0].scalars, try tf.predict(Self.inputs)[0].scalars)
    }

    func testTheKeras3WritersDropOrRefuseTheOptions() throws {
        let dir = try TemporaryFolder()
        // Migrated from Keras 2 without hard_sigmoid: mask_rule and normalize_epsilon are dropped.
        let migrated = try model(keras2: true, Self.config.replacingOccurrences(of: "hard_sigmoid", with: "sigmoid"))
        let url = dir.url.appendingPathComponent("migrated.keras")
        try KerasModelFile.save(migrated, to: url)
        let text = try KerasModelFile.load(url).model.kerasConfig().serialized()
        for key in KerasConfigMeanings.keys { XCTAssertFalse(text.contains(key), "\(key) in \(text)") }
        // Options of Keras 3's meaning in a model not read from Keras 2 are dropped too.
        let keras3Valued = Self.config.replacingOccurrences(of: "\"name\": \"add\", ", with: "\"name\": \"add\", \"mask_rule\": \"any\", ")
            .replacingOccurrences(of: "\"normalize\": true,", with: "\"normalize\": true, \"normalize_epsilon\": 1e-7,")
            .replacingOccurrences(of: "hard_sigmoid", with: "sigmoid")
        let plain = dir.url.appendingPathComponent("plain.keras")
        try KerasModelFile.save(try model(keras2: false, keras3Valued), to: plain)
        let plainText = try KerasModelFile.load(plain).model.kerasConfig().serialized()
        for key in KerasConfigMeanings.keys { XCTAssertFalse(plainText.contains(key), "\(key) in \(plainText)") }
        // A checkpoint of a model read from Keras 2: its config keeps tf_keras's options but not
        // the Keras 2 reading; no Keras 3 config has its meaning.
        let resumed = try Model.fromKeras(config: try model(keras2: true).kerasConfig(), seed: 3)
        XCTAssertFalse(resumed.readAsKeras2)
        XCTAssertEqual((resumed.layer(named: "add") as? Merge)?.maskRule, .all)
        XCTAssertThrowsError(try KerasModelFile.save(resumed, to: dir.url.appendingPathComponent("resumed.keras"))) { error in
            XCTAssertEqual("\(error)", "Add 'add': its config's mask_rule \"all\" is not Keras 3's meaning; no Keras 3 config has this model's "
                           + "meaning (write it as a Keras 2 file: --keras2)")
        }
    }
}
