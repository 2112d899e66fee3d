//! French stemming: "souverains" → "souverain", "rachète" and "racheter" → "rachet".
//!
//! Snowball's French algorithm (crate `rust-stemmers`), applied to the
//! lowercased word with its accents (the algorithm's rules need them), then
//! folded like every term. Why Snowball over Lucene's light French stemmer:
//! see docs/STEMMING.md, measured on this corpus.

use super::folding::fold;
use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::French))
}

/// The folded stem of a word as written ("Rachète" → "rachet").
pub fn stem(word: &str) -> String {
    let lower = word.to_lowercase().replace(['’', '‘', 'ʼ'], "'");
    fold(&stemmer().stem(&lower))
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn stemming_table() {
        let same = [
            ("souverains", "souverain"),
            ("souveraine", "souverain"),
            ("rachète", "racheter"),
            ("rachètera", "racheter"),
            ("opérateurs", "opérateur"),
            ("État", "état"),
            ("partenaires", "partenaire"),
            ("intégrés", "intégration"),
            ("actionnaires", "actionnaire"),
        ];
        for (a, b) in same {
            assert_eq!(stem(a), stem(b), "{a} and {b} share a stem");
        }
        let different = [
            ("cloud", "cloudwatt"),
            ("numergy", "numerique"),
            ("capital", "capitaine"),
            ("etat", "etait"),
        ];
        for (a, b) in different {
            assert_ne!(stem(a), stem(b), "{a} and {b}");
        }
    }
}
