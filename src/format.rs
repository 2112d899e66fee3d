//! Display of numbers, dates and lengths in the interface language. French
//! typography: a narrow no-break space (U+202F) groups thousands and precedes
//! « : ; ! ? % »; English groups thousands with a comma.

use crate::i18n::Lang;
use loupe_engine::PubDate;

/// Narrow no-break space, the French thousands separator and the space before high punctuation.
pub const NNBSP: char = '\u{202f}';

/// `3245` → "3 245" (narrow no-break space), "3,245" in English.
pub fn number(n: u64, lang: Lang) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(if lang == Lang::En { ',' } else { NNBSP });
        }
        out.push(c);
    }
    out
}

/// `n` and its noun: "1 article", "3 245 articles"; "3,245 articles".
pub fn count(n: usize, fr: &str, en: &str, lang: Lang) -> String {
    let mut out = number(n as u64, lang);
    out.push(' ');
    out.push_str(&lang.plural(n, fr, en));
    out
}

/// "1 mot", "3 245 mots"; "3,245 words".
pub fn words(n: u64, lang: Lang) -> String {
    count(n as usize, "mot", "word", lang)
}

/// Reading time at 230 words a minute, never below one minute: "4 min de lecture".
pub fn reading_time(words: u64, lang: Lang) -> String {
    format!(
        "{} {}",
        words.div_ceil(230).max(1),
        lang.t("min de lecture", "min read")
    )
}

/// A date at its own precision: "2015", "janvier 2015", "13 janvier 2015",
/// "1er mars 2015"; "13 January 2015" in English (the engine's wording, the
/// one citations use).
pub fn date(d: &PubDate, lang: Lang) -> String {
    loupe_engine::cite::date_words(*d, lang.into())
}

/// A span of dates: "janvier 2015 – février 2016", or one date when both ends match.
pub fn span(from: &PubDate, to: &PubDate, lang: Lang) -> String {
    if from == to {
        date(from, lang)
    } else {
        format!("{} – {}", date(from, lang), date(to, lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PubDate {
        PubDate::parse(s).unwrap()
    }

    #[test]
    fn number_table() {
        for (n, want) in [
            (0, "0"),
            (999, "999"),
            (1000, "1\u{202f}000"),
            (3245, "3\u{202f}245"),
            (1_234_567, "1\u{202f}234\u{202f}567"),
        ] {
            assert_eq!(number(n, Lang::Fr), want);
        }
        assert_eq!(number(1_234_567, Lang::En), "1,234,567");
        assert_eq!(words(1, Lang::Fr), "1 mot");
        assert_eq!(words(3245, Lang::Fr), "3\u{202f}245 mots");
        assert_eq!(words(3245, Lang::En), "3,245 words");
    }

    #[test]
    fn date_table() {
        for (iso, want) in [
            ("2015", "2015"),
            ("2016-02", "février 2016"),
            ("2015-01-13", "13 janvier 2015"),
            ("2015-03-01", "1er mars 2015"),
            ("2015-08", "août 2015"),
        ] {
            assert_eq!(date(&d(iso), Lang::Fr), want);
        }
        assert_eq!(date(&d("2015-03-01"), Lang::En), "1 March 2015");
        assert_eq!(
            span(&d("2015-01"), &d("2016-02"), Lang::Fr),
            "janvier 2015 – février 2016"
        );
        assert_eq!(
            span(&d("2015-01"), &d("2016-02"), Lang::En),
            "January 2015 – February 2016"
        );
        assert_eq!(span(&d("2015-01"), &d("2015-01"), Lang::Fr), "janvier 2015");
    }

    #[test]
    fn reading_time_table() {
        for (n, want) in [(0, 1), (230, 1), (231, 2), (883, 4)] {
            assert_eq!(reading_time(n, Lang::Fr), format!("{want} min de lecture"));
        }
        assert_eq!(reading_time(883, Lang::En), "4 min read");
    }
}
