//! What a sharded site's entities cost the page once they arrive, natively:
//! adding every entity part to a corpus, copying the corpus then, and an
//! earlier copy catching up (`shards::catch_up`, what the app's previous
//! corpus does, `src/corpus.rs`), beside the same parts read again.
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
    let mut third = other.clone();
    let t = Instant::now();
    shards::catch_up(&mut other, &corpus, &parts);
    println!("an earlier copy catching up (shares the table): {:?}", t.elapsed());
    assert!(other == corpus, "caught up");
    let t = Instant::now();
    for (p, bytes) in &parts {
        shards::add(&mut third, *p, bytes).unwrap();
    }
    println!("the same parts read again by an earlier copy: {:?}", t.elapsed());
}
