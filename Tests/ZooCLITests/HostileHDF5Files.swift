import Foundation
import XCTest

/// Writes the hostile HDF5 files of `HostileKerasFileTests` with h5py (the test venv's Python):
/// Keras 3 legacy full-model files (`model_config` + `model_weights/`) of a Dense model whose
/// kernel is stored in some hostile way.
enum HostileHDF5Files {
    /// The test venv's Python (scripts/setup.sh makes it), or a loud skip.
    static func python() throws -> URL {
        let venv = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: venv.path) else {
            throw XCTSkip("NO HOSTILE HDF5 FILES: the test venv (.venv/bin/python with h5py) is missing; run scripts/setup.sh")
        }
        return venv
    }

    /// The script: `python - KIND OUT [SECRET]` writes one file. A Dense(`units`) on inputs of
    /// `features` features, with `kind` choosing how the kernel is stored.
    static let script = #"""
import json, sys, h5py, numpy as np
kind, out = sys.argv[1], sys.argv[2]
secret = sys.argv[3] if len(sys.argv) > 3 else None
features, units = {"bomb": (4096, 16384)}.get(kind, (4, 3))
units_in_config = {"units_1e12": 1e12, "units_2_62": 2.0 ** 62}.get(kind, units)
config = {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
    {"class_name": "InputLayer", "config": {"batch_shape": [None, features], "dtype": "float32", "name": "input"}},
    {"class_name": "Dense", "config": {"name": "dense", "units": units_in_config, "activation": "linear", "use_bias": True}}]}}
with h5py.File(out, "w") as f:
    f.attrs["keras_version"] = "3.15.1"
    f.attrs["backend"] = "jax"
    f.attrs["model_config"] = json.dumps(config)
    weights = f.create_group("model_weights")
    weights.attrs["layer_names"] = np.array([b"dense"])
    layer = weights.create_group("dense")
    layer.attrs["weight_names"] = np.array([b"sequential/dense/kernel", b"sequential/dense/bias"])
    group = layer.create_group("sequential/dense")
    shape = (features, units)
    group.create_dataset("bias", data=np.zeros(units, "f4"))
    if kind == "external":
        group.create_dataset("kernel", shape=shape, dtype="f4", external=[(secret, 0, 4 * features * units)])
    elif kind == "virtual":
        with h5py.File(out + ".source.h5", "w") as source:
            source.create_dataset("data", data=np.frombuffer(open(secret, "rb").read(), "f4").reshape(shape))
        layout = h5py.VirtualLayout(shape=shape, dtype="f4")
        layout[:] = h5py.VirtualSource(out + ".source.h5", "data", shape=shape)
        group.create_virtual_dataset("kernel", layout)
    elif kind == "external_link":
        with h5py.File(out + ".target.h5", "w") as target:
            target.create_dataset("data", data=np.frombuffer(open(secret, "rb").read(), "f4").reshape(shape))
        group["kernel"] = h5py.ExternalLink(out + ".target.h5", "/data")
    elif kind == "deep_soft_link":
        with h5py.File(out + ".target.h5", "w") as target:
            target.create_dataset("data", data=np.frombuffer(open(secret, "rb").read(), "f4").reshape(shape))
        deep = "/" + "/".join("d%d" % i for i in range(70))
        f.create_group(deep)["outside"] = h5py.ExternalLink(out + ".target.h5", "/data")
        group["kernel"] = h5py.SoftLink(deep + "/outside")
    elif kind == "bomb":
        kernel = group.create_dataset("kernel", shape=shape, dtype="f4", chunks=(features, 1024), compression="gzip", compression_opts=1)
        zeros = np.zeros((features, 1024), "f4")
        for start in range(0, units, 1024):
            kernel[:, start:start + 1024] = zeros
    else:
        group.create_dataset("kernel", data=np.ones(shape, "f4"))
"""#

    /// Writes the file of `kind` at `url` (`secret`: the local file hostile storage points at).
    static func write(_ kind: String, to url: URL, secret: URL? = nil) throws {
        try run(script, [kind, url.path] + (secret.map { [$0.path] } ?? []), what: "the \(kind) file")
    }

    /// Runs a Python `script` with `arguments` in the test venv; skips the test when h5py cannot
    /// write `what`.
    static func run(_ script: String, _ arguments: [String], what: String) throws {
        let process = Process()
        process.executableURL = try python()
        process.arguments = ["-c", script] + arguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw XCTSkip("h5py could not write \(what): \(String(decoding: message, as: UTF8.self).suffix(300))")
        }
    }
}
