//! Entity recognition measured against our gold annotation of the seeds
//! (tests/fixtures/gold-entities.jsonl; guidelines in docs/QUALITY.md):
//! with the knowledge base, with it emptied (the heuristics alone), and on
//! passages of our own with names the knowledge base has never seen.
//!
//! `cargo test -p loupe-engine --test quality -- --nocapture` prints the tables.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

use loupe_engine::catalog::Catalog;
use loupe_engine::entities::eval::{score, Report, Span, TYPES};
use loupe_engine::entities::kb::KnowledgeBase;
use loupe_engine::entities::Recognizer;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn gold() -> Vec<Span> {
    let text = std::fs::read_to_string(root().join("tests/fixtures/gold-entities.jsonl")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| v[k].as_str().unwrap().to_owned();
            let n = |k: &str| v[k].as_u64().unwrap() as usize;
            Span {
                doc: s("doc"),
                start: n("start"),
                end: n("end"),
                kind: s("type"),
                canonical: s("canonical"),
            }
        })
        .collect()
}

fn knowledge_base() -> KnowledgeBase {
    let path = root().join("seeds/entities.toml");
    KnowledgeBase::parse(&path, &std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// What `recognizer` finds in the seeds, relative dates resolved from the catalog.
fn found(recognizer: &Recognizer) -> Vec<Span> {
    let seeds = root().join("seeds");
    let catalog_path = seeds.join("catalog.toml");
    let catalog = Catalog::parse(&catalog_path, &std::fs::read_to_string(&catalog_path).unwrap()).unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&file).unwrap();
        let published = catalog.entries.get(&name).and_then(|e| e.date);
        for m in recognizer.recognize_dated(&text, published) {
            let start = text[..m.range.start].chars().count();
            let end = start + text[m.range.clone()].chars().count();
            out.push(Span {
                doc: name.clone(),
                start,
                end,
                kind: m.kind.as_str().to_owned(),
                canonical: m.canonical,
            });
        }
    }
    out
}

const NAMES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];
const VALUES: [&str; 3] = ["MONEY", "PERCENT", "DATE"];

fn print(title: &str, report: &Report) {
    println!("\n## {title}\n\n{}", report.table());
}

#[test]
fn gold_spans_quote_the_seed_texts_exactly() {
    let gold = gold();
    assert!(gold.len() > 250, "{} gold mentions", gold.len());
    let text = std::fs::read_to_string(root().join("tests/fixtures/gold-entities.jsonl")).unwrap();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let doc = std::fs::read_to_string(root().join("seeds").join(v["doc"].as_str().unwrap())).unwrap();
        let (bs, be) = (
            v["byte_start"].as_u64().unwrap() as usize,
            v["byte_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&doc[bs..be], v["text"].as_str().unwrap(), "{line}");
        let chars: String = doc
            .chars()
            .skip(v["start"].as_u64().unwrap() as usize)
            .take((v["end"].as_u64().unwrap() - v["start"].as_u64().unwrap()) as usize)
            .collect();
        assert_eq!(chars, v["text"].as_str().unwrap(), "{line}");
        assert!(TYPES.contains(&v["type"].as_str().unwrap()), "{line}");
    }
}

#[test]
fn with_the_knowledge_base_the_seeds_are_recognized_and_linked() {
    let report = score(&gold(), &found(&Recognizer::new(knowledge_base())));
    print("Seeds, knowledge base + patterns + heuristics", &report);
    let names = report.micro(&NAMES, true).f1();
    let values = report.micro(&VALUES, true).f1();
    assert!(names >= 0.95, "strict micro-F1 on PER/ORG/LOC/MISC: {names:.3}");
    assert!(values >= 0.95, "strict micro-F1 on MONEY/PERCENT/DATE: {values:.3}");
    assert!(
        report.linking() >= 0.98,
        "linked to the right entity: {:.3}",
        report.linking()
    );
}

/// The heuristics alone (empty knowledge base) on the seeds: the floor below
/// is a regression guard a little under what they reach today (docs/QUALITY.md).
#[test]
fn with_an_empty_knowledge_base_the_heuristics_still_find_most_names() {
    let report = score(&gold(), &found(&Recognizer::new(KnowledgeBase::default())));
    print("Seeds, empty knowledge base (patterns + heuristics)", &report);
    let strict = report.micro(&NAMES, true).f1();
    let lenient = report.micro(&NAMES, false).f1();
    assert!(strict >= EMPTY_KB_STRICT_FLOOR, "strict micro-F1 on names: {strict:.3}");
    assert!(
        lenient >= EMPTY_KB_LENIENT_FLOOR,
        "lenient micro-F1 on names: {lenient:.3}"
    );
    // Patterns do not depend on the knowledge base.
    assert!(report.micro(&VALUES, true).f1() >= 0.95);
}

const EMPTY_KB_STRICT_FLOOR: f64 = 0.93;
const EMPTY_KB_LENIENT_FLOOR: f64 = 0.95;
const UNSEEN_FLOOR: f64 = 0.88;

/// Passages of our own with people, companies, places and products that
/// neither the knowledge base nor the seeds contain.
#[test]
fn unseen_names_in_new_passages_are_found_and_typed() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/unseen-passages.jsonl")).unwrap();
    let recognizer = Recognizer::new(KnowledgeBase::default());
    let (mut gold, mut found_all) = (Vec::new(), Vec::new());
    for (n, line) in text.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let passage = v["text"].as_str().unwrap();
        let doc = format!("passage {n}");
        // Gold spans: each listed name at its first occurrence after the previous one.
        let mut from = 0;
        for e in v["entities"].as_array().unwrap() {
            let (name, kind) = (e[0].as_str().unwrap(), e[1].as_str().unwrap());
            let at = from
                + passage[from..]
                    .find(name)
                    .unwrap_or_else(|| panic!("{name} in {passage}"));
            let start = passage[..at].chars().count();
            gold.push(Span::new(&doc, start, start + name.chars().count(), kind, name));
            from = at + name.len();
        }
        for m in recognizer.recognize(passage) {
            let start = passage[..m.range.start].chars().count();
            let end = start + passage[m.range.clone()].chars().count();
            found_all.push(Span::new(&doc, start, end, m.kind.as_str(), &m.canonical));
        }
    }
    let report = score(&gold, &found_all);
    print("Unseen passages, empty knowledge base", &report);
    let f1 = report.micro(&TYPES, true).f1();
    assert!(f1 >= UNSEEN_FLOOR, "strict micro-F1 on unseen passages: {f1:.3}");
}
