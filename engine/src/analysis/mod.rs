//! French text analysis, one analyzer for indexing, querying and highlighting.
//!
//! Stages, each in its own module with a table test:
//! 1. [`tokenizer`]: pieces with byte ranges (words, French numbers, % € $)
//!    and how each joins the previous one;
//! 2. [`elision`]: "l’opérateur" → "opérateur" (every apostrophe form);
//!    other apostrophe words stay whole ("aujourd'hui");
//! 3. compounds: "Atos-Bull" gives "atos", "bull" and the whole "atos-bull"
//!    at the position of its first part;
//! 4. [`folding`]: case and diacritics ("État" → "etat");
//! 5. [`stopwords`] and [`stem`] are applied by the index and the query, on
//!    the tokens this module returns.
//!
//! Offsets never change after stage 1: a token's `range` is where it is in the
//! original text, which is what makes highlights of folded and stemmed matches exact.
//!
//! ```
//! use loupe_engine::analysis::analyze;
//! let text = "L’État détient 44,3 %.";
//! let tokens = analyze(text);
//! let terms: Vec<&str> = tokens.iter().map(|t| t.term.as_str()).collect();
//! assert_eq!(terms, ["etat", "detient", "44,3", "%"]);
//! assert_eq!(&text[tokens[0].range.clone()], "État");
//! ```

pub mod elision;
pub mod folding;
pub mod stem;
pub mod stopwords;
pub mod tokenizer;

pub use folding::fold;
pub use stem::stem;
pub use stopwords::is_stop_word;

use std::ops::Range;
use tokenizer::{Joiner, Piece, PieceKind};

/// What a token is, for scoring and highlighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A word.
    Word,
    /// A number ("44,3", "1200").
    Number,
    /// %, € or $.
    Symbol,
    /// A whole hyphenated word, indexed beside its parts.
    Compound,
}

/// An index term with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The folded term.
    pub term: String,
    /// Byte range in the original text.
    pub range: Range<usize>,
    /// Word position; a compound shares its first part's position.
    pub position: u32,
    /// What the token is.
    pub kind: TokenKind,
}

/// Analyzes `text` into tokens, in text order (a compound comes before its parts).
pub fn analyze(text: &str) -> Vec<Token> {
    let pieces = elide(tokenizer::pieces(text), text);
    let mut out = Vec::with_capacity(pieces.len());
    let mut position = 0u32;
    let mut i = 0;
    while i < pieces.len() {
        // A chain of hyphen-joined pieces is one compound.
        let mut j = i + 1;
        while j < pieces.len() && pieces[j].joiner == Joiner::Hyphen {
            j += 1;
        }
        if j - i > 1 {
            let whole: Vec<String> = pieces[i..j].iter().map(|p| term(p, text)).collect();
            out.push(Token {
                term: whole.join("-"),
                range: pieces[i].range.start..pieces[j - 1].range.end,
                position,
                kind: TokenKind::Compound,
            });
        }
        for piece in &pieces[i..j] {
            out.push(Token {
                term: term(piece, text),
                range: piece.range.clone(),
                position,
                kind: match piece.kind {
                    PieceKind::Word => TokenKind::Word,
                    PieceKind::Number(_) => TokenKind::Number,
                    PieceKind::Symbol => TokenKind::Symbol,
                },
            });
            position += 1;
        }
        i = j;
    }
    out
}

/// About how many positions apart [`anchors`] are.
pub const ANCHOR_EVERY: u32 = 32;

/// Places in `text` where analysis can start again, every
/// [`ANCHOR_EVERY`] positions or a little more: (position, byte offset) of a
/// token that follows only spaces and sentence punctuation (no apostrophe or
/// hyphen that could join it to the word before), so that analyzing the
/// text from one anchor to the next gives the tokens the whole text has
/// there. Position 0 at byte 0 is implied, not listed. What a snippet needs
/// to analyze only the passages around its matches ([`crate::search`]).
///
/// ```
/// use loupe_engine::analysis::{analyze, anchors};
/// let text = "Un mot. ".repeat(40);
/// let tokens = analyze(&text);
/// let marks = anchors(&text, &tokens);
/// assert_eq!(marks[0], (32, 128)); // "Un", position 32, byte 16 × 8
/// ```
pub fn anchors(text: &str, tokens: &[Token]) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut next = ANCHOR_EVERY;
    let mut end = 0;
    for t in tokens {
        if t.position >= next && t.range.start >= end {
            let gap = text.get(end..t.range.start).unwrap_or("");
            let clean = gap.chars().all(|c| {
                c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '(' | ')' | '«' | '»' | '"')
            });
            if clean && gap.chars().any(char::is_whitespace) {
                if let Ok(byte) = u32::try_from(t.range.start) {
                    out.push((t.position, byte));
                    next = t.position + ANCHOR_EVERY;
                }
            }
        }
        end = end.max(t.range.end);
    }
    out
}

/// Stage 2: drops elided articles and joins other apostrophe words.
fn elide(pieces: Vec<Piece>, text: &str) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    for mut piece in pieces {
        let attached = matches!(piece.joiner, Joiner::Apostrophe | Joiner::SpacedApostrophe);
        if attached {
            if let Some(prev) = out.last() {
                let prev_text = fold(&text[prev.range.clone()]);
                let word = prev.kind == PieceKind::Word && piece.kind == PieceKind::Word;
                if word && elision::is_elided(&prev_text) {
                    // "l’opérateur": the article goes, the word keeps its own joiner-less start.
                    let prev = out.pop();
                    piece.joiner = prev.map_or(Joiner::None, |p| p.joiner);
                } else if word && piece.joiner == Joiner::Apostrophe {
                    // "aujourd'hui": one word.
                    if let Some(prev) = out.last_mut() {
                        prev.range.end = piece.range.end;
                    }
                    continue;
                } else {
                    piece.joiner = Joiner::None;
                }
            }
        }
        out.push(piece);
    }
    out
}

/// Terms are cut after this many bytes (at a character boundary): no word of
/// any language is longer, and a pasted 20 MB "word" must not cost the index
/// (its dictionary holds every term whole) tens of bytes per byte.
pub const MAX_TERM_BYTES: usize = 128;

/// Stage 4: the folded term of a piece; apostrophes inside a word become `'`.
fn term(piece: &Piece, text: &str) -> String {
    match &piece.kind {
        PieceKind::Number(normalized) => cut(normalized),
        _ => {
            let mut end = piece.range.end.min(piece.range.start + MAX_TERM_BYTES);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            let word = &text[piece.range.start..end];
            // Most words are ASCII: folding is lowercasing, done in one pass.
            if word.is_ascii() {
                return word.to_ascii_lowercase();
            }
            let mut out = String::with_capacity(piece.range.len());
            for c in word.chars() {
                if elision::is_apostrophe(c) {
                    out.push('\'');
                } else {
                    folding::fold_char(c, &mut out);
                }
            }
            out
        }
    }
}

fn cut(s: &str) -> String {
    capped(s).to_owned()
}

/// `word` cut after [`MAX_TERM_BYTES`] (at a character boundary): what the
/// stages after tokenizing read of a word.
pub fn capped(word: &str) -> &str {
    let mut end = word.len().min(MAX_TERM_BYTES);
    while !word.is_char_boundary(end) {
        end -= 1;
    }
    &word[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn very_long_words_are_cut_into_one_bounded_term() {
        let long = "é".repeat(1_000);
        let tokens = analyze(&format!("Un {long} mot"));
        assert_eq!(tokens.len(), 3);
        assert!(tokens[1].term.len() <= MAX_TERM_BYTES);
        assert!(tokens[1].term.chars().all(|c| c == 'e'));
        // The range still covers the whole word: highlights stay exact.
        assert_eq!(tokens[1].range.len(), long.len());
    }

    fn terms(text: &str) -> Vec<(String, u32)> {
        analyze(text).into_iter().map(|t| (t.term, t.position)).collect()
    }

    fn t(list: &[(&str, u32)]) -> Vec<(String, u32)> {
        list.iter().map(|&(s, p)| (s.to_owned(), p)).collect()
    }

    #[test]
    fn analyzer_table() {
        let cases: &[(&str, &[(&str, u32)])] = &[
            ("L’opérateur", &[("operateur", 0)]),
            ("l'operateur", &[("operateur", 0)]),
            ("de l‘État", &[("de", 0), ("etat", 1)]),
            ("75 millions d ‘euros", &[("75", 0), ("millions", 1), ("euros", 2)]),
            ("qu’il, jusqu'à lorsqu’on", &[("il", 0), ("a", 1), ("on", 2)]),
            ("aujourd'hui", &[("aujourd'hui", 0)]),
            ("aujourd’hui", &[("aujourd'hui", 0)]),
            ("Atos-Bull", &[("atos-bull", 0), ("atos", 0), ("bull", 1)]),
            (
                "à Val-de-Reuil",
                &[("a", 0), ("val-de-reuil", 1), ("val", 1), ("de", 2), ("reuil", 3)],
            ),
            ("d’Atos-Bull", &[("atos-bull", 0), ("atos", 0), ("bull", 1)]),
            ("44,3 %", &[("44,3", 0), ("%", 1)]),
            ("33%", &[("33", 0), ("%", 1)]),
            ("1\u{202f}200 clients", &[("1200", 0), ("clients", 1)]),
            ("THALÈS et Thales", &[("thales", 0), ("et", 1), ("thales", 2)]),
            ("Œuvre", &[("oeuvre", 0)]),
        ];
        for (text, want) in cases {
            assert_eq!(terms(text), t(want), "{text:?}");
        }
    }

    #[test]
    fn ranges_point_at_the_original_words() {
        let text = "L’opérateur d ‘euros à Val-de-Reuil";
        let shown: Vec<&str> = analyze(text).iter().map(|t| &text[t.range.clone()]).collect();
        assert_eq!(shown, ["opérateur", "euros", "à", "Val-de-Reuil", "Val", "de", "Reuil"]);
    }
}
