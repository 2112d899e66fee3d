//! Native benchmark of the engine on a generated corpus (see gen_corpus.rs):
//! index build throughput, index size against raw text, and query latency
//! p50/p95 per kind of query. Also writes the query sets as JSON for the
//! browser benchmark, so both run the same queries.
//!
//! `cargo run --release -p loupe-engine --example bench -- CORPUS.jsonl [QUERIES_OUT.json]`

use loupe_engine::analysis::analyze;
use loupe_engine::search::Options;
use loupe_engine::{snapshot, Corpus, Document};
use std::io::BufRead;
use std::time::Instant;

/// Deterministic picks (SplitMix64).
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n.max(1) as u64) as usize
    }
}

pub fn load(path: &str) -> Result<Vec<Document>, Box<dyn std::error::Error>> {
    let mut docs = Vec::new();
    for line in std::io::BufReader::new(std::fs::File::open(path)?).lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        let id = v["id"].as_str().unwrap_or_default();
        let mut doc = Document::from_text(
            id,
            &format!("{id}.txt"),
            v["text"].as_str().unwrap_or_default().to_owned(),
        );
        doc.title = v["title"].as_str().unwrap_or_default().to_owned();
        doc.title_derived = false;
        docs.push(doc);
    }
    Ok(docs)
}

/// Query sets drawn from the corpus: (kind, queries). Queries end with a space
/// (no implicit prefix) except the prefix ones.
fn query_sets(corpus: &Corpus, per_kind: usize) -> Vec<(&'static str, Vec<String>)> {
    let mut rng = Rng(42);
    let word = |rng: &mut Rng, min: usize| -> (usize, usize, Vec<String>) {
        loop {
            let d = rng.below(corpus.docs.len());
            let text = &corpus.docs[d].text;
            let words: Vec<String> = analyze(text)
                .iter()
                .map(|t| text[t.range.clone()].to_owned())
                .filter(|w| w.chars().all(char::is_alphabetic))
                .collect();
            if words.len() < 2 {
                continue;
            }
            let i = rng.below(words.len() - 1);
            if words[i].chars().count() >= min && words[i + 1].chars().count() >= 3 {
                return (d, i, words);
            }
        }
    };
    let mut sets: Vec<(&str, Vec<String>)> = vec![
        ("one word", vec![]),
        ("two words", vec![]),
        ("prefix", vec![]),
        ("phrase", vec![]),
        ("fuzzy", vec![]),
    ];
    for _ in 0..per_kind {
        let (_, i, w) = word(&mut rng, 4);
        sets[0].1.push(format!("{} ", w[i]));
        let (_, i, w) = word(&mut rng, 4);
        let (_, j, v) = word(&mut rng, 4);
        sets[1].1.push(format!("{} {} ", w[i], v[j]));
        let (_, i, w) = word(&mut rng, 5);
        sets[2].1.push(format!("{}*", w[i].chars().take(4).collect::<String>()));
        let (_, i, w) = word(&mut rng, 4);
        sets[3].1.push(format!("\"{} {}\"", w[i], w[i + 1]));
        let (_, i, w) = word(&mut rng, 7);
        let mut chars: Vec<char> = w[i].chars().collect();
        let at = 1 + rng.below(chars.len() - 2);
        chars[at] = if chars[at] == 'x' { 'z' } else { 'x' };
        sets[4].1.push(format!("{} ", chars.into_iter().collect::<String>()));
    }
    sets
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: bench CORPUS.jsonl [QUERIES_OUT.json]")?;
    let queries_out = args.next();
    let docs = load(&path)?;
    let raw: usize = docs.iter().map(|d| d.text.len() + d.title.len()).sum();
    let n = docs.len();

    let start = Instant::now();
    let tokens: usize = docs.iter().map(|d| analyze(&d.text).len()).sum();
    let analysis = start.elapsed().as_secs_f64();
    println!(
        "analysis alone: {tokens} tokens, {:.1} MB/s",
        raw as f64 / 1e6 / analysis
    );
    let start = Instant::now();
    let corpus = Corpus::new(docs);
    let build = start.elapsed().as_secs_f64();
    let index_bytes = snapshot::encoded_index_len(&corpus.index);
    println!(
        "corpus: {n} articles, {:.1} MB raw text, {} terms",
        raw as f64 / 1e6,
        corpus.index.term_count()
    );
    println!("index build: {:.2} s, {:.1} MB/s", build, raw as f64 / 1e6 / build);
    println!(
        "index size: {:.1} MB, {:.1} % of raw text (positions included)",
        index_bytes as f64 / 1e6,
        100.0 * index_bytes as f64 / raw as f64
    );
    let parts = corpus.index.part_sizes();
    println!(
        "  of which: {}",
        parts
            .iter()
            .map(|(k, v)| format!("{k} {:.0} KB", *v as f64 / 1e3))
            .collect::<Vec<_>>()
            .join(", ")
    );

    let sets = query_sets(&corpus, 200);
    if let Some(out) = queries_out {
        let json: serde_json::Map<String, serde_json::Value> = sets
            .iter()
            .map(|(k, q)| ((*k).to_owned(), serde_json::json!(q)))
            .collect();
        std::fs::write(&out, serde_json::Value::Object(json).to_string())?;
    }
    let limit: usize = std::env::var("LIMIT").ok().and_then(|l| l.parse().ok()).unwrap_or(10);
    let options = Options {
        limit,
        ..Options::default()
    };
    println!("| query | p50 ms | p95 ms | mean hits |");
    println!("|---|---:|---:|---:|");
    // PROFILE=kind runs that kind's queries 50 times over, for a profiler.
    if let Ok(kind) = std::env::var("PROFILE") {
        for (_, queries) in sets.iter().filter(|(k, _)| *k == kind) {
            for _ in 0..50 {
                for q in queries {
                    let _ = corpus.search(q, &options);
                }
            }
        }
    }
    for (kind, queries) in &sets {
        let mut times = Vec::new();
        let mut hits = 0usize;
        for q in queries {
            let _ = corpus.search(q, &options); // warm
            let t = Instant::now();
            let r = corpus.search(q, &options);
            times.push(t.elapsed().as_secs_f64() * 1e3);
            hits += r.total;
        }
        times.sort_by(f64::total_cmp);
        println!(
            "| {kind} | {:.3} | {:.3} | {:.0} |",
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            hits as f64 / queries.len() as f64
        );
    }
    Ok(())
}
