//! French stemming: "souverains" → "souverain", "rachète" and "racheter" → "rachet".
//!
//! Snowball's French algorithm (crate `rust-stemmers`), applied to the
//! lowercased word with its accents (the algorithm's rules need them), then
//! folded like every term, with a short table of exceptions for conflations
//! that mislead in news about companies ("opérateur" is not "opération").
//! Why Snowball over Lucene's light French stemmer, measured on this corpus:
//! docs/STEMMING.md.

use super::folding::fold;
use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::French))
}

/// Folded words whose Snowball stem would join unrelated words, with the stem
/// they get instead. Sorted by word (binary search).
const EXCEPTIONS: &[(&str, &str)] = &[
    ("due", "due"),
    ("dues", "due"),
    ("france", "france"),
    ("operateur", "operateur"),
    ("operateurs", "operateur"),
    ("operation", "operation"),
    ("operations", "operation"),
    ("parti", "parti"),
    ("partie", "partie"),
    ("parties", "partie"),
    ("partis", "parti"),
    ("saas", "saas"),
    ("totalite", "totalite"),
];

/// Snowball's French stem of a lower-case word, accents kept ("réforme" →
/// "réform"): the form the recognizer's list of common words is kept in.
pub fn snowball(lower: &str) -> std::borrow::Cow<'_, str> {
    stemmer().stem(lower)
}

/// The folded stem of a word as written ("Rachète" → "rachet").
pub fn stem(word: &str) -> String {
    let folded = fold(word);
    if let Ok(i) = EXCEPTIONS.binary_search_by_key(&folded.as_str(), |&(w, _)| w) {
        return EXCEPTIONS[i].1.to_owned();
    }
    let lower = crate::analysis::folding::lower(word).replace(['’', '‘', 'ʼ'], "'");
    fold(&stemmer().stem(&lower))
}

#[cfg(test)]
mod tests {
    use super::{stem, EXCEPTIONS};

    #[test]
    fn exceptions_are_sorted_and_folded() {
        assert!(EXCEPTIONS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(EXCEPTIONS
            .iter()
            .all(|(w, s)| super::fold(w) == *w && super::fold(s) == *s));
    }

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
