//! Trains the recognizer's CRF on the annotated news of `data/ner/train/`
//! and the seed gold, writes `engine/data/ner.crf`, and scores the new model
//! on `data/ner/dev/` (never trained on):
//!
//! ```sh
//! cargo run --release -p loupe-engine --example train_ner
//! ```
//!
//! Deterministic: the same data and gazetteers give the same bytes (files in
//! name order, L-BFGS without randomness). Options: `--c1 X --c2 Y --iter N`,
//! `--min-weight W` (state weights smaller are dropped: the download stays
//! small), `--out PATH`, `--dry-run` (score without writing).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a developer's command-line tool

use loupe_engine::entities::crf::Model;
use loupe_engine::entities::eval::parse_inline;
use loupe_engine::entities::ner::{self, DocContext, LABELS};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A document with gold name spans (byte ranges, type label).
struct Doc {
    name: String,
    text: String,
    spans: Vec<(Range<usize>, String)>,
}

const NAMES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

fn ann_docs(dir: &Path) -> Vec<Doc> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".ann.txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let src = std::fs::read_to_string(p).unwrap();
            let a = parse_inline(&src).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            Doc {
                name: p.file_name().unwrap().to_string_lossy().into_owned(),
                text: a.text,
                spans: a.mentions,
            }
        })
        .collect()
}

/// The seeds with their gold annotation (code-point offsets → bytes).
fn seed_docs(root: &Path) -> Vec<Doc> {
    let gold = std::fs::read_to_string(root.join("tests/fixtures/gold-entities.jsonl")).unwrap();
    let mut by_doc: BTreeMap<String, Vec<(Range<usize>, String)>> = BTreeMap::new();
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let r = v["byte_start"].as_u64().unwrap() as usize..v["byte_end"].as_u64().unwrap() as usize;
        by_doc
            .entry(v["doc"].as_str().unwrap().to_owned())
            .or_default()
            .push((r, v["type"].as_str().unwrap().to_owned()));
    }
    by_doc
        .into_iter()
        .map(|(name, spans)| Doc {
            text: std::fs::read_to_string(root.join("seeds").join(&name)).unwrap(),
            name,
            spans,
        })
        .collect()
}

/// BIO labels for `doc`'s tokens; counts gold names that do not fall on token edges.
fn labels(doc: &Doc, toks: &[ner::Tok], misaligned: &mut usize) -> Vec<&'static str> {
    let mut out = vec!["O"; toks.len()];
    for (r, kind) in doc.spans.iter().filter(|(_, k)| NAMES.contains(&k.as_str())) {
        let inside: Vec<usize> = (0..toks.len())
            .filter(|&i| toks[i].range.start >= r.start && toks[i].range.end <= r.end)
            .collect();
        let aligned = inside.first().is_some_and(|&i| toks[i].range.start == r.start)
            && inside.last().is_some_and(|&i| toks[i].range.end == r.end);
        if !aligned {
            *misaligned += 1;
            continue;
        }
        for (n, &i) in inside.iter().enumerate() {
            let l = format!("{}-{kind}", if n == 0 { "B" } else { "I" });
            out[i] = LABELS.iter().find(|x| **x == l).unwrap();
        }
    }
    out
}

/// Strict scores on names: (per type: tp, fp, fn), by exact span and type.
fn score(model: &Model, docs: &[Doc], errors: bool) -> BTreeMap<String, (usize, usize, usize)> {
    let mut s: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for d in docs {
        let found: Vec<(Range<usize>, String)> = ner::link(&d.text, ner::tag(model, &d.text))
            .into_iter()
            .map(|m| (m.range, m.kind.as_str().to_owned()))
            .collect();
        let gold: Vec<&(Range<usize>, String)> = d.spans.iter().filter(|(_, k)| NAMES.contains(&k.as_str())).collect();
        for g in &gold {
            let e = s.entry(g.1.clone()).or_default();
            if found.contains(g) {
                e.0 += 1;
            } else {
                e.2 += 1;
                if errors {
                    println!("  {}: missed {} {:?}", d.name, g.1, &d.text[g.0.clone()]);
                }
            }
        }
        for f in &found {
            if !gold.contains(&f) {
                s.entry(f.1.clone()).or_default().1 += 1;
                if errors {
                    println!("  {}: wrong  {} {:?}", d.name, f.1, &d.text[f.0.clone()]);
                }
            }
        }
    }
    s
}

fn print_scores(title: &str, s: &BTreeMap<String, (usize, usize, usize)>) -> f64 {
    let f1 = |(tp, fp, fn_): (usize, usize, usize)| {
        let p = tp as f64 / (tp + fp).max(1) as f64;
        let r = tp as f64 / (tp + fn_).max(1) as f64;
        (p, r, if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
    };
    println!("{title}");
    let mut all = (0, 0, 0);
    for (k, &c) in s {
        let (p, r, f) = f1(c);
        println!("  {k:5} gold {:4}  P {p:.3}  R {r:.3}  F1 {f:.3}", c.0 + c.2);
        all = (all.0 + c.0, all.1 + c.1, all.2 + c.2);
    }
    let (p, r, f) = f1(all);
    println!("  names gold {:4}  P {p:.3}  R {r:.3}  F1 {f:.3}", all.0 + all.2);
    f
}

/// Reads the weights out of a CRFsuite model through `crfs`'s text dump.
fn weights(crfsuite: &[u8]) -> Model {
    let model = crfs::Model::new(crfsuite).unwrap();
    let mut dump = Vec::new();
    model.dump(&mut dump).unwrap();
    let dump = String::from_utf8(dump).unwrap();
    let index = |l: &str| LABELS.iter().position(|x| *x == l).unwrap();
    let mut transitions = Vec::new();
    let mut states = Vec::new();
    let mut section = "";
    for line in dump.lines() {
        let line = line.trim();
        if line.ends_with("= {") {
            section = line.split_whitespace().next().unwrap_or("");
            continue;
        }
        // "(0) B-PER --> I-PER: 1.234567" or "(1) 0a1b2c3d --> B-PER: 0.5"
        let Some(rest) = line.strip_prefix('(').and_then(|l| l.split_once(") ")).map(|(_, r)| r) else {
            continue;
        };
        let (source, rest) = rest.split_once(" --> ").unwrap();
        let (target, w) = rest.rsplit_once(": ").unwrap();
        let w: f32 = w.parse().unwrap();
        match section {
            "TRANSITIONS" => transitions.push((index(source), index(target), w)),
            "STATE_FEATURES" => states.push((u32::from_str_radix(source, 16).unwrap(), index(target), w)),
            _ => {}
        }
    }
    Model::new(LABELS.iter().map(|s| s.to_string()).collect(), &transitions, &states)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opt = |name: &str, default: &str| -> String {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
            .unwrap_or_else(|| default.to_owned())
    };
    let c1: f64 = opt("--c1", "0.1").parse().unwrap();
    let c2: f64 = opt("--c2", "0.05").parse().unwrap();
    let iterations: usize = opt("--iter", "150").parse().unwrap();
    let min_weight: f32 = opt("--min-weight", "0.25").parse().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let out = PathBuf::from(opt("--out", &root.join("engine/data/ner.crf").to_string_lossy()));

    let mut train = ann_docs(&root.join("data/ner/train"));
    let news = train.len();
    train.extend(seed_docs(&root));
    let dev = ann_docs(&root.join("data/ner/dev"));
    let mut trainer = crfs::train::Trainer::lbfgs();
    let mut misaligned = 0;
    let mut tokens = 0;
    let mut mentions = 0;
    for d in &train {
        let toks = ner::tokenize(&d.text);
        let ctx = DocContext::new(&d.text, &toks);
        let feats = ner::features(&d.text, &toks, &ctx);
        let ys = labels(d, &toks, &mut misaligned);
        mentions += d.spans.iter().filter(|(_, k)| NAMES.contains(&k.as_str())).count();
        tokens += toks.len();
        for s in ner::sentences(&d.text, &toks) {
            let xseq: Vec<Vec<crfs::Attribute>> = feats[s.clone()]
                .iter()
                .map(|f| {
                    f.iter()
                        .map(|h| crfs::Attribute::new(format!("{h:08x}"), 1.0))
                        .collect()
                })
                .collect();
            trainer.append(&xseq, &ys[s]).unwrap();
        }
    }
    eprintln!(
        "train_ner: {} documents ({news} news, {} seeds), {tokens} tokens, {mentions} names ({misaligned} off token edges, skipped); dev: {} documents",
        train.len(),
        train.len() - news,
        dev.len()
    );
    trainer.params_mut().set_c1(c1).unwrap();
    trainer.params_mut().set_c2(c2).unwrap();
    trainer.params_mut().set_max_iterations(iterations).unwrap();
    let tmp = std::env::temp_dir().join(format!("loupe-ner-{}.crfsuite", std::process::id()));
    trainer.train(&tmp).unwrap();
    let model = weights(&std::fs::read(&tmp).unwrap()).pruned(min_weight);
    let _ = std::fs::remove_file(&tmp);
    let bytes = model.encode();
    // The weights as the engine will read them: decode what was encoded.
    let model = Model::decode(&bytes).unwrap();
    eprintln!(
        "train_ner: {} features with weights, {} bytes",
        model.feature_count(),
        bytes.len()
    );
    let errors = args.iter().any(|a| a == "--errors");
    print_scores("train (seen)", &score(&model, &train, false));
    let f = print_scores("dev (held out)", &score(&model, &dev, errors));
    if !args.iter().any(|a| a == "--dry-run") {
        std::fs::write(&out, &bytes).unwrap();
        eprintln!("train_ner: wrote {} (dev strict F1 on names {f:.3})", out.display());
    }
}
