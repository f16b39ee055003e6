"""Golden numbers for the optimizers and losses, from real Keras 3 (run with KERAS_BACKEND=jax).

optimizers.json: two apply() steps of each optimizer on two variables with fixed gradients;
losses.json: each loss's value and its gradient (jax.grad) on small fixed predictions.
"""
import os

os.environ.setdefault("KERAS_BACKEND", "jax")
import jax
import keras
import numpy as np

from golden import ROOT, tensor, write

TRAINING_OUT = os.path.join(ROOT, "Tests", "ZooCoreTests", "Fixtures", "training")
W0 = [np.array([0.5, -1.25, 2.0, 0.0], np.float32), np.array([1.0, -2.0], np.float32)]
GRADS = [[np.array([0.1, -0.4, 3.0, -0.02], np.float32), np.array([2.0, 1.0], np.float32)],
         [np.array([-0.3, 0.2, 1.5, 0.05], np.float32), np.array([2.0, 1.0], np.float32)]]
OPTIMIZERS = {
    "sgd": lambda: keras.optimizers.SGD(learning_rate=0.1),
    "sgd_momentum": lambda: keras.optimizers.SGD(learning_rate=0.1, momentum=0.9),
    "sgd_nesterov": lambda: keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True),
    "adam": lambda: keras.optimizers.Adam(learning_rate=0.01),
    "adamw": lambda: keras.optimizers.AdamW(learning_rate=0.01, weight_decay=0.1),
    "rmsprop": lambda: keras.optimizers.RMSprop(learning_rate=0.01),
    "rmsprop_momentum": lambda: keras.optimizers.RMSprop(learning_rate=0.01, momentum=0.5),
    "adam_clipnorm": lambda: keras.optimizers.Adam(learning_rate=0.01, clipnorm=1.0),
    "sgd_clipnorm": lambda: keras.optimizers.SGD(learning_rate=0.1, clipnorm=1.0),
    "sgd_clipvalue": lambda: keras.optimizers.SGD(learning_rate=0.1, clipvalue=0.25),
    "sgd_global_clipnorm": lambda: keras.optimizers.SGD(learning_rate=0.1, global_clipnorm=1.0),
}


def optimizer_steps():
    out = {"initial": [tensor(w) for w in W0], "gradients": [[tensor(g) for g in step] for step in GRADS], "cases": {}}
    for name, make in OPTIMIZERS.items():
        opt = make()
        variables = [keras.Variable(w.copy()) for w in W0]
        opt.build(variables)
        steps = []
        for grads in GRADS:
            opt.apply([keras.ops.convert_to_tensor(g) for g in grads], variables)
            steps.append([tensor(np.asarray(v.value)) for v in variables])
        out["cases"][name] = {"config": {k: v for k, v in opt.get_config().items() if isinstance(v, (int, float, bool)) and v is not None},
                              "steps": steps}
    write(os.path.join(TRAINING_OUT, "optimizers.json"), out)


def losses():
    rng = np.random.default_rng(7)
    logits = rng.normal(size=(2, 3, 5)).astype(np.float32)
    probs = np.asarray(keras.ops.softmax(logits)).astype(np.float32)
    labels = rng.integers(0, 5, size=(2, 3)).astype(np.float32)
    onehot = np.eye(5, dtype=np.float32)[labels.astype(int)]
    binary_logits = rng.normal(size=(4, 2)).astype(np.float32)
    binary_probs = (1 / (1 + np.exp(-binary_logits))).astype(np.float32)
    binary_probs[0, 0] = 1.0
    binary_targets = rng.integers(0, 2, size=(4, 2)).astype(np.float32)
    regression = rng.normal(size=(3, 4)).astype(np.float32)
    regression_targets = rng.normal(size=(3, 4)).astype(np.float32)
    cases = {
        "mse": (keras.losses.MeanSquaredError(), regression, regression_targets),
        "mae": (keras.losses.MeanAbsoluteError(), regression, regression_targets),
        "binary_crossentropy": (keras.losses.BinaryCrossentropy(), binary_probs, binary_targets),
        "binary_crossentropy_logits": (keras.losses.BinaryCrossentropy(from_logits=True), binary_logits, binary_targets),
        "categorical_crossentropy": (keras.losses.CategoricalCrossentropy(), probs, onehot),
        "categorical_crossentropy_logits": (keras.losses.CategoricalCrossentropy(from_logits=True), logits, onehot),
        "sparse_categorical_crossentropy": (keras.losses.SparseCategoricalCrossentropy(), probs, labels),
        "sparse_categorical_crossentropy_logits": (keras.losses.SparseCategoricalCrossentropy(from_logits=True), logits, labels),
    }
    out = {}
    for name, (loss, pred, target) in cases.items():
        value, grad = jax.value_and_grad(lambda p: loss(target, p))(pred)
        out[name] = {"prediction": tensor(pred), "target": tensor(target), "loss": float(value), "gradient": tensor(grad)}
    write(os.path.join(TRAINING_OUT, "losses.json"), out)


if __name__ == "__main__":
    optimizer_steps()
    losses()
