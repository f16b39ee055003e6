"""Writes s2t.tsv: OpenCC's simplified→traditional character table
(STCharacters.txt, Apache-2.0, from the PyPI wheel `opencc-python-reimplemented`), restricted to
traditional candidates that occur in the training part of the Tang corpus (lines 1–31,959).

    pip download --no-deps opencc-python-reimplemented==0.1.7 -d /tmp/opencc
    python3 tools/poetry/make_s2t.py /tmp/opencc/opencc_python_reimplemented-0.1.7-py2.py3-none-any.whl \
        ../shared/data/poetry/tang-quatrains.txt s2t.tsv
"""
import sys
import zipfile

wheel, corpus, out = sys.argv[1:4]
lines = open(corpus, encoding="utf-8").read().split("\n")
lines = [l for l in lines if l]
train = lines[: len(lines) - len(lines) * 2 // 100]
alphabet = set("".join(train))
table = zipfile.ZipFile(wheel).read("opencc/dictionary/STCharacters.txt").decode("utf-8")
rows = []
for line in table.splitlines():
    simplified, candidates = line.split("\t")
    known = [c for c in candidates.split(" ") if c in alphabet]
    if known and known != [simplified]:
        rows.append(f"{simplified}\t{' '.join(known)}")
with open(out, "w", encoding="utf-8") as f:
    f.write("# simplified<TAB>traditional candidates in the Tang corpus; from OpenCC STCharacters.txt (Apache-2.0)\n")
    f.write("\n".join(rows) + "\n")
print(f"{len(rows)} entries")
