//! What the app's tests share: the seed corpus as the snapshot `build.rs`
//! writes from `seeds/` (the app itself carries no corpus: a site gives it
//! `corpus.loupe`, and `loupe.html` carries it in the page).
#![allow(dead_code)]

/// The seeds' snapshot, written by `build.rs`.
pub static SEEDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/corpus.snapshot"));

/// The seed corpus, decoded as the app decodes it.
#[allow(clippy::expect_used)]
pub fn seeds() -> loupe_engine::Corpus {
    loupe::corpus::decode(SEEDS).expect("build.rs writes the seeds' snapshot with this engine")
}

/// Standard base64, as `loupe site` writes it into `loupe.html`.
pub fn base64(bytes: &[u8]) -> String {
    loupe_engine::base64::encode(bytes)
}
