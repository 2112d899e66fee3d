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

/// Standard base64 with padding (RFC 4648), as `loupe site` writes into `loupe.html`.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, &b| (n << 8) | u32::from(b)) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
