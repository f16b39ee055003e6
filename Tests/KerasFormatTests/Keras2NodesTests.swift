import Foundation
@testable import KerasFormat
import XCTest
import ZooCore

/// tf_keras's nodes in the core's one node form (`KerasConfigDialect.keras3Nodes`): a decoder
/// called with initial states is masked with its input's mask in tf_keras and unmasked in Keras 3;
/// read from Keras 2 its node carries `mask_source` "inputs", which `kerasConfig()` keeps, so a
/// checkpoint of the model (its config read back) computes what the model does, and both Keras
/// writers say it in their dialect. The core refuses a Keras 2 node and a bad `mask_source` in one
/// line. In process, no Python.
final class Keras2NodesTests: XCTestCase {
    /// tokens [B, 4] → Embedding(mask_zero) → LSTM(return_state) encoder; target [B, 4] →
    /// Embedding(mask_zero) → LSTM(return_sequences) decoder from the encoder's states → Dense(2),
    /// in tf_keras's dialect.
    static let config = """
    {"class_name": "Functional", "config": {"name": "encoder_decoder", "layers": [
      {"class_name": "InputLayer", "name": "source", "inbound_nodes": [], "config": {"batch_input_shape": [null, 4], "dtype": "int32", "name": "source"}},
      {"class_name": "InputLayer", "name": "target", "inbound_nodes": [], "config": {"batch_input_shape": [null, 4], "dtype": "int32", "name": "target"}},
      {"class_name": "Embedding", "name": "source_embedding", "inbound_nodes": [[["source", 0, 0, {}]]],
       "config": {"name": "source_embedding", "input_dim": 6, "output_dim": 3, "mask_zero": true, "dtype": "float32"}},
      {"class_name": "Embedding", "name": "target_embedding", "inbound_nodes": [[["target", 0, 0, {}]]],
       "config": {"name": "target_embedding", "input_dim": 6, "output_dim": 3, "mask_zero": true, "dtype": "float32"}},
      {"class_name": "LSTM", "name": "encoder", "inbound_nodes": [[["source_embedding", 0, 0, {}]]],
       "config": {"name": "encoder", "units": 3, "return_state": true, "return_sequences": false, "dtype": "float32"}},
      {"class_name": "LSTM", "name": "decoder", "inbound_nodes": [[["target_embedding", 0, 0, {}], ["encoder", 0, 1, {}], ["encoder", 0, 2, {}]]],
       "config": {"name": "decoder", "units": 3, "return_sequences": true, "dtype": "float32"}},
      {"class_name": "Dense", "name": "out", "inbound_nodes": [[["decoder", 0, 0, {}]]], "config": {"name": "out", "units": 2, "dtype": "float32"}}],
      "input_layers": [["source", 0, 0], ["target", 0, 0]], "output_layers": [["out", 0, 0]]}}
    """
    /// Token ids with padding (0) inside the target rows, where the two meanings differ.
    static let inputs = [Tensor(shape: [2, 4], scalars: [1, 2, 3, 0, 4, 5, 0, 0]), Tensor(shape: [2, 4], scalars: [2, 0, 3, 1, 5, 1, 0, 4])]

    private func keras2Model() throws -> Model {
        try KerasConfigMeanings.model(config: try JSONValue.parse(Data(Self.config.utf8)), keras2: true, seed: 7)
    }

    private func decoderNode(_ config: JSONValue) throws -> JSONValue {
        try XCTUnwrap(config["config"]?["layers"]?.arrayValue?.first { $0["name"]?.stringValue == "decoder" }?["inbound_nodes"]?[0])
    }

    /// The model of `config` with `model`'s weights.
    private func withWeights(of model: Model, _ config: JSONValue) throws -> Model {
        let made = try Model.fromKeras(config: config, seed: 1)
        for (w, v) in zip(made.weights, model.weights) { try w.assign(v.value) }
        return made
    }

    func testAKeras2DecoderCallIsMaskedByItsInputAndACheckpointKeepsIt() throws {
        let tf = try keras2Model()
        let decoder = try XCTUnwrap(tf.calls.first { $0.layer.name == "decoder" })
        XCTAssertEqual(decoder.initialStates, [TensorRef(layer: "encoder", index: 1), TensorRef(layer: "encoder", index: 2)])
        XCTAssertFalse(decoder.unmasked)
        let config = try tf.kerasConfig()
        let node = try decoderNode(config)
        XCTAssertEqual(node["kwargs"]?[CallMaskSource.key]?.stringValue, "inputs")
        XCTAssertNil(node["kwargs"]?["mask"])
        let expected = try tf.predict(Self.inputs)[0].scalars
        // A checkpoint (the config read back as it is) computes the same; without the option the
        // call has Keras 3's meaning, unmasked, and differs at the padded target steps.
        let checkpoint = try withWeights(of: tf, config)
        XCTAssertFalse(checkpoint.readAsKeras2)
        XCTAssertEqual(try checkpoint.predict(Self.inputs)[0].scalars, expected)
        let keras3Node = node.setting("kwargs", .object((node["kwargs"]?.objectValue ?? []).filter { $0.0 != CallMaskSource.key }))
        let layers = try XCTUnwrap(config["config"]?["layers"]?.arrayValue).map {
            $0["name"]?.stringValue == "decoder" ? $0.setting("inbound_nodes", [keras3Node]) : $0
        }
        let keras3 = try withWeights(of: tf, config.setting("config", config["config"]!.setting("layers", .array(layers))))
        XCTAssertTrue(try XCTUnwrap(keras3.calls.first { $0.layer.name == "decoder" }).keepsInputMask)
        let difference = zip(try keras3.predict(Self.inputs)[0].scalars, expected).map { abs($0 - $1) }.max() ?? 0
        XCTAssertGreaterThan(difference, 1e-3)
    }

    func testBothWritersSayTheCallsMaskInTheirDialect() throws {
        let tf = try keras2Model()
        let expected = try tf.predict(Self.inputs)[0].scalars
        let checkpoint = try withWeights(of: tf, try tf.kerasConfig())
        let dir = try TemporaryFolder()
        for (name, model) in [("read", tf), ("checkpoint", checkpoint)] {
            // Keras 3: the mask the target's Embedding makes, explicitly (NotEqual(target, 0)).
            let keras3 = dir.url.appendingPathComponent(name + ".keras")
            try KerasModelFile.save(model, to: keras3)
            let mask = try decoderNode(try KerasConfigMigration.keras3Config(model))["kwargs"]?["mask"]
            XCTAssertEqual(mask?["config"]?["keras_history"]?[0]?.stringValue, "target_not_equal", name)
            XCTAssertFalse(try KerasConfigMigration.keras3Config(model).serialized().contains(CallMaskSource.key), name)
            // Keras 2: tf_keras's own rule, no {"mask": null}.
            let keras2 = dir.url.appendingPathComponent(name + ".keras2.h5")
            try KerasModelFile.save(model, to: keras2, keras2: true)
            let dialect = try KerasConfigDialect.keras2(try model.kerasConfig())
            XCTAssertEqual(try decoderNode(dialect), [["target_embedding", 0, 0, [:]], ["encoder", 0, 1, [:]], ["encoder", 0, 2, [:]]], name)
            for url in [keras3, keras2] {
                XCTAssertEqual(try KerasModelFile.load(url).model.predict(Self.inputs)[0].scalars, expected, url.lastPathComponent)
            }
        }
    }

    func testAMaskNullCallRunsUnmaskedAndDropsItsMask() throws {
        let text = Self.config.replacingOccurrences(of: #"["encoder", 0, 2, {}]]]"#, with: #"["encoder", 0, 2, {"mask": null}]]]"#)
        let model = try KerasConfigMeanings.model(config: try JSONValue.parse(Data(text.utf8)), keras2: true, seed: 7)
        let decoder = try XCTUnwrap(model.calls.first { $0.layer.name == "decoder" })
        XCTAssertTrue(decoder.unmasked)
        XCTAssertFalse(decoder.keepsInputMask)
        XCTAssertEqual(try decoderNode(try model.kerasConfig())["kwargs"]?[CallMaskSource.key]?.stringValue, "none")
        let dialect = try KerasConfigDialect.keras2(try model.kerasConfig())
        XCTAssertEqual(try decoderNode(dialect)[0]?[3], ["mask": nil])
    }

    func testTheCoreRefusesAKeras2NodeAndABadMaskSourceInOneLine() throws {
        let keras2 = try JSONValue.parse(Data(Self.config.utf8))
        XCTAssertThrowsError(try Model.fromKeras(config: keras2)) { error in
            XCTAssertEqual("\(error)", #"Embedding 'source_embedding': inbound node [["source",0,0,{}]] is not in the Keras 3 form {"args", "kwargs"} "#
                           + "(formats/Keras reads Keras 2 configs)")
        }
        let config = try keras2Model().kerasConfig()
        for (value, message) in [(JSONValue.string("sequence"), #"call argument mask_source "sequence" is not "inputs" or "none""#),
                                 (.number(1), #"call argument mask_source 1 is not "inputs" or "none""#)] {
            let layers = try XCTUnwrap(config["config"]?["layers"]?.arrayValue).map { entry -> JSONValue in
                guard entry["name"]?.stringValue == "decoder", let node = entry["inbound_nodes"]?[0] else { return entry }
                return entry.setting("inbound_nodes", [node.setting("kwargs", node["kwargs"]!.setting(CallMaskSource.key, value))])
            }
            XCTAssertThrowsError(try Model.fromKeras(config: config.setting("config", config["config"]!.setting("layers", .array(layers))))) {
                XCTAssertEqual("\($0)", "LSTM 'decoder': " + message)
            }
        }
        let masked = try XCTUnwrap(config["config"]?["layers"]?.arrayValue).map { entry -> JSONValue in
            guard entry["name"]?.stringValue == "decoder", let node = entry["inbound_nodes"]?[0] else { return entry }
            let mask = try XCTUnwrap(node["args"]?[0])
            return entry.setting("inbound_nodes", [node.setting("kwargs", node["kwargs"]!.setting("mask", mask))])
        }
        XCTAssertThrowsError(try Model.fromKeras(config: config.setting("config", config["config"]!.setting("layers", .array(masked))))) {
            XCTAssertEqual("\($0)", "LSTM 'decoder': its call is given both mask_source and mask; give one")
        }
    }

    /// A Keras 3 MultiHeadAttention call written with keyword arguments (`mha(query=e, value=e)`,
    /// recorded as kwargs): the core reads it, its `kerasConfig()` writes the call positionally,
    /// so the tf_keras node is the query with its value beside it (stop 26 suspected an empty
    /// node here), and the `--keras2` file reads back predicting the same.
    func testAKeywordAttentionCallIsWrittenForTfKeras() throws {
        func tensor(_ layer: String, _ shape: JSONValue) -> JSONValue {
            ["class_name": "__keras_tensor__", "config": ["shape": shape, "dtype": "float32", "keras_history": [.string(layer), 0, 0]]]
        }
        let embedded = tensor("embedding", [nil, 5, 4])
        let config: JSONValue = ["class_name": "Functional", "config": ["name": "keyword_attention", "layers": [
            ["class_name": "InputLayer", "name": "tokens", "inbound_nodes": [],
             "config": ["batch_shape": [nil, 5], "dtype": "int32", "name": "tokens"]],
            ["class_name": "Embedding", "name": "embedding",
             "inbound_nodes": [["args": [["class_name": "__keras_tensor__", "config": ["shape": [nil, 5], "dtype": "int32", "keras_history": ["tokens", 0, 0]]]], "kwargs": [:]]],
             "config": ["name": "embedding", "input_dim": 7, "output_dim": 4, "mask_zero": true]],
            ["class_name": "MultiHeadAttention", "name": "mha",
             "inbound_nodes": [["args": [], "kwargs": ["query": embedded, "value": embedded]]],
             "config": ["name": "mha", "num_heads": 2, "key_dim": 3]],
            ["class_name": "GlobalAveragePooling1D", "name": "pool",
             "inbound_nodes": [["args": [tensor("mha", [nil, 5, 4])], "kwargs": [:]]], "config": ["name": "pool"]],
            ["class_name": "Dense", "name": "out", "inbound_nodes": [["args": [tensor("pool", [nil, 4])], "kwargs": [:]]],
             "config": ["name": "out", "units": 2]]],
            "input_layers": [["tokens", 0, 0]], "output_layers": [["out", 0, 0]]]]
        let model = try Model.fromKeras(config: config, seed: 3)
        let tokens = Tensor(shape: [2, 5], scalars: [1, 2, 3, 0, 0, 4, 5, 6, 1, 0])
        let want = try model.predict([tokens])[0]
        let node = try XCTUnwrap(try KerasConfigDialect.keras2(try model.kerasConfig())["config"]?["layers"]?.arrayValue?
            .first { $0["name"]?.stringValue == "mha" }?["inbound_nodes"]?[0])
        XCTAssertEqual(node, [["embedding", 0, 0, ["value": ["embedding", 0, 0]]]])
        let dir = try TemporaryFolder()
        let written = dir.url.appendingPathComponent("keyword_attention.keras2.h5")
        try KerasModelFile.save(model, to: written, keras2: true)
        let again = try KerasModelFile.load(written).model
        XCTAssertEqual(try again.predict([tokens])[0].scalars, want.scalars)
    }
}
