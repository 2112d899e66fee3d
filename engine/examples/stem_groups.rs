//! Prints the stem groups of a corpus: words that stem together.
//! `cargo run -p loupe-engine --example stem_groups [DIR]`
use loupe_engine::analysis::{analyze, stem};
use std::collections::{BTreeMap, BTreeSet};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "seeds".into());
    let corpus = loupe_engine::load_dir(dir.as_ref())?;
    let mut groups: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for doc in &corpus.docs {
        for t in analyze(&doc.text) {
            let word = doc.text[t.range.clone()].to_lowercase();
            groups.entry(stem(&word)).or_default().insert(t.term);
        }
    }
    for (stem, words) in groups.iter().filter(|(_, w)| w.len() > 1) {
        println!("{stem:<16} {}", words.iter().cloned().collect::<Vec<_>>().join(" "));
    }
    Ok(())
}
