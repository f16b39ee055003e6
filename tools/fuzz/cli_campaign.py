"""A hostile-input campaign against the real `zoo` binary, end to end.

The in-process fuzz tests (Tests/*/…Fuzz…) flip bytes; this driver makes STRUCTURE-AWARE
mutations that get past the outer checks and reach the inner parsers: zip members rewritten with
their CRCs recomputed, HDF5 files edited with h5py (datasets with other shapes, dtypes, huge
declared extents, NaN; attributes and JSON configs that lie consistently), JSON configs with
types, sizes and nesting changed, checkpoints re-framed with a valid checksum, MIDI files whose
chunk lengths are right but whose events lie, registries whose checksums are recomputed after
the card or bundle was changed. Each mutant goes through a `zoo` command (summary, predict,
convert, fetch, info, cache verify, publish, eval, generate music --primer) under a 30 s timeout
and a 6 GiB address-space limit; rc, signal, seconds, peak RSS, stderr, files left beside the
output and anything written outside the run's folders are recorded.

A run is OK when it exits 0, or non-zero with ONE stderr line naming the input; anything else
(a signal, a Swift trap, a timeout, several lines, a line not naming the file, a peak RSS far
above the unmutated seed's, a temporary file left in the output folder, a file written outside)
is a FINDING, deduplicated by (command, signal/rc, kind, first stderr line with numbers and the
run's paths stripped). Each new finding's inputs are kept in OUT/NNN-…/ with `reproduce.sh`.

Run from the checkout after `swift build -c release` (not part of the test suite):

    nice -n 10 .venv/bin/python tools/fuzz/cli_campaign.py --minutes 15 --seed 1 --out /tmp/fuzz-findings

`--zoo PATH` picks another binary, `--only summary,predict` limits the commands.
"""
import argparse
import hashlib
import io
import json
import os
import random
import re
import resource
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import warnings
import zipfile

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KERAS = os.path.join(ROOT, "..", "shared", "fixtures", "keras")
ESCAPE = "zooescape"
LIMIT_AS = 6 << 30


# ---------------------------------------------------------------- running zoo

class Result:
    def __init__(self, **fields):
        self.__dict__.update(fields)


def run_zoo(zoo, args, run_dir, env_extra=None, timeout=30):
    """Runs `zoo ARGS` under /usr/bin/time (the peak RSS of zoo alone) in run_dir/cwd with HOME,
    TMPDIR and ZOO_HOME inside run_dir."""
    for sub in ("cwd", "tmp", "home", "out"):
        os.makedirs(os.path.join(run_dir, sub), exist_ok=True)
    env = {"PATH": "/usr/bin:/bin", "HOME": os.path.join(run_dir, "home"), "TMPDIR": os.path.join(run_dir, "tmp"),
           "ZOO_HOME": os.path.join(run_dir, "zoohome"), "LANG": "C.UTF-8"}
    env.update(env_extra or {})

    def limits():
        os.setsid()
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT_AS, LIMIT_AS))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    err_path = os.path.join(run_dir, "stderr.txt")
    usage_path = os.path.join(run_dir, "usage.txt")
    with open(err_path, "wb") as err, open(os.path.join(run_dir, "stdout.txt"), "wb") as out:
        start = time.monotonic()
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", usage_path, zoo] + args, cwd=os.path.join(run_dir, "cwd"), env=env, stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL, preexec_fn=limits)
        timed_out = False
        while True:
            if proc.poll() is not None:
                break
            if time.monotonic() - start > timeout:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                break
            time.sleep(0.01)
        seconds = time.monotonic() - start
    stderr = open(err_path, "rb").read().decode("utf-8", "replace")
    usage = open(usage_path).read() if os.path.exists(usage_path) else ""
    killed = re.search(r"terminated by signal ([0-9]+)", usage)
    rss = re.findall(r"^([0-9]+)$", usage, re.M)
    return Result(rc=None if killed or timed_out else proc.returncode,
                  signal=int(killed.group(1)) if killed else None,
                  timed_out=timed_out, seconds=seconds, rss_mb=int(rss[-1]) / 1024.0 if rss else 0.0,
                  stderr=stderr, lines=[l for l in stderr.splitlines() if l.strip()])


def leftovers(run_dir, expected):
    """Files in run_dir's out, cwd and tmp that are not the expected outputs."""
    found = []
    for sub in ("out", "cwd", "tmp", "home"):
        base = os.path.join(run_dir, sub)
        for folder, _, files in os.walk(base):
            for name in files:
                path = os.path.join(folder, name)
                if path not in expected:
                    found.append(os.path.relpath(path, run_dir))
    return found


def escaped_files(run_dir):
    """Files named after ESCAPE outside run_dir: an archive or registry entry that got out."""
    found = []
    for base in {"/tmp", os.path.dirname(run_dir), os.path.dirname(os.path.dirname(run_dir))}:
        try:
            found += [os.path.join(base, n) for n in os.listdir(base) if ESCAPE in n]
        except OSError:
            pass
    return found


# ---------------------------------------------------------------- mutators

NUMBERS = [0, -1, 1, 2 ** 31, 2 ** 31 - 1, 2 ** 32 + 3, 2 ** 53, 2 ** 63 - 1, -2 ** 63, 10 ** 12, 3.5, -0.0, 1e308, -1e308, 1e-320]
STRINGS = ["", "LSTM", "GRU", "Dense", "Lambda", "Functional", "Sequential", "InputLayer", "float64", "int8", "bfloat16",
           "../" * 6 + ESCAPE, "/tmp/" + ESCAPE, "a" * 100000, "\u0000", "\x1b[31mred", "名字", "NaN", "None"]


def random_value(rng):
    choice = rng.randrange(9)
    if choice == 0:
        return None
    if choice == 1:
        return rng.choice([True, False])
    if choice in (2, 3):
        return rng.choice(NUMBERS)
    if choice == 4:
        return rng.choice(STRINGS)
    if choice == 5:
        return [rng.choice(NUMBERS) for _ in range(rng.randrange(5))]
    if choice == 6:
        return {"class_name": rng.choice(STRINGS), "config": {}}
    if choice == 7:
        return "__DEEP_%d__" % rng.choice([64, 5000, 200000])
    return {}


def json_paths(value):
    """Every node's path (keys and indices), breadth first, at most 40 levels down."""
    queue, paths = [((), value)], []
    while queue:
        path, node = queue.pop()
        paths.append(path)
        if len(path) < 40:
            children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
            queue += [(path + (key,), child) for key, child in children]
    return paths


def mutate_json(value, rng, count=None):
    """Changes 1–3 nodes of a JSON value: another type or size, a deleted key, a lying number,
    a longer or shorter list, deep nesting."""
    for _ in range(count or rng.randint(1, 3)):
        paths = [p for p in json_paths(value) if p]
        if not paths:
            return random_value(rng)
        path = rng.choice(paths)
        parent = value
        for key in path[:-1]:
            parent = parent[key]
        key = path[-1]
        old = parent[key]
        op = rng.randrange(6)
        if op == 0 and isinstance(parent, dict):
            del parent[key]
        elif op == 1 and isinstance(old, (int, float)) and not isinstance(old, bool):
            parent[key] = rng.choice([old * 1000, -old, old + 1, 0, old * 2 ** 20, 2 ** 31 + old, float("nan")])
        elif op == 2 and isinstance(old, list):
            parent[key] = rng.choice([old[:-1], old + old[-1:], old * 2, [], old[::-1]]) if old else [rng.choice(NUMBERS)]
        elif op == 3 and isinstance(old, str):
            parent[key] = rng.choice(STRINGS + [old + "_x", old.upper(), old[:1]])
        else:
            parent[key] = random_value(rng)
    return value


def json_bytes(value, rng):
    """The JSON text (NaN as Keras writes it), a placeholder "__DEEP_N__" nested N arrays deep,
    cut short one time in twenty."""
    text = re.sub(r'"__DEEP_([0-9]+)__"', lambda m: "[" * int(m.group(1)) + "]" * int(m.group(1)), json.dumps(value, allow_nan=True))
    if rng.random() < 0.05:
        text = text[: rng.randrange(len(text) + 1)]
    return text.encode()


def mutate_json_bytes(data, rng):
    try:
        value = json.loads(data)
    except ValueError:
        return data[: rng.randrange(len(data) + 1)]
    return json_bytes(mutate_json(value, rng), rng)


def visit_h5(handle):
    datasets, attributes = [], []

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset):
            datasets.append(name)
        for attr in obj.attrs:
            attributes.append((name, attr))
    for attr in handle.attrs:
        attributes.append(("", attr))
    handle.visititems(visit)
    return datasets, attributes


def mutate_h5(path, rng):
    """Edits an HDF5 file in place with h5py so that its structure stays valid but lies."""
    with h5py.File(path, "r+") as f:
        datasets, attributes = visit_h5(f)
        for _ in range(rng.randint(1, 2)):
            op = rng.randrange(8)
            if datasets and op <= 3:
                name = rng.choice(datasets)
                old = f[name]
                shape, dtype = old.shape, old.dtype
                data = old[()] if old.size < 10 ** 7 else None
                parent = old.parent
                leaf = name.split("/")[-1]
                del parent[leaf]
                if op == 0:
                    new_shape = list(shape) or [1]
                    i = rng.randrange(len(new_shape))
                    new_shape[i] = rng.choice([0, 1, new_shape[i] + 1, new_shape[i] * 2, max(new_shape[i] - 1, 0)])
                    if rng.random() < 0.3:
                        new_shape.append(rng.choice([1, 2]))
                    if np.prod(new_shape, dtype=float) > 1e7:
                        parent.create_dataset(leaf, shape=new_shape, dtype=dtype, chunks=tuple(1 for _ in new_shape))
                    else:
                        parent.create_dataset(leaf, data=np.zeros(new_shape, dtype=dtype))
                elif op == 1:
                    new_dtype = rng.choice(["f8", "f2", "i4", "i1", "u8", "?", "S7", "c8"])
                    values = np.zeros(shape, dtype=new_dtype) if data is None else np.asarray(data).astype(new_dtype)
                    parent.create_dataset(leaf, data=values)
                elif op == 2:
                    huge = rng.choice([(2 ** 31 + 1,), (1 << 20, 1 << 20), (2 ** 40,), (65536, 65536, 16)])
                    parent.create_dataset(leaf, shape=huge, dtype=dtype, chunks=tuple(1 for _ in huge))
                else:
                    values = np.array(data, dtype="f4", copy=True) if data is not None and dtype.kind == "f" else np.zeros(shape, "f4")
                    if values.size:
                        values.flat[rng.randrange(values.size)] = rng.choice([np.nan, np.inf, -np.inf, 3e38])
                    parent.create_dataset(leaf, data=values)
            elif datasets and op == 4:
                name = rng.choice(datasets)
                del f[name]
                datasets.remove(name)
            elif attributes and op <= 6:
                owner, attr = rng.choice(attributes)
                target = f[owner] if owner else f
                if attr not in target.attrs:
                    continue
                value = target.attrs[attr]
                text = value.decode() if isinstance(value, bytes) else value if isinstance(value, str) else None
                if text is not None and text[:1] in "{[":
                    target.attrs[attr] = mutate_json_bytes(text.encode(), rng)
                elif isinstance(value, np.ndarray) and value.size:
                    items = [i.encode() if isinstance(i, str) else i for i in value]
                    change = rng.randrange(4)
                    if change == 0:
                        items = items[:-1]
                    elif change == 1:
                        items = items + items[:1]
                    elif change == 2:
                        items = items[::-1]
                    else:
                        items[rng.randrange(len(items))] = b"no_such_layer" if isinstance(items[0], bytes) else 123456
                    target.attrs[attr] = np.array(items) if items else np.array([], dtype="S1")
                else:
                    target.attrs[attr] = rng.choice([np.int64(2 ** 40), b"", np.float64(np.nan), np.array([1, 2, 3]), b"{"])
            elif datasets:
                name = rng.choice(datasets)
                group = f[name].parent
                group.attrs[rng.choice(["weight_names", "layer_names", "keras_version", "backend"])] = rng.choice(
                    [np.array([b"x"] * 3), np.array([], dtype="S1"), b"3.0.0", np.int32(7)])


def zip_members(path):
    with zipfile.ZipFile(path) as z:
        return [(info, z.read(info.filename)) for info in z.infolist()]


def write_zip(path, members, compression):
    warnings.simplefilter("ignore", UserWarning)
    with zipfile.ZipFile(path, "w", compression) as z:
        for info, data in members:
            info.compress_type = compression
            z.writestr(info, data)


BOMB = None


def bomb():
    global BOMB
    if BOMB is None:
        BOMB = b" " * (400 << 20)
    return BOMB


def mutate_zip(src, dst, rng, work):
    """Rewrites a zip archive (CRCs recomputed) with one member changed by its structure: a JSON
    member mutated, the HDF5 member edited by h5py, a data file cut or replaced, or the archive's
    own structure lying (duplicate, missing, escaping or symlink members, a highly compressed member)."""
    members = zip_members(src)
    compression = rng.choice([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
    op = rng.randrange(10)
    if op <= 4:
        index = rng.randrange(len(members))
        info, data = members[index]
        if info.filename.endswith(".h5"):
            scratch = os.path.join(work, "member.h5")
            with open(scratch, "wb") as f:
                f.write(data)
            mutate_h5(scratch, rng)
            data = open(scratch, "rb").read()
        elif info.filename.endswith(".json"):
            data = mutate_json_bytes(data, rng)
        else:
            data = rng.choice([b"", data[: len(data) // 2], bytes(rng.randrange(256) for _ in range(64)), data + b"\xff\xfe\x00"])
        members[index] = (info, data)
    elif op == 5:
        info, data = rng.choice(members)
        members.append((zipfile.ZipInfo(info.filename), mutate_json_bytes(data, rng) if info.filename.endswith(".json") else data[:10]))
    elif op == 6:
        members.pop(rng.randrange(len(members)))
    elif op == 7:
        name = rng.choice(["../" + ESCAPE + "-dotdot", "../../" + ESCAPE + "-dotdot2", "/tmp/" + ESCAPE + "-abs",
                           "assets/../../" + ESCAPE + "-mid"])
        info = zipfile.ZipInfo(name)
        members.insert(rng.randrange(len(members) + 1), (info, b"escaped\n"))
    elif op == 8:
        target = rng.choice(["/tmp", "../../..", "/etc/passwd", "config.json"])
        info = zipfile.ZipInfo(rng.choice([ESCAPE + "-link", "assets", "model.weights.h5", "card.json"]))
        info.create_system = 3
        info.external_attr = (0o120777 << 16)
        members = [(i, d) for i, d in members if i.filename != info.filename]
        members.append((info, target.encode()))
        if rng.random() < 0.5:
            members.append((zipfile.ZipInfo(ESCAPE + "-link/" + ESCAPE + "-through"), b"through the link\n"))
    else:
        index = rng.randrange(len(members))
        info, _ = members[index]
        members[index] = (info, bomb())
        compression = zipfile.ZIP_DEFLATED
    write_zip(dst, members, compression)


def fnv1a64(data):
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def mutate_checkpoint(src, dst, rng):
    """Re-frames a .zoockpt with its header JSON mutated (or its data cut or NaN-filled) and a
    valid FNV-1a checksum, so the mutation reaches the header and tensor checks."""
    raw = open(src, "rb").read()
    header_length, data_length = struct.unpack_from("<QQ", raw, 16)
    header = json.loads(raw[32:32 + header_length])
    blob = bytearray(raw[32 + header_length:32 + header_length + data_length])
    op = rng.randrange(4)
    if op <= 1:
        header_bytes = json_bytes(mutate_json(header, rng), rng)
    elif op == 2:
        tensors = header.get("tensors", [])
        if tensors:
            t = rng.choice(tensors)
            t[rng.choice(["shape", "offset", "dtype", "name"])] = random_value(rng)
        header_bytes = json.dumps(header).encode()
    else:
        for _ in range(4):
            at = rng.randrange(max(len(blob) - 4, 1)) & ~3
            blob[at:at + 4] = struct.pack("<f", float(rng.choice([np.nan, np.inf, 3e38])))
        header_bytes = json.dumps(header).encode()
    body = raw[:16] + struct.pack("<QQ", len(header_bytes), len(blob)) + header_bytes + bytes(blob)
    body = bytearray(body)
    if rng.random() < 0.1:
        struct.pack_into("<I", body, 8, rng.choice([1, 3, 0xFFFFFFFF]))
    with open(dst, "wb") as f:
        f.write(bytes(body) + struct.pack("<Q", fnv1a64(bytes(body))))


def read_vlq(data, pos):
    value = 0
    while True:
        byte = data[pos]
        pos += 1
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, pos


def vlq(value):
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    return bytes(reversed(out))


def parse_midi(data):
    """Header fields and each track's events as (delta, raw bytes without running status)."""
    fmt, ntrks, division = struct.unpack(">HHH", data[8:14])
    pos, tracks = 14, []
    while pos + 8 <= len(data):
        kind, length = data[pos:pos + 4], struct.unpack(">I", data[pos + 4:pos + 8])[0]
        chunk = data[pos + 8:pos + 8 + length]
        pos += 8 + length
        if kind != b"MTrk":
            continue
        events, p, status = [], 0, 0
        while p < len(chunk):
            delta, p = read_vlq(chunk, p)
            if chunk[p] >= 0x80:
                status = chunk[p]
                p += 1
            if status == 0xFF:
                meta = chunk[p]
                length, q = read_vlq(chunk, p + 1)
                raw = bytes([0xFF, meta]) + chunk[p + 1:q + length]
                p = q + length
            elif status in (0xF0, 0xF7):
                length, q = read_vlq(chunk, p)
                raw = bytes([status]) + chunk[p:q + length]
                p = q + length
            else:
                size = 1 if status & 0xF0 in (0xC0, 0xD0) else 2
                raw = bytes([status]) + chunk[p:p + size]
                p += size
            events.append([delta, raw])
        tracks.append(events)
    return [fmt, ntrks, division], tracks


def write_midi(header, tracks):
    out = b"MThd" + struct.pack(">IHHH", 6, *header)
    for events in tracks:
        body = b"".join(vlq(d) + raw for d, raw in events)
        out += b"MTrk" + struct.pack(">I", len(body)) + body
    return out


def mutate_midi(src, dst, rng):
    """Keeps every chunk length right while the header and events lie."""
    header, tracks = parse_midi(open(src, "rb").read())
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(11)
        events = rng.choice(tracks) if tracks else []
        if op == 0:
            header[rng.randrange(3)] = rng.choice([0, 1, 2, 3, 65535, 0x8000 | 0x1D00, 0xE7FF, len(tracks) + 5])
        elif op == 1 and events:
            rng.choice(events)[0] = rng.choice([0x0FFFFFFF, 0x0FFFFFF, 1 << 20])
        elif op == 2:
            events.insert(0, [0, b"\xFF\x51\x03" + rng.choice([b"\x00\x00\x00", b"\xFF\xFF\xFF", b"\x00\x00\x01"])])
        elif op == 3 and events:
            event = rng.choice(events)
            if event[1][0] & 0xF0 in (0x80, 0x90):
                event[1] = bytes([event[1][0], rng.choice([0, 127, 0x7F]), rng.choice([0, 127])])
        elif op == 4:
            for e in events:
                if e[1][0] & 0xF0 == 0x80 or (e[1][0] & 0xF0 == 0x90 and len(e[1]) > 2 and e[1][2] == 0):
                    e[1] = bytes([0x90 | (e[1][0] & 0x0F), e[1][1], 64])
        elif op == 5 and events:
            events.insert(rng.randrange(len(events)), [0, b"\xF0" + vlq(rng.choice([5, 1 << 27])) + b"\x01\x02\x03\x04\xF7"])
        elif op == 6 and events:
            events.insert(rng.randrange(len(events)), [0, b"\xFF\x58" + vlq(rng.choice([0, 1, 4])) + b"\x04\x02\x18\x08"[: rng.choice([0, 1, 4])]])
        elif op == 7:
            tracks.append(rng.choice([[], [[0, b"\x90\x3C\x40"]] * 200000, [[0, b"\xFF\x2F\x00"]]]))
        elif op == 8 and events:
            events[:] = [e for e in events if e[1][:2] != b"\xFF\x2F"]
        elif op == 9 and events:
            i = rng.randrange(len(events))
            events[i][1] = bytes([rng.choice([0xF4, 0xF5, 0xF9, 0xFD, 0xA0, 0xE0])]) + events[i][1][1:]
        elif op == 10 and events:
            events.insert(rng.randrange(len(events)), [0, b"\xFF" + bytes([rng.choice([0x01, 0x03, 0x7F, 0x00])]) + vlq(300) + b"x" * 300])
    with open(dst, "wb") as f:
        f.write(write_midi(header, tracks))


def mutate_io(src, dst, rng):
    """An io.json whose shapes, dtypes and data disagree."""
    value = json.load(open(src))
    op = rng.randrange(4)
    if op == 0 and value.get("inputs"):
        first = value["inputs"][0]
        first["shape"] = rng.choice([[2 ** 31, 2 ** 31, 1], [0, 6, 1], [-1, 6, 1], [1], first["shape"] + [1],
                                     [2, 10 ** 6, 1], [1.5, 2, 1]])
    elif op == 1 and value.get("inputs"):
        first = value["inputs"][0]
        first["data"] = rng.choice([[], first["data"][:-1], ["x"] * len(first["data"]), [float("nan")] * len(first["data"]),
                                    [1e39] * len(first["data"]), [[1]] * len(first["data"])])
    else:
        value = mutate_json(value, rng)
    with open(dst, "wb") as f:
        f.write(json_bytes(value, rng))


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def mutate_registry(src, dst, rng, work):
    """Copies a folder registry and changes its index, a card or a bundle, recomputing the
    checksums above the change so the lie reaches the inner reader."""
    shutil.copytree(src, dst)
    index_path = os.path.join(dst, "index.json")
    index = json.load(open(index_path))
    entry = rng.choice(index["models"])
    name = entry["name"]
    folder = os.path.join(dst, entry["path"])
    card_path = os.path.join(folder, "card.json")
    card = json.load(open(card_path))
    op = rng.randrange(5)
    if op == 0:
        with open(index_path, "wb") as f:
            f.write(json_bytes(mutate_json(index, rng), rng))
        return name
    if op == 1:
        card = mutate_json(card, rng)
    elif op == 2:
        files = card.get("files") or []
        if files:
            files[0][rng.choice(["path", "size", "sha256", "name"])] = rng.choice(
                ["../" + ESCAPE + "-card", "/tmp/" + ESCAPE + "-card-abs", 2 ** 40, -1, 0, "0" * 64, None])
    elif op == 3:
        bundle = [n for n in os.listdir(folder) if n.endswith(".zoo")][0]
        path = os.path.join(folder, bundle)
        mutate_zip(path, path + ".new", rng, work)
        os.replace(path + ".new", path)
        for item in card.get("files") or []:
            if isinstance(item, dict) and str(item.get("path", item.get("name", ""))).endswith(".zoo"):
                item["sha256"] = sha256(path)
                item["size"] = os.path.getsize(path)
    else:
        entry["path"] = rng.choice(["../" + ESCAPE + "-path", "/tmp/" + ESCAPE + "-path", entry["path"] + "/../..", ""])
    card_bytes = json_bytes(card, rng) if op != 3 else json.dumps(card, indent=2).encode()
    with open(card_path, "wb") as f:
        f.write(card_bytes)
    entry["card_sha256"] = hashlib.sha256(card_bytes).hexdigest()
    with open(index_path, "w") as f:
        json.dump(index, f, indent=2)
    return name


# ---------------------------------------------------------------- campaign

def strip(line, run_dir):
    line = line.replace(run_dir, "RUN")
    return re.sub(r"[0-9]+", "N", line)[:200]


class Campaign:
    def __init__(self, args):
        self.zoo = os.path.abspath(args.zoo)
        self.out = args.out
        self.rng = random.Random(args.seed)
        self.root = tempfile.mkdtemp(prefix="zoo-campaign-")
        self.seen = {}
        self.baseline = {}
        self.counts = {"runs": 0, "ok": 0, "findings": 0}
        self.only = set(args.only.split(",")) if args.only else None
        self.tampered = False
        self.per_command = {}
        os.makedirs(self.out, exist_ok=True)
        self.log = open(os.path.join(self.out, "campaign.log"), "a")

    def prepare_seeds(self):
        seeds = os.path.join(self.root, "seeds")
        os.makedirs(seeds)
        self.keras = sorted(os.path.join(KERAS, n) for n in os.listdir(KERAS)
                            if n.endswith((".keras", ".h5")) and "seq2seq" not in n)
        self.bundles = sorted(os.path.join(ROOT, "zoo", n, v, f) for n in os.listdir(os.path.join(ROOT, "zoo"))
                              if os.path.isdir(os.path.join(ROOT, "zoo", n))
                              for v in os.listdir(os.path.join(ROOT, "zoo", n))
                              for f in os.listdir(os.path.join(ROOT, "zoo", n, v)) if f.endswith(".zoo"))
        small = [b for b in self.bundles if os.path.getsize(b) < 4 << 20]
        run = os.path.join(self.root, "seed-run")
        result = run_zoo(self.zoo, ["train", "lstm-sine", "--epochs", "1", "-o", os.path.join(seeds, "train")], run)
        assert result.rc == 0, result.stderr
        self.checkpoint = os.path.join(seeds, "train", "checkpoint.zoockpt")
        self.primer = os.path.join(seeds, "primer.mid")
        result = run_zoo(self.zoo, ["generate", "music", "-o", self.primer, "--bars", "2", "--seed", "3"], run)
        assert result.rc == 0, result.stderr
        self.midi_folder = os.path.join(seeds, "chorales")
        result = run_zoo(self.zoo, ["generate", "music", "-o", os.path.join(self.midi_folder, "a.mid"), "--bars", "12", "--seed", "4"], run)
        assert result.rc == 0, result.stderr
        self.ios = os.path.join(seeds, "io")
        os.makedirs(self.ios)
        for name in os.listdir(KERAS):
            if name.endswith(".io.json"):
                value = json.load(open(os.path.join(KERAS, name)))
                value.pop("outputs", None)
                with open(os.path.join(self.ios, name), "w") as f:
                    json.dump(value, f)
        self.sine_io = os.path.join(self.ios, "lstm_sine.io.json")
        with open(self.sine_io, "w") as f:
            json.dump({"inputs": [{"name": "series", "shape": [2, 20, 1], "dtype": "float32",
                                   "data": [round(0.1 * i, 2) for i in range(40)]}]}, f)
        self.registry = os.path.join(seeds, "registry")
        os.makedirs(self.registry)
        index = json.load(open(os.path.join(ROOT, "zoo", "index.json")))
        index["models"] = [m for m in index["models"] if any(b.startswith(os.path.join(ROOT, "zoo", m["path"])) for b in small)]
        for m in index["models"]:
            shutil.copytree(os.path.join(ROOT, "zoo", m["path"]), os.path.join(self.registry, m["path"]))
        with open(os.path.join(self.registry, "index.json"), "w") as f:
            json.dump(index, f, indent=2)
        self.small_bundles = small
        self.text = os.path.join(seeds, "lines.txt")
        with open(self.text, "w") as f:
            f.write("ROMEO:\nBut soft, what light through yonder window breaks?\nIt is the east, and Juliet is the sun.\n")

    def io_for(self, path):
        name = os.path.basename(path).split(".")[0]
        keras2 = ".keras2." in os.path.basename(path)
        return os.path.join(self.ios, name + (".keras2" if keras2 else "") + ".io.json")

    def architecture_for(self, path):
        name = os.path.basename(path)
        return os.path.join(KERAS, name.replace(".weights.h5", ".keras"))

    def case(self):
        """One mutant and the command that reads it: (command, args, inputs, outputs, env)."""
        rng = self.rng
        work = tempfile.mkdtemp(dir=self.root, prefix="case-")
        run_dir = os.path.join(work, "run")
        out_dir = os.path.join(run_dir, "out")
        os.makedirs(out_dir)
        kind = rng.choice(["keras", "keras", "keras", "bundle", "checkpoint", "midi", "registry", "registry", "io", "cache"])
        if kind == "keras":
            seed = rng.choice(self.keras)
            base = os.path.basename(seed)
            mutant = os.path.join(work, "m-" + base)
            if base.endswith(".keras"):
                mutate_zip(seed, mutant, rng, work)
            else:
                shutil.copy(seed, mutant)
                mutate_h5(mutant, rng)
            extra = ["--architecture", self.architecture_for(seed)] if base.endswith(".weights.h5") else []
            command = rng.choice(["summary", "predict", "convert"])
            return self.model_command(command, mutant, extra, self.io_for(seed), work, run_dir)
        if kind == "bundle":
            seed = rng.choice(self.small_bundles)
            mutant = os.path.join(work, "m-" + os.path.basename(seed))
            mutate_zip(seed, mutant, rng, work)
            command = rng.choice(["summary", "convert", "eval"])
            if command == "eval":
                data = self.midi_folder if "music" in seed else self.text
                return ("eval", ["eval", mutant, "--data", data], [mutant], [], {}, work, run_dir)
            return self.model_command(command, mutant, [], None, work, run_dir)
        if kind == "checkpoint":
            mutant = os.path.join(work, "m-lstm_sine.zoockpt")
            mutate_checkpoint(self.checkpoint, mutant, rng)
            command = rng.choice(["summary", "predict", "convert"])
            return self.model_command(command, mutant, [], self.sine_io, work, run_dir)
        if kind == "midi":
            mutant = os.path.join(work, "m-primer.mid")
            if rng.random() < 0.3:
                mutate_midi(os.path.join(self.midi_folder, "a.mid"), mutant, rng)
                folder = os.path.join(work, "chorales")
                os.makedirs(folder)
                shutil.copy(mutant, os.path.join(folder, "m-primer.mid"))
                music = [b for b in self.small_bundles if "music" in b][0]
                return ("eval-midi", ["eval", music, "--data", folder], [mutant, "m-primer.mid"], [], {}, work, run_dir)
            mutate_midi(self.primer, mutant, rng)
            output = os.path.join(out_dir, "x.mid")
            return ("generate", ["generate", "music", "--primer", mutant, "-o", output, "--bars", "4", "--seed", "1"],
                    [mutant], [output], {}, work, run_dir)
        if kind == "io":
            mutant = os.path.join(work, "m-io.json")
            seed = rng.choice([k for k in self.keras if k.endswith(".keras")])
            mutate_io(self.io_for(seed), mutant, rng)
            return ("predict-io", ["predict", seed, "--inputs", mutant], [mutant, "m-io.json"], [], {}, work, run_dir)
        if kind == "registry":
            registry = os.path.join(work, "registry")
            name = mutate_registry(self.registry, registry, rng, work)
            command = rng.choice(["fetch", "fetch", "info", "publish"])
            env = {"ZOO_HOME": os.path.join(run_dir, "zoohome")}
            names = [registry, "index.json", "card.json", name, ".zoo"]
            if command == "publish":
                target = os.path.join(work, "target")
                shutil.copytree(self.registry, target)
                seed = rng.choice(self.small_bundles)
                mutant = os.path.join(work, "m-" + os.path.basename(seed))
                mutate_zip(seed, mutant, rng, work)
                return ("publish", ["publish", mutant, "--registry", target], [mutant], [], env, work, run_dir)
            return (command, [command, name, "--registry", "file://" + registry], names, [], env, work, run_dir)
        zoo_home = os.path.join(run_dir, "zoohome")
        name = json.load(open(os.path.join(self.registry, "index.json")))["models"][0]["name"]
        setup = run_zoo(self.zoo, ["fetch", name, "--registry", "file://" + self.registry], run_dir)
        assert setup.rc == 0, setup.stderr
        files = [os.path.join(d, f) for d, _, fs in os.walk(zoo_home) for f in fs]
        victim = rng.choice(files)
        before = sha256(victim)
        if victim.endswith(".zoo"):
            mutate_zip(victim, victim + ".m", rng, work)
            os.replace(victim + ".m", victim)
        elif victim.endswith(".json"):
            data = open(victim, "rb").read()
            with open(victim, "wb") as f:
                f.write(mutate_json_bytes(data, rng))
        else:
            with open(victim, "ab") as f:
                f.write(b"x")
        self.tampered = sha256(victim) != before and not victim.endswith(".lock")
        return ("cache-verify", ["cache", "verify"], [victim, os.path.basename(victim), name], [], {}, work, run_dir)

    def model_command(self, command, mutant, extra, io, work, run_dir):
        out_dir = os.path.join(run_dir, "out")
        if command == "summary":
            return ("summary", ["summary", mutant] + extra, [mutant], [], {}, work, run_dir)
        if command == "predict" and io:
            return ("predict", ["predict", mutant, "--inputs", io] + extra, [mutant], [], {}, work, run_dir)
        target = os.path.join(out_dir, "y" + self.rng.choice([".keras", ".h5", ".onnx", ".zoockpt"]))
        return ("convert", ["convert", mutant, target] + extra, [mutant], [target], {}, work, run_dir)

    def judge(self, command, args, names, outputs, result, run_dir):
        kinds = []
        if result.signal:
            kinds.append("signal %d" % result.signal)
        if result.timed_out:
            kinds.append("timeout")
        if "Fatal error" in result.stderr:
            kinds.append("swift trap")
        if command == "cache-verify" and result.rc == 0 and self.tampered:
            kinds.append("tampered cache verified")
        if result.rc not in (0, None):
            if len(result.lines) != 1:
                kinds.append("%d stderr lines" % len(result.lines))
            elif not any(n and n in result.lines[0] for n in names + outputs):
                kinds.append("line does not name the file")
        base = self.baseline.get(command, 0)
        if base and result.rss_mb > 3 * base + 300:
            kinds.append("peak RSS %.0f MB (seed %.0f MB)" % (result.rss_mb, base))
        left = leftovers(run_dir, set(outputs))
        if left:
            kinds.append("left files: " + ", ".join(sorted(left))[:200])
        out = escaped_files(run_dir)
        if out:
            kinds.append("written outside: " + ", ".join(out))
            for path in out:
                if os.path.isdir(path) and not os.path.islink(path):
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    os.unlink(path)
        return kinds

    def record(self, command, args, names, kinds, result, work, run_dir):
        first = strip(result.lines[0], run_dir) if result.lines else ""
        first = strip(first, work)
        key = (command, result.signal or result.rc, tuple(sorted(re.sub(r"[0-9]+", "N", k.split(":")[0]) for k in kinds)), first)
        self.counts["findings"] += 1
        if key in self.seen:
            self.seen[key] += 1
            return
        self.seen[key] = 1
        number = len(self.seen)
        keep = os.path.join(self.out, "%03d-%s" % (number, command))
        shutil.rmtree(keep, ignore_errors=True)
        shutil.copytree(work, keep, symlinks=True, ignore=shutil.ignore_patterns("run", "member.h5"))
        with open(os.path.join(keep, "stderr.txt"), "w") as f:
            f.write(result.stderr[:20000])
        quoted = " ".join("'%s'" % a.replace(work, keep) for a in args)
        with open(os.path.join(keep, "reproduce.sh"), "w") as f:
            f.write("# %s\n# rc %s signal %s %.1f s peak RSS %.0f MB\nmkdir -p %s/run/out && cd %s/run && ZOO_HOME=%s/run/zoohome %s %s\n"
                    % ("; ".join(kinds), result.rc, result.signal, result.seconds, result.rss_mb, keep, keep, keep, self.zoo, quoted))
        line = "FINDING %03d %s rc=%s sig=%s %.1fs %.0fMB [%s] %s" % (
            number, command, result.rc, result.signal, result.seconds, result.rss_mb, "; ".join(kinds), first)
        print(line, flush=True)
        self.log.write(line + "\n")
        self.log.flush()

    def calibrate(self):
        """Peak RSS of each command on its unmutated seed (the memory yardstick)."""
        run = os.path.join(self.root, "calibrate")
        keras = os.path.join(KERAS, "char_lm.keras")
        io = self.io_for(keras)
        checks = {
            "summary": ["summary", self.small_bundles[0]], "predict": ["predict", keras, "--inputs", io],
            "predict-io": ["predict", keras, "--inputs", io],
            "convert": ["convert", self.small_bundles[0], os.path.join(run, "out", "y.onnx")],
            "eval": ["eval", [b for b in self.small_bundles if "music" not in b][0], "--data", self.text],
            "eval-midi": ["eval", [b for b in self.small_bundles if "music" in b][0], "--data", self.midi_folder],
            "generate": ["generate", "music", "--primer", self.primer, "-o", os.path.join(run, "out", "x.mid"), "--bars", "4"],
            "fetch": ["fetch", json.load(open(os.path.join(self.registry, "index.json")))["models"][0]["name"],
                      "--registry", "file://" + self.registry],
        }
        for command, args in checks.items():
            shutil.rmtree(run, ignore_errors=True)
            result = run_zoo(self.zoo, args, run)
            self.baseline[command] = result.rss_mb
            print("seed %-10s rc=%s %.1fs %.0f MB" % (command, result.rc, result.seconds, result.rss_mb), flush=True)
        for command in ("info", "publish", "cache-verify"):
            self.baseline[command] = self.baseline["fetch"]
        shutil.rmtree(run, ignore_errors=True)

    def go(self, minutes):
        deadline = time.monotonic() + minutes * 60
        while time.monotonic() < deadline:
            try:
                command, args, names, outputs, env, work, run_dir = self.case()
            except Exception as error:  # a mutation h5py, numpy or zipfile cannot write: skip it
                print("mutator skipped: %r" % error, file=sys.stderr)
                continue
            if self.only and command not in self.only:
                shutil.rmtree(os.path.dirname(run_dir), ignore_errors=True)
                continue
            result = run_zoo(self.zoo, args, run_dir, env)
            self.counts["runs"] += 1
            per = self.per_command.setdefault(command, [0, 0, 0.0, 0.0])
            per[0] += 1
            per[1] += result.rc == 0
            per[2] = max(per[2], result.seconds)
            per[3] = max(per[3], result.rss_mb)
            kinds = self.judge(command, args, names, outputs, result, run_dir)
            if kinds:
                self.record(command, args, names, kinds, result, work, run_dir)
            else:
                self.counts["ok"] += 1
            shutil.rmtree(work, ignore_errors=True)
        summary = "%d runs, %d OK, %d findings in %d distinct (seed %s)" % (
            self.counts["runs"], self.counts["ok"], self.counts["findings"], len(self.seen), ARGS.seed)
        for command, (runs, zero, seconds, rss) in sorted(self.per_command.items()):
            summary += "\n  %-12s %5d runs, %5d exit 0, slowest %.1f s, largest peak RSS %.0f MB" % (command, runs, zero, seconds, rss)
        print(summary)
        self.log.write(summary + "\n")
        for key, count in sorted(self.seen.items(), key=lambda kv: -kv[1]):
            self.log.write("  %5d × %s\n" % (count, key))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--zoo", default=os.path.join(ROOT, ".build", "release", "zoo"))
    parser.add_argument("--minutes", type=float, default=15)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default="/tmp/fuzz-findings")
    parser.add_argument("--only", default="")
    ARGS = parser.parse_args()
    campaign = Campaign(ARGS)
    try:
        campaign.prepare_seeds()
        campaign.calibrate()
        campaign.go(ARGS.minutes)
    finally:
        shutil.rmtree(campaign.root, ignore_errors=True)
