//! The corpus model: documents with their metadata and reading structure.
//!
//! This is the bottom of the engine: plain data that the modules above read
//! and fill in. It imports none of them: the reading structure is computed
//! by [`crate::layout`] ([`Document::from_text`] is defined there), the
//! index by [`crate::index`], the whole corpus ([`crate::Corpus`], its
//! index, entities and relations) is put together in `corpus.rs`, and
//! searched by [`crate::search`] ([`crate::Corpus::search`] is defined
//! there). One direction only: the model never depends on what is built
//! from it.

use crate::date::PubDate;
use std::ops::Range;

/// The role of a block (a non-empty line) in an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// A body paragraph.
    Paragraph,
    /// A short line between paragraphs that introduces a section.
    Heading,
    /// The article's own title, when the text carries it.
    Title,
    /// The standfirst that follows a title in the text.
    Lead,
    /// A photo credit or similar attribution, not part of the article.
    Credit,
}

impl BlockKind {
    /// Stable number used by the snapshot format.
    pub(crate) fn code(self) -> u8 {
        match self {
            BlockKind::Paragraph => 0,
            BlockKind::Heading => 1,
            BlockKind::Title => 2,
            BlockKind::Lead => 3,
            BlockKind::Credit => 4,
        }
    }

    pub(crate) fn from_code(code: u8) -> Option<Self> {
        Some(match code {
            0 => BlockKind::Paragraph,
            1 => BlockKind::Heading,
            2 => BlockKind::Title,
            3 => BlockKind::Lead,
            4 => BlockKind::Credit,
            _ => return None,
        })
    }
}

/// A block of the text: a byte range into [`Document::text`] (trimmed) and its role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// Byte range in the document text; always on character boundaries.
    pub range: Range<usize>,
}

/// One article: its text exactly as given, plus what the catalog says of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Stable id used in URLs: the file name without `.txt`.
    pub id: String,
    /// File name in the corpus directory.
    pub file: String,
    /// Title from the publication, or derived from the text (see `title_derived`).
    pub title: String,
    /// True when nobody published `title`: it was written from the text.
    pub title_derived: bool,
    /// Publication name, when known.
    pub publication: Option<String>,
    /// False when the publication is only a likely guess.
    pub publication_certain: bool,
    /// Short lowercase name used by `source:` filters (`lemagit`).
    pub source: Option<String>,
    /// Publication date at its known precision.
    pub date: Option<PubDate>,
    /// True when the date is inferred from the events the text reports.
    pub date_approximate: bool,
    /// How the date was established, for readers who want to check it.
    pub date_basis: Option<String>,
    /// Address of the original article on its publication's site, when known.
    pub url: Option<String>,
    /// The article text, byte-identical to the file.
    pub text: String,
    /// Reading structure: every non-blank line, in order.
    pub blocks: Vec<Block>,
    /// Words in the text (see [`crate::word_count`]).
    pub words: u32,
    /// Where analysis of the text can start again ([`crate::analysis::anchors`]):
    /// set when the corpus is indexed, so that a search hit's snippet
    /// analyzes only the passages around its matches.
    pub anchors: Vec<(u32, u32)>,
}

/// The title of a text with no line to make one from.
pub(crate) const UNTITLED: &str = "Sans titre";

impl Document {
    /// A document with nothing in it (what [`Document::from_text`] makes of
    /// an empty text), without the layout analysis: a sharded corpus's
    /// placeholder, so that the app that decodes it does not carry that code.
    pub(crate) fn empty() -> Self {
        Document {
            id: String::new(),
            file: String::new(),
            title: UNTITLED.to_owned(),
            title_derived: true,
            publication: None,
            publication_certain: true,
            source: None,
            date: None,
            date_approximate: false,
            date_basis: None,
            url: None,
            words: 0,
            blocks: Vec::new(),
            anchors: Vec::new(),
            text: String::new(),
        }
    }

    /// The text of a block.
    pub fn block_text(&self, block: &Block) -> &str {
        self.text.get(block.range.clone()).unwrap_or("")
    }

    /// Blocks that belong to the article body (not its title line or a credit).
    pub fn body_blocks(&self) -> impl Iterator<Item = &Block> {
        self.blocks
            .iter()
            .filter(|b| !matches!(b.kind, BlockKind::Title | BlockKind::Credit))
    }
}

#[cfg(test)]
mod tests {
    use super::Document;

    #[test]
    fn the_placeholder_is_what_layout_makes_of_nothing() {
        assert_eq!(Document::empty(), Document::from_text("", "", String::new()));
    }
}
