//! The corpus model: documents with their metadata and reading structure.

use crate::date::PubDate;
use crate::entities::table::EntityTable;
use crate::entities::Recognizer;
use crate::index::Index;
use crate::layout;
use crate::words::word_count;
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
        doc.title = layout::derive_title(&doc.text, &doc.blocks);
        doc
    }

    /// A document with nothing in it (what [`Document::from_text`] makes of
    /// an empty text), without the layout analysis: a sharded corpus's
    /// placeholder, so that the app that decodes it does not carry that code.
    pub(crate) fn empty() -> Self {
        Document {
            id: String::new(),
            file: String::new(),
            title: layout::UNTITLED.to_owned(),
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

    /// Recomputes blocks and word count; `credit` is a line the catalog names as a credit.
    pub(crate) fn relayout(&mut self, credit: Option<&str>) {
        let title = (!self.title_derived).then_some(self.title.as_str());
        self.blocks = layout::blocks(&self.text, title, credit);
        self.words = u32::try_from(word_count(&self.text)).unwrap_or(u32::MAX);
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

/// The whole corpus, documents sorted by file name, with their index.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Corpus {
    /// Documents in file-name order.
    pub docs: Vec<Document>,
    /// The inverted index of `docs` (document numbers are positions in `docs`).
    pub index: Index,
    /// Entities and their mentions (empty until [`Corpus::annotate`]).
    pub entities: EntityTable,
    /// What the prose states between entities, with its evidence (empty
    /// until [`Corpus::annotate`]; [`crate::relations`]).
    pub relations: Vec<crate::relations::Relation>,
    /// The network and ownership views drawn from them (empty until
    /// [`Corpus::annotate`]; [`crate::views`]).
    pub views: crate::views::Views,
    /// Where the parts of a sharded corpus are and which have arrived
    /// (`None` for a whole corpus; [`crate::shards`]).
    pub shards: Option<Box<crate::shards::Shards>>,
}

/// Figures for the corpus header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Number of articles.
    pub articles: usize,
    /// Total words.
    pub words: u64,
    /// Earliest and latest publication dates, when any is known.
    pub span: Option<(PubDate, PubDate)>,
}

impl Corpus {
    /// A corpus of these documents, put in file-name order so bytes never
    /// depend on input order, and indexed.
    pub fn new(mut docs: Vec<Document>) -> Self {
        docs.sort_by(|a, b| a.file.cmp(&b.file));
        let (index, anchors) = Index::build_anchored(&docs);
        for (doc, anchors) in docs.iter_mut().zip(anchors) {
            doc.anchors = anchors;
        }
        Corpus {
            docs,
            index,
            entities: EntityTable::default(),
            relations: Vec::new(),
            views: crate::views::Views::default(),
            shards: None,
        }
    }

    /// [`Corpus::new`] then [`Corpus::annotate`], the index and the
    /// entities built side by side on two threads where the platform has
    /// threads (the same result either way).
    pub fn annotated(docs: Vec<Document>, recognizer: &Recognizer) -> Self {
        Corpus::annotated_with(docs, recognizer, &|_| {})
    }

    /// [`Corpus::annotated`], telling `progress` how many documents' entities
    /// are done, now and then (from this thread: the page's worker, which has
    /// no other, reports as it goes).
    pub fn annotated_with(mut docs: Vec<Document>, recognizer: &Recognizer, progress: &dyn Fn(usize)) -> Self {
        docs.sort_by(|a, b| a.file.cmp(&b.file));
        // Recognition takes documents by chunks from a shared counter: a
        // second thread starts on them at once, this one once the index is
        // built (all of them where there are no threads).
        const CHUNK: usize = 64;
        let next = std::sync::atomic::AtomicUsize::new(0);
        let work = |progress: &dyn Fn(usize)| {
            let mut out = Vec::new();
            loop {
                let start = next.fetch_add(CHUNK, std::sync::atomic::Ordering::Relaxed);
                progress(start.min(docs.len()));
                let Some(chunk) = docs
                    .get(start..(start + CHUNK).min(docs.len()))
                    .filter(|c| !c.is_empty())
                else {
                    break out;
                };
                out.extend(
                    chunk
                        .iter()
                        .enumerate()
                        .map(|(i, d)| (start + i, EntityTable::recognize(d, recognizer))),
                );
            }
        };
        let (built, found) = std::thread::scope(|scope| {
            let other = std::thread::Builder::new().spawn_scoped(scope, || work(&|_| {})).ok();
            let built = Index::build_anchored(&docs);
            let mut found = work(progress);
            if let Some(other) = other {
                // A thread that panicked left its chunks undone: done again below.
                found.extend(other.join().unwrap_or_default());
            }
            (built, found)
        });
        let mut mentions: Vec<Vec<crate::entities::Mention>> = vec![Vec::new(); docs.len()];
        let mut done = vec![false; docs.len()];
        for (n, found) in found {
            mentions[n] = found;
            done[n] = true;
        }
        for (n, d) in docs.iter().enumerate().filter(|(n, _)| !done[*n]) {
            mentions[n] = EntityTable::recognize(d, recognizer);
        }
        let entities = EntityTable::from_found(mentions, recognizer);
        let (index, anchors) = built;
        for (doc, anchors) in docs.iter_mut().zip(anchors) {
            doc.anchors = anchors;
        }
        let mut corpus = Corpus {
            entities,
            docs,
            index,
            ..Corpus::default()
        };
        corpus.relations = crate::relations::extract(&corpus);
        corpus.views = crate::views::Views::build(&corpus);
        corpus
    }

    /// Recognizes the entities of every document.
    pub fn annotate(&mut self, recognizer: &Recognizer) {
        self.entities = EntityTable::build(&self.docs, recognizer);
        self.relations = crate::relations::extract(self);
        self.views = crate::views::Views::build(self);
    }

    /// Searches the corpus; see [`crate::search`].
    pub fn search(&self, query: &str, options: &crate::search::Options) -> crate::search::Results {
        crate::search::search(self, query, options)
    }

    /// The document with this id.
    pub fn doc(&self, id: &str) -> Option<&Document> {
        self.docs.iter().find(|d| d.id == id)
    }

    /// Article count, word count and date span.
    pub fn summary(&self) -> Summary {
        if let Some(s) = &self.shards {
            return s.summary().clone();
        }
        let dates = self.docs.iter().filter_map(|d| d.date);
        let span = dates.clone().min().zip(dates.max());
        Summary {
            articles: self.docs.len(),
            words: self.docs.iter().map(|d| u64::from(d.words)).sum(),
            span,
        }
    }

    /// Documents newest first (undated last), ties by file name.
    pub fn by_date_desc(&self) -> Vec<&Document> {
        self.newest_first().into_iter().map(|n| &self.docs[n]).collect()
    }

    /// Document numbers newest first (undated last), ties by file name, then number.
    pub fn newest_first(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.docs.len()).collect();
        let docs = &self.docs;
        crate::sort::by(&mut order, &|&a, &b| {
            docs[b]
                .date
                .cmp(&docs[a].date)
                .then_with(|| docs[a].file.cmp(&docs[b].file))
                .then(a.cmp(&b))
        });
        order
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
