#![allow(clippy::unwrap_used)]
use loupe_engine::entities::gazetteer::{gazetteers, List};
use loupe_engine::entities::ner;
fn main() {
    let g = gazetteers();
    for n in ["new york", "paris", "tours", "manosque", "paulhaguet", "legrand"] {
        println!(
            "{n}: {:?}",
            List::ALL.iter().map(|l| g.contains(*l, n)).collect::<Vec<_>>()
        );
    }
    let text = std::env::args().nth(1).unwrap();
    for m in ner::find(&text) {
        println!("{:?} {:?}", &text[m.range.clone()], m.kind);
    }
}
