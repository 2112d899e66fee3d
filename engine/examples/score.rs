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
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [gold, found] = args.as_slice() else {
        eprintln!("usage: score GOLD.jsonl FOUND.jsonl");
        std::process::exit(2);
    };
    match (read(gold), read(found)) {
        (Ok(gold), Ok(found)) => print!("{}", score(&gold, &found).table()),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("score: {e}");
            std::process::exit(1);
        }
    }
}
