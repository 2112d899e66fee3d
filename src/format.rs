//! French display of numbers, dates and lengths, with French typography:
//! a narrow no-break space (U+202F) groups thousands and precedes « : ; ! ? % ».

use loupe_engine::PubDate;

/// Narrow no-break space, the French thousands separator and the space before high punctuation.
pub const NNBSP: char = '\u{202f}';

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// `3245` → "3 245" (narrow no-break space).
pub fn number(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(NNBSP);
        }
        out.push(c);
    }
    out
}

/// "1 mot", "3 245 mots".
pub fn words(n: u64) -> String {
    format!("{} mot{}", number(n), if n > 1 { "s" } else { "" })
}

/// Reading time at 230 words a minute, never below one minute: "4 min de lecture".
pub fn reading_time(words: u64) -> String {
    format!("{} min de lecture", words.div_ceil(230).max(1))
}

/// A date at its own precision: "2015", "janvier 2015", "13 janvier 2015", "1er mars 2015".
pub fn date(d: &PubDate) -> String {
    let month = d.month.and_then(|m| MONTHS.get(usize::from(m).wrapping_sub(1)));
    match (d.day, month) {
        (Some(1), Some(m)) => format!("1er {m} {}", d.year),
        (Some(day), Some(m)) => format!("{day} {m} {}", d.year),
        (_, Some(m)) => format!("{m} {}", d.year),
        _ => d.year.to_string(),
    }
}

/// A span of dates: "janvier 2015 – février 2016", or one date when both ends match.
pub fn span(from: &PubDate, to: &PubDate) -> String {
    if from == to {
        date(from)
    } else {
        format!("{} – {}", date(from), date(to))
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
            assert_eq!(number(n), want);
        }
        assert_eq!(words(1), "1 mot");
        assert_eq!(words(3245), "3\u{202f}245 mots");
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
            assert_eq!(date(&d(iso)), want);
        }
        assert_eq!(span(&d("2015-01"), &d("2016-02")), "janvier 2015 – février 2016");
        assert_eq!(span(&d("2015-01"), &d("2015-01")), "janvier 2015");
    }

    #[test]
    fn reading_time_table() {
        for (n, want) in [(0, 1), (230, 1), (231, 2), (883, 4)] {
            assert_eq!(reading_time(n), format!("{want} min de lecture"));
        }
    }
}
