//! What recognizing the entity a query names costs a keystroke: the scan of
//! every name and alias (`EntityTable::resolve`), on a corpus with entities.
//!
//! `cargo run --release -p loupe-engine --example named_cost -- CORPUS.jsonl`
use std::time::Instant;
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: named_cost CORPUS.jsonl")?;
    let corpus = loupe_engine::load_jsonl(std::path::Path::new(&path), loupe_engine::LoadOptions::default())?.corpus;
    println!(
        "{} articles, {} entities",
        corpus.docs.len(),
        corpus.entities.entities.len()
    );
    for q in ["numergy", "caisse des depots", "cloud souverain", "xyz"] {
        let t = Instant::now();
        let runs = 20;
        for _ in 0..runs {
            std::hint::black_box(corpus.entities.resolve(q));
        }
        println!(
            "resolve {q:?}: {:.2} ms",
            t.elapsed().as_secs_f64() * 1000.0 / f64::from(runs)
        );
    }
    Ok(())
}
