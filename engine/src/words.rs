//! Word counting for the corpus summary.
//!
//! A word is a whitespace-separated run holding at least one letter or digit,
//! so «, – and … standing alone do not count. This is the reader's notion of
//! "words" (as in a word processor), not the search analyzer's tokens.

/// Number of words in `text`.
///
/// ```
/// assert_eq!(loupe_engine::word_count("L’opérateur « pérennise » 44,3 % – fin."), 4);
/// ```
pub fn word_count(text: &str) -> usize {
    text.split(char::is_whitespace)
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

#[cfg(test)]
mod tests {
    use super::word_count;

    #[test]
    fn word_count_table() {
        let cases = [
            ("", 0),
            ("   \n\n ", 0),
            ("Orange", 1),
            ("Orange rachète Cloudwatt.", 3),
            ("« pérennisé » – …", 1),
            ("75 millions d'euros", 3),
            ("1\u{202f}200 clients", 3),
            ("Atos-Bull\u{a0}et\tSFR", 3),
        ];
        for (text, n) in cases {
            assert_eq!(word_count(text), n, "{text:?}");
        }
    }
}
