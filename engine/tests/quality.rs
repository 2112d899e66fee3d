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
/// These passages were written for the hand-made heuristics the learned model
/// replaced (0.935 then); the model reaches about 0.85 on them and 0.75–0.81 on
/// real news (the development and test sets), the fairer measure.
const UNSEEN_FLOOR: f64 = 0.82;

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

/// An annotated news split of `data/ner/` with each file's subject (from the
/// manifests), scored by `recognizer`: the report on everything, and one per subject.
fn news_split(split: &str, recognizer: &Recognizer) -> (Report, Vec<(String, usize, Report)>) {
    use loupe_engine::entities::eval::parse_inline;
    let data = root().join("data/ner");
    let mut subjects = std::collections::BTreeMap::new();
    let manifest = std::fs::read_to_string(data.join("manifest.tsv")).unwrap();
    for line in manifest.lines().skip(1).filter(|l| !l.is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 3, "manifest.tsv: {line}");
        subjects.insert(cols[0].to_owned(), cols[1].to_owned());
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(data.join(split))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".ann.txt"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no files in data/ner/{split}");
    let mut by_subject: std::collections::BTreeMap<String, (usize, Vec<Span>, Vec<Span>)> = Default::default();
    let (mut gold_all, mut found_all) = (Vec::new(), Vec::new());
    for file in files {
        let name = format!("{split}/{}", file.file_name().unwrap().to_string_lossy());
        let subject = subjects
            .get(&name)
            .unwrap_or_else(|| panic!("{name} is not in a manifest"))
            .clone();
        let a = parse_inline(&std::fs::read_to_string(&file).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let span = |r: &std::ops::Range<usize>, kind: &str| {
            let start = a.text[..r.start].chars().count();
            Span::new(
                &name,
                start,
                start + a.text[r.clone()].chars().count(),
                kind,
                &a.text[r.clone()],
            )
        };
        let gold: Vec<Span> = a.mentions.iter().map(|(r, k)| span(r, k)).collect();
        let found: Vec<Span> = recognizer
            .recognize(&a.text)
            .iter()
            .map(|m| span(&m.range, m.kind.as_str()))
            .collect();
        let entry = by_subject.entry(subject).or_default();
        entry.0 += 1;
        entry.1.extend(gold.iter().cloned());
        entry.2.extend(found.iter().cloned());
        gold_all.extend(gold);
        found_all.extend(found);
    }
    let per_subject = by_subject
        .into_iter()
        .map(|(s, (n, g, f))| (s, n, score(&g, &f)))
        .collect();
    (score(&gold_all, &found_all), per_subject)
}

fn print_subjects(per_subject: &[(String, usize, Report)]) {
    println!(
        "| subject | articles | names | strict F1 names | values | strict F1 values |\n|---|---:|---:|---:|---:|---:|"
    );
    for (s, n, r) in per_subject {
        let (names, values) = (r.micro(&NAMES, true), r.micro(&VALUES, true));
        println!(
            "| {s} | {n} | {} | {:.3} | {} | {:.3} |",
            names.tp + names.fn_,
            names.f1(),
            values.tp + values.fn_,
            values.f1()
        );
    }
}

/// The development set: real French news on subjects the seeds never touch,
/// annotated before the model was tuned, never trained on (data/ner/dev).
#[test]
fn on_french_news_the_recognizer_generalizes_beyond_the_knowledge_base() {
    let (report, per_subject) = news_split("dev", &Recognizer::new(KnowledgeBase::default()));
    print("French news, development set, empty knowledge base", &report);
    print_subjects(&per_subject);
    assert!(per_subject.len() >= 8, "{} subjects", per_subject.len());
    let names = report.micro(&NAMES, true).f1();
    // The goal is 0.80; the recognizer reaches 0.806 (spaCy fr_core_news_md:
    // 0.696, docs/QUALITY.md). The floor guards what is reached, a little under it.
    assert!(names >= DEV_FLOOR, "strict micro-F1 on PER/ORG/LOC/MISC: {names:.3}");
    // The goal itself: a retrained model must not fall under it unnoticed.
    assert!(
        names >= 0.80,
        "strict micro-F1 on PER/ORG/LOC/MISC under the 0.80 goal: {names:.3}"
    );
}

const DEV_FLOOR: f64 = 0.78;

/// The test set: annotated like the development set, but nothing was ever
/// tuned on it; its floor is a regression guard under what it reaches (docs/QUALITY.md).
#[test]
fn on_a_held_out_test_set_the_recognizer_holds() {
    let (report, per_subject) = news_split("test", &Recognizer::new(KnowledgeBase::default()));
    print("French news, test set, empty knowledge base", &report);
    print_subjects(&per_subject);
    let names = report.micro(&NAMES, true).f1();
    assert!(names >= TEST_FLOOR, "strict micro-F1 on PER/ORG/LOC/MISC: {names:.3}");
}

const TEST_FLOOR: f64 = 0.73;
