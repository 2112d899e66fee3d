//! Times `snapshot::decode` of a snapshot file (what the page does with a collection).
//! `cargo run --release -p loupe-engine --example decode_time -- FILE`
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: decode_time FILE")?;
    let bytes = std::fs::read(path)?;
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let corpus = loupe_engine::snapshot::decode(&bytes)?;
        let decoded = t.elapsed();
        let t = std::time::Instant::now();
        let r = corpus.search("", &loupe_engine::search::Options::default());
        println!(
            "decode {:?}, empty search (overview's facets) {:?}, {} docs",
            decoded,
            t.elapsed(),
            r.total
        );
    }
    Ok(())
}
