//! Entity recognition throughput on the seed articles, natively: the
//! articles one after another, each recognized as a document (knowledge base,
//! patterns, dates, heuristics), repeated until about `MB` megabytes
//! (default 8) went through. The analyzer (tokenize, fold, stem: what
//! indexing does per word) runs on the same texts side by side, so the ratio
//! holds on a busy machine even when the MB/s do not.
//!
//! `cargo run --release -p loupe-engine --example entity_bench -- [MB]`
//!
//! `entity_bench -- one MB` instead recognizes one document of `MB`
//! megabytes (the seeds repeated) and prints its throughput and the
//! process's peak memory: run it at 1 and 50 to see both stay flat.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a benchmark

use loupe_engine::analysis::analyze;
use loupe_engine::entities::kb::KnowledgeBase;
use loupe_engine::entities::{self, Recognizer};
use std::path::Path;
use std::time::Instant;

/// One recognizer alone: text → number of mentions.
type Stage<'a> = dyn Fn(&str) -> usize + 'a;

/// Peak resident memory of this process, in MB (Linux), if known.
fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// The seed articles, in file-name order, and their knowledge base.
fn seeds(dir: &Path) -> (Vec<String>, KnowledgeBase) {
    let mut texts: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    texts.sort();
    let kb_path = dir.join("entities.toml");
    let kb = KnowledgeBase::parse(&kb_path, &std::fs::read_to_string(&kb_path).unwrap()).unwrap();
    (texts, kb)
}

fn one_document(mb: f64, dir: &Path) {
    let (texts, kb) = seeds(dir);
    let round = texts.join("\n");
    let text = round.repeat(((mb * 1e6) / round.len() as f64).ceil() as usize);
    let recognizer = Recognizer::new(kb);
    let before = peak_mb().unwrap_or(0.0);
    let t = Instant::now();
    let n = recognizer.recognize(&text).len();
    let secs = t.elapsed().as_secs_f64();
    let size = text.len() as f64 / 1e6;
    println!(
        "one document of {size:.1} MB: {:.2} MB/s ({n} mentions); peak memory {:.0} MB before, {:.0} MB after ({:.1}× the text)",
        size / secs,
        before,
        peak_mb().unwrap_or(0.0),
        (peak_mb().unwrap_or(0.0) - before) / size
    );
}

fn main() {
    let seeds_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
    if std::env::args().nth(1).as_deref() == Some("one") {
        let mb: f64 = std::env::args().nth(2).and_then(|a| a.parse().ok()).unwrap_or(1.0);
        one_document(mb, &seeds_dir);
        return;
    }
    let mb: f64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(8.0);
    let (texts, kb) = seeds(&seeds_dir);
    let bytes_per_round: usize = texts.iter().map(String::len).sum();
    let rounds = ((mb * 1e6) / bytes_per_round as f64).ceil() as usize;
    let total = (bytes_per_round * rounds) as f64 / 1e6;

    // Where the time goes: each recognizer alone, one pass.
    let (_, kb2) = seeds(&seeds_dir);
    let stages: [(&str, &Stage); 4] = [
        ("knowledge base", &|t| kb2.find(t).len()),
        ("patterns", &|t| entities::patterns::find(t).len()),
        ("dates", &|t| entities::dates::find(t, None).len()),
        ("learned names (CRF)", &|t| entities::ner::find(t).len()),
    ];
    for (name, stage) in stages {
        let t = Instant::now();
        let mut n = 0;
        for _ in 0..rounds {
            for text in &texts {
                n += stage(text);
            }
        }
        println!("  {name}: {:.1} MB/s ({n} mentions)", total / t.elapsed().as_secs_f64());
    }
    for (name, recognizer) in [
        ("knowledge base + patterns + heuristics", Recognizer::new(kb)),
        ("empty knowledge base", Recognizer::new(KnowledgeBase::default())),
    ] {
        // Alternate the two a few times and keep each one's best run.
        let (mut best_ner, mut best_analyze) = (f64::MAX, f64::MAX);
        let mut mentions = 0;
        for _ in 0..3 {
            let t = Instant::now();
            mentions = 0;
            for _ in 0..rounds {
                for text in &texts {
                    mentions += recognizer.recognize(text).len();
                }
            }
            best_ner = best_ner.min(t.elapsed().as_secs_f64());
            let t = Instant::now();
            let mut tokens = 0;
            for _ in 0..rounds {
                for text in &texts {
                    tokens += analyze(text).len();
                }
            }
            std::hint::black_box(tokens);
            best_analyze = best_analyze.min(t.elapsed().as_secs_f64());
        }
        println!(
            "{name}: {total:.1} MB in {best_ner:.3} s = {:.1} MB/s ({mentions} mentions); analyzer {:.1} MB/s; recognition/analyzer time {:.2}",
            total / best_ner,
            total / best_analyze,
            best_ner / best_analyze
        );
    }
}
