"""Writes Tests/ZooCoreTests/Fixtures/keras/NAME.json and NAME.keras2.json for the public fixture
models: the model config (from the .keras archive), every layer's weights as real Keras 3 loads
them, and the fixture's inputs and expected outputs. Verifies Keras's own predict first.

  KERAS_BACKEND=jax .venv/bin/python tools/keras_golden/dump_fixtures.py [FIXTURES_DIR]
"""
import json
import os
import sys
import zipfile

os.environ.setdefault("KERAS_BACKEND", "jax")
import keras  # noqa: E402
import numpy as np  # noqa: E402

from golden import OUT, weights_of, write  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "fixtures")
NAMES = ["simple_rnn_classifier", "lstm_regressor", "gru_classifier", "bilstm_tagger", "seq2seq",
         "attention_lstm_additive", "char_lm"]


def archive_json(path, member):
    with zipfile.ZipFile(path) as z:
        return json.loads(z.read(member))


def main():
    for name in NAMES:
        keras_dir = os.path.join(FIXTURES, "keras")
        model = keras.saving.load_model(os.path.join(keras_dir, name + ".keras"), compile=False)
        weights = weights_of(model)
        for suffix, archive, io_name in [("", name + ".keras", name + ".io.json"),
                                         (".keras2", name + ".keras2.keras", name + ".keras2.io.json")]:
            io = json.load(open(os.path.join(keras_dir, io_name)))
            inputs = [np.array(i["data"], dtype=i["dtype"]).reshape(i["shape"]) for i in io["inputs"]]
            if not suffix:
                got = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
                got = got if isinstance(got, list) else [got]
                for g, e in zip(got, io["outputs"]):
                    err = float(np.max(np.abs(g - np.array(e["data"], dtype=np.float32).reshape(e["shape"]))))
                    assert err <= 1e-5, (name, err)
            config = archive_json(os.path.join(keras_dir, archive), "config.json")
            config.pop("compile_config", None)
            meta = archive_json(os.path.join(keras_dir, archive), "metadata.json")
            write(os.path.join(OUT, name + suffix + ".json"), {
                "name": name, "keras_version": meta["keras_version"], "source": archive,
                "config": config, "weights": weights, "inputs": io["inputs"], "outputs": io["outputs"]})


if __name__ == "__main__":
    main()
