"""Writes a model card (card.json) for a bundle folder in zoo/ and rebuilds zoo/index.json.

    python3 tools/catalog/make_card.py zoo/poetry-tang-lstm card-input.json

card-input.json holds the card fields a person decides (name, version, family, task, summary,
architecture, parameters, training data and license, metrics, training settings); this script
adds the files with their size and sha256, then lists every card of zoo/ in zoo/index.json.
"""
import hashlib
import json
import os
import sys

bundle, spec_path = sys.argv[1:3]
card = json.load(open(spec_path, encoding="utf-8"))
files = []
for name in sorted(os.listdir(bundle)):
    if name == "card.json":
        continue
    data = open(os.path.join(bundle, name), "rb").read()
    files.append({"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
card["files"] = files
with open(os.path.join(bundle, "card.json"), "w", encoding="utf-8") as f:
    json.dump(card, f, ensure_ascii=False, indent=2)
    f.write("\n")

zoo = os.path.dirname(os.path.abspath(bundle))
models = []
for entry in sorted(os.listdir(zoo)):
    path = os.path.join(zoo, entry, "card.json")
    if os.path.exists(path):
        c = json.load(open(path, encoding="utf-8"))
        digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
        models.append({k: c[k] for k in ("name", "version", "family", "task", "summary", "parameters") if k in c}
                      | {"path": entry, "card_sha256": digest})
with open(os.path.join(zoo, "index.json"), "w", encoding="utf-8") as f:
    json.dump({"format": "rnnzoo-catalog", "version": 1, "models": models}, f, ensure_ascii=False, indent=2)
    f.write("\n")
print(f"{bundle}: {len(files)} files; index lists {len(models)} models")
