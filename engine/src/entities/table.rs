//! The entities of a corpus and where each document mentions them: computed
//! once at build time (with the knowledge base), stored in the snapshot, read
//! by search filters, facets and the explorer.

use super::{EntityType, Recognizer, Source};
use crate::analysis::fold;
use crate::document::{BlockKind, Document};
use std::collections::BTreeMap;
use std::ops::Range;

/// An entity of the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityInfo {
    /// Stable id (the knowledge base's, or from the normalized value).
    pub id: String,
    /// Canonical name, or the normalized value of a sum, percentage or date.
    pub name: String,
    /// Its type.
    pub kind: EntityType,
    /// Other names from the knowledge base (for `entity:` filters).
    pub aliases: Vec<String>,
    /// The knowledge base's line about it.
    pub description: Option<String>,
    /// Wikidata id, when known.
    pub wikidata: Option<String>,
}

/// One mention in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocMention {
    /// Byte range in the document text.
    pub range: Range<usize>,
    /// Index into [`EntityTable::entities`].
    pub entity: u32,
    /// How it was found.
    pub source: Source,
    /// Confidence in percent.
    pub confidence: u8,
}

/// Entities and mentions of a corpus.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EntityTable {
    /// Every entity mentioned, sorted by id.
    pub entities: Vec<EntityInfo>,
    /// Per document (same order as the corpus), its mentions in text order.
    pub mentions: Mentions,
}

/// Per document, its mentions in text order: its own list, or, in a
/// sharded corpus whose document has not arrived, placeholders (one per
/// mention, without a place in the text, [`crate::shards`]). The
/// placeholders are made once, together, when first read, and shared by
/// the table's copies: at 100,000 articles they are a million mentions,
/// and the page copies its corpus as parts arrive.
#[derive(Debug, Clone, Default)]
pub struct Mentions {
    /// Each document's own list (empty where its placeholders stand).
    lists: Vec<Vec<DocMention>>,
    /// Per document, whether its placeholders stand for its mentions.
    placed: Vec<bool>,
    /// What the placeholders are made from, and once a view reads them
    /// (the facets do not: they read the same counts), the placeholders.
    placeholders: std::sync::Arc<Placeholders>,
}

/// Per document, the entities it mentions and how often: `(start, pairs)`,
/// document `d`'s (entity, mentions) pairs `pairs[start[d]..start[d + 1]]`.
pub(crate) type Counts = std::sync::Arc<(Vec<u32>, Vec<(u32, u32)>)>;

#[derive(Debug, Default)]
struct Placeholders {
    counts: Counts,
    /// Every document's placeholders, one document's after another's, and
    /// where each document's begin (and one more: the end).
    made: std::sync::OnceLock<(Vec<u32>, Vec<DocMention>)>,
}

impl Placeholders {
    fn made(&self) -> &(Vec<u32>, Vec<DocMention>) {
        self.made.get_or_init(|| {
            let (start, pairs) = &*self.counts;
            let (mut at, mut all) = (Vec::with_capacity(start.len()), Vec::new());
            for w in start.windows(2) {
                at.push(all.len() as u32);
                for &(entity, times) in pairs.get(w[0] as usize..w[1] as usize).unwrap_or_default() {
                    let m = DocMention {
                        range: 0..0,
                        entity,
                        source: Source::Kb,
                        confidence: 0,
                    };
                    all.extend(std::iter::repeat_n(m, times as usize));
                }
            }
            at.push(all.len() as u32);
            (at, all)
        })
    }
}

impl Mentions {
    /// Placeholders for each document of `counts` (at most `u32::MAX`
    /// mentions in all), made when first read.
    pub(crate) fn placeholders(counts: Counts) -> Mentions {
        let n = counts.0.len().saturating_sub(1);
        Mentions {
            lists: vec![Vec::new(); n],
            placed: vec![true; n],
            placeholders: std::sync::Arc::new(Placeholders {
                counts,
                made: Default::default(),
            }),
        }
    }

    /// The number of documents.
    pub fn len(&self) -> usize {
        self.lists.len()
    }

    /// True for no documents.
    pub fn is_empty(&self) -> bool {
        self.lists.is_empty()
    }

    /// One document's mentions (empty for a document without any).
    pub fn get(&self, doc: usize) -> &[DocMention] {
        if self.placed.get(doc) == Some(&true) {
            let (start, all) = self.placeholders.made();
            if let (Some(&a), Some(&b)) = (start.get(doc), start.get(doc + 1)) {
                return all.get(a as usize..b as usize).unwrap_or_default();
            }
        }
        self.lists.get(doc).map_or(&[], Vec::as_slice)
    }

    /// Every document's mentions, in order.
    pub fn iter(&self) -> impl Iterator<Item = &[DocMention]> {
        (0..self.len()).map(|d| self.get(d))
    }

    /// A document's own mentions, in place of its placeholders (none for
    /// a document past the table's).
    pub fn set(&mut self, doc: usize, list: Vec<DocMention>) {
        if let Some(own) = self.lists.get_mut(doc) {
            *own = list;
        }
        if let Some(placed) = self.placed.get_mut(doc) {
            *placed = false;
        }
    }
}

impl From<Vec<Vec<DocMention>>> for Mentions {
    fn from(lists: Vec<Vec<DocMention>>) -> Mentions {
        Mentions {
            lists,
            ..Mentions::default()
        }
    }
}

impl FromIterator<Vec<DocMention>> for Mentions {
    fn from_iter<I: IntoIterator<Item = Vec<DocMention>>>(lists: I) -> Mentions {
        Vec::from_iter(lists).into()
    }
}

impl<'a> IntoIterator for &'a Mentions {
    type Item = &'a [DocMention];
    type IntoIter = Box<dyn Iterator<Item = &'a [DocMention]> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

/// Tables compare by what each document's mentions are, however they are kept.
impl PartialEq for Mentions {
    fn eq(&self, other: &Mentions) -> bool {
        self.len() == other.len() && (0..self.len()).all(|d| self.get(d) == other.get(d))
    }
}

impl Eq for Mentions {}

impl EntityTable {
    /// Recognizes the entities of `docs` (relative dates resolved with each
    /// document's publication date). Names inside a credit block (a photo
    /// credit) are not the article's mentions: they are left out, so facets,
    /// entity pages and counts never list a photographer among its people.
    pub fn build(docs: &[Document], recognizer: &Recognizer) -> EntityTable {
        let found: Vec<Vec<super::Mention>> = docs.iter().map(|d| EntityTable::recognize(d, recognizer)).collect();
        EntityTable::from_found(found, recognizer)
    }

    /// One document's mentions, as [`EntityTable::build`] finds them.
    pub(crate) fn recognize(d: &Document, recognizer: &Recognizer) -> Vec<super::Mention> {
        let mut mentions = recognizer.recognize_dated(&d.text, d.date);
        mentions.retain(|m| !in_credit(d, &m.range));
        mentions
    }

    /// The table of every document's mentions ([`EntityTable::recognize`]).
    pub(crate) fn from_found(found: Vec<Vec<super::Mention>>, recognizer: &Recognizer) -> EntityTable {
        let mut infos: BTreeMap<String, EntityInfo> = BTreeMap::new();
        for m in found.iter().flatten() {
            infos.entry(m.id.clone()).or_insert_with(|| {
                let kb = recognizer.kb().get(&m.id);
                EntityInfo {
                    id: m.id.clone(),
                    name: m.canonical.clone(),
                    kind: m.kind,
                    aliases: kb.map(|e| e.aliases.clone()).unwrap_or_default(),
                    description: kb.and_then(|e| e.description.clone()),
                    wikidata: kb.and_then(|e| e.wikidata.clone()),
                }
            });
        }
        let index: BTreeMap<&str, u32> = infos.keys().enumerate().map(|(i, k)| (k.as_str(), i as u32)).collect();
        let mentions = found
            .iter()
            .map(|ms| {
                ms.iter()
                    .map(|m| DocMention {
                        range: m.range.clone(),
                        entity: index[m.id.as_str()],
                        source: m.source,
                        confidence: (m.confidence * 100.0).round().clamp(0.0, 100.0) as u8,
                    })
                    .collect()
            })
            .collect();
        EntityTable {
            entities: infos.into_values().collect(),
            mentions,
        }
        .canonical()
    }

    /// One form for "nothing found": no entities and no per-document lists,
    /// so equal tables compare equal however they were made.
    pub(crate) fn canonical(self) -> EntityTable {
        if self.entities.is_empty() {
            EntityTable::default()
        } else {
            self
        }
    }

    /// True when no entity was recognized (or none were looked for).
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// The entity with this id, with its index.
    pub fn by_id(&self, id: &str) -> Option<(u32, &EntityInfo)> {
        let i = self.entities.binary_search_by(|e| e.id.as_str().cmp(id)).ok()?;
        Some((i as u32, &self.entities[i]))
    }

    /// Entities a user's name refers to: any alias, canonical name or id,
    /// ignoring case and accents.
    pub fn resolve(&self, name: &str) -> Vec<u32> {
        let mut called = Called::new(name);
        (0..self.entities.len() as u32)
            .filter(|&e| called.is(&self.entities[e as usize]))
            .collect()
    }

    /// Mentions of one document (empty for a document without any).
    pub fn of(&self, doc: usize) -> &[DocMention] {
        self.mentions.get(doc)
    }
}

/// What [`EntityTable::resolve`] looks for: a user's name, folded.
pub(crate) struct Called {
    wanted: String,
    buf: String,
}

impl Called {
    pub(crate) fn new(name: &str) -> Called {
        Called {
            wanted: fold(name.trim()),
            buf: String::new(),
        }
    }

    /// Whether this entity is called so: its id, canonical name or an alias.
    pub(crate) fn is(&mut self, e: &EntityInfo) -> bool {
        e.id == self.wanted
            || std::iter::once(&e.name)
                .chain(&e.aliases)
                .any(|n| self.folds_to_wanted(n))
    }

    // Each name is folded a character at a time and left at its first
    // difference (a search asks at every keystroke, over every name).
    fn folds_to_wanted(&mut self, n: &str) -> bool {
        self.buf.clear();
        for c in n.chars() {
            crate::analysis::folding::fold_char(c, &mut self.buf);
            if !self.wanted.starts_with(self.buf.as_str()) {
                return false;
            }
        }
        self.buf == self.wanted
    }
}

/// Whether a name's id does not find this entity ([`super::id_of`] of its
/// canonical name is not its id, or it has other names): a sharded corpus
/// lists these apart, and finds the others by their id's place.
pub(crate) fn irregular(e: &EntityInfo) -> bool {
    !e.aliases.is_empty() || e.id != super::id_of(&e.name)
}

/// Whether `range` overlaps a credit block of `doc` (mentions never span a
/// line, so overlapping is being inside).
fn in_credit(doc: &Document, range: &Range<usize>) -> bool {
    doc.blocks
        .iter()
        .any(|b| b.kind == BlockKind::Credit && b.range.start < range.end && range.start < b.range.end)
}
