"""Quality statistics of generated poems beside real ones (issue 19): the same measures for both.

    python3 tools/poetry/quality.py --real VALIDATION.txt --train TRAIN.txt --zoo .build/release/zoo --count 200 [-- ZOO_ARGS…]
    python3 tools/poetry/quality.py --real VALIDATION.txt --train TRAIN.txt --generated poems.txt

--real: real poems, one per line (the corpus format). --train: the training poems, for verses copied
verbatim (a corpus file and --train-lines 31959 take its training part). Generated poems come from
a file (one poem per line, or zoo's output: one verse per line, a blank line between poems) or
from `zoo generate poetry`, run once per form with the real file's mix of forms scaled to --count
(arguments after `--` are passed on, e.g. `--strict-tones yes` or `--model NAME@VERSION`).

Rhyme groups and tones are read from Plugins/Poetry/RhymeTable.swift, the table the generator
uses (tools/poetry/make_rhyme_table.py). Measures, per set:
- rhyme rate: poems whose even verses end in distinct characters of one level-tone group;
- first-verse rhyme: 七言 poems whose first verse ends in that group too;
- tone alternation: verses whose 2nd/4th(/6th) characters alternate level/oblique (二四六分明;
  a character with both tones fits either; verses with a character of unknown tone there are left out);
- regulated pattern: poems that fit the whole pattern of regulated verse (对, 粘, 孤平, 三平尾), as
  `TonalPattern` in the plugin defines it;
- repeated characters per 20: (characters − distinct characters) / characters × 20, mean over poems;
- reduplications per poem: adjacent equal characters in a verse (叠字 such as 悠悠);
- verses copied: verses found verbatim in the training poems.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LEVEL, OBLIQUE = 1, 2


def read_table(path):
    text = open(path, encoding="utf-8").read()
    literals = {}
    for name, block, line in re.findall(r'static let (\w+) = (?:"""\n(.*?)\n\s*"""|"(.*?)")', text, re.S):
        literals[name] = block if block else line
    groups = collections.defaultdict(set)
    tones = collections.defaultdict(int)
    for key in ("levelGroups", "inferredLevelGroups"):
        for row in literals[key].split("\n"):
            row = row.strip()
            if ":" not in row:
                continue
            name, members = row.split(":", 1)
            for c in members:
                groups[c].add(name)
                tones[c] |= LEVEL
    for c in literals["inferredLevel"]:
        if not c.isspace():
            tones[c] |= LEVEL
    for key in ("oblique", "inferredOblique"):
        for c in literals[key]:
            if not c.isspace():
                tones[c] |= OBLIQUE
    return groups, tones


def verses(poem):
    return [v for v in re.split("[，。]", poem) if v]


def rhymes(chars, groups):
    if len(set(chars)) != len(chars):
        return False
    common = set.intersection(*[groups.get(c, set()) for c in chars])
    return bool(common)


def differ(a, b):
    """Whether two characters with tone sets a and b can take different tones."""
    return bool((a & LEVEL and b & OBLIQUE) or (a & OBLIQUE and b & LEVEL))


def required(form_chars, verse, index, start, first_rhymes):
    """TonalPattern.tone(verse:index:start:) of the plugin."""
    opposite = {LEVEL: OBLIQUE, OBLIQUE: LEVEL}
    key = start if verse % 4 in (0, 3) else opposite[start]
    end = LEVEL if verse % 2 == 1 or (verse == 0 and first_rhymes) else OBLIQUE
    core = index - (form_chars - 5)
    if core == -1:
        return opposite[key]
    if core == 0:
        return LEVEL if key == LEVEL and end == LEVEL else None
    if core == 1:
        return key
    if core == 2:
        return OBLIQUE if key == OBLIQUE and end == LEVEL else None
    if core == 3:
        return opposite[key]
    if core == 4:
        return end
    return None


def fits_pattern(vs, tones):
    n = len(vs[0])
    for first_rhymes in (False, True):
        for start in (LEVEL, OBLIQUE):
            if all(required(n, v, i, start, first_rhymes) is None or tones.get(c, 0) & required(n, v, i, start, first_rhymes)
                   for v, verse in enumerate(vs) for i, c in enumerate(verse)):
                return True
    return False


def statistics(poems, groups, tones, train_verses):
    rhymed = first = sevens = alternating = judged = regulated = copied = total_verses = reduplications = 0
    repeats = 0.0
    for poem in poems:
        vs = verses(poem)
        ends = [v[-1] for v in vs[1::2]]
        ok = rhymes(ends, groups)
        rhymed += ok
        if len(vs[0]) == 7:
            sevens += 1
            first += ok and rhymes(ends + [vs[0][-1]], groups)
        for v in vs:
            core = [v[i] for i in range(1, len(v) - 1, 2)]
            if all(tones.get(c, 0) for c in core):
                judged += 1
                alternating += all(differ(tones[a], tones[b]) for a, b in zip(core, core[1:]))
            reduplications += sum(a == b for a, b in zip(v, v[1:]))
            copied += v in train_verses
            total_verses += 1
        regulated += fits_pattern(vs, tones)
        chars = "".join(vs)
        repeats += (len(chars) - len(set(chars))) / len(chars) * 20
    n = len(poems)
    return collections.OrderedDict([
        ("poems", n),
        ("rhyme rate", rhymed / n),
        ("first-verse rhyme (七言)", first / max(1, sevens)),
        ("tone alternation", alternating / max(1, judged)),
        ("regulated pattern", regulated / n),
        ("repeated characters per 20", repeats / n),
        ("reduplications per poem", reduplications / n),
        ("verses copied from training", copied / total_verses),
    ])


def read_poems(path):
    text = open(path, encoding="utf-8").read().strip("\n")
    if "\n\n" in text or all(len(l) in (6, 8) for l in text.split("\n")[:2]):
        return ["".join(block.split("\n")) for block in text.split("\n\n")]
    return [l for l in text.split("\n") if l]


def generate(zoo, real, count, seed, extra):
    forms = collections.Counter((len(verses(p)[0]), len(verses(p))) for p in real)
    poems = []
    for (chars, lines), n in sorted(forms.items()):
        k = max(1, round(count * n / len(real)))
        out = subprocess.run([zoo, "generate", "poetry", "--form", str(chars), "--lines", str(lines), "--count", str(k),
                              "--seed", str(seed), "--json"] + extra, capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(out.stderr.strip())
        poems += [p["text"] for p in json.loads(out.stdout)["poems"]]
    return poems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--real", required=True)
    parser.add_argument("--train", required=True)
    parser.add_argument("--train-lines", type=int, help="use only the first N lines of --train")
    parser.add_argument("--generated")
    parser.add_argument("--zoo")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--table", default=os.path.join(ROOT, "Plugins/Poetry/RhymeTable.swift"))
    parser.add_argument("--json", action="store_true")
    args, extra = parser.parse_known_args()
    extra = [a for a in extra if a != "--"]
    groups, tones = read_table(args.table)
    real = read_poems(args.real)
    train = [l for l in open(args.train, encoding="utf-8").read().split("\n") if l]
    if args.train_lines:
        train = train[:args.train_lines]
    train_verses = {v for p in train for v in verses(p)}
    if args.generated:
        generated = read_poems(args.generated)
    elif args.zoo:
        generated = generate(args.zoo, real, args.count, args.seed, extra)
    else:
        sys.exit("give --generated FILE or --zoo PATH")
    columns = [("generated", statistics(generated, groups, tones, train_verses)), ("real", statistics(real, groups, tones, train_verses))]
    if args.json:
        print(json.dumps({name: stats for name, stats in columns}, ensure_ascii=False, indent=2))
        return
    print(f"{'':30}{'generated':>12}{'real':>12}")
    for key in columns[0][1]:
        cells = [stats[key] for _, stats in columns]
        print(f"{key:30}" + "".join(f"{c:>12}" if isinstance(c, int) else f"{c:>12.3f}" for c in cells))


main()
