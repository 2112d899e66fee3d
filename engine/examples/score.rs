//! Scores a JSONL of entity mentions (the `loupe entities --format jsonl`
//! shape) against a gold annotation, with the quality test's scorer:
//!
//! ```sh
//! cargo run -p loupe-engine --example score -- tests/fixtures/gold-entities.jsonl found.jsonl
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)] // a command-line tool for developers

use loupe_engine::entities::eval::{score, Span};

fn read(path: &str) -> Result<Vec<Span>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            let v: serde_json::Value = serde_json::from_str(l).map_err(|e| format!("{path}:{}: {e}", n + 1))?;
            let s = |k: &str| {
                v[k].as_str()
                    .map(str::to_owned)
                    .ok_or(format!("{path}:{}: no \"{k}\"", n + 1))
            };
            let u = |k: &str| {
                v[k].as_u64()
                    .map(|x| x as usize)
                    .ok_or(format!("{path}:{}: no \"{k}\"", n + 1))
            };
            Ok(Span {
                doc: s("doc")?,
                start: u("start")?,
                end: u("end")?,
                kind: s("type")?,
                canonical: s("canonical")?,
            })
        })
        .collect()
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // `--subjects FILE.tsv` (doc, subject per line): also one line per subject.
    let subjects = args.iter().position(|a| a == "--subjects").map(|i| {
        let path = args.remove(i + 1);
        args.remove(i);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
    });
    let [gold, found] = args.as_slice() else {
        eprintln!("usage: score GOLD.jsonl FOUND.jsonl [--subjects DOCS.tsv]");
        std::process::exit(2);
    };
    match (read(gold), read(found)) {
        (Ok(gold), Ok(found)) => {
            print!("{}", score(&gold, &found).table());
            if let Some(subjects) = subjects {
                let names = ["PER", "ORG", "LOC", "MISC"];
                let mut by: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
                for line in subjects.lines() {
                    if let Some((doc, subject)) = line.split_once('\t') {
                        by.entry(subject).or_default().push(doc);
                    }
                }
                println!("\n| subject | names | strict F1 names |\n|---|---:|---:|");
                for (subject, docs) in by {
                    let keep = |s: &&Span| docs.contains(&s.doc.as_str());
                    let g: Vec<Span> = gold.iter().filter(keep).cloned().collect();
                    let f: Vec<Span> = found.iter().filter(keep).cloned().collect();
                    let c = score(&g, &f).micro(&names, true);
                    println!("| {subject} | {} | {:.3} |", c.tp + c.fn_, c.f1());
                }
            }
        }
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("score: {e}");
            std::process::exit(1);
        }
    }
}
