//! temporary
use loupe_engine::shards::{self, Part};
use std::time::Instant;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let entry = std::fs::read(format!("{dir}/corpus.idx")).unwrap();
    let mut c = shards::open(&entry).unwrap();
    for part in [Part::Columns, Part::Ents] {
        let name = shards::file(&c, part).unwrap();
        let bytes = std::fs::read(format!("{dir}/{name}")).unwrap();
        let t = Instant::now();
        shards::add(&mut c, part, &bytes).unwrap();
        println!("add {part:?}: {:?}", t.elapsed());
    }
    let mentions: usize = c.entities.mentions.iter().map(|m| m.len()).sum();
    println!(
        "docs {} entities {} mentions {}",
        c.docs.len(),
        c.entities.entities.len(),
        mentions
    );
    for _ in 0..5 {
        let t = Instant::now();
        let d = c.clone();
        println!("clone {:?}", t.elapsed());
        drop(d);
    }
}
