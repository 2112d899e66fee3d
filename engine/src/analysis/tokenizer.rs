//! Stage 1: raw pieces of text with their byte ranges, and how each piece is
//! joined to the one before it (an apostrophe, a hyphen, or nothing).
//!
//! Numbers are read the French way: "44,3" is one number, "1 200" too (with a
//! normal, no-break U+00A0 or narrow no-break U+202F space), normalized to
//! "44,3" and "1200". "%", "€" and "$" are pieces of their own, attached or
//! spaced ("33%", "33 %").

use super::elision::is_apostrophe;
use std::ops::Range;

/// What a piece is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PieceKind {
    /// Letters and digits ("Numergy", "Cloud28", "4G").
    Word,
    /// A number, with its normalized text ("1200", "44,3").
    Number(String),
    /// %, € or $.
    Symbol,
}

/// How a piece is attached to the previous one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joiner {
    /// Separated by space or punctuation.
    None,
    /// "l’opérateur": an apostrophe and nothing else.
    Apostrophe,
    /// "d ‘euros": a space, then an apostrophe.
    SpacedApostrophe,
    /// "Atos-Bull": a hyphen and nothing else.
    Hyphen,
}

/// A piece of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// What it is.
    pub kind: PieceKind,
    /// How it attaches to the previous piece.
    pub joiner: Joiner,
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Combining marks continue a word: "É" may be written "E" + U+0301.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c)
}

fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}')
}

/// Splits `text` into pieces. Works on byte positions with a few characters
/// of lookahead: memory is the pieces, not a copy of the text per character.
pub fn pieces(text: &str) -> Vec<Piece> {
    // The character at byte `b`, and the byte after it.
    let at = |b: usize| text.get(b..).and_then(|s| s.chars().next());
    let next = |b: usize| at(b).map_or(b, |c| b + c.len_utf8());
    // The byte `k` characters after `b`.
    let ahead = |b: usize, k: usize| (0..k).fold(b, |b, _| next(b));
    let digit = |b: usize| at(b).is_some_and(|c| c.is_ascii_digit());
    let mut out: Vec<Piece> = Vec::new();
    let mut prev_end: Option<usize> = None; // byte after the previous piece
    let mut i = 0;
    while i < text.len() {
        let Some(c) = at(i) else { break };
        let start = i;
        let kind = if c.is_ascii_digit() {
            let mut j = i;
            while digit(j) {
                j += 1;
            }
            if at(j).is_some_and(is_word_char) {
                // "4G", "1er": a word that starts with digits.
                while at(j).is_some_and(is_word_char) {
                    j = next(j);
                }
                i = j;
                PieceKind::Word
            } else {
                let mut norm: String = text[i..j].to_owned();
                let first_group = j - i;
                // Thousands groups: a space then exactly three digits.
                while at(j).is_some_and(is_group_space)
                    && {
                        let g = next(j);
                        (0..3).all(|k| digit(g + k)) && !digit(g + 3) && !at(g + 3).is_some_and(is_word_char)
                    }
                    && (at(j) != Some(' ') || first_group <= 3)
                {
                    let g = next(j);
                    norm.push_str(&text[g..g + 3]);
                    j = g + 3;
                }
                // Decimal part: "44,3", "1.5".
                if matches!(at(j), Some(',' | '.')) && digit(j + 1) {
                    norm.push(',');
                    j += 1;
                    while digit(j) {
                        norm.push_str(&text[j..j + 1]);
                        j += 1;
                    }
                }
                i = j;
                PieceKind::Number(norm)
            }
        } else if is_word_char(c) {
            while at(i).is_some_and(is_word_char) {
                i = next(i);
            }
            PieceKind::Word
        } else if matches!(c, '%' | '€' | '$') {
            i = next(i);
            PieceKind::Symbol
        } else {
            i = next(i);
            continue;
        };
        let joiner = match prev_end {
            // Only a gap of one or two characters can join.
            Some(p) if start <= ahead(p, 2) => joiner(&text[p..start]),
            _ => Joiner::None,
        };
        out.push(Piece {
            range: start..i,
            kind,
            joiner,
        });
        prev_end = Some(i);
    }
    out
}

/// Reads the characters between two pieces.
fn joiner(gap: &str) -> Joiner {
    let mut chars = gap.chars();
    match (chars.next(), chars.next(), chars.next()) {
        (Some(c), None, _) if is_apostrophe(c) => Joiner::Apostrophe,
        (Some(c), None, _) if is_hyphen(c) => Joiner::Hyphen,
        (Some(s), Some(c), None) if s.is_whitespace() && is_apostrophe(c) => Joiner::SpacedApostrophe,
        _ => Joiner::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> Vec<String> {
        pieces(text)
            .into_iter()
            .map(|p| {
                let j = match p.joiner {
                    Joiner::None => "",
                    Joiner::Apostrophe => "'",
                    Joiner::SpacedApostrophe => " '",
                    Joiner::Hyphen => "-",
                };
                match p.kind {
                    PieceKind::Number(n) => format!("{j}#{n}"),
                    _ => format!("{j}{}", &text[p.range]),
                }
            })
            .collect()
    }

    #[test]
    fn tokenizer_table() {
        let cases: &[(&str, &[&str])] = &[
            ("Orange rachète Cloudwatt.", &["Orange", "rachète", "Cloudwatt"]),
            ("l’opérateur l'Etat", &["l", "'opérateur", "l", "'Etat"]),
            ("d ‘euros", &["d", " 'euros"]),
            ("qu’il jusqu'à", &["qu", "'il", "jusqu", "'à"]),
            ("Atos-Bull Val-de-Reuil", &["Atos", "-Bull", "Val", "-de", "-Reuil"]),
            ("Orange – SFR", &["Orange", "SFR"]),
            ("44,3 % et 33%", &["#44,3", "%", "et", "#33", "%"]),
            ("1 200 clients", &["#1200", "clients"]),
            ("1\u{a0}200 et 1\u{202f}200", &["#1200", "et", "#1200"]),
            ("5 000 000 €", &["#5000000", "€"]),
            ("en 2014 300 clients", &["en", "#2014", "#300", "clients"]),
            ("en 2012, 2 000 clients", &["en", "#2012", "#2000", "clients"]),
            ("1.5 milliard", &["#1,5", "milliard"]),
            ("31 M€", &["#31", "M", "€"]),
            ("Cloud28+ 4G 1er", &["Cloud28", "4G", "1er"]),
            ("E\u{301}tat", &["E\u{301}tat"]),
            ("« pérennisé »…", &["pérennisé"]),
            ("", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(show(text), *want, "{text:?}");
        }
    }

    #[test]
    fn ranges_cover_the_original_text() {
        let text = "L’État a 44,3 % de Val-de-Reuil.";
        for p in pieces(text) {
            assert!(text.is_char_boundary(p.range.start) && text.is_char_boundary(p.range.end));
        }
        let first = &pieces(text)[1];
        assert_eq!(&text[first.range.clone()], "État");
    }
}
