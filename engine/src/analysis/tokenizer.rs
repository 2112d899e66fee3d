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

/// Splits `text` into pieces.
pub fn pieces(text: &str) -> Vec<Piece> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let byte = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let digit = |i: usize| at(i).is_some_and(|c| c.is_ascii_digit());
    let mut out: Vec<Piece> = Vec::new();
    let mut prev_end: Option<usize> = None; // char index after the previous piece
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        let start = i;
        let kind = if c.is_ascii_digit() {
            let mut j = i;
            while digit(j) {
                j += 1;
            }
            if at(j).is_some_and(is_word_char) {
                // "4G", "1er": a word that starts with digits.
                while at(j).is_some_and(is_word_char) {
                    j += 1;
                }
                i = j;
                PieceKind::Word
            } else {
                let mut norm: String = chars[i..j].iter().map(|&(_, c)| c).collect();
                let first_group = j - i;
                // Thousands groups: a space then exactly three digits.
                while at(j).is_some_and(is_group_space)
                    && (1..=3).all(|k| digit(j + k))
                    && !digit(j + 4)
                    && !at(j + 4).is_some_and(is_word_char)
                    && (at(j) != Some(' ') || first_group <= 3)
                {
                    norm.extend(chars[j + 1..j + 4].iter().map(|&(_, c)| c));
                    j += 4;
                }
                // Decimal part: "44,3", "1.5".
                if matches!(at(j), Some(',' | '.')) && digit(j + 1) {
                    norm.push(',');
                    j += 1;
                    while digit(j) {
                        norm.push(chars[j].1);
                        j += 1;
                    }
                }
                i = j;
                PieceKind::Number(norm)
            }
        } else if is_word_char(c) {
            while at(i).is_some_and(is_word_char) {
                i += 1;
            }
            PieceKind::Word
        } else if matches!(c, '%' | '€' | '$') {
            i += 1;
            PieceKind::Symbol
        } else {
            i += 1;
            continue;
        };
        let joiner = match prev_end {
            Some(p) => joiner(&chars[p..start]),
            None => Joiner::None,
        };
        out.push(Piece {
            range: byte(start)..byte(i),
            kind,
            joiner,
        });
        prev_end = Some(i);
    }
    out
}

/// Reads the characters between two pieces.
fn joiner(gap: &[(usize, char)]) -> Joiner {
    match gap {
        [(_, c)] if is_apostrophe(*c) => Joiner::Apostrophe,
        [(_, c)] if is_hyphen(*c) => Joiner::Hyphen,
        [(_, s), (_, c)] if s.is_whitespace() && is_apostrophe(*c) => Joiner::SpacedApostrophe,
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
