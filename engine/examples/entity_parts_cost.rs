//! What a sharded site's entities cost the page once they arrive, natively:
//! adding every entity part to a corpus, copying the corpus then, and
//! adding the same parts to a second copy (what the app's previous corpus
//! does when it catches up, `src/corpus.rs`).
//!
//! `cargo run --release -p loupe-engine --example entity_parts_cost -- SITE`
//! (SITE written by `loupe site --shards always`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a measuring tool: a failure is its answer

use loupe_engine::shards::{self, Part};
use loupe_engine::Corpus;
use std::time::Instant;

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("usage: entity_parts_cost SITE"));
    let entry = std::fs::read(dir.join(shards::ENTRY)).expect("a sharded site's corpus.idx");
    let mut corpus = shards::open(&entry).unwrap();
    let read = |c: &Corpus, p: Part| std::fs::read(dir.join(shards::file(c, p).unwrap())).unwrap();
    let columns = read(&corpus, Part::Columns);
    shards::add(&mut corpus, Part::Columns, &columns).unwrap();
    let t = Instant::now();
    drop(corpus.clone());
    println!("copy of the corpus before the entities: {:?}", t.elapsed());
    let parts: Vec<(Part, Vec<u8>)> = shards::entity_parts(&corpus)
        .into_iter()
        .map(|p| (p, read(&corpus, p)))
        .collect();
    let mut other = corpus.clone();
    let t = Instant::now();
    let mut slowest = (std::time::Duration::ZERO, None);
    for (p, bytes) in &parts {
        let one = Instant::now();
        shards::add(&mut corpus, *p, bytes).unwrap();
        slowest = slowest.max((one.elapsed(), Some(*p)));
    }
    println!(
        "adding the {} entity parts: {:?} (the slowest, {:?}: {:?}, the last one puts the table together)",
        parts.len(),
        t.elapsed(),
        slowest.1,
        slowest.0
    );
    let t = Instant::now();
    let copy = corpus.clone();
    println!("copy of the corpus with them: {:?}", t.elapsed());
    let t = Instant::now();
    drop(copy);
    println!("letting that copy go: {:?}", t.elapsed());
    let t = Instant::now();
    for (p, bytes) in &parts {
        shards::add(&mut other, *p, bytes).unwrap();
    }
    println!("the same parts added to an earlier copy: {:?}", t.elapsed());
}
