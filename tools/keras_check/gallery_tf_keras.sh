#!/usr/bin/env bash
# tf_keras loads what `zoo convert --keras2` writes from every tutorial-gallery file
# (Tests/KerasFormatTests/Fixtures/gallery_keras3 and gallery_tf_keras, written by
# tools/keras_golden/gallery_models.py): each .keras and .h5 of a folder's models.zip is converted
# with the real `zoo` to a Keras 2 full-model .h5, which tf_keras's load_model must load with the
# writer's count_params(), predicting within 1e-5 of the writer's outputs
# (tools/keras_check/check_converted.py --tf-keras). tf_keras is not in the test venv, hence a
# tool and not a test:
#
#   tools/keras_check/gallery_tf_keras.sh [ZOO] [PYTHON]
#
# ZOO defaults to .build/debug/zoo (swift build first), PYTHON to
# ~/.cache/rnnzoo-anchors/venv/bin/python (tensorflow-cpu and tf_keras 2.21). Prints one line per
# file and `ok` (or FAIL) after each source layout's files; exits 1 on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
zoo=${1:-.build/debug/zoo}
python=${2:-$HOME/.cache/rnnzoo-anchors/venv/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
names=()
status=0
for writer in gallery_keras3 gallery_tf_keras; do
  "$python" -m zipfile -e "Tests/KerasFormatTests/Fixtures/$writer/models.zip" "$work/$writer"
  for io in Tests/KerasFormatTests/Fixtures/$writer/*.io.json; do
    name=$(basename "$io" .io.json)
    id=$writer.$name
    cp "$io" "$work/$id.io.json"
    for source in .keras .h5; do
      "$zoo" convert "$work/$writer/$name$source" "$work/$id$source.keras2.h5" --keras2 || status=1
    done
    names+=("$id")
  done
done
for source in .keras .h5; do
  TF_CPP_MIN_LOG_LEVEL=3 "$python" tools/keras_check/check_converted.py --tf-keras "$work" "$source.keras2.h5" "${names[@]}" || status=1
done
exit $status
