import Foundation
import KerasFormat
import XCTest
import ZooCore

/// The Keras 2 → 3 config migration on the older Keras 2 forms tf_keras 2.21 no longer writes
/// (initializers, regularizers and constraints without a module, a `Policy` dtype, Attention's
/// `causal`), beside `time_major`, `input_length`, `batch_input_shape`, a Keras 2 InputLayer and
/// nested-list inbound nodes: the `.keras` we write holds Keras 3's forms, and real Keras 3 loads
/// it and predicts our outputs; and the shared fixtures tf_keras wrote (`.keras2.h5` and
/// `.keras2.keras`) converted to `.keras` load in real Keras 3 and predict tf_keras's outputs.
/// (Keras2ConvertTests converts tutorial-shaped files tf_keras writes in the test.)
final class Keras2MigrationTests: XCTestCase {
    static let config = """
    {"class_name": "Functional", "config": {"name": "old_keras2", "layers": [
      {"class_name": "InputLayer", "name": "tokens", "inbound_nodes": [],
       "config": {"batch_input_shape": [null, null], "dtype": "int32", "sparse": false, "ragged": false, "name": "tokens"}},
      {"class_name": "Embedding", "name": "embedding", "inbound_nodes": [[["tokens", 0, 0, {}]]],
       "config": {"name": "embedding", "trainable": true, "batch_input_shape": [null, null], "dtype": "float32", "input_dim": 12,
                  "output_dim": 4, "embeddings_initializer": {"class_name": "RandomUniform", "config": {"minval": -0.05, "maxval": 0.05, "seed": null}},
                  "embeddings_regularizer": {"class_name": "L1L2", "config": {"l1": 0.0, "l2": 0.01}}, "mask_zero": false, "input_length": 6}},
      {"class_name": "LSTM", "name": "lstm", "inbound_nodes": [[["embedding", 0, 0, {}]]],
       "config": {"name": "lstm", "trainable": true, "dtype": {"class_name": "Policy", "config": {"name": "float32"}}, "units": 3,
                  "return_sequences": true, "time_major": false, "unroll": false, "implementation": 2,
                  "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}},
                  "recurrent_initializer": {"class_name": "Orthogonal", "config": {"gain": 1.0, "seed": null}},
                  "kernel_constraint": {"class_name": "MaxNorm", "config": {"max_value": 2, "axis": 0}}}},
      {"class_name": "Attention", "name": "attention", "inbound_nodes": [[["lstm", 0, 0, {}], ["lstm", 0, 0, {}]]],
       "config": {"name": "attention", "trainable": true, "dtype": "float32", "use_scale": false, "causal": true}},
      {"class_name": "TimeDistributed", "name": "out", "inbound_nodes": [[["attention", 0, 0, {}]]],
       "config": {"name": "out", "trainable": true, "dtype": "float32",
                  "layer": {"class_name": "Dense", "config": {"name": "dense", "units": 2, "activation": "linear", "dtype": "float32",
                                                               "bias_regularizer": {"class_name": "L2", "config": {"l2": 0.001}}}}}}],
      "input_layers": [["tokens", 0, 0]], "output_layers": [["out", 0, 0]]}}
    """

    func testOldKeras2FormsBecomeKeras3sAndKeras3Loads() throws {
        let model = try KerasConfigMeanings.model(config: try JSONValue.parse(Self.config), keras2: true, seed: 4)
        let dir = try TemporaryFolder()
        let url = dir.url.appendingPathComponent("old_keras2.keras")
        try KerasModelFile.save(model, to: url)
        // The layer configs as the file holds them (the model read back keeps each one as read).
        let text = try KerasModelFile.load(url).model.kerasConfig().serialized()
        for gone in ["time_major", "input_length", "batch_input_shape", "\"causal\"", "\"Policy\""] {
            XCTAssertFalse(text.contains(gone), "\(gone) left in \(text)")
        }
        for kept in ["\"use_causal_mask\":true", "\"module\":\"keras.initializers\"", "\"module\":\"keras.regularizers\"",
                     "\"module\":\"keras.constraints\"", "\"DTypePolicy\"", "\"batch_shape\":[null,null]"] {
            XCTAssertTrue(text.contains(kept), "\(kept) missing from \(text)")
        }

        let tokens = Tensor(shape: [2, 6], scalars: [3, 5, 1, 7, 2, 9, 4, 4, 8, 1, 11, 6])
        let expected = try model.predict([tokens])[0]
        guard let python = KerasFixtures.python else {
            throw XCTSkip("NO KERAS CHECK: the test venv (.venv/bin/python with keras, jax, h5py) is missing; run scripts/setup.sh")
        }
        let script = """
        import json, sys, keras, numpy as np
        m = keras.saving.load_model(sys.argv[1])
        got = m.predict(np.array(json.loads(sys.argv[2]), dtype="int32").reshape(2, 6), verbose=0)
        print("max abs error", float(np.max(np.abs(got - np.array(json.loads(sys.argv[3]), dtype=np.float32).reshape(got.shape)))))
        """
        let (status, output) = try KerasFixtures.run(python, ["-c", script, url.path, "\(tokens.scalars.map { Int($0) })", "\(expected.scalars)"],
                                                     environment: ["KERAS_BACKEND": "numpy"])
        XCTAssertEqual(status, 0, output)
        let error = Double(output.split(separator: "\n").last { $0.hasPrefix("max abs error ") }?.dropFirst(14) ?? "") ?? .infinity
        XCTAssertLessThanOrEqual(error, 1e-5, output)
    }

    func testKeras2FixturesConvertToArchivesKeras3Loads() throws {
        guard let python = KerasFixtures.python else {
            throw XCTSkip("NO KERAS CHECK: the test venv (.venv/bin/python with keras, jax, h5py) is missing; run scripts/setup.sh")
        }
        let dir = try TemporaryFolder()
        for name in KerasFixtures.models {
            for suffix in [".keras2.h5", ".keras2.keras"] {
                let model = try KerasModelFile.load(KerasFixtures.file(name + suffix)).model
                try KerasModelFile.save(model, to: dir.url.appendingPathComponent(name + suffix + ".keras"))
            }
        }
        let script = """
        import json, sys, keras, numpy as np
        worst = 0.0
        for name in sys.argv[3:]:
            io = json.load(open(f"{sys.argv[2]}/{name}.keras2.io.json"))
            x = [np.array(i["data"], dtype=i.get("dtype", "float32")).reshape(i["shape"]) for i in io["inputs"]]
            for suffix in (".keras2.h5.keras", ".keras2.keras.keras"):
                got = keras.saving.load_model(f"{sys.argv[1]}/{name}{suffix}").predict(x if len(x) > 1 else x[0], verbose=0)
                got = list(got) if isinstance(got, (list, tuple)) else [got]
                for g, o in zip(got, io["outputs"]):
                    worst = max(worst, float(np.max(np.abs(np.asarray(g) - np.array(o["data"], dtype=np.float32).reshape(o["shape"])))))
        print("max abs error", worst)
        """
        let (status, output) = try KerasFixtures.run(python, ["-c", script, dir.url.path, KerasFixtures.folder.path] + KerasFixtures.models,
                                                     environment: ["KERAS_BACKEND": "numpy"])
        print(output)
        XCTAssertEqual(status, 0, output)
        let error = Double(output.split(separator: "\n").last { $0.hasPrefix("max abs error ") }?.dropFirst(14) ?? "") ?? .infinity
        XCTAssertLessThanOrEqual(error, 1e-5, output)
    }

    /// A Keras 3 call given a mask other than its input's has no tf_keras form: `--keras2` refuses
    /// it in one line; recorded masks equal to the propagated ones are written as before.
    func testKeras2FileRefusesAnExplicitMaskTfKerasWouldNotPass() throws {
        let cases = KerasFixtures.repository.appendingPathComponent("Tests/ZooCoreTests/Fixtures/keras/cases")
        let dir = try TemporaryFolder()
        for (name, refused) in [("explicit_mask_lstm", "LSTM 'lstm'"), ("initial_state_gru_explicit_mask", "GRU 'dec_gru'"),
                                ("mask_through_time_distributed_dropout", nil), ("masking_layer_zero_lstm", nil)] {
            let json = try JSONValue.parse(Data(contentsOf: cases.appendingPathComponent(name + ".json")))
            let model = try Model.fromKeras(config: try XCTUnwrap(json["config"]), seed: 1)
            let url = dir.url.appendingPathComponent(name + ".keras2.h5")
            if let refused {
                XCTAssertThrowsError(try KerasModelFile.save(model, to: url, keras2: true), name) { error in
                    XCTAssertEqual("\(error)", "\(refused): its call is given a mask other than the one its input carries, which a Keras 2 config "
                                   + "cannot pass (tf_keras uses the input's own mask); write it for Keras 3 (without --keras2)")
                }
                XCTAssertFalse(FileManager.default.fileExists(atPath: url.path), name)
            } else {
                XCTAssertNoThrow(try KerasModelFile.save(model, to: url, keras2: true), name)
            }
        }
    }
}
