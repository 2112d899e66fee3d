//! Sums of money and percentages, found on the analyzer's tokens (so French
//! numbers, every apostrophe and space form are already handled) and
//! normalized: "75 millions d’euros" and "75 M€" are both 75 000 000 EUR,
//! "44,3 %" and "44,3 pour cent" are both 44,3 %.

use super::{EntityType, Mention, Source};
use crate::analysis::{analyze, Token, TokenKind};

/// Sums and percentages in `text`, in order.
pub fn find(text: &str) -> Vec<Mention> {
    find_in(text, &super::words_of(analyze(text)))
}

/// Sums and percentages, from `text`'s tokens without compounds (shared by every recognizer).
pub fn find_in(text: &str, tokens: &[Token]) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].kind == TokenKind::Number {
            // "… 2 millions d’euros en 2014, 6 millions en 2015": the currency carries over
            // to a sum in millions later in the same sentence.
            let previous = out.iter().rev().find(|m| m.kind == EntityType::Money).and_then(|m| {
                let between = &text[m.range.end..tokens[i].range.start];
                let near = between.len() <= 160 && !between.contains(['.', '!', '?', '\n']);
                near.then(|| m.canonical.rsplit(' ').next().unwrap_or("EUR").to_owned())
            });
            if let Some((m, next)) = percent(text, tokens, i).or_else(|| money(text, tokens, i, previous.as_deref())) {
                out.push(m);
                i = next;
                continue;
            }
        }
        i += 1;
    }
    out
}

fn value(term: &str) -> Option<f64> {
    term.replace(',', ".").parse().ok()
}

/// Only spaces between two tokens, or an elided "d’" ("millions d’euros").
fn gap_ok(text: &str, a: &Token, b: &Token) -> bool {
    let gap: String = text[a.range.end..b.range.start]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    gap.is_empty() || matches!(gap.as_str(), "d'" | "d’" | "d‘" | "dʼ")
}

/// "44,3 %", "33%", "20 pour cent".
fn percent(text: &str, t: &[Token], i: usize) -> Option<(Mention, usize)> {
    let number = &t[i];
    let v = value(&number.term)?;
    let end = match (t.get(i + 1), t.get(i + 2)) {
        (Some(p), _) if p.term == "%" && gap_ok(text, number, p) => i + 1,
        (Some(p), Some(c)) if p.term == "pour" && c.term == "cent" && gap_ok(text, number, p) && gap_ok(text, p, c) => {
            i + 2
        }
        _ => return None,
    };
    let shown = number.term.clone();
    Some((
        Mention {
            range: number.range.start..t[end].range.end,
            kind: EntityType::Percent,
            id: format!("percent:{v}"),
            canonical: format!("{shown} %"),
            source: Source::Pattern,
            confidence: 0.99,
        },
        end + 1,
    ))
}

/// "75 millions d’euros", "31 M€", "1,5 milliard de dollars", "2 000 €";
/// with `carried` (a currency from just before), also "6 millions".
fn money(text: &str, t: &[Token], i: usize, carried: Option<&str>) -> Option<(Mention, usize)> {
    let v = value(&t[i].term)?;
    let mut j = i + 1;
    let mut scale = 1.0;
    if let Some(s) = t.get(j).filter(|s| gap_ok(text, &t[j - 1], s)) {
        let factor = match s.term.as_str() {
            "million" | "millions" | "m" => Some(1e6),
            "milliard" | "milliards" | "md" | "mds" | "mrd" => Some(1e9),
            "mille" | "k" => Some(1e3),
            _ => None,
        };
        if let Some(f) = factor {
            scale = f;
            j += 1;
        }
    }
    if t.get(j).is_some_and(|d| d.term == "de" && gap_ok(text, &t[j - 1], d)) {
        j += 1;
    }
    let written = t
        .get(j)
        .filter(|c| gap_ok(text, &t[j - 1], c))
        .and_then(|c| match c.term.as_str() {
            "euro" | "euros" | "€" | "eur" => Some("EUR"),
            "dollar" | "dollars" | "$" | "usd" => Some("USD"),
            _ => None,
        });
    let (currency, last) = match (written, carried) {
        (Some(c), _) => (c, j),
        // Only a sum in millions or billions takes a currency from before ("6 millions").
        (None, Some(c)) if scale >= 1e6 && t.get(j).is_none_or(|n| !matches!(n.term.as_str(), "de" | "d")) => {
            (if c == "USD" { "USD" } else { "EUR" }, j - 1)
        }
        _ => return None,
    };
    let c = &t[last];
    let amount = v * scale;
    Some((
        Mention {
            range: t[i].range.start..c.range.end,
            kind: EntityType::Money,
            id: format!("money:{amount}-{}", currency.to_lowercase()),
            canonical: format!("{} {currency}", grouped(amount)),
            source: Source::Pattern,
            confidence: 0.97,
        },
        last + 1,
    ))
}

/// 75000000 → "75 000 000"; 1.25 → "1,25".
fn grouped(amount: f64) -> String {
    let whole = amount.trunc() as u64;
    let digits = whole.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    let fraction = amount - amount.trunc();
    if fraction > 1e-9 {
        let f = format!("{fraction:.2}");
        out.push(',');
        out.push_str(f.trim_start_matches("0.").trim_end_matches('0'));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, &'static str, String)> {
        find(text)
            .into_iter()
            .map(|m| (text[m.range].to_owned(), m.kind.as_str(), m.canonical))
            .collect()
    }

    #[test]
    fn money_and_percent_table() {
        /// (text, expected (mention, type, canonical) list)
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str, &'a str)]);
        let cases: &[Case] = &[
            (
                "un financement de 75 millions d'euros",
                &[("75 millions d'euros", "MONEY", "75 000 000 EUR")],
            ),
            (
                "quelque 75 millions d ‘euros de",
                &[("75 millions d ‘euros", "MONEY", "75 000 000 EUR")],
            ),
            (
                "de 2 millions d’euros.",
                &[("2 millions d’euros", "MONEY", "2 000 000 EUR")],
            ),
            ("soit 31 M€ en 2014", &[("31 M€", "MONEY", "31 000 000 EUR")]),
            (
                "1,5 milliard de dollars",
                &[("1,5 milliard de dollars", "MONEY", "1 500 000 000 USD")],
            ),
            ("2\u{a0}000 € par mois", &[("2\u{a0}000 €", "MONEY", "2 000 EUR")]),
            ("Orange détient 44,3 % de", &[("44,3 %", "PERCENT", "44,3 %")]),
            ("des 33% du capital", &[("33%", "PERCENT", "33 %")]),
            (
                "33,3\u{a0}% et 22,2\u{202f}%",
                &[
                    ("33,3\u{a0}%", "PERCENT", "33,3 %"),
                    ("22,2\u{202f}%", "PERCENT", "22,2 %"),
                ],
            ),
            ("20 pour cent", &[("20 pour cent", "PERCENT", "20 %")]),
            ("2 000 clients en 2012", &[]),
            ("2 millions de clients", &[]),
            ("à coup de millions d'euros", &[]),
            (
                "de 2 millions d'euros en 2014, et voyait 6 millions en 2015",
                &[
                    ("2 millions d'euros", "MONEY", "2 000 000 EUR"),
                    ("6 millions", "MONEY", "6 000 000 EUR"),
                ],
            ),
            (
                "de 2 millions d'euros. Puis 6 millions de clients",
                &[("2 millions d'euros", "MONEY", "2 000 000 EUR")],
            ),
        ];
        for (text, want) in cases {
            let want: Vec<(String, &str, String)> =
                want.iter().map(|&(a, b, c)| (a.to_owned(), b, c.to_owned())).collect();
            assert_eq!(found(text), want, "{text:?}");
        }
    }

    #[test]
    fn equal_values_share_an_id() {
        let a = find("75 millions d'euros");
        let b = find("75 M€");
        assert_eq!(a[0].id, b[0].id);
        assert_ne!(find("75 millions de dollars")[0].id, a[0].id);
    }
}
