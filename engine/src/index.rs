//! The inverted index: an `fst` term dictionary, postings with positions per
//! field, a stem dictionary, and field lengths for BM25.
//!
//! Built once from the documents (at build time for the embedded corpus) and
//! stored in the snapshot; queries read it without rebuilding anything.
//!
//! Postings of a term, in one byte blob, start with a header, varint
//! `entries << 3 | same << 2 | field << 1 | once`, where `same` says the
//! document frequency equals the entry count (no document has the term in
//! both fields; otherwise varint document frequency follows) and `field`,
//! `once` belong to the first entry. The (document, field) entries, in
//! document then field order, come in blocks of [`BLOCK`]; a term of more
//! than one block first lists them, per block: varint last document (delta
//! from the previous block's last) and varint byte length, so that a reader
//! can jump to the block that holds a document ([`Index::cursor`]) or over
//! a block's positions. Each block has its entries, then their positions:
//! per entry, varint `delta << 2 | field << 1 | once` (document delta,
//! field 0/1, `once` = the term occurs once there; the term's first entry
//! writes only its document, its bits being in the header), then varint tf
//! unless `once`; after the block's last entry, per entry its tf varint
//! position deltas. Ranking reads the entries and jumps over the positions
//! ([`Index::for_each_tf`]); a phrase decodes the rarest word's postings and
//! only the blocks of the others that hold its documents. Most entries hold
//! one occurrence, so folding the field and that case into the document
//! delta saves two bytes on each; most terms are rare, so their header is one
//! byte, they have no block table, and their only document number goes
//! without bits. The postings of a term end where their own counts say, so
//! the blob needs no table of lengths: [`postings_offsets`] finds every
//! term's start by reading it once (and checks each block's length).

use crate::analysis::{analyze, stem, TokenKind};
use crate::document::Document;
use fst::{Automaton, IntoStreamer, Map, MapBuilder, Streamer};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

/// Field numbers.
pub const TITLE: u8 = 0;
/// The article text.
pub const BODY: u8 = 1;
/// Number of fields.
pub const FIELDS: usize = 2;

/// One posting: a term in one field of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    /// Document number (index into the corpus).
    pub doc: u32,
    /// [`TITLE`] or [`BODY`].
    pub field: u8,
    /// Token positions of the term in that field, ascending.
    pub positions: Vec<u32>,
}

/// A term's postings: entries in (document, field) order, their positions in one vector.
#[derive(Debug, Default)]
pub struct FlatPostings {
    /// (document, field, end of the entry's positions in `positions`).
    entries: Vec<(u32, u8, u32)>,
    positions: Vec<u32>,
}

impl FlatPostings {
    /// Number of (document, field) entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True without entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Document and field of entry `i`.
    pub fn entry(&self, i: usize) -> (u32, u8) {
        self.entries.get(i).map_or((0, 0), |e| (e.0, e.1))
    }

    /// Positions of entry `i`, ascending.
    pub fn positions(&self, i: usize) -> &[u32] {
        let start = if i == 0 {
            0
        } else {
            self.entries.get(i - 1).map_or(0, |e| e.2)
        };
        let end = self.entries.get(i).map_or(start, |e| e.2);
        self.positions.get(start as usize..end as usize).unwrap_or(&[])
    }

    /// Appends a block's entries and their positions (each entry's tf of them).
    fn push_block(&mut self, entries: &[(u32, u8, u32)], positions: &[u32]) {
        let mut at = 0usize;
        for &(doc, field, tf) in entries {
            let end = at.saturating_add(tf as usize).min(positions.len());
            self.positions.extend_from_slice(&positions[at..end]);
            at = end;
            self.entries.push((doc, field, self.positions.len() as u32));
        }
    }

    /// Positions of a document's field (empty when the term is not there).
    pub fn find(&self, doc: u32, field: u8) -> &[u32] {
        match self.entries.binary_search_by_key(&(doc, field), |e| (e.0, e.1)) {
            Ok(i) => self.positions(i),
            Err(_) => &[],
        }
    }
}

/// Postings chunks fetched at most with a dictionary shard for the words
/// that start with a stem ([`Index::dict_for`]). (A prefix being typed is
/// looked up as a word first: its own chunk comes with its shard.)
const FORESEEN: usize = 3;

/// Entries per block of a term's postings (see the module's documentation).
pub const BLOCK: usize = 128;

/// One term's postings with its header read: where its block table and
/// its first block start.
struct TermPostings<'a> {
    bytes: &'a [u8],
    df: u64,
    entries: u64,
    /// The first entry's `field << 1 | once`.
    first: u64,
    blocks: usize,
    table: usize,
    data: usize,
}

impl<'a> TermPostings<'a> {
    /// `None` for no bytes (a term not there, or a chunk not loaded).
    fn read(bytes: &'a [u8]) -> Option<Self> {
        if bytes.is_empty() {
            return None;
        }
        let mut r = BlobReader { bytes, pos: 0 };
        let (df, entries, first) = r.header();
        let blocks = if entries as usize > BLOCK {
            (entries as usize).div_ceil(BLOCK)
        } else {
            1
        };
        let table = r.pos;
        if blocks > 1 {
            // Bounded by the bytes: a damaged count cannot loop for long.
            for _ in 0..2 * blocks.min(bytes.len()) {
                r.skip_var();
            }
        }
        Some(TermPostings {
            bytes,
            df,
            entries,
            first,
            blocks,
            table,
            data: r.pos,
        })
    }

    /// Decodes block `b` from `r` (at the block's start), its documents
    /// counted from `last` (the previous block's last document): its entries,
    /// and their positions when `with_positions`.
    fn decode(
        &self,
        b: usize,
        mut last: u32,
        r: &mut BlobReader<'_>,
        with_positions: bool,
        entries: &mut Vec<(u32, u8, u32)>,
        positions: &mut Vec<u32>,
    ) {
        entries.clear();
        positions.clear();
        let count = (self.entries as usize).saturating_sub(b * BLOCK).min(BLOCK);
        let mut first = (b == 0).then_some(self.first);
        for _ in 0..count {
            if r.left() == 0 {
                break;
            }
            let (delta, bits) = r.entry(&mut first);
            last = last.wrapping_add(delta as u32);
            let tf = if bits & 1 == 1 { 1 } else { r.var() };
            entries.push((last, (bits >> 1) as u8, u32::try_from(tf).unwrap_or(u32::MAX)));
        }
        if with_positions {
            for &(_, _, tf) in entries.iter() {
                // Bounded by the bytes left, so a damaged tf asks for no huge allocation.
                let mut pos = 0u32;
                for _ in 0..(tf as usize).min(r.left()) {
                    pos = pos.wrapping_add(r.var() as u32);
                    positions.push(pos);
                }
            }
        }
    }
}

/// A cursor over one term's postings ([`Index::cursor`]): finds a
/// document's positions by decoding only the block that holds it.
pub struct Cursor<'a> {
    term: Option<TermPostings<'a>>,
    /// Per block: (last document, start, end) in the term's bytes; a term of
    /// one block does not store its last document (`u32::MAX`).
    blocks: Vec<(u32, usize, usize)>,
    loaded: Option<usize>,
    flat: FlatPostings,
}

impl Cursor<'_> {
    /// Number of documents with the term.
    pub fn doc_frequency(&self) -> u32 {
        self.term.as_ref().map_or(0, |t| t.df as u32)
    }

    /// Positions of the term in a document's field (empty when it is not there).
    pub fn positions(&mut self, doc: u32, field: u8) -> &[u32] {
        let mut b = self.blocks.partition_point(|&(last, _, _)| last < doc);
        // A document's title ending a block has its body in the next.
        if field == BODY && self.blocks.get(b).is_some_and(|&(last, _, _)| last == doc) {
            self.load(b);
            if self.flat.find(doc, field).is_empty() {
                b += 1;
            }
        }
        self.load(b);
        self.flat.find(doc, field)
    }

    /// Decodes block `b` unless it is the one at hand.
    fn load(&mut self, b: usize) {
        let Some(term) = &self.term else { return };
        let Some(&(_, start, end)) = self.blocks.get(b) else {
            self.flat = FlatPostings::default();
            self.loaded = None;
            return;
        };
        if self.loaded != Some(b) {
            let last = if b == 0 { 0 } else { self.blocks[b - 1].0 };
            let mut r = BlobReader {
                bytes: term.bytes.get(..end).unwrap_or(&[]),
                pos: start,
            };
            let (mut entries, mut positions) = (Vec::new(), Vec::new());
            term.decode(b, last, &mut r, true, &mut entries, &mut positions);
            self.flat = FlatPostings::default();
            self.flat.push_block(&entries, &positions);
            self.loaded = Some(b);
        }
    }

    /// Whether the term is in a document (either field).
    pub fn contains(&mut self, doc: u32) -> bool {
        !self.positions(doc, TITLE).is_empty() || !self.positions(doc, BODY).is_empty()
    }
}

/// A piece of a sharded index that a lookup needed and did not have (see
/// [`Index::take_misses`]): a dictionary shard or a postings chunk, by number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Missing {
    /// Dictionary shard `n` (terms, stems and stem groups of a key range).
    Dict(u32),
    /// Postings chunk `n` (the postings of a range of term ids).
    Postings(u32),
    /// Postings chunk `n`, foreseen: where the postings of a word whose
    /// dictionary shard is missing would be ([`Index::dict_for`]), asked
    /// with the shard; the word may not be there.
    Ahead(u32),
    /// All the corpus's entities (a sharded corpus fetches them in parts
    /// of their own).
    Entities,
    /// The entities a name's id does not find, and the relations.
    EntityIndex,
    /// A chunk of entities (names, articles), by number.
    EntityChunk(u32),
}

/// The terms of a key range: folded term → global term id, stem → group
/// number in `groups`, and the groups (global term ids, ascending).
pub(crate) struct Dict {
    pub(crate) terms: Map<Vec<u8>>,
    pub(crate) stems: Map<Vec<u8>>,
    pub(crate) groups: Vec<Vec<u32>>,
}

/// A dictionary shard: the keys from `first_key` up to the next shard's,
/// whose term ids start at `first_term`; its content once loaded.
pub(crate) struct DictSlot {
    pub(crate) first_key: Vec<u8>,
    pub(crate) first_term: u32,
    pub(crate) data: OnceLock<Dict>,
}

/// The postings of the term ids from `first_term` up to the next chunk's.
pub(crate) struct Chunk {
    pub(crate) blob: Vec<u8>,
    /// Where each term's postings start in `blob`, and the end.
    pub(crate) offsets: Vec<u32>,
}

/// A postings chunk and its content once loaded: the postings of the term
/// ids from `first_term` on, whose keys sort from `first_key` on (ids
/// number the terms in key order; the shortest such start, a separator
/// between its first term and the term before), so that a key's chunk is
/// known before its dictionary shard arrives.
pub(crate) struct ChunkSlot {
    pub(crate) first_key: Vec<u8>,
    pub(crate) first_term: u32,
    pub(crate) data: OnceLock<Chunk>,
}

/// The index of a corpus.
///
/// Whole (built here or decoded from a snapshot) it has one dictionary shard
/// and one postings chunk. Sharded ([`crate::shards`]) it has many, which
/// arrive over time: a lookup that needs one not yet there answers as if it
/// held nothing and notes what it missed ([`Index::take_misses`]), so the
/// caller fetches that and asks again. Clones share the shards, so a shard
/// given to one ([`Index::fill_dict`], [`Index::fill_postings`]) serves all.
/// (Shared behind `Arc`, so a corpus can be searched from several threads.)
#[derive(Clone)]
pub struct Index {
    pub(crate) dicts: Arc<[DictSlot]>,
    pub(crate) chunks: Arc<[ChunkSlot]>,
    pub(crate) term_count: u32,
    pub(crate) field_lengths: Vec<[u32; FIELDS]>,
    /// Each field's average length over `field_lengths` (at least 1), made
    /// with them: every search weighs by it.
    averages: [f32; FIELDS],
    misses: Arc<Mutex<Vec<Missing>>>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("terms", &self.term_count)
            .field("dict_shards", &self.dicts.len())
            .field("postings_chunks", &self.chunks.len())
            .field("docs", &self.field_lengths.len())
            .finish()
    }
}

impl PartialEq for Dict {
    fn eq(&self, other: &Self) -> bool {
        self.terms.as_fst().as_bytes() == other.terms.as_fst().as_bytes()
            && self.stems.as_fst().as_bytes() == other.stems.as_fst().as_bytes()
            && self.groups == other.groups
    }
}

impl PartialEq for Index {
    fn eq(&self, other: &Self) -> bool {
        fn dicts(i: &Index) -> Vec<(&[u8], u32, Option<&Dict>)> {
            i.dicts
                .iter()
                .map(|d| (d.first_key.as_slice(), d.first_term, d.data.get()))
                .collect()
        }
        fn chunks(i: &Index) -> Vec<(u32, Option<&Vec<u8>>)> {
            i.chunks
                .iter()
                .map(|c| (c.first_term, c.data.get().map(|c| &c.blob)))
                .collect()
        }
        self.term_count == other.term_count
            && self.field_lengths == other.field_lengths
            && dicts(self) == dicts(other)
            && chunks(self) == chunks(other)
    }
}

impl Eq for Index {}

impl Default for Index {
    fn default() -> Self {
        Index::build(&[])
    }
}

/// Each field's average token count over these documents (at least 1).
fn averages(field_lengths: &[[u32; FIELDS]]) -> [f32; FIELDS] {
    let n = field_lengths.len().max(1) as f32;
    std::array::from_fn(|field| {
        let sum: u64 = field_lengths.iter().map(|l| u64::from(l[field])).sum();
        (sum as f32 / n).max(1.0)
    })
}

/// The searchable text of a document, per field.
pub(crate) fn field_text(doc: &Document, field: u8) -> &str {
    if field == TITLE {
        &doc.title
    } else {
        &doc.text
    }
}

impl Index {
    /// Indexes `docs` (document numbers are their positions in the slice).
    pub fn build(docs: &[Document]) -> Index {
        Index::build_anchored(docs).0
    }

    /// Indexes `docs`, and gives each text's [`crate::analysis::anchors`]
    /// (found on the way: the text is analyzed once).
    pub fn build_anchored(docs: &[Document]) -> (Index, Vec<Vec<(u32, u32)>>) {
        let mut anchors = Vec::with_capacity(docs.len());
        // Terms get numbers as they come (a hash lookup per token, not a
        // tree of strings), and ids in byte order at the end.
        let mut numbers: HashMap<String, u32> = HashMap::new();
        let mut lists: Vec<Vec<Posting>> = Vec::new();
        let mut stems: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut field_lengths = Vec::with_capacity(docs.len());
        // Stemming is the costly stage; words repeat, so each is stemmed (and
        // filed under its stem) once.
        let mut stemmed: HashSet<String> = HashSet::new();
        for (n, doc) in docs.iter().enumerate() {
            let mut lengths = [0u32; FIELDS];
            for field in [TITLE, BODY] {
                let text = field_text(doc, field);
                let mut positions: HashMap<&str, Vec<u32>> = HashMap::new();
                let tokens = analyze(text);
                for token in &tokens {
                    positions.entry(token.term.as_str()).or_default().push(token.position);
                    let word = crate::analysis::capped(&text[token.range.clone()]);
                    if token.kind == TokenKind::Word && !stemmed.contains(word) {
                        stemmed.insert(word.to_owned());
                        let s = stem(word);
                        if s != token.term {
                            stems.entry(s).or_default().insert(token.term.clone());
                        }
                    }
                }
                lengths[field as usize] = tokens.last().map_or(0, |t| t.position + 1);
                if field == BODY {
                    anchors.push(crate::analysis::anchors(text, &tokens));
                }
                for (term, mut positions) in positions {
                    positions.dedup();
                    let number = match numbers.get(term) {
                        Some(&number) => number,
                        None => {
                            let number = lists.len() as u32;
                            numbers.insert(term.to_owned(), number);
                            lists.push(Vec::new());
                            number
                        }
                    };
                    lists[number as usize].push(Posting {
                        doc: n as u32,
                        field,
                        positions,
                    });
                }
            }
            field_lengths.push(lengths);
        }

        let mut sorted: Vec<(&str, u32)> = numbers.iter().map(|(t, &n)| (t.as_str(), n)).collect();
        sorted.sort_unstable();
        let mut blob = Vec::new();
        let mut offsets = Vec::with_capacity(sorted.len() + 1);
        let mut term_ids: HashMap<&str, u32> = HashMap::with_capacity(sorted.len());
        let mut builder = MapBuilder::memory();
        for (id, &(term, number)) in sorted.iter().enumerate() {
            let list = &lists[number as usize];
            offsets.push(blob.len() as u32);
            term_ids.insert(term, id as u32);
            // Keys are inserted in sorted order, which is all fst needs.
            let _ = builder.insert(term, id as u64);
            put_postings(&mut blob, list);
        }
        offsets.push(blob.len() as u32);
        let terms = builder.into_map();

        // A stem whose only word is itself needs no entry: exact lookup finds it.
        let mut stem_builder = MapBuilder::memory();
        let mut stem_groups = Vec::new();
        for (s, words) in &stems {
            let mut group: Vec<u32> = words.iter().filter_map(|w| term_ids.get(w.as_str()).copied()).collect();
            if let Some(&own) = term_ids.get(s.as_str()) {
                group.push(own);
            }
            group.sort_unstable();
            group.dedup();
            let _ = stem_builder.insert(s, stem_groups.len() as u64);
            stem_groups.push(group);
        }
        let index = Index::whole(
            Dict {
                terms,
                stems: stem_builder.into_map(),
                groups: stem_groups,
            },
            Chunk { blob, offsets },
            field_lengths,
        );
        (index, anchors)
    }

    /// An index of one dictionary shard and one postings chunk, both loaded.
    pub(crate) fn whole(dict: Dict, chunk: Chunk, field_lengths: Vec<[u32; FIELDS]>) -> Index {
        let term_count = dict.terms.len() as u32;
        let slot = DictSlot {
            first_key: Vec::new(),
            first_term: 0,
            data: OnceLock::from(dict),
        };
        let chunk = ChunkSlot {
            first_key: Vec::new(),
            first_term: 0,
            data: OnceLock::from(chunk),
        };
        Index::sharded(vec![slot], vec![chunk], term_count, field_lengths)
    }

    /// An index of these shards (loaded or not).
    pub(crate) fn sharded(
        dicts: Vec<DictSlot>,
        chunks: Vec<ChunkSlot>,
        term_count: u32,
        field_lengths: Vec<[u32; FIELDS]>,
    ) -> Index {
        Index {
            dicts: dicts.into(),
            chunks: chunks.into(),
            term_count,
            averages: averages(&field_lengths),
            field_lengths,
            misses: Arc::default(),
        }
    }

    /// The same shards with these field lengths (a sharded corpus learns
    /// them after its entry).
    pub(crate) fn with_field_lengths(&self, field_lengths: Vec<[u32; FIELDS]>) -> Index {
        Index {
            averages: averages(&field_lengths),
            field_lengths,
            ..self.clone()
        }
    }

    /// The one dictionary and postings chunk of a whole index, `None` for a
    /// sharded one (which a snapshot cannot hold).
    pub(crate) fn as_whole(&self) -> Option<(&Dict, &Chunk)> {
        match (&*self.dicts, &*self.chunks) {
            ([d], [c]) => d.data.get().zip(c.data.get()),
            _ => None,
        }
    }

    /// What lookups since the last call needed and did not find loaded, in order.
    pub fn take_misses(&self) -> Vec<Missing> {
        self.misses
            .lock()
            .map(|mut m| std::mem::take(&mut *m).into_iter().collect())
            .unwrap_or_default()
    }

    /// True when lookups since the last [`Index::take_misses`] missed a shard:
    /// what they answered is incomplete.
    pub fn pending(&self) -> bool {
        self.misses.lock().is_ok_and(|m| !m.is_empty())
    }

    /// True when the dictionary shard that holds `key` is loaded (a whole
    /// index always is): whether "not found" there means not in the corpus.
    pub fn covers(&self, key: &str) -> bool {
        self.dicts
            .get(self.dict_of_key(key.as_bytes()))
            .is_some_and(|d| d.data.get().is_some())
    }

    /// Gives dictionary shard `n` its content; false if it had one or `n` is no shard.
    pub(crate) fn fill_dict(&self, n: u32, dict: Dict) -> bool {
        self.dicts.get(n as usize).is_some_and(|s| s.data.set(dict).is_ok())
    }

    /// Gives postings chunk `n` its content; false if it had one or `n` is no chunk.
    pub(crate) fn fill_postings(&self, n: u32, chunk: Chunk) -> bool {
        self.chunks.get(n as usize).is_some_and(|s| s.data.set(chunk).is_ok())
    }

    /// True when every shard is loaded (a whole index always is).
    pub fn is_complete(&self) -> bool {
        self.dicts.iter().all(|d| d.data.get().is_some()) && self.chunks.iter().all(|c| c.data.get().is_some())
    }

    /// Number of documents.
    pub fn doc_count(&self) -> usize {
        self.field_lengths.len()
    }

    /// Number of distinct terms.
    pub fn term_count(&self) -> usize {
        self.term_count as usize
    }

    /// Bytes of each part of the loaded index, for size reports.
    pub fn part_sizes(&self) -> [(&'static str, usize); 4] {
        let mut sizes = [0usize; 4];
        for d in self.dicts.iter().filter_map(|d| d.data.get()) {
            let mut groups = Vec::new();
            put_stem_groups(&d.groups, &mut groups);
            sizes[0] += d.terms.as_fst().as_bytes().len();
            sizes[1] += d.stems.as_fst().as_bytes().len();
            sizes[2] += groups.len();
        }
        sizes[3] = self
            .chunks
            .iter()
            .filter_map(|c| c.data.get())
            .map(|c| c.blob.len())
            .sum();
        [
            ("term dictionary", sizes[0]),
            ("stem dictionary", sizes[1]),
            ("stem groups", sizes[2]),
            ("postings", sizes[3]),
        ]
    }

    /// Token count of a field of a document.
    pub fn field_length(&self, doc: u32, field: u8) -> u32 {
        self.field_lengths.get(doc as usize).map_or(0, |l| l[field as usize])
    }

    /// Average token count of a field over the corpus (at least 1).
    pub fn average_length(&self, field: u8) -> f32 {
        self.averages[field as usize]
    }

    pub(crate) fn miss(&self, what: Missing) {
        // A vector, not a set: few misses, and no tree code in the wasm.
        if let Ok(mut misses) = self.misses.lock() {
            if !misses.contains(&what) {
                misses.push(what);
            }
        }
    }

    /// The loaded dictionary shard `n`, noting a miss when it is not there.
    fn dict(&self, n: usize) -> Option<&Dict> {
        let slot = self.dicts.get(n)?;
        let got = slot.data.get();
        if got.is_none() {
            self.miss(Missing::Dict(n as u32));
        }
        got
    }

    /// The shard whose key range holds `key`.
    fn dict_of_key(&self, key: &[u8]) -> usize {
        self.dicts
            .partition_point(|d| d.first_key.as_slice() <= key)
            .saturating_sub(1)
    }

    /// The shards whose key ranges hold keys starting with `prefix`, in order.
    fn dicts_of_prefix(&self, prefix: &[u8]) -> std::ops::Range<usize> {
        let first = self.dict_of_key(prefix);
        let mut end = first + 1;
        while self.dicts.get(end).is_some_and(|d| d.first_key.starts_with(prefix)) {
            end += 1;
        }
        first..end.min(self.dicts.len())
    }

    /// The loaded dictionary shard whose key range holds `key`. When it is
    /// not there, the postings chunk where `key`'s postings would be is
    /// noted too (with `stem`, those of the words that start with it, when
    /// they are few chunks): fetched with the shard rather than after it, a
    /// word's postings do not wait for its dictionary.
    fn dict_for(&self, key: &[u8], stem: bool) -> Option<&Dict> {
        let dict = self.dict(self.dict_of_key(key));
        if dict.is_none() {
            let chunks = self.chunks_of_prefix(key);
            // A short stem's words span many chunks: only its own then.
            let end = if stem && chunks.len() <= FORESEEN {
                chunks.end
            } else {
                chunks.start + 1
            };
            self.foresee(chunks.start..end);
        }
        dict
    }

    /// The postings chunks that hold the terms starting with `prefix` (at
    /// most [`FORESEEN`] + 1 of them: more is "too many to foresee").
    fn chunks_of_prefix(&self, prefix: &[u8]) -> std::ops::Range<usize> {
        let first = self
            .chunks
            .partition_point(|c| c.first_key.as_slice() <= prefix)
            .saturating_sub(1);
        // Every chunk after `first` starts after `prefix`: those whose start
        // still starts with it hold its words (counted up to one past the
        // most foreseen: a short prefix's words span hundreds of chunks).
        let mut end = first + 1;
        while end <= first + FORESEEN && self.chunks.get(end).is_some_and(|c| c.first_key.starts_with(prefix)) {
            end += 1;
        }
        first..end.min(self.chunks.len())
    }

    /// Notes the chunks of `range` not there, as foreseen misses.
    fn foresee(&self, range: std::ops::Range<usize>) {
        for n in range {
            if self.chunks.get(n).is_some_and(|c| c.data.get().is_none()) {
                self.miss(Missing::Ahead(n as u32));
            }
        }
    }

    /// The id of an exact (folded) term.
    pub fn term_id(&self, term: &str) -> Option<u32> {
        let dict = self.dict_for(term.as_bytes(), false)?;
        dict.terms.get(term).map(|v| v as u32)
    }

    /// The term of an id. Ids number the terms in sorted order, so the values
    /// of the dictionary grow along its keys: walking down, the subtree
    /// holding `id` is under the last transition whose output does not pass it.
    pub fn term(&self, id: u32) -> Option<String> {
        let n = self.dicts.partition_point(|d| d.first_term <= id).checked_sub(1)?;
        let fst = self.dict(n)?.terms.as_fst();
        let target = u64::from(id);
        let mut node = fst.root();
        let mut at = 0u64;
        let mut key = Vec::new();
        // Keys are bounded; the bound only guards against a damaged dictionary.
        while key.len() <= 1024 {
            if node.is_final() && at.saturating_add(node.final_output().value()) == target {
                return String::from_utf8(key).ok();
            }
            let next = node
                .transitions()
                .take_while(|t| at.saturating_add(t.out.value()) <= target)
                .last()?;
            at = at.saturating_add(next.out.value());
            key.push(next.inp);
            node = fst.node(next.addr);
        }
        None
    }

    /// Terms sharing the stem `stem`, as (term, id).
    pub fn stem_group(&self, stem: &str) -> Vec<u32> {
        // (A stem's words mostly start with it: their chunks come along.)
        let Some(dict) = self.dict_for(stem.as_bytes(), true) else {
            return Vec::new();
        };
        dict.stems
            .get(stem)
            .and_then(|g| dict.groups.get(g as usize))
            .cloned()
            .unwrap_or_default()
    }

    /// Terms starting with `prefix`, at most `limit`, as (term, id).
    pub fn prefixed(&self, prefix: &str, limit: usize) -> Vec<(String, u32)> {
        let mut out = Vec::new();
        for n in self.dicts_of_prefix(prefix.as_bytes()) {
            if out.len() >= limit {
                break;
            }
            let Some(dict) = self.dict(n) else { continue };
            let automaton = fst::automaton::Str::new(prefix).starts_with();
            out.extend(collect(dict.terms.search(automaton).into_stream(), limit - out.len()));
        }
        out
    }

    /// Terms within `distance` edits (a swap of two letters is one edit) of
    /// `word`, at most `limit`, as (term, id). The first letter is never
    /// taken for a typo (as in most engines): it is what lets a sharded
    /// index look in the shards of that letter only.
    pub fn fuzzy(&self, word: &str, distance: u8, limit: usize) -> Vec<(String, u32)> {
        let Some(&first) = word.as_bytes().first() else {
            return Vec::new();
        };
        let fuzzy = crate::fuzzy::Fuzzy::new(word, u32::from(distance));
        let mut out = Vec::new();
        for n in self.dicts_of_prefix(&[first]) {
            if out.len() >= limit {
                break;
            }
            let Some(dict) = self.dict(n) else { continue };
            out.extend(
                fuzzy
                    .search(dict.terms.as_fst(), first, limit - out.len())
                    .into_iter()
                    .map(|(key, id)| (String::from_utf8_lossy(&key).into_owned(), id as u32)),
            );
        }
        out
    }

    /// Number of documents containing a term in any field.
    pub fn doc_frequency(&self, id: u32) -> u32 {
        self.reader(id).header().0 as u32
    }

    /// Walks a term's postings block by block: `f(entries, positions)` gets
    /// a block's (document, field, tf) entries and, when `with_positions`,
    /// their positions (each entry's `tf` of them, in order); without, the
    /// positions are jumped over, not read.
    fn blocks(&self, id: u32, with_positions: bool, mut f: impl FnMut(&[(u32, u8, u32)], &[u32])) {
        let r = self.reader(id);
        let Some(term) = TermPostings::read(r.bytes) else {
            return;
        };
        let mut entries = Vec::with_capacity(BLOCK.min(term.entries as usize));
        let mut positions = Vec::new();
        let mut table = BlobReader {
            bytes: term.bytes,
            pos: term.table,
        };
        let mut at = term.data;
        let mut last = 0u32;
        for b in 0..term.blocks {
            let (end, block_last) = if term.blocks > 1 {
                let delta = table.var() as u32;
                let len = table.var() as usize;
                (at.saturating_add(len), last.wrapping_add(delta))
            } else {
                (term.bytes.len(), 0)
            };
            let mut r = BlobReader {
                bytes: term.bytes.get(..end.min(term.bytes.len())).unwrap_or(&[]),
                pos: at,
            };
            term.decode(b, last, &mut r, with_positions, &mut entries, &mut positions);
            f(&entries, &positions);
            at = end;
            last = block_last;
        }
    }

    /// Calls `f(doc, field, tf)` for each posting of a term, jumping over
    /// positions: what ranking needs.
    pub fn for_each_tf(&self, id: u32, mut f: impl FnMut(u32, u8, u32)) {
        self.blocks(id, false, |entries, _| {
            for &(doc, field, tf) in entries {
                f(doc, field, tf);
            }
        });
    }

    /// All postings of a term.
    pub fn postings(&self, id: u32) -> Vec<Posting> {
        let flat = self.flat_postings(id);
        (0..flat.len())
            .map(|i| {
                let (doc, field) = flat.entry(i);
                Posting {
                    doc,
                    field,
                    positions: flat.positions(i).to_vec(),
                }
            })
            .collect()
    }

    /// All postings of a term in two vectors, without an allocation per entry.
    pub fn flat_postings(&self, id: u32) -> FlatPostings {
        let mut out = FlatPostings::default();
        self.blocks(id, true, |entries, positions| out.push_block(entries, positions));
        out
    }

    /// A cursor over a term's postings that finds a document's entries by
    /// its blocks (one block of at most [`BLOCK`] entries decoded per
    /// lookup, the others skipped by the block table).
    pub fn cursor(&self, id: u32) -> Cursor<'_> {
        let r = self.reader(id);
        let term = TermPostings::read(r.bytes);
        let mut blocks = Vec::new();
        if let Some(term) = &term {
            let mut table = BlobReader {
                bytes: term.bytes,
                pos: term.table,
            };
            let (mut at, mut last) = (term.data, 0u32);
            for _ in 0..term.blocks {
                if term.blocks == 1 {
                    blocks.push((u32::MAX, at, term.bytes.len()));
                    break;
                }
                last = last.wrapping_add(table.var() as u32);
                let end = at.saturating_add(table.var() as usize).min(term.bytes.len());
                blocks.push((last, at, end));
                at = end;
            }
        }
        Cursor {
            term,
            blocks,
            loaded: None,
            flat: FlatPostings::default(),
        }
    }

    fn reader(&self, id: u32) -> BlobReader<'_> {
        let empty = BlobReader { bytes: &[], pos: 0 };
        let Some(n) = self.chunks.partition_point(|c| c.first_term <= id).checked_sub(1) else {
            return empty;
        };
        let Some(slot) = self.chunks.get(n) else { return empty };
        let Some(chunk) = slot.data.get() else {
            self.miss(Missing::Postings(n as u32));
            return empty;
        };
        let local = (id - slot.first_term) as usize;
        let start = chunk.offsets.get(local).copied().unwrap_or(0) as usize;
        let end = chunk.offsets.get(local + 1).copied().unwrap_or(0) as usize;
        BlobReader {
            bytes: chunk.blob.get(start..end).unwrap_or(&[]),
            pos: 0,
        }
    }
}

/// Writes one term's postings (see the module's documentation).
fn put_postings(blob: &mut Vec<u8>, list: &[Posting]) {
    let docs: BTreeSet<u32> = list.iter().map(|p| p.doc).collect();
    let bits = |p: &Posting| u64::from(p.field) << 1 | u64::from(p.positions.len() == 1);
    let first = list.first().map_or(0, bits);
    let same_df = docs.len() == list.len();
    put_var(blob, (list.len() as u64) << 3 | u64::from(same_df) << 2 | first);
    if !same_df {
        put_var(blob, docs.len() as u64);
    }
    let mut last_doc = 0;
    let mut table = Vec::new();
    let mut blocks = Vec::new();
    for (b, block) in list.chunks(BLOCK).enumerate() {
        let start = blocks.len();
        let previous = last_doc;
        for (i, p) in block.iter().enumerate() {
            let delta = u64::from(p.doc - last_doc);
            put_var(&mut blocks, if b == 0 && i == 0 { delta } else { delta << 2 | bits(p) });
            last_doc = p.doc;
            if p.positions.len() != 1 {
                put_var(&mut blocks, p.positions.len() as u64);
            }
        }
        for p in block {
            let mut last = 0;
            for &pos in &p.positions {
                put_var(&mut blocks, u64::from(pos - last));
                last = pos;
            }
        }
        put_var(&mut table, u64::from(last_doc - previous));
        put_var(&mut table, (blocks.len() - start) as u64);
    }
    if list.len() > BLOCK {
        blob.extend_from_slice(&table);
    }
    blob.extend_from_slice(&blocks);
}

/// Writes stem groups as the snapshot stores them: the group count, then
/// per group its size and its term ids, ascending, as deltas, the first one
/// from the previous group's first (zigzag: stems sort about as their words
/// do, so that is a small number either way).
pub(crate) fn put_stem_groups(groups: &[Vec<u32>], w: &mut Vec<u8>) {
    put_var(w, groups.len() as u64);
    let mut previous_first = 0i64;
    for group in groups {
        put_var(w, group.len() as u64);
        let Some(&first) = group.first() else { continue };
        let delta = i64::from(first) - previous_first;
        put_var(w, (delta << 1 ^ delta >> 63) as u64);
        previous_first = i64::from(first);
        for pair in group.windows(2) {
            put_var(w, u64::from(pair[1] - pair[0]));
        }
    }
}

/// Where each of `terms` terms' postings starts in `blob`, and its end:
/// `None` unless the blob holds exactly that many terms' postings.
pub(crate) fn postings_offsets(blob: &[u8], terms: usize) -> Option<Vec<u32>> {
    let mut walk = OffsetsWalk::default();
    while !walk.advance(blob, terms, usize::MAX)? {}
    Some(walk.offsets)
}

/// [`postings_offsets`] a slice at a time (a page decoding a large
/// snapshot in several tasks, [`crate::snapshot::Decoding`]).
#[derive(Default)]
pub(crate) struct OffsetsWalk {
    /// Bytes of the blob walked.
    pub(crate) pos: usize,
    /// Where each term walked so far starts; then the blob's end.
    pub(crate) offsets: Vec<u32>,
}

impl OffsetsWalk {
    /// Walks the next terms of the `terms` in `blob` until about `budget`
    /// bytes are passed: `Some(true)` once all are walked and the blob ends
    /// with the last, `Some(false)` while some are left, `None` when the
    /// blob does not hold them.
    pub(crate) fn advance(&mut self, blob: &[u8], terms: usize, budget: usize) -> Option<bool> {
        let mut r = BlobReader {
            bytes: blob,
            pos: self.pos,
        };
        if self.offsets.is_empty() {
            // Every term takes at least two bytes: a count that claims more is false.
            self.offsets.reserve(terms.min(blob.len() / 2) + 1);
        }
        let start = r.pos;
        while self.offsets.len() < terms && r.pos - start < budget {
            self.offsets.push(u32::try_from(r.pos).ok()?);
            r.skip_term()?;
        }
        self.pos = r.pos;
        if self.offsets.len() < terms {
            return Some(false);
        }
        self.offsets.push(u32::try_from(r.pos).ok()?);
        (r.pos == blob.len()).then_some(true)
    }
}

fn collect<S>(mut stream: S, limit: usize) -> Vec<(String, u32)>
where
    S: for<'a> Streamer<'a, Item = (&'a [u8], u64)>,
{
    let mut out = Vec::new();
    while let Some((key, id)) = stream.next() {
        if out.len() == limit {
            break;
        }
        out.push((String::from_utf8_lossy(key).into_owned(), id as u32));
    }
    out
}

/// Reads varints from a term's postings; a truncated blob reads as zeros
/// (the snapshot decoder has already validated it).
struct BlobReader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl BlobReader<'_> {
    /// A term's (document frequency, entry count, first entry's `field << 1 | once`).
    fn header(&mut self) -> (u64, u64, u64) {
        let head = self.var();
        let entries = head >> 3;
        let df = if head & 4 != 0 { entries } else { self.var() };
        (df, entries, head & 3)
    }

    /// The next entry's (document delta, `field << 1 | once`): the first
    /// entry's bits are in the term's header, the others' in their own.
    fn entry(&mut self, first: &mut Option<u64>) -> (u64, u64) {
        match first.take() {
            Some(bits) => (self.var(), bits),
            None => {
                let head = self.var();
                (head >> 2, head & 3)
            }
        }
    }

    /// Reads a varint that must be there: `None` past the end.
    fn checked_var(&mut self) -> Option<u64> {
        (self.left() > 0).then(|| self.var())
    }

    /// Moves past one term's postings; `None` when they run past the end or
    /// their block table does not match their blocks.
    fn skip_term(&mut self) -> Option<()> {
        if self.left() == 0 {
            return None;
        }
        let (_, entries, bits) = self.header();
        let blocks = if entries as usize > BLOCK {
            (entries as usize).div_ceil(BLOCK)
        } else {
            1
        };
        // Every block takes at least two bytes of table: a count that claims more is false.
        if blocks > 1 && blocks > self.left() / 2 {
            return None;
        }
        // Per block: (last document's delta from the previous block's, byte length).
        let mut table = Vec::new();
        if blocks > 1 {
            for _ in 0..blocks {
                let last = self.checked_var()?;
                table.push((last, usize::try_from(self.checked_var()?).ok()?));
            }
        }
        let mut first = Some(bits);
        for b in 0..blocks {
            let start = self.pos;
            let count = (entries as usize).saturating_sub(b * BLOCK).min(BLOCK);
            let (mut occurrences, mut span) = (0u64, 0u64);
            for _ in 0..count {
                if self.left() == 0 {
                    return None;
                }
                let (delta, bits) = self.entry(&mut first);
                span = span.checked_add(delta)?;
                let tf = if bits & 1 == 1 { 1 } else { self.checked_var()? };
                // Each position takes a byte at least: a count past the bytes left is false.
                occurrences = occurrences.checked_add(tf).filter(|&n| n <= self.left() as u64)?;
            }
            // The positions: as many varints, each ended by a byte under 0x80.
            let mut left = occurrences;
            while left > 0 {
                let b = *self.bytes.get(self.pos)?;
                self.pos += 1;
                left -= u64::from(b < 0x80);
            }
            // The table must say what the block holds: cursors trust it.
            if let Some(&(last, len)) = table.get(b) {
                if self.pos - start != len || span != last {
                    return None;
                }
            }
        }
        // A varint cut by the end of the blob reads as complete: refuse it.
        (self.pos <= self.bytes.len()).then_some(())
    }

    fn left(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }

    fn byte(&mut self) -> u8 {
        let b = self.bytes.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    fn skip_var(&mut self) {
        while self.pos < self.bytes.len() {
            let b = self.bytes[self.pos];
            self.pos += 1;
            if b & 0x80 == 0 {
                break;
            }
        }
    }

    fn var(&mut self) -> u64 {
        let mut value = 0u64;
        let mut shift = 0;
        while shift < 64 {
            let b = self.byte();
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                break;
            }
            shift += 7;
        }
        value
    }
}

/// Appends `v` as an unsigned LEB128 varint (the index's and the snapshot's numbers).
pub(crate) fn put_var(w: &mut Vec<u8>, mut v: u64) {
    loop {
        let low = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            w.push(low);
            return;
        }
        w.push(low | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs() -> Vec<Document> {
        vec![
            Document::from_text(
                "a",
                "a.txt",
                "Le cloud souverain. Les clouds souverains de l’État.".into(),
            ),
            Document::from_text("b", "b.txt", "Orange rachète Cloudwatt à Thalès.".into()),
        ]
    }

    #[test]
    fn postings_keep_documents_fields_and_positions() {
        let index = Index::build(&docs());
        let id = index.term_id("souverain").unwrap();
        let postings = index.postings(id);
        // "Le cloud souverain" is the derived title of a and the start of its body.
        assert_eq!(
            postings,
            [
                Posting {
                    doc: 0,
                    field: TITLE,
                    positions: vec![2]
                },
                Posting {
                    doc: 0,
                    field: BODY,
                    positions: vec![2]
                }
            ]
        );
        assert_eq!(index.doc_frequency(id), 1);
        let mut tfs = Vec::new();
        index.for_each_tf(index.term_id("clouds").unwrap(), |d, f, tf| tfs.push((d, f, tf)));
        assert_eq!(tfs, [(0, BODY, 1)]);
        assert_eq!(index.postings(index.term_id("etat").unwrap())[0].positions, [7]);
        assert_eq!(index.term_id("état"), None, "terms are folded");
    }

    #[test]
    fn every_id_gives_back_its_term() {
        let index = Index::build(&docs());
        let (dict, _) = index.as_whole().unwrap();
        let mut stream = dict.terms.stream();
        let mut count = 0;
        while let Some((key, id)) = stream.next() {
            let term = std::str::from_utf8(key).unwrap();
            assert_eq!(
                id, count as u64,
                "ids number the terms in byte order (search relies on it)"
            );
            assert_eq!(index.term(id as u32).as_deref(), Some(term));
            count += 1;
        }
        assert_eq!(count, index.term_count());
        assert_eq!(index.term(index.term_count() as u32), None);
    }

    #[test]
    fn term_starts_are_found_again_from_the_postings_alone() {
        let index = Index::build(&docs());
        let (_, chunk) = index.as_whole().unwrap();
        let blob = &chunk.blob;
        let terms = index.term_count();
        assert_eq!(postings_offsets(blob, terms), Some(chunk.offsets.clone()));
        assert_eq!(postings_offsets(blob, terms + 1), None, "one term short");
        assert_eq!(postings_offsets(blob, terms - 1), None, "bytes left over");
        assert_eq!(postings_offsets(&blob[..blob.len() - 1], terms), None, "cut");
        let mut longer = blob.clone();
        longer.push(0);
        assert_eq!(postings_offsets(&longer, terms), None);
        // A term in both fields of a document has a separate document frequency.
        let both = index.term_id("souverain").unwrap();
        assert_eq!(index.doc_frequency(both), 1);
        assert_eq!(index.postings(both).len(), 2);
    }

    /// 400 documents, most with "mot" (some also in the title, some many times):
    /// three blocks of postings, read whole, by block, and checked.
    #[test]
    fn long_postings_are_read_whole_and_by_block() {
        let docs: Vec<Document> = (0..400)
            .map(|n| {
                let mut doc = Document::from_text(&format!("d{n}"), &format!("d{n:03}.txt"), String::new());
                doc.title = if n % 7 == 0 { "Le mot".into() } else { "Titre".into() };
                doc.title_derived = false;
                // Every third document lacks the word; others have it 1 to 4 times.
                let times = if n % 3 == 2 { 0 } else { 1 + n % 4 };
                doc.text = format!("{} fin.", "un mot ici ".repeat(times));
                doc
            })
            .collect();
        let index = Index::build(&docs);
        let id = index.term_id("mot").unwrap();
        let mut want = Vec::new();
        for (n, doc) in docs.iter().enumerate() {
            for field in [TITLE, BODY] {
                let positions: Vec<u32> = analyze(field_text(doc, field))
                    .iter()
                    .filter(|t| t.term == "mot")
                    .map(|t| t.position)
                    .collect();
                if !positions.is_empty() {
                    want.push(Posting {
                        doc: n as u32,
                        field,
                        positions,
                    });
                }
            }
        }
        assert!(want.len() > 2 * BLOCK, "{} entries: more than two blocks", want.len());
        assert_eq!(index.postings(id), want);
        let mut tfs = Vec::new();
        index.for_each_tf(id, |d, f, tf| tfs.push((d, f, tf)));
        let want_tfs: Vec<_> = want
            .iter()
            .map(|p| (p.doc, p.field, p.positions.len() as u32))
            .collect();
        assert_eq!(tfs, want_tfs);
        let mut with: Vec<u32> = want.iter().map(|p| p.doc).collect();
        with.dedup();
        assert_eq!(index.doc_frequency(id), with.len() as u32);
        assert_eq!(index.cursor(id).doc_frequency(), with.len() as u32);
        // A cursor finds every document's positions, in any order.
        let mut cursor = index.cursor(id);
        for n in (0..400u32).rev().chain(0..400) {
            for field in [TITLE, BODY] {
                let expected = want
                    .iter()
                    .find(|p| p.doc == n && p.field == field)
                    .map_or(&[][..], |p| p.positions.as_slice());
                assert_eq!(cursor.positions(n, field), expected, "doc {n} field {field}");
            }
        }
        assert!(cursor.positions(400, BODY).is_empty());
        // The blob reads back, and a block length that lies is refused.
        let (_, chunk) = index.as_whole().unwrap();
        assert_eq!(
            postings_offsets(&chunk.blob, index.term_count()),
            Some(chunk.offsets.clone())
        );
        let start = chunk.offsets[id as usize] as usize;
        let mut r = BlobReader {
            bytes: &chunk.blob,
            pos: start,
        };
        r.header();
        r.var(); // first block's last document
        let len_at = r.pos;
        let mut damaged = chunk.blob.clone();
        damaged[len_at] ^= 1;
        assert_eq!(postings_offsets(&damaged, index.term_count()), None);
    }

    #[test]
    fn stems_group_inflected_forms() {
        let index = Index::build(&docs());
        let group = index.stem_group(&stem("souverains"));
        let ids: Vec<u32> = ["souverain", "souverains"]
            .iter()
            .map(|t| index.term_id(t).unwrap())
            .collect();
        assert_eq!(group, ids);
    }

    #[test]
    fn prefix_and_fuzzy_lookups() {
        let index = Index::build(&docs());
        let terms = |v: Vec<(String, u32)>| v.into_iter().map(|(t, _)| t).collect::<Vec<_>>();
        assert_eq!(terms(index.prefixed("cloud", 10)), ["cloud", "clouds", "cloudwatt"]);
        assert_eq!(terms(index.prefixed("cloud", 2)), ["cloud", "clouds"]);
        assert_eq!(terms(index.fuzzy("cloudwat", 1, 10)), ["cloudwatt"]);
        assert!(
            index.fuzzy("bloudwatt", 1, 10).is_empty(),
            "the first letter is no typo"
        );
        assert!(index.fuzzy("zzzz", 1, 10).is_empty());
    }

    #[test]
    fn field_lengths_count_positions() {
        let index = Index::build(&docs());
        assert_eq!(index.field_length(1, BODY), 5);
        assert_eq!(index.doc_count(), 2);
        assert!(index.average_length(BODY) > 1.0);
    }
}
