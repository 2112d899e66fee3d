//! French stop words. They are indexed (phrases and stop-word-only queries
//! still work) but a query's stop words do not have to match when it has
//! other words, and weigh little in ranking.
//!
//! The list is Snowball's French stop list, folded, plus a few frequent
//! function words (cet, cette, comme, dont, sans, sous, si, ni, tout, plus).

/// Sorted, folded stop words (binary search).
const STOP_WORDS: &[&str] = &[
    "a", "ai", "aie", "aient", "aies", "ait", "as", "au", "aura", "aurai", "auraient", "aurais", "aurait", "auras",
    "aurez", "auriez", "aurions", "aurons", "auront", "aux", "avaient", "avais", "avait", "avec", "avez", "aviez",
    "avions", "avons", "ayant", "ayante", "ayantes", "ayants", "ayez", "ayons", "c", "ce", "ces", "cet", "cette",
    "comme", "d", "dans", "de", "des", "dont", "du", "elle", "en", "es", "est", "et", "etaient", "etais", "etait",
    "etant", "etante", "etantes", "etants", "ete", "etee", "etees", "etes", "etiez", "etions", "eu", "eue", "eues",
    "eumes", "eurent", "eus", "eusse", "eussent", "eusses", "eussiez", "eussions", "eut", "eutes", "eux", "fumes",
    "furent", "fus", "fusse", "fussent", "fusses", "fussiez", "fussions", "fut", "futes", "il", "ils", "j", "je", "l",
    "la", "le", "les", "leur", "lui", "m", "ma", "mais", "me", "meme", "mes", "moi", "mon", "n", "ne", "ni", "nos",
    "notre", "nous", "on", "ont", "ou", "par", "pas", "plus", "pour", "qu", "que", "qui", "s", "sa", "sans", "se",
    "sera", "serai", "seraient", "serais", "serait", "seras", "serez", "seriez", "serions", "serons", "seront", "ses",
    "si", "soient", "sois", "soit", "sommes", "son", "sont", "sous", "soyez", "soyons", "suis", "sur", "t", "ta", "te",
    "tes", "toi", "ton", "tout", "tu", "un", "une", "vos", "votre", "vous", "y",
];

/// True for a folded French stop word.
pub fn is_stop_word(folded: &str) -> bool {
    STOP_WORDS.binary_search(&folded).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_sorted_and_folded() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]), "sorted without duplicates");
        assert!(STOP_WORDS.iter().all(|w| super::super::fold(w) == *w), "folded");
    }

    #[test]
    fn stop_word_table() {
        for w in ["le", "de", "a", "ete", "etait", "meme", "ou", "dans", "cette"] {
            assert!(is_stop_word(w), "{w}");
        }
        for w in ["etat", "cloud", "souverain", "orange", "sfr", "44,3", "%"] {
            assert!(!is_stop_word(w), "{w}");
        }
    }
}
