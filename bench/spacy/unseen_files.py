#!/usr/bin/env python3
"""Writes tests/fixtures/unseen-passages.jsonl as one .txt file per passage
and a gold JSONL beside them, so any recognizer's output can be scored on the
unseen passages with `examples/score.rs` (docs/QUALITY.md):

    python3 bench/spacy/unseen_files.py /tmp/unseen
    target/debug/loupe entities --kb /dev/null --format jsonl /tmp/unseen/*.txt > /tmp/unseen-loupe.jsonl
    /tmp/spacy-venv/bin/python bench/spacy/spacy_entities.py /tmp/unseen/*.txt > /tmp/unseen-spacy.jsonl
    cargo run -p loupe-engine --example score -- /tmp/unseen/gold.jsonl /tmp/unseen-loupe.jsonl
"""
import json
import os
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
here = os.path.dirname(os.path.abspath(__file__))
fixture = os.path.join(here, "..", "..", "tests", "fixtures", "unseen-passages.jsonl")
with open(os.path.join(out, "gold.jsonl"), "w", encoding="utf-8") as gold:
    for n, line in enumerate(open(fixture, encoding="utf-8")):
        passage = json.loads(line)
        text, name = passage["text"], f"passage-{n}.txt"
        open(os.path.join(out, name), "w", encoding="utf-8").write(text)
        at = 0  # each name at its first occurrence after the previous one, as the quality test reads them
        for entity, kind in passage["entities"]:
            start = text.index(entity, at)
            end = start + len(entity)
            at = end
            gold.write(json.dumps({"doc": name, "start": start, "end": end, "text": entity,
                                   "type": kind, "canonical": entity}, ensure_ascii=False) + "\n")
