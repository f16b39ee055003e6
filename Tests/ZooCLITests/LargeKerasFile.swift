import Foundation
import XCTest

/// Writes, with h5py, a Keras 3 legacy full-model file of 15,164,392 parameters —
/// Embedding(8000, 128) → LSTM(1024, return_sequences) → LSTM(1024) → Dense(1000) — with random
/// weights (61 MB), for timing what loading costs without initializers.
enum LargeKerasFile {
    static let parameters = "15,164,392"

    static let script = #"""
import json, sys, h5py, numpy as np
rng = np.random.default_rng(0)
layers = [("embedding", "Embedding", {"input_dim": 8000, "output_dim": 128}, [("embeddings", (8000, 128))]),
          ("lstm", "LSTM", {"units": 1024, "return_sequences": True},
           [("lstm_cell/kernel", (128, 4096)), ("lstm_cell/recurrent_kernel", (1024, 4096)), ("lstm_cell/bias", (4096,))]),
          ("lstm_1", "LSTM", {"units": 1024},
           [("lstm_cell/kernel", (1024, 4096)), ("lstm_cell/recurrent_kernel", (1024, 4096)), ("lstm_cell/bias", (4096,))]),
          ("dense", "Dense", {"units": 1000}, [("kernel", (1024, 1000)), ("bias", (1000,))])]
entries = [{"class_name": "InputLayer", "config": {"batch_shape": [None, None], "dtype": "int32", "name": "input"}}]
entries += [{"class_name": c, "config": dict(name=n, **k)} for n, c, k, _ in layers]
with h5py.File(sys.argv[1], "w") as f:
    f.attrs["keras_version"] = "3.15.1"
    f.attrs["backend"] = "jax"
    f.attrs["model_config"] = json.dumps({"class_name": "Sequential", "config": {"name": "sequential", "layers": entries}})
    weights = f.create_group("model_weights")
    weights.attrs["layer_names"] = np.array([n.encode() for n, _, _, _ in layers])
    for name, _, _, variables in layers:
        group = weights.create_group(name)
        paths = ["sequential/%s/%s" % (name, v) for v, _ in variables]
        group.attrs["weight_names"] = np.array([p.encode() for p in paths])
        for path, (_, shape) in zip(paths, variables):
            group.create_dataset(path, data=rng.standard_normal(shape, dtype="f4") * 0.05)
"""#

    /// Writes the file at `url`.
    static func write(to url: URL) throws {
        try HostileHDF5Files.run(script, [url.path], what: "the large model")
    }
}
