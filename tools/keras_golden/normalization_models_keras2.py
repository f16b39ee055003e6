"""Writes Tests/ONNXFormatTests/Fixtures/NAME.h5 and NAME.io.json: models with LayerNormalization
and BatchNormalization saved by tf_keras 2.21 (Keras 2), whose configs differ from Keras 3's
(`axis` as a list of positive axes, no `rms_scaling`, `synchronized` or `renorm` keys), with
inputs, tf_keras's outputs and `count_params()`. NormalizationModelTests loads them and has
Keras 3 load the conversion of the one without recurrent layers (Keras 2 LSTM configs are
migrated elsewhere).

- tf_keras_lstm_norm: LSTM(return_sequences) → LayerNormalization → BatchNormalization → LSTM → Dense.
- tf_keras_dense_norm: Dense → SpatialDropout1D → LayerNormalization over time and features →
  GaussianNoise → BatchNormalization on the time axis → GaussianDropout → AlphaDropout →
  ActivityRegularization → Dense, on a fixed length (tf_keras's SpatialDropout1D config has
  `trainable` and `noise_shape`, which Keras 3's refuses).

  python tools/keras_golden/normalization_models_keras2.py     # a venv with tensorflow-cpu and tf_keras
"""
import os
import zlib

os.environ["TF_USE_LEGACY_KERAS"] = "1"
import numpy as np  # noqa: E402
import tf_keras as keras  # noqa: E402
from tf_keras import layers  # noqa: E402

from golden import ROOT, tensor, write  # noqa: E402

OUT = os.path.join(ROOT, "Tests", "ONNXFormatTests", "Fixtures")


def lstm_norm():
    x = keras.Input((None, 3), name="features")
    y = layers.LSTM(5, return_sequences=True, name="lstm_1")(x)
    y = layers.LayerNormalization(name="layer_norm")(y)
    y = layers.BatchNormalization(momentum=0.9, name="batch_norm")(y)
    y = layers.LSTM(4, name="lstm_2")(y)
    return keras.Model(x, layers.Dense(2, name="head")(y), name="tf_keras_lstm_norm")


def dense_norm():
    x = keras.Input((7, 3), name="features")
    y = layers.Dense(4, name="dense")(x)
    y = layers.SpatialDropout1D(0.2, name="spatial_dropout")(y)
    y = layers.LayerNormalization(axis=[1, 2], name="layer_norm")(y)
    y = layers.GaussianNoise(0.3, name="gaussian_noise")(y)
    y = layers.BatchNormalization(axis=1, name="batch_norm")(y)
    y = layers.GaussianDropout(0.2, name="gaussian_dropout")(y)
    y = layers.AlphaDropout(0.1, name="alpha_dropout")(y)
    y = layers.ActivityRegularization(l1=0.01, name="activity_regularization")(y)
    return keras.Model(x, layers.Dense(2, name="head")(y), name="tf_keras_dense_norm")


def main():
    for build in (lstm_norm, dense_norm):
        model = build()
        name = model.name
        keras.utils.set_random_seed(zlib.crc32(name.encode()))
        rng = np.random.default_rng(zlib.crc32(name.encode()))
        for v in model.weights:
            bounds = (0.5, 1.5) if "moving_variance" in v.name else (-0.7, 0.7)
            v.assign(rng.uniform(*bounds, v.shape).astype(np.float32))
        data = rng.normal(size=(4, 7, 3)).astype(np.float32)
        got = model.predict(data, verbose=0)
        model.save(os.path.join(OUT, name + ".h5"))
        write(os.path.join(OUT, name + ".io.json"), {
            "model": name, "produced_by": f"tf_keras {keras.__version__} Model.predict, tools/keras_golden/normalization_models_keras2.py",
            "count_params": model.count_params(), "inputs": [tensor(data, "features")], "outputs": [tensor(got, model.outputs[0].name)]})
        print(name)


if __name__ == "__main__":
    main()
