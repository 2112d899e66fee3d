//! The whole corpus: the documents ([`crate::document`], the model) with
//! what is built from them: the inverted index ([`crate::index`]), the
//! entities and their mentions ([`crate::entities`]), the relations between
//! them ([`crate::relations`]) and the views drawn from those
//! ([`crate::views`]).
//!
//! The model below imports none of this; searching a corpus is
//! [`crate::search`]'s ([`Corpus::search`] is defined there, so this module
//! does not import the search either).

use crate::date::PubDate;
use crate::document::Document;
use crate::entities::table::{Counts, DocMention, EntityTable};
use crate::entities::Recognizer;
use crate::index::Index;

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
    /// The documents' dates and sources as numbers, for searches
    /// ([`Columns`]): built at the first search that needs them.
    pub columns: Columns,
    /// Per document, its entities and their types as the facets count them
    /// ([`Tally`]): built at the first search that counts them.
    pub tally: Tally,
}

/// What a search reads of every matching document, its date and its
/// source, kept beside the documents as numbers: a frequent word's tens of
/// thousands of matches are counted and sorted by date from these instead
/// of from their `Document`s, large and scattered in memory.
///
/// Derived from the documents and built once, on first use: whatever
/// changes documents' dates or sources in a corpus that may have been
/// searched puts a new (empty) one in its place, as the sharded corpus does
/// when its columns arrive. Corpora compare equal whether it is built or not.
#[derive(Debug, Clone, Default)]
pub struct Columns(std::sync::OnceLock<(Vec<(u32, u32)>, usize)>);

impl PartialEq for Columns {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Columns {}

/// What the entity facets read of every matching document: the entities
/// it mentions, each once with its number of mentions,
/// and the set of their types. A frequent word's thousands of matches are
/// counted from this one array instead of from each mention, and each
/// mention's entity (scattered in memory).
///
/// Derived from [`Corpus::entities`] and built once, on first use (a sharded
/// corpus's when its entities come together, from what they hold):
/// whatever changes the mentions of a corpus that may have been searched
/// puts a new (empty) one in its place. Shared by a corpus's copies;
/// corpora compare equal whether it is built or not.
#[derive(Debug, Clone, Default)]
pub struct Tally(pub(crate) std::sync::OnceLock<std::sync::Arc<Tallied>>);

impl PartialEq for Tally {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Tally {}

/// A built [`Tally`].
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Tallied {
    /// Per document, its (entity, mentions) pairs.
    counts: Counts,
    /// Per document, bit `kind` set for each type of entity it mentions.
    types: Vec<u8>,
}

impl Tallied {
    /// From every document's mentions in `table` (of `docs` documents).
    pub(crate) fn of_table(table: &EntityTable, docs: usize) -> Tallied {
        let (mut start, mut pairs) = (Vec::with_capacity(docs + 1), Vec::new());
        for d in 0..docs {
            start.push(pairs.len() as u32);
            push_pairs(table.of(d), &mut pairs);
        }
        start.push(pairs.len() as u32);
        Tallied::new(std::sync::Arc::new((start, pairs)), table)
    }

    /// From each document's (entity, mentions) pairs.
    pub(crate) fn new(counts: Counts, table: &EntityTable) -> Tallied {
        // Each entity's type bit, read from one small array, not from the
        // entities (large, scattered in memory) once per pair.
        let bits: Vec<u8> = table.entities.iter().map(|e| 1 << e.kind as u8).collect();
        let (start, pairs) = &*counts;
        let types = start
            .windows(2)
            .map(|w| {
                pairs[w[0] as usize..w[1] as usize]
                    .iter()
                    .fold(0u8, |mask, p| mask | bits.get(p.0 as usize).copied().unwrap_or(0))
            })
            .collect();
        Tallied { counts, types }
    }

    /// A document's (entity, mentions) pairs and its types.
    pub(crate) fn doc(&self, doc: usize) -> (&[(u32, u32)], u8) {
        let (start, pairs) = &*self.counts;
        match (start.get(doc), start.get(doc + 1)) {
            (Some(&a), Some(&b)) => (&pairs[a as usize..b as usize], self.types[doc]),
            _ => (&[], 0),
        }
    }
}

/// Appends the (entity, mentions) pairs of one document's mentions to
/// `out`, each entity where it is first mentioned.
pub(crate) fn push_pairs(mentions: &[DocMention], out: &mut Vec<(u32, u32)>) {
    let begin = out.len();
    for m in mentions {
        match out[begin..].iter_mut().find(|p| p.0 == m.entity) {
            Some(p) => p.1 += 1,
            None => out.push((m.entity, 1)),
        }
    }
}

/// Per document: its date's [`PubDate::key`] (0 when undated) and its
/// source's number (0 when it has none, else from 1 in the order sources
/// first appear); and how many sources there are.
fn columns(docs: &[Document]) -> (Vec<(u32, u32)>, usize) {
    // (source key, number), in key order.
    let mut seen: Vec<(&str, u32)> = Vec::new();
    let per_doc = docs
        .iter()
        .map(|d| {
            let source = d
                .source
                .as_deref()
                .map_or(0, |key| match seen.binary_search_by(|c| c.0.cmp(key)) {
                    Ok(i) => seen[i].1,
                    Err(i) => {
                        seen.insert(i, (key, seen.len() as u32 + 1));
                        seen.len() as u32
                    }
                });
            (d.date.map_or(0, |t| t.key()), source)
        })
        .collect();
    (per_doc, seen.len())
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
            columns: Columns::default(),
            tally: Tally::default(),
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
        self.tally = Tally::default();
        self.relations = crate::relations::extract(self);
        self.views = crate::views::Views::build(self);
    }

    /// [`Columns`]: per document, (date key, source number); and the number
    /// of sources.
    pub(crate) fn columns(&self) -> (&[(u32, u32)], usize) {
        let (per_doc, sources) = self.columns.0.get_or_init(|| columns(&self.docs));
        (per_doc, *sources)
    }

    /// [`Tally`]: per document, its entities with their mentions, and their types.
    pub(crate) fn tally(&self) -> &Tallied {
        self.tally
            .0
            .get_or_init(|| std::sync::Arc::new(Tallied::of_table(&self.entities, self.docs.len())))
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

    /// Documents newest first (undated last), ties by file name ([`Corpus::newest_first`]).
    pub fn by_date_desc(&self) -> Vec<&Document> {
        self.newest_first().into_iter().map(|n| &self.docs[n]).collect()
    }

    /// Document numbers newest first (undated last), ties by number: by
    /// file name, the corpus's order ([`Corpus::new`]), known before a
    /// sharded corpus's documents arrive (an order that changed as they
    /// came would ask for other articles each time).
    pub fn newest_first(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.docs.len()).collect();
        let docs = &self.docs;
        crate::sort::by(&mut order, &|&a, &b| docs[b].date.cmp(&docs[a].date).then(a.cmp(&b)));
        order
    }
}
