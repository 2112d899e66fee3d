//! Reading structure of a plain-text article: which lines are paragraphs,
//! section headings, the title line, the standfirst or a photo credit.
//!
//! The text itself is never changed: blocks are byte ranges into it, so later
//! stages (highlighting, entities) can use the same offsets.

use crate::document::{Block, BlockKind, Document};

/// Longest line, in characters, that can be a section heading.
const HEADING_MAX_CHARS: usize = 80;
/// Longest standfirst, in characters, after a title line.
const LEAD_MAX_CHARS: usize = 320;

/// Splits `text` into blocks, one per non-blank line.
///
/// `title` is the publication's title (a line equal to it near the top is the
/// title line, and the short paragraph after it the standfirst); `credit` is a
/// line the catalog names as a photo credit.
pub(crate) fn blocks(text: &str, title: Option<&str>, credit: Option<&str>) -> Vec<Block> {
    let mut out: Vec<Block> = lines(text)
        .map(|range| Block {
            kind: BlockKind::Paragraph,
            range,
        })
        .collect();
    let same = |a: &str, b: &str| normalize(a) == normalize(b);

    for block in &mut out {
        if credit.is_some_and(|c| same(&text[block.range.clone()], c)) {
            block.kind = BlockKind::Credit;
        }
    }
    if let Some(title) = title {
        let title_at = out
            .iter()
            .take(3)
            .position(|b| b.kind == BlockKind::Paragraph && same(&text[b.range.clone()], title));
        if let Some(i) = title_at {
            out[i].kind = BlockKind::Title;
            if let Some(next) = out.get_mut(i + 1) {
                if text[next.range.clone()].chars().count() <= LEAD_MAX_CHARS {
                    next.kind = BlockKind::Lead;
                }
            }
        }
    }
    let first_body = out.iter().position(|b| b.kind == BlockKind::Paragraph);
    for i in 0..out.len() {
        let followed = out.get(i + 1).is_some();
        if out[i].kind == BlockKind::Paragraph
            && Some(i) != first_body
            && followed
            && looks_like_heading(&text[out[i].range.clone()])
        {
            out[i].kind = BlockKind::Heading;
        }
    }
    out
}

/// Byte ranges of the non-blank lines of `text`, trimmed of surrounding whitespace.
fn lines(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut start = 0;
    text.split_inclusive('\n').filter_map(move |line| {
        let line_start = start;
        start += line.len();
        let trimmed_start = line.len() - line.trim_start().len();
        let content = line.trim();
        (!content.is_empty()).then(|| {
            let s = line_start + trimmed_start;
            s..s + content.len()
        })
    })
}

/// A short line that does not end like a sentence: "Le défi commercial",
/// "Quel avenir pour Cloudwatt ?".
fn looks_like_heading(line: &str) -> bool {
    let chars = line.chars().count();
    let ends_sentence = line
        .trim_end()
        .chars()
        .last()
        .is_some_and(|c| matches!(c, '.' | '!' | ':' | ';' | ',' | '…' | '»' | ')' | '-' | '–'));
    chars <= HEADING_MAX_CHARS && !ends_sentence
}

/// Collapses runs of whitespace so a catalog value matches a line with odd spacing.
fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A title written from the text when none was published: the first sentence
/// of the first paragraph, cut on a word boundary.
pub(crate) fn derive_title(text: &str, blocks: &[Block]) -> String {
    let first = blocks
        .iter()
        .find(|b| b.kind == BlockKind::Paragraph)
        .map(|b| &text[b.range.clone()])
        .unwrap_or("");
    let sentence = first
        .char_indices()
        .find(|&(i, c)| matches!(c, '.' | '!' | '?') && first[i + c.len_utf8()..].starts_with(' '))
        .map(|(i, c)| &first[..i + c.len_utf8()])
        .unwrap_or(first);
    let title = cut(sentence.trim_end_matches('.'), 80);
    if title.is_empty() {
        "Sans titre".to_owned()
    } else {
        title
    }
}

/// The opening of an article's body (standfirst and paragraphs, not headings),
/// at most about `max_chars` characters, cut on a word boundary with an ellipsis.
///
/// ```
/// use loupe_engine::{excerpt, Document};
/// let doc = Document::from_text("a", "a.txt", "Un deux trois quatre cinq.".into());
/// assert_eq!(excerpt(&doc, 14), "Un deux trois…");
/// ```
pub fn excerpt(doc: &Document, max_chars: usize) -> String {
    let mut joined = String::new();
    for block in doc
        .body_blocks()
        .filter(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::Lead))
    {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(doc.block_text(block));
        if joined.chars().count() > max_chars {
            break;
        }
    }
    cut(&joined, max_chars)
}

/// `s` if it fits in `max_chars`, else its longest prefix ending on a word
/// boundary, followed by "…".
fn cut(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        return s.to_owned();
    }
    let limit = s.char_indices().nth(max_chars).map_or(s.len(), |(i, _)| i);
    let head = &s[..limit];
    let at_word = match s[limit..].chars().next() {
        Some(c) if c.is_whitespace() => head,
        _ => head.rfind(char::is_whitespace).map_or(head, |i| &head[..i]),
    };
    let trimmed =
        at_word.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.' | '–' | '-' | '«'));
    format!("{trimmed}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds<'a>(text: &'a str, title: Option<&str>, credit: Option<&str>) -> Vec<(BlockKind, &'a str)> {
        blocks(text, title, credit)
            .into_iter()
            .map(|b| (b.kind, &text[b.range]))
            .collect()
    }

    #[test]
    fn blank_lines_and_nbsp_lines_are_not_blocks() {
        let text = "Un.\n\n\u{a0}\n  Deux.  \r\nTrois.";
        let got: Vec<&str> = blocks(text, None, None)
            .iter()
            .map(|b| &text[b.range.clone()])
            .collect();
        assert_eq!(got, ["Un.", "Deux.", "Trois."]);
    }

    #[test]
    fn block_kinds_table() {
        use BlockKind::*;
        let text = "buchachon - Fotolia\n\nSFR rachète Numergy\n\nLe second cloud est repris.\n\nCorps du texte.\nLe défi commercial\nSuite.\nQuel avenir pour Cloudwatt ?\nFin du texte.\nPour approfondir";
        assert_eq!(
            kinds(text, Some("SFR  rachète Numergy"), Some("buchachon - Fotolia")),
            [
                (Credit, "buchachon - Fotolia"),
                (Title, "SFR rachète Numergy"),
                (Lead, "Le second cloud est repris."),
                (Paragraph, "Corps du texte."),
                (Heading, "Le défi commercial"),
                (Paragraph, "Suite."),
                (Heading, "Quel avenir pour Cloudwatt ?"),
                (Paragraph, "Fin du texte."),
                (Paragraph, "Pour approfondir"),
            ]
        );
    }

    #[test]
    fn first_paragraph_is_never_a_heading() {
        assert_eq!(kinds("Court\nLong paragraphe.", None, None)[0].0, BlockKind::Paragraph);
    }

    #[test]
    fn derived_title_is_first_sentence_cut_on_a_word() {
        let text = "Orange rachète Cloudwatt. La suite.";
        assert_eq!(
            derive_title(text, &blocks(text, None, None)),
            "Orange rachète Cloudwatt"
        );
        let long = "Orange a annoncé son projet de rachat de 100 % des parts de Thalès et de la Caisse des Dépôts dans Cloudwatt. Un vrai.";
        let title = derive_title(long, &blocks(long, None, None));
        assert_eq!(
            title,
            "Orange a annoncé son projet de rachat de 100 % des parts de Thalès et de la…"
        );
        assert_eq!(derive_title("", &[]), "Sans titre");
    }

    #[test]
    fn cut_table() {
        let cases = [
            ("court", 10, "court"),
            ("un deux trois", 7, "un deux…"),
            ("un deux trois", 8, "un deux…"),
            ("un deux, trois", 8, "un deux…"),
            ("l'oubli. Vite", 9, "l'oubli…"),
            ("éèêëéèêë", 4, "éèêë…"),
        ];
        for (s, n, want) in cases {
            assert_eq!(cut(s, n), want, "{s:?} {n}");
        }
    }
}
