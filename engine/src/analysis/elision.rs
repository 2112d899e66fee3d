//! French elision: "l’opérateur" is the word "opérateur"; the article is not a term.
//!
//! Real text writes the apostrophe many ways (' ’ ‘ ʼ) and sometimes with a
//! stray space ("d ‘euros"); all are recognized.

/// Characters used as apostrophes in French text.
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`' | '´')
}

/// Folded words that elide before a vowel: l' d' j' m' n' s' t' c' qu' and the
/// conjunctions jusqu' lorsqu' puisqu' quoiqu'.
pub fn is_elided(folded: &str) -> bool {
    matches!(
        folded,
        "l" | "d" | "j" | "m" | "n" | "s" | "t" | "c" | "qu" | "jusqu" | "lorsqu" | "puisqu" | "quoiqu"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elision_table() {
        for word in ["l", "d", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "c", "s"] {
            assert!(is_elided(word), "{word}");
        }
        for word in ["le", "de", "aujourd", "presqu", "x"] {
            assert!(!is_elided(word), "{word}");
        }
        for c in ['\'', '’', '‘', 'ʼ'] {
            assert!(is_apostrophe(c));
        }
        assert!(!is_apostrophe('"'));
    }
}
