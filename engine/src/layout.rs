//! Reading structure of a plain-text article: which lines are paragraphs,
//! section headings, the title line, the standfirst or a photo credit.
//!
//! A credit is the line the catalog names, or a short line shaped like one
//! ("Crédit photo : X", "Photo : X / AFP", "© X", "X - Fotolia",
//! "X / Shutterstock"): it names who made a picture, not what the article is
//! about, so its names are not the article's mentions.
//!
//! The text itself is never changed: blocks are byte ranges into it, so later
//! stages (highlighting, entities) can use the same offsets.

use crate::document::{Block, BlockKind, Document};
use crate::words::word_count;

/// Longest line, in characters, that can be a section heading.
const HEADING_MAX_CHARS: usize = 80;
/// Longest standfirst, in characters, after a title line.
const LEAD_MAX_CHARS: usize = 320;
/// Longest line, in characters, read as a credit without a catalog entry:
/// a credit names one or two people and an agency, never a sentence.
const CREDIT_MAX_CHARS: usize = 80;
/// Most words in the name part of an unlabelled credit ("X - Fotolia").
const CREDIT_MAX_NAME_WORDS: usize = 5;

/// How credit lines start, folded (lowercase, no accents), before a ':' or
/// the name: "Crédit photo : X", "Photos : X", "Illustration : X".
const CREDIT_LABELS: [&str; 10] = [
    "credits photos",
    "credits photo",
    "credit photos",
    "credit photo",
    "credits",
    "credit",
    "photos",
    "photo",
    "illustration",
    "copyright",
];

/// Picture agencies and stock libraries that end a credit after a
/// separator ("X - Fotolia", "X / Shutterstock", "X/AFP"), folded.
const CREDIT_AGENCIES: [&str; 20] = [
    "fotolia",
    "adobe stock",
    "adobestock",
    "shutterstock",
    "getty images",
    "gettyimages",
    "istock",
    "istockphoto",
    "afp",
    "reuters",
    "ap",
    "maxppp",
    "sipa",
    "dreamstime",
    "123rf",
    "depositphotos",
    "pixabay",
    "unsplash",
    "wikimedia commons",
    "flickr",
];

// A document's reading structure is computed here, not in the model
// (`document.rs`), which imports nothing that is built from it.
impl Document {
    /// A document with no catalog entry: the title is derived from the text.
    pub fn from_text(id: &str, file: &str, text: String) -> Self {
        let mut doc = Document {
            id: id.to_owned(),
            file: file.to_owned(),
            text,
            ..Document::empty()
        };
        doc.relayout(None);
        doc.title = derive_title(&doc.text, &doc.blocks);
        doc
    }

    /// Recomputes blocks and word count; `credit` is a line the catalog names as a credit.
    pub(crate) fn relayout(&mut self, credit: Option<&str>) {
        let title = (!self.title_derived).then_some(self.title.as_str());
        self.blocks = blocks(&self.text, title, credit);
        self.words = u32::try_from(word_count(&self.text)).unwrap_or(u32::MAX);
    }
}

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
        let line = &text[block.range.clone()];
        if credit.is_some_and(|c| same(line, c)) || looks_like_credit(line) {
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

/// A short line shaped like a photo credit: a label ("Crédit photo :",
/// "Photo :", "©") followed by a name, or a name of a few words then a
/// separator and a known agency ("buchachon - Fotolia", "Jean Dupont / AFP").
/// A line ending like a sentence is never one.
pub(crate) fn looks_like_credit(line: &str) -> bool {
    let line = line.trim();
    if line.chars().count() > CREDIT_MAX_CHARS || line.ends_with(['.', '!', '?', ';']) {
        return false;
    }
    if let Some(rest) = line.strip_prefix('©') {
        return has_name(rest);
    }
    let folded = crate::analysis::fold(line);
    let folded = folded.trim();
    for label in CREDIT_LABELS {
        if let Some(rest) = folded.strip_prefix(label) {
            let rest = rest.trim_start();
            // A label needs its colon ("Photo : X"), except the unambiguous
            // "Copyright X" and "Crédit photo X".
            let rest = match rest.strip_prefix(':') {
                Some(after) => after,
                None if label == "copyright" || label.contains(' ') => rest,
                None => continue,
            };
            return has_name(rest);
        }
    }
    // "X - Fotolia", "X / Shutterstock", "X/AFP", "X – Getty Images".
    let Some(cut) = folded.rfind(['-', '/', '–', '—', '|']) else {
        return false;
    };
    let (name, agency) = folded.split_at(cut);
    let agency = agency
        .trim_start_matches(['-', '/', '–', '—', '|'])
        .trim()
        .trim_end_matches(['.', ')']);
    CREDIT_AGENCIES.contains(&agency) && has_name(name) && name.split_whitespace().count() <= CREDIT_MAX_NAME_WORDS
}

/// Whether what follows a credit label names someone (letters, not nothing).
fn has_name(rest: &str) -> bool {
    rest.trim().chars().any(char::is_alphanumeric)
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
        crate::document::UNTITLED.to_owned()
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
    fn common_credit_lines_are_credits_without_a_catalog_entry() {
        let credits = [
            "Crédit photo : Jean Dupont",
            "Crédits photos : Marie Curie / AFP",
            "credit photo: Fotolia",
            "Crédit : Orange",
            "Photo : Jean Dupont / AFP",
            "Photos: Reuters",
            "Illustration : Adobe Stock",
            "© Numergy",
            "©Jean Dupont",
            "Copyright SFR",
            "buchachon - Fotolia",
            "Jean Dupont / Shutterstock",
            "Jean Dupont/AFP",
            "Marie Curie – Getty Images",
            "Val-de-Reuil - AFP",
        ];
        for line in credits {
            assert!(looks_like_credit(line), "{line:?} is a credit");
        }
        let not_credits = [
            "Photo de famille pour les actionnaires de Cloudwatt.",
            "Photo : une longue phrase qui décrit la scène et continue bien au-delà de ce qu’un crédit peut tenir.",
            "Crédit d’impôt recherche",
            "Le crédit photo manque",
            "Orange - SFR",
            "Le cloud à la française, selon les analystes de l’AFP et de Reuters / AFP et plus encore",
            "Photo :",
            "©",
            "Cloudwatt - Numergy : le match",
            "Numergy rachète Fotolia.",
            "Une coentreprise entre l'Etat et les opérateurs - AFP.",
            "Selon un communiqué de la Caisse des Dépôts et de l’État - AFP",
        ];
        for line in not_credits {
            assert!(!looks_like_credit(line), "{line:?} is not a credit");
        }
    }

    #[test]
    fn a_credit_line_is_a_credit_block_anywhere_and_never_the_derived_title() {
        use BlockKind::*;
        let text = "Crédit photo : Jean Dupont\nOrange rachète Cloudwatt. Suite.\nJean Dupont / AFP\nFin.";
        assert_eq!(
            kinds(text, None, None),
            [
                (Credit, "Crédit photo : Jean Dupont"),
                (Paragraph, "Orange rachète Cloudwatt. Suite."),
                (Credit, "Jean Dupont / AFP"),
                (Paragraph, "Fin."),
            ]
        );
        assert_eq!(
            derive_title(text, &blocks(text, None, None)),
            "Orange rachète Cloudwatt"
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
