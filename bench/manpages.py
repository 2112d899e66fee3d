#!/usr/bin/env python3
"""Turns Debian's French man pages (package manpages-fr) into the benchmark's
JSON lines {"id", "title", "text"}: a real French corpus. Troff markup is
stripped roughly; the text stays French prose with technical words.

usage: bench/manpages.py OUT.jsonl
"""
import gzip, json, pathlib, re, sys

root = pathlib.Path("/usr/share/man/fr")
out = open(sys.argv[1], "w", encoding="utf-8")
n = size = 0
for page in sorted(root.rglob("*.gz")):
    try:
        raw = gzip.open(page, "rt", encoding="utf-8", errors="replace").read()
    except OSError:
        continue
    lines, title = [], page.name.split(".")[0]
    for line in raw.splitlines():
        if line.startswith(('.\\"', "'\\\"")):
            continue
        if line.startswith("."):
            macro, _, rest = line[1:].partition(" ")
            if macro in ("SH", "SS", "B", "I", "BR", "IR", "RB", "BI", "IB"):
                line = rest.replace('"', "")
            else:
                continue
        line = re.sub(r"\\f[BIRP]|\\f\(\w\w|\\f\[\w*\]", "", line)
        line = re.sub(r"\\\(\w\w|\\\[\w+\]", " ", line)
        line = line.replace("\\-", "-").replace("\\e", "\\").replace("\\&", "").replace("\\ ", " ")
        if line.strip():
            lines.append(line.strip())
    text = "\n".join(lines)
    if len(text) < 200:
        continue
    out.write(json.dumps({"id": f"m{n:05d}", "title": title, "text": text}, ensure_ascii=False) + "\n")
    n += 1
    size += len(text.encode())
print(f"{n} man pages, {size / 1e6:.1f} MB of text", file=sys.stderr)
