//! Bytes of each part of the snapshot of a corpus directory (default seeds/):
//! `cargo run -p loupe-engine --example snapshot_size [DIR]`
use loupe_engine::{load_dir, snapshot};
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "seeds".into());
    let corpus = load_dir(dir.as_ref())?;
    let all = snapshot::encode(&corpus)?;
    let mut bare = corpus.clone();
    bare.entities = Default::default();
    let without_entities = snapshot::encode(&bare)?;
    let index = snapshot::encoded_index_len(&corpus.index);
    let text: usize = corpus.docs.iter().map(|d| d.text.len()).sum();
    println!("index parts: {:?}", corpus.index.part_sizes());
    println!(
        "snapshot {} bytes: text {text}, index {index}, entities {}, rest {}",
        all.len(),
        all.len() - without_entities.len(),
        without_entities.len() - index - text
    );
    Ok(())
}
