#!/bin/sh
# tools/catalog/repack_bundle.sh zoo/NAME/VERSION/NAME.zoo …: rewrites shipped bundles in place
# with the bundle writer's compression (ZooBundle.compression: deflate, level 9), every member's
# bytes unchanged, and records each bundle's new size and sha256 in its card.json and the card's
# new sha256 in zoo/index.json (`zoo publish` would rewrite the card from the bundle's own copy,
# which lacks fields added to the shipped card since).
#
# Needs a debug build (`swift build`): RepackBundle.swift is compiled against its Archive module.
# Python's zipfile then checks, independently, that the old and new bundles hold the same names
# with the same bytes. Run from the repository root.
set -eu
level=9
build=.build/debug
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swiftc -I "$build/Modules" -I formats/Archive/CArchive "$build"/Archive.build/*.o tools/catalog/RepackBundle.swift \
    -L "$build" -lZooSupport -Xlinker -rpath -Xlinker "$PWD/$build" -o "$work/repack-bundle"
for bundle in "$@"; do
    new="$work/$(basename "$bundle")"
    "$work/repack-bundle" "$bundle" "$new" "$level"
    .venv/bin/python - "$bundle" "$new" <<'PY'
import hashlib, json, os, shutil, sys, zipfile
old_path, new_path = sys.argv[1:]
old, new = zipfile.ZipFile(old_path), zipfile.ZipFile(new_path)
assert old.namelist() == new.namelist(), (old.namelist(), new.namelist())
for name in old.namelist():
    assert old.read(name) == new.read(name), name
assert new.testzip() is None
sha = lambda path: hashlib.sha256(open(path, "rb").read()).hexdigest()
card_path = os.path.join(os.path.dirname(old_path), "card.json")
text = open(card_path).read()
(entry,) = [f for f in json.loads(text)["files"] if f["name"] == os.path.basename(old_path)]
assert entry["size"] == os.path.getsize(old_path) and entry["sha256"] == sha(old_path), card_path
old_card_sha = hashlib.sha256(text.encode()).hexdigest()
for before, after in [(f'"size": {entry["size"]},', f'"size": {os.path.getsize(new_path)},'), (entry["sha256"], sha(new_path))]:
    assert text.count(before) == 1, (card_path, before)
    text = text.replace(before, after)
index = open("zoo/index.json").read()
assert index.count(old_card_sha) == 1, old_card_sha
shutil.move(new_path, old_path)
open(card_path, "w").write(text)
open("zoo/index.json", "w").write(index.replace(old_card_sha, hashlib.sha256(text.encode()).hexdigest()))
print(f"{old_path}: {len(old.namelist())} members identical (zipfile), {entry['size'] / 1024:.0f} KiB -> "
      f"{os.path.getsize(old_path) / 1024:.0f} KiB, methods {sorted({i.compress_type for i in new.infolist()})}")
PY
done
