#!/usr/bin/env python3
"""Checks inline-annotated files: [[span|TYPE]] markup. Prints per-file counts, errors, and
optionally (-v) every unmarked capitalized word not at a sentence start, to review."""
import re, sys
TYPES = {"PER", "ORG", "LOC", "MISC", "MONEY", "PERCENT", "DATE"}
MARK = re.compile(r"\[\[([^\[\]|]+)\|([A-Z]+)\]\]")
verbose = "-v" in sys.argv
total = 0
bad = False
for path in [a for a in sys.argv[1:] if a != "-v"]:
    src = open(path, encoding="utf-8").read()
    counts = {}
    for m in MARK.finditer(src):
        t = m.group(2)
        if t not in TYPES:
            print(f"{path}: unknown type {t!r} in {m.group(0)!r}"); bad = True
        if m.group(1) != m.group(1).strip():
            print(f"{path}: span has outer spaces: {m.group(0)!r}"); bad = True
        counts[t] = counts.get(t, 0) + 1
    rest = MARK.sub("", src)
    if "[[" in rest or "]]" in rest or "|" in rest and "[[" in src:
        for ln, line in enumerate(rest.splitlines(), 1):
            if "[[" in line or "]]" in line:
                print(f"{path}:{ln}: broken markup: {line[:120]!r}"); bad = True
    n = sum(counts.values()); total += n
    print(f"{path}: {n} mentions {dict(sorted(counts.items()))}")
    if verbose:
        plain = MARK.sub(lambda m: "\x00" * len(m.group(1)), src)
        for ln, line in enumerate(plain.splitlines(), 1):
            for w in re.finditer(r"(?<![\w\x00])[A-ZÀ-ÖØ-Þ][\w'’-]*", line):
                before = line[:w.start()].rstrip()
                if before == "" or before[-1] in ".!?:«\"—–-":
                    continue
                print(f"   unmarked {ln}: {w.group(0)}")
print(f"total: {total} mentions")
sys.exit(1 if bad else 0)
