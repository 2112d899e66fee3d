//! The sharded corpus: the same [`Corpus`] as a snapshot, cut into files a
//! browser fetches when a query, a page or an article needs them, so the
//! first load does not grow with the corpus.
//!
//! `loupe site` writes them ([`write`]); the app opens the entry ([`open`]),
//! then asks after each search what was missing ([`needs`], [`for_docs`]),
//! fetches those files in parallel and hands them over ([`add`]) until
//! nothing is. The engine stays synchronous: a lookup that needs a part not
//! yet there answers as if the part held nothing and notes it
//! ([`crate::index::Index::take_misses`]).
//!
//! # Files
//!
//! ```text
//! corpus.idx                 the entry: fixed name, small, revalidated by browsers
//! shards/<kind>-<hash>.bin   every other part but the documents; <hash> is 16
//!                            hex digits of the 64-bit FNV-1a hash of the file,
//!                            which the reader checks: names change when content
//!                            does, so every part is immutable and cacheable forever
//! shards/doc-<group>-<i>.bin a document's file: <group> is the hash of its group
//!                            (the FNV-1a hash of its documents' hashes, each as
//!                            8 bytes LE, in order), <i> its place in the group
//!                            (decimal). Its name is known from the entry alone,
//!                            so it is fetched with nothing before it, and
//!                            changes when the document (or one of its group) does
//! ```
//!
//! Every file starts with the magic `LOUPESHD`, the format version (u16 LE,
//! [`FORMAT_VERSION`]) and a kind byte (0 entry, 1 dictionary, 2 postings,
//! 3 columns, 5 ids, 6 document, 7 entities, 8 network,
//! 9 ownership, 10 overview, 11 entity index), then its payload. The entry
//! ends with the CRC-32 (IEEE) of all its bytes before it (it has no hash in
//! its name). Numbers, strings, dates and the rest are written as in the
//! snapshot ([`crate::snapshot`]); `u64` is 8 bytes LE.
//!
//! ```text
//! entry      var documents, var words (u64), date first, date last
//!            var term count
//!            var dictionary shards, per shard: bytes first key, var first term id, u64 hash
//!            var postings chunks, per chunk: bytes where it starts in key
//!            order (the shortest start of its first term's key that sorts
//!            after the term before; empty for the first chunk), var first
//!            term id, u64 hash
//!            u64 hash of the columns, var entities,
//!            var chunks of entities, per chunk: bytes first entity's id
//!            (empty for the first chunk), var first entity, u64 hash
//!            u64 hash of the entity index,
//!            var bytes of the entity parts together, var bytes of all the parts together
//!            var documents per group, var groups, per group: u64 hash
//!            var id buckets, per bucket: u64 hash
//!            u64 hash of the network, var ownership views, per view: var
//!            entity delta (ascending, the first from 0), u64 hash;
//!            u64 hash of the overview
//! dictionary the terms of a key range (from its first key to the next
//!            shard's), as the snapshot's index writes them: term fst
//!            (values: global term ids), stem fst (values: group numbers in
//!            this shard), stem groups (global term ids)
//! postings   the postings of the term ids from the chunk's first to the
//!            next chunk's, exactly as in the snapshot's blob
//! columns    what every search needs: var sources, per source: opt publication, opt source key;
//!            per document: var title length, var body length (tokens),
//!            var source (0 none, else its number + 1), date, u8 flags
//!            (bit 0 date approximate), var words
//! entities   the entities from the chunk's first to the next chunk's
//!            (entities are numbered in the order of their ids): var
//!            count, per entity as in the snapshot but for its id, empty
//!            when [`crate::entities::id_of`] makes it from the name; per
//!            entity: var article count, the articles' numbers (ascending;
//!            the first as is, then each less the previous one less 1);
//!            per (entity, article) pair in that order: var mentions - 1
//! entity     the entities whose id is not [`crate::entities::id_of`] of
//! index      their name, or that have other names: var count, their
//!            numbers (ascending, deltas as the articles'), then each
//!            whole as in the snapshot; then the relations, as in the snapshot
//! ids        var count, per document: str id, var number (the bucket of an
//!            id is its FNV-1a hash modulo the number of buckets)
//! document   var its number, str id, str file, str title, u8 flags (bit 0
//!            title derived, bit 1 publication certain), opt date basis,
//!            opt url, str text, blocks, anchors and mentions as in the
//!            snapshot; then u64 the hash of every byte of the file before
//!            it (the document's hash), which the reader checks with the
//!            number: the file is whole and is that document's. That it
//!            is this site's rests on its address (its group's hash), as
//!            for any immutable file; the reader does not check it against
//!            the entry (format 6 did, through the metadata chunks)
//! network    str markup of the entity network ([`crate::views`])
//! ownership  str markup of one company's ownership view
//! overview   the start screen's overview ([`crate::overview::Overview`]),
//!            so that the start screen does not wait for the entities: the
//!            app asks for those at the first search or entity view
//! ```
//!
//! A word's dictionary shard and its postings chunk are fetched together:
//! the entry says where each chunk starts in key order, so a lookup that
//! misses the shard of a word notes the chunk where the word's postings
//! would be as well, and those of the words starting with its stem when
//! they are few chunks
//! ([`crate::index::Index::take_misses`]). A word is then two round trips
//! from its cards (its index parts, then its first articles), not three;
//! a word the corpus lacks costs a chunk for nothing (such foreseen chunks
//! come apart, [`needs_apart`]: a failure to fetch one fails no query).
//!
//! An `entity:` filter needs two parts, fetched together: the index and
//! the chunk where the name's id falls (an id made from a name sorts
//! where that name's does); and the chunk of any other entity so called. Everything else
//! made of entities (facets, marks, `type:`, entity pages) waits for them
//! all; a document arrived before them shows its text, and its marks once
//! they are in.
//!
//! Before its file arrives, a document has what the columns say of it
//! (date, source, lengths) and, once the entities are in, placeholder
//! mentions (empty ranges, one per mention): counts, filters and facets
//! are exact; title, text, snippets and contexts wait. A card needs one
//! file, its document's (a metadata chunk of 64 titles before format 7).

use crate::corpus::{push_pairs, Corpus, Summary, Tallied, Tally};
use crate::document::Document;
use crate::entities::table::{irregular, Counts, DocMention, EntityInfo, EntityTable, Mentions};
use crate::index::{put_var, ChunkSlot, DictSlot, Index, Missing, FIELDS};
use crate::snapshot::{
    put_anchors, put_blocks, put_bytes, put_date, put_dict, put_entity_infos, put_mentions, put_opt, put_relations,
    put_str, Reader, SnapshotError,
};
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

/// First bytes of every file of a sharded corpus.
pub const MAGIC: [u8; 8] = *b"LOUPESHD";
/// The format version this build writes and reads.
pub const FORMAT_VERSION: u16 = 8;
/// Name of the entry file.
pub const ENTRY: &str = "corpus.idx";

/// Entity parts this light together (raw bytes, as the entry gives them;
/// about a third of that gzipped) are fetched by the app at start, the
/// start screen's facets showing them; heavier ones when something needs
/// them.
pub const LIGHT_ENTITIES: u64 = 750_000;

const HEADER_LEN: usize = 11;

/// Sizes the writer aims at.
#[derive(Debug, Clone, Copy)]
pub struct Targets {
    /// Bytes of keys per dictionary shard (its fst takes about half).
    pub dict_keys: usize,
    /// Bytes of postings per chunk (a term with more has a chunk of its own).
    pub postings: usize,
    /// Documents per group: the entry names each group by one hash, and
    /// a document's file by its group's hash and its place in the group.
    pub doc_group: usize,
    /// Documents per id bucket (on average).
    pub ids_per_bucket: usize,
    /// Bytes (about) per chunk of entities: their names and ids, and the
    /// articles that mention each (an entity with more has a chunk of its own).
    pub entities: usize,
    /// Entities that weigh about this much at most in all are one chunk:
    /// the app fetches them at start anyway ([`LIGHT_ENTITIES`]), and one
    /// part compresses better than many.
    pub entities_whole: usize,
}

impl Default for Targets {
    /// About 16–32 KB per file before compression: small enough that a
    /// query fetches little, large enough that a query fetches few.
    fn default() -> Self {
        Targets {
            dict_keys: 32 * 1024,
            postings: 48 * 1024,
            doc_group: 64,
            ids_per_bucket: 2048,
            entities: 48 * 1024,
            entities_whole: LIGHT_ENTITIES as usize,
        }
    }
}

/// A part of a sharded corpus, by number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// A dictionary shard.
    Dict(u32),
    /// A postings chunk.
    Postings(u32),
    /// The columns every search needs.
    Columns,
    /// A chunk of entities (names, types, aliases, the articles that
    /// mention each), by entity number.
    Ents(u32),
    /// The entities a name's id does not find, and the relations.
    EntityIndex,
    /// An id bucket.
    Ids(u32),
    /// A document's text, blocks and mentions.
    Doc(u32),
    /// The entity network's markup.
    Network,
    /// One company's ownership view, by its place in the entry's table.
    Own(u32),
    /// The start screen's overview.
    Overview,
}

impl Part {
    fn kind(self) -> (u8, &'static str) {
        match self {
            Part::Dict(_) => (1, "dict"),
            Part::Postings(_) => (2, "post"),
            Part::Columns => (3, "cols"),
            Part::Ents(_) => (7, "ents"),
            Part::EntityIndex => (11, "eidx"),
            Part::Ids(_) => (5, "ids"),
            Part::Doc(_) => (6, "doc"),
            Part::Network => (8, "net"),
            Part::Own(_) => (9, "own"),
            Part::Overview => (10, "over"),
        }
    }
}

impl From<Missing> for Part {
    fn from(m: Missing) -> Part {
        match m {
            Missing::Dict(n) => Part::Dict(n),
            Missing::Postings(n) | Missing::Ahead(n) => Part::Postings(n),
            Missing::Entities | Missing::EntityIndex => Part::EntityIndex,
            Missing::EntityChunk(n) => Part::Ents(n),
        }
    }
}

/// Who mentions whom: (entity, article, mentions), by entity then article.
type Pairs = Vec<(u32, u32, u32)>;

/// A chunk of entities as read: its entities, and the articles that
/// mention them ([`Pairs`]).
type EntityChunk = std::sync::Arc<(Vec<EntityInfo>, Pairs)>;

/// The entity index: the entities a name's id does not find (number,
/// entity), and the relations.
type EntityIndex = (Vec<(u32, EntityInfo)>, Vec<crate::relations::Relation>);

/// The entities called by a name, and by article whether it mentions one.
type Called = (Vec<u32>, Vec<bool>);

/// Where the parts of a sharded corpus are and which have arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shards {
    summary: Summary,
    dict_hashes: Vec<u64>,
    chunk_hashes: Vec<u64>,
    columns: u64,
    /// Number of entities (a document's mentions name them by number).
    entity_count: usize,
    /// The chunks of entities: (first entity's id, empty for the first
    /// chunk; first entity; hash).
    chunks: Vec<(Vec<u8>, u32, u64)>,
    /// Each chunk that arrived: its entities, and the articles that mention
    /// them (read once, shared by the corpus's copies, [`catch_up`]).
    ents: Vec<Option<EntityChunk>>,
    entity_index: u64,
    /// Once the entity index arrived: the entities a name's id does not
    /// find (number, entity), and the relations.
    others: Option<EntityIndex>,
    /// Bytes of the entity parts together.
    entities_bytes: u64,
    /// The mentions of documents that arrived before the entities (the
    /// document, its mentions; only those: the corpus is copied as parts
    /// arrive): they join the table with them.
    early: Vec<(u32, Vec<DocMention>)>,
    total_bytes: u64,
    doc_group: usize,
    /// Per group of `doc_group` documents, the hash of their files' hashes.
    group_hashes: Vec<u64>,
    id_hashes: Vec<u64>,
    columns_loaded: bool,
    entities_loaded: bool,
    docs_loaded: Vec<bool>,
    /// (id, number) of the documents of the id buckets that arrived (the
    /// buckets share no id; documents whose file arrived are found by
    /// their own id).
    ids: Vec<(String, u32)>,
    ids_loaded: Vec<bool>,
    network: u64,
    network_loaded: bool,
    /// (entity, hash) of each company's ownership view, by entity.
    own: Vec<(u32, u64)>,
    own_loaded: Vec<bool>,
    overview: u64,
    overview_loaded: bool,
}

impl Shards {
    /// The corpus figures, known from the entry.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// Number of files of each kind, for reports: dictionary, postings, ids, documents.
    pub fn counts(&self) -> [usize; 4] {
        [
            self.dict_hashes.len(),
            self.chunk_hashes.len(),
            self.id_hashes.len(),
            self.docs_loaded.len(),
        ]
    }

    /// Bytes of the entity parts together (the app fetches light ones at
    /// start, heavy ones when something needs them).
    pub fn entities_bytes(&self) -> u64 {
        self.entities_bytes
    }

    /// Bytes of all the parts together (what keeping the corpus offline takes).
    pub fn total_bytes(&self) -> u64 {
        self.total_bytes
    }

    /// Number of parts of every kind.
    pub fn parts(&self) -> usize {
        4 + self.own.len()
            + self.chunks.len()
            + self.dict_hashes.len()
            + self.chunk_hashes.len()
            + self.id_hashes.len()
            + self.docs_loaded.len()
    }

    /// True once the entities (every chunk, and the entity index) have arrived.
    pub fn has_entities(&self) -> bool {
        self.entities_loaded
    }

    /// True once a document's file (its id, title, text…) has arrived.
    pub fn has_text(&self, doc: usize) -> bool {
        self.docs_loaded.get(doc).copied().unwrap_or(false)
    }
}

/// 64-bit FNV-1a: names a part by its content.
pub fn hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// True when `range` lies in `text` on character boundaries.
pub(crate) fn within(text: &str, range: &Range<usize>) -> bool {
    range.start <= range.end
        && range.end <= text.len()
        && text.is_char_boundary(range.start)
        && text.is_char_boundary(range.end)
}

fn header(kind: u8) -> Vec<u8> {
    let mut w = Vec::from(MAGIC);
    w.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    w.push(kind);
    w
}

/// Distinct numbers in ascending order: var count, the first as is, then
/// each less the previous one less 1.
fn put_ascending(w: &mut Vec<u8>, numbers: impl ExactSizeIterator<Item = u32>) {
    put_var(w, numbers.len() as u64);
    let mut last = None;
    for n in numbers {
        put_var(w, u64::from(n - last.map_or(0, |l: u32| l + 1)));
        last = Some(n);
    }
}

/// Reads [`put_ascending`]'s numbers, each below `bound`.
fn get_ascending(r: &mut Reader<'_>, bound: usize, what: &'static str) -> Result<Vec<u32>, SnapshotError> {
    let count = r.usize()?;
    if count > bound {
        return Err(r.corrupt(what));
    }
    let mut out = Vec::with_capacity(count);
    let mut next = 0usize;
    for _ in 0..count {
        let n = next
            .checked_add(r.usize()?)
            .filter(|&n| n < bound)
            .ok_or(r.corrupt(what))?;
        out.push(n as u32);
        next = n + 1;
    }
    Ok(out)
}

fn put_u64(w: &mut Vec<u8>, v: u64) {
    w.extend_from_slice(&v.to_le_bytes());
}

fn id_bucket(id: &str, buckets: usize) -> usize {
    (hash(id.as_bytes()) % buckets.max(1) as u64) as usize
}

/// Writes a corpus as sharded files: (path relative to the site, bytes),
/// the entry first. The index must be whole (as built or decoded).
pub fn write(corpus: &Corpus, targets: &Targets) -> Result<Vec<(String, Vec<u8>)>, SnapshotError> {
    let (dict, chunk) = corpus.index.as_whole().ok_or(SnapshotError::Corrupt {
        offset: 0,
        what: "only a whole index can be sharded",
    })?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut add = |part: Part, payload: Vec<u8>| -> u64 {
        let mut bytes = header(part.kind().0);
        bytes.extend_from_slice(&payload);
        let h = hash(&bytes);
        files.push((format!("shards/{}-{h:016x}.bin", part.kind().1), bytes));
        h
    };

    // Dictionary shards: cut the key order every `dict_keys` bytes of keys.
    let mut cuts: Vec<(Vec<u8>, u32)> = Vec::new();
    {
        use fst::Streamer;
        let mut stream = dict.terms.stream();
        let mut bytes = 0usize;
        while let Some((key, id)) = stream.next() {
            if cuts.is_empty() || bytes >= targets.dict_keys {
                cuts.push((if cuts.is_empty() { Vec::new() } else { key.to_vec() }, id as u32));
                bytes = 0;
            }
            bytes += key.len() + 2;
        }
    }
    if cuts.is_empty() {
        cuts.push((Vec::new(), 0));
    }
    let shard_of = |key: &[u8]| cuts.partition_point(|(k, _)| k.as_slice() <= key).saturating_sub(1);
    let mut terms: Vec<fst::MapBuilder<Vec<u8>>> = cuts.iter().map(|_| fst::MapBuilder::memory()).collect();
    let mut stems: Vec<fst::MapBuilder<Vec<u8>>> = cuts.iter().map(|_| fst::MapBuilder::memory()).collect();
    let mut groups: Vec<Vec<Vec<u32>>> = cuts.iter().map(|_| Vec::new()).collect();
    {
        use fst::Streamer;
        let mut stream = dict.terms.stream();
        while let Some((key, id)) = stream.next() {
            let _ = terms[shard_of(key)].insert(key, id);
        }
        let mut stream = dict.stems.stream();
        while let Some((key, g)) = stream.next() {
            let n = shard_of(key);
            let _ = stems[n].insert(key, groups[n].len() as u64);
            groups[n].push(dict.groups.get(g as usize).cloned().unwrap_or_default());
        }
    }
    let mut dict_table = Vec::new();
    for (((cut, t), s), g) in cuts.iter().zip(terms).zip(stems).zip(groups) {
        let shard = crate::index::Dict {
            terms: t.into_map(),
            stems: s.into_map(),
            groups: g,
        };
        let mut payload = Vec::new();
        put_dict(&mut payload, &shard);
        let h = add(Part::Dict(dict_table.len() as u32), payload);
        dict_table.push((cut.0.clone(), cut.1, h));
    }

    // Postings chunks: cut the term ids every `postings` bytes.
    let mut chunk_table = Vec::new();
    let count = corpus.index.term_count();
    let mut first = 0usize;
    while first < count || (first == 0 && chunk_table.is_empty()) {
        let start = chunk.offsets.get(first).copied().unwrap_or(0) as usize;
        let mut end_term = first + 1;
        while end_term < count
            && (chunk.offsets.get(end_term + 1).copied().unwrap_or(0) as usize - start) <= targets.postings
        {
            end_term += 1;
        }
        let end_term = end_term.min(count);
        let end = chunk.offsets.get(end_term).copied().unwrap_or(0) as usize;
        let h = add(
            Part::Postings(chunk_table.len() as u32),
            chunk.blob.get(start..end).unwrap_or(&[]).to_vec(),
        );
        chunk_table.push((Vec::new(), first as u32, h));
        if count == 0 {
            break;
        }
        first = end_term;
    }
    // Where each chunk starts in key order (the terms in key order are in
    // id order): the shortest start of its first term's key that sorts
    // after the previous term's (the first chunk's empty, as the first
    // dictionary shard's).
    {
        use fst::Streamer;
        let mut stream = dict.terms.stream();
        let (mut next, mut previous) = (1, Vec::new());
        while let Some((key, id)) = stream.next() {
            if next >= chunk_table.len() {
                break;
            }
            if id as u32 == chunk_table[next].1 {
                let shared = key.iter().zip(&previous).take_while(|(a, b)| a == b).count();
                chunk_table[next].0 = key[..(shared + 1).min(key.len())].to_vec();
                next += 1;
            }
            previous.clear();
            previous.extend_from_slice(key);
        }
        if next < chunk_table.len() {
            return Err(corrupt("postings chunks that start at no term"));
        }
    }

    // Documents, each whole (metadata, text, marks) in a file of its own,
    // named by its group's hash and its place in the group; then the columns.
    let docs = &corpus.docs;
    let doc_group = targets.doc_group.max(1);
    let (mut group_hashes, mut doc_files) = (Vec::new(), Vec::new());
    for (k, group) in docs.chunks(doc_group).enumerate() {
        let mut named = Vec::with_capacity(group.len());
        for (i, doc) in group.iter().enumerate() {
            let n = k * doc_group + i;
            let mut bytes = header(Part::Doc(0).kind().0);
            put_var(&mut bytes, n as u64);
            put_str(&mut bytes, &doc.id);
            put_str(&mut bytes, &doc.file);
            put_str(&mut bytes, &doc.title);
            bytes.push(u8::from(doc.title_derived) | u8::from(doc.publication_certain) << 1);
            put_opt(&mut bytes, doc.date_basis.as_deref());
            put_opt(&mut bytes, doc.url.as_deref());
            put_str(&mut bytes, &doc.text);
            put_blocks(&mut bytes, &doc.blocks);
            put_anchors(&mut bytes, &doc.anchors);
            put_mentions(&mut bytes, corpus.entities.of(n));
            let h = hash(&bytes);
            put_u64(&mut bytes, h);
            named.push((i, bytes));
        }
        let mut hashes = Vec::with_capacity(named.len() * 8);
        for (_, bytes) in &named {
            hashes.extend_from_slice(&bytes[bytes.len() - 8..]);
        }
        let g = hash(&hashes);
        for (i, bytes) in named {
            doc_files.push((doc_name(g, i), bytes));
        }
        group_hashes.push(g);
    }
    let buckets = docs.len().div_ceil(targets.ids_per_bucket.max(1)).max(1);
    let mut by_bucket: Vec<Vec<(&str, usize)>> = vec![Vec::new(); buckets];
    for (n, doc) in docs.iter().enumerate() {
        by_bucket[id_bucket(&doc.id, buckets)].push((&doc.id, n));
    }
    let mut id_hashes = Vec::new();
    for (b, list) in by_bucket.iter().enumerate() {
        let mut payload = Vec::new();
        put_var(&mut payload, list.len() as u64);
        for (id, n) in list {
            put_str(&mut payload, id);
            put_var(&mut payload, *n as u64);
        }
        id_hashes.push(add(Part::Ids(b as u32), payload));
    }
    // The entities: their names in chunks by number (numbers follow the
    // ids), the articles that mention each (and how often) in chunks by
    // number, and what finds or links them (names an id does not find, relations).
    let infos = &corpus.entities.entities;
    if infos.windows(2).any(|w| w[0].id >= w[1].id) {
        return Err(corrupt("entities out of order"));
    }
    let mut by_entity: Vec<Vec<(u32, u64)>> = vec![Vec::new(); infos.len()];
    for n in 0..docs.len() {
        let mut counts: BTreeMap<u32, u64> = BTreeMap::new();
        for m in corpus.entities.of(n) {
            *counts.entry(m.entity).or_default() += 1;
        }
        for (e, c) in counts {
            if let Some(list) = by_entity.get_mut(e as usize) {
                list.push((n as u32, c));
            }
        }
    }
    // About three bytes an article: an entity with more has a chunk of its own.
    let weight = |e: usize| infos[e].name.len() + infos[e].id.len() + 4 + 3 * by_entity[e].len();
    let chunk = if (0..infos.len()).map(weight).sum::<usize>() <= targets.entities_whole {
        usize::MAX
    } else {
        targets.entities
    };
    let mut entity_table: Vec<(&str, u32, u64)> = Vec::new();
    let mut entities_bytes = 0usize;
    let mut first = 0usize;
    while first < infos.len() || (first == 0 && entity_table.is_empty()) {
        let mut end = first;
        let mut bytes = 0usize;
        while end < infos.len() && (end == first || bytes < chunk) {
            bytes += weight(end);
            end += 1;
        }
        let mut payload = Vec::new();
        put_entity_infos(&mut payload, &infos[first..end], true);
        let lists = &by_entity[first..end];
        for list in lists {
            put_ascending(&mut payload, list.iter().map(|p| p.0));
        }
        for &(_, c) in lists.iter().flatten() {
            put_var(&mut payload, c - 1);
        }
        entities_bytes += HEADER_LEN + payload.len();
        let h = add(Part::Ents(entity_table.len() as u32), payload);
        let key = if first == 0 { "" } else { infos[first].id.as_str() };
        entity_table.push((key, first as u32, h));
        if infos.is_empty() {
            break;
        }
        first = end;
    }
    let irregular: Vec<u32> = (0..infos.len() as u32)
        .filter(|&e| irregular(&infos[e as usize]))
        .collect();
    let mut payload = Vec::new();
    put_ascending(&mut payload, irregular.iter().copied());
    let others: Vec<_> = irregular.iter().map(|&e| infos[e as usize].clone()).collect();
    put_entity_infos(&mut payload, &others, false);
    put_relations(&mut payload, &corpus.relations);
    entities_bytes += HEADER_LEN + payload.len();
    let entity_index = add(Part::EntityIndex, payload);
    let mut payload = Vec::new();
    put_str(&mut payload, &corpus.views.network);
    let network = add(Part::Network, payload);
    if corpus.views.ownership.windows(2).any(|w| w[0].0 >= w[1].0) {
        return Err(corrupt("ownership views out of order"));
    }
    let mut own = Vec::new();
    for (k, (e, markup)) in corpus.views.ownership.iter().enumerate() {
        let mut payload = Vec::new();
        put_str(&mut payload, markup);
        own.push((*e, add(Part::Own(k as u32), payload)));
    }
    let mut payload = Vec::new();
    crate::overview::Overview::count(corpus).write(&mut payload);
    let overview = add(Part::Overview, payload);

    // The columns: sources, then per article its lengths, source, date, words.
    let mut sources: Vec<(Option<&str>, Option<&str>)> = Vec::new();
    let mut payload = Vec::new();
    let source_numbers: Vec<usize> = docs
        .iter()
        .map(|d| {
            if d.publication.is_none() && d.source.is_none() {
                return 0;
            }
            let key = (d.publication.as_deref(), d.source.as_deref());
            1 + sources.iter().position(|s| *s == key).unwrap_or_else(|| {
                sources.push(key);
                sources.len() - 1
            })
        })
        .collect();
    put_var(&mut payload, sources.len() as u64);
    for (publication, source) in &sources {
        put_opt(&mut payload, *publication);
        put_opt(&mut payload, *source);
    }
    for (n, doc) in docs.iter().enumerate() {
        for field in 0..FIELDS as u8 {
            put_var(&mut payload, u64::from(corpus.index.field_length(n as u32, field)));
        }
        put_var(&mut payload, source_numbers[n] as u64);
        put_date(&mut payload, doc.date);
        payload.push(u8::from(doc.date_approximate));
        put_var(&mut payload, u64::from(doc.words));
    }
    let columns = add(Part::Columns, payload);

    let summary = corpus.summary();
    files.append(&mut doc_files);
    let mut w = header(0);
    put_var(&mut w, summary.articles as u64);
    put_var(&mut w, summary.words);
    put_date(&mut w, summary.span.map(|s| s.0));
    put_date(&mut w, summary.span.map(|s| s.1));
    put_var(&mut w, count as u64);
    put_var(&mut w, dict_table.len() as u64);
    for (key, first, h) in &dict_table {
        put_bytes(&mut w, key);
        put_var(&mut w, u64::from(*first));
        put_u64(&mut w, *h);
    }
    put_var(&mut w, chunk_table.len() as u64);
    for (key, first, h) in &chunk_table {
        put_bytes(&mut w, key);
        put_var(&mut w, u64::from(*first));
        put_u64(&mut w, *h);
    }
    put_u64(&mut w, columns);
    put_var(&mut w, infos.len() as u64);
    put_var(&mut w, entity_table.len() as u64);
    for (id, first, h) in &entity_table {
        put_bytes(&mut w, id.as_bytes());
        put_var(&mut w, u64::from(*first));
        put_u64(&mut w, *h);
    }
    put_u64(&mut w, entity_index);
    put_var(&mut w, entities_bytes as u64);
    put_var(&mut w, files.iter().map(|(_, b)| b.len() as u64).sum());
    put_var(&mut w, doc_group as u64);
    put_var(&mut w, group_hashes.len() as u64);
    for h in &group_hashes {
        put_u64(&mut w, *h);
    }
    put_var(&mut w, id_hashes.len() as u64);
    for h in &id_hashes {
        put_u64(&mut w, *h);
    }
    put_u64(&mut w, network);
    put_var(&mut w, own.len() as u64);
    let mut last = 0;
    for (e, h) in &own {
        put_var(&mut w, u64::from(e - last));
        put_u64(&mut w, *h);
        last = *e;
    }
    put_u64(&mut w, overview);
    let crc = crate::snapshot::crc32(&w);
    w.extend_from_slice(&crc.to_le_bytes());
    files.insert(0, (ENTRY.to_owned(), w));
    Ok(files)
}

#[inline(always)]
fn corrupt(text: &'static str) -> SnapshotError {
    SnapshotError::Corrupt {
        offset: 0,
        what: crate::snapshot::what(text),
    }
}

/// Checks a file's header and returns a reader of its payload.
fn payload(bytes: &[u8], kind: u8) -> Result<Reader<'_>, SnapshotError> {
    if bytes.len() < MAGIC.len() || bytes[..MAGIC.len()] != MAGIC {
        return Err(SnapshotError::BadMagic);
    }
    let head = bytes.get(..HEADER_LEN).ok_or(SnapshotError::Length {
        expected: HEADER_LEN,
        got: bytes.len(),
    })?;
    let version = u16::from_le_bytes([head[8], head[9]]);
    if version != FORMAT_VERSION {
        return Err(SnapshotError::Version {
            expected: FORMAT_VERSION,
            got: version,
        });
    }
    if head[10] != kind {
        return Err(corrupt("a part of another kind"));
    }
    Ok(Reader {
        bytes: &bytes[HEADER_LEN..],
        pos: 0,
    })
}

fn get_u64(r: &mut Reader<'_>) -> Result<u64, SnapshotError> {
    let mut b = [0u8; 8];
    for x in &mut b {
        *x = r.byte()?;
    }
    Ok(u64::from_le_bytes(b))
}

fn done(r: &Reader<'_>) -> Result<(), SnapshotError> {
    if r.pos == r.bytes.len() {
        Ok(())
    } else {
        Err(r.corrupt("bytes left at the end of a part"))
    }
}

/// A table of parts by key range (dictionary shards, entity chunks): per
/// part its first key (the first part's empty, then ascending), its first
/// number (from 0, never decreasing) and its hash.
fn key_table(r: &mut Reader<'_>) -> Result<Vec<(Vec<u8>, u32, u64)>, SnapshotError> {
    let mut table: Vec<(Vec<u8>, u32, u64)> = Vec::new();
    for _ in 0..r.usize()? {
        let key = r.bytes()?.to_vec();
        let first = r.u32()?;
        if table
            .last()
            .map_or(!key.is_empty() || first != 0, |l| l.0 >= key || l.1 > first)
        {
            return Err(r.corrupt("parts out of order"));
        }
        table.push((key, first, get_u64(r)?));
    }
    if table.is_empty() {
        return Err(r.corrupt("a table without parts"));
    }
    Ok(table)
}

/// A document before its parts arrive: no id, title or text yet.
fn placeholder() -> Document {
    Document::empty()
}

/// Opens a sharded corpus from its entry: the documents are placeholders
/// and no part has arrived.
pub fn open(bytes: &[u8]) -> Result<Corpus, SnapshotError> {
    let body_len = bytes.len().checked_sub(4).ok_or(SnapshotError::Length {
        expected: HEADER_LEN + 4,
        got: bytes.len(),
    })?;
    let (body, stored) = bytes.split_at(body_len);
    let mut r = payload(body, 0)?;
    let stored = u32::from_le_bytes([stored[0], stored[1], stored[2], stored[3]]);
    let computed = crate::snapshot::crc32(body);
    if stored != computed {
        return Err(SnapshotError::Checksum { stored, computed });
    }
    let articles = r.usize()?;
    let words = r.var()?;
    let span = r.date()?.zip(r.date()?);
    let term_count = r.u32()?;
    let mut dicts = Vec::new();
    let mut dict_hashes = Vec::new();
    for (first_key, first_term, h) in key_table(&mut r)? {
        dicts.push(DictSlot {
            first_key,
            first_term,
            data: OnceLock::new(),
        });
        dict_hashes.push(h);
    }
    let mut chunks = Vec::new();
    let mut chunk_hashes = Vec::new();
    for (first_key, first_term, h) in key_table(&mut r)? {
        if chunks.last().is_some_and(|c: &ChunkSlot| c.first_term >= first_term) {
            return Err(r.corrupt("postings chunks out of order"));
        }
        chunks.push(ChunkSlot {
            first_key,
            first_term,
            data: OnceLock::new(),
        });
        chunk_hashes.push(h);
    }
    if dicts.is_empty() || chunks.is_empty() {
        return Err(r.corrupt("an index without shards"));
    }
    let columns = get_u64(&mut r)?;
    let entity_count = r.usize()?;
    let entity_chunks = key_table(&mut r)?;
    if entity_chunks.last().is_some_and(|c| c.1 as usize > entity_count) {
        return Err(r.corrupt("more entities than the entry says"));
    }
    let entity_index = get_u64(&mut r)?;
    let entities_bytes = r.var()?;
    let total_bytes = r.var()?;
    let doc_group = r.usize()?.max(1);
    let group_count = r.usize()?;
    if group_count != articles.div_ceil(doc_group) {
        return Err(r.corrupt("document groups do not cover the documents"));
    }
    let group_hashes = (0..group_count)
        .map(|_| get_u64(&mut r))
        .collect::<Result<Vec<_>, _>>()?;
    let id_count = r.usize()?;
    let id_hashes = (0..id_count).map(|_| get_u64(&mut r)).collect::<Result<Vec<_>, _>>()?;
    let network = get_u64(&mut r)?;
    let mut own = Vec::new();
    let mut e = 0u32;
    for i in 0..r.usize()? {
        let delta = r.u32()?;
        e = e.checked_add(delta).ok_or(r.corrupt("ownership entity overflows"))?;
        if i > 0 && delta == 0 {
            return Err(r.corrupt("ownership views out of order"));
        }
        own.push((e, get_u64(&mut r)?));
    }
    let overview = get_u64(&mut r)?;
    done(&r)?;
    if articles > bytes.len().saturating_mul(64) {
        return Err(corrupt("more documents than an entry can describe"));
    }
    let shards = Shards {
        summary: Summary { articles, words, span },
        dict_hashes,
        chunk_hashes,
        columns,
        entity_count,
        ents: vec![None; entity_chunks.len()],
        chunks: entity_chunks,
        entity_index,
        others: None,
        entities_bytes,
        early: Vec::new(),
        total_bytes,
        doc_group,
        group_hashes,
        ids_loaded: vec![false; id_hashes.len()],
        id_hashes,
        columns_loaded: false,
        entities_loaded: false,
        docs_loaded: vec![false; articles],
        ids: Vec::new(),
        network,
        network_loaded: false,
        own_loaded: vec![false; own.len()],
        own,
        overview,
        overview_loaded: false,
    };
    Ok(Corpus {
        docs: vec![placeholder(); articles],
        index: Index::sharded(dicts, chunks, term_count, Vec::new()),
        entities: EntityTable::default(),
        relations: Vec::new(),
        views: crate::views::Views::default(),
        shards: Some(Box::new(shards)),
        columns: Default::default(),
        tally: Default::default(),
    })
}

/// The path of a document's file: its group's hash, its place in the group.
fn doc_name(group: u64, i: usize) -> String {
    format!("shards/doc-{group:016x}-{i}.bin")
}

/// The path of a part, relative to the site; `None` for a part the corpus
/// does not have.
pub fn file(corpus: &Corpus, part: Part) -> Option<String> {
    let s = corpus.shards.as_deref()?;
    if let Part::Doc(n) = part {
        let n = n as usize;
        let g = s
            .group_hashes
            .get(n / s.doc_group)
            .filter(|_| n < s.docs_loaded.len())?;
        return Some(doc_name(*g, n % s.doc_group));
    }
    let at = |v: &[u64], n: u32| v.get(n as usize).copied();
    let h = match part {
        Part::Dict(n) => at(&s.dict_hashes, n),
        Part::Postings(n) => at(&s.chunk_hashes, n),
        Part::Columns => Some(s.columns),
        Part::Ents(n) => s.chunks.get(n as usize).map(|c| c.2),
        Part::EntityIndex => Some(s.entity_index),
        Part::Ids(n) => at(&s.id_hashes, n),
        Part::Doc(_) => None,
        Part::Network => Some(s.network),
        Part::Own(n) => s.own.get(n as usize).map(|o| o.1),
        Part::Overview => Some(s.overview),
    }?;
    Some(format!("shards/{}-{h:016x}.bin", part.kind().1))
}

/// Whether a part has arrived (a whole corpus has them all).
pub fn has(corpus: &Corpus, part: Part) -> bool {
    let Some(s) = corpus.shards.as_deref() else { return true };
    let flag = |v: &[bool], n: u32| v.get(n as usize).copied().unwrap_or(true);
    match part {
        Part::Dict(n) => corpus
            .index
            .dicts
            .get(n as usize)
            .is_none_or(|d| d.data.get().is_some()),
        Part::Postings(n) => corpus
            .index
            .chunks
            .get(n as usize)
            .is_none_or(|c| c.data.get().is_some()),
        Part::Columns => s.columns_loaded,
        Part::Ents(n) => s.entities_loaded || s.ents.get(n as usize).is_none_or(Option::is_some),
        Part::EntityIndex => s.entities_loaded || s.others.is_some(),
        Part::Ids(n) => flag(&s.ids_loaded, n),
        Part::Doc(n) => flag(&s.docs_loaded, n),
        Part::Network => s.network_loaded,
        Part::Own(n) => flag(&s.own_loaded, n),
        Part::Overview => s.overview_loaded,
    }
}

/// The part that holds this entity's ownership view, while it has not
/// arrived (`None` when there is none, or it is there).
pub fn ownership_part(corpus: &Corpus, entity: u32) -> Option<Part> {
    let s = corpus.shards.as_deref()?;
    let k = s.own.binary_search_by_key(&entity, |o| o.0).ok()?;
    let part = Part::Own(k as u32);
    (!has(corpus, part)).then_some(part)
}

/// What the last lookups missed (call after a search): the columns first,
/// which every search needs, then the index parts the search noted, the
/// foreseen postings chunks among them ([`needs_apart`]).
pub fn needs(corpus: &Corpus) -> Vec<Part> {
    let (mut out, ahead) = needs_apart(corpus);
    for part in ahead {
        if !out.contains(&part) {
            out.push(part);
        }
    }
    out
}

/// [`needs`] in two: the parts the search missed, and the postings chunks
/// it foresaw (where the postings of words whose dictionary shard is
/// missing would be), which the words may turn out not to need: a failure
/// to fetch one fails nothing.
pub fn needs_apart(corpus: &Corpus) -> (Vec<Part>, Vec<Part>) {
    let (mut out, mut ahead) = (Vec::new(), Vec::new());
    for missing in corpus.index.take_misses() {
        match missing {
            Missing::Entities => out.extend(entity_parts(corpus)),
            Missing::Ahead(_) => ahead.push(Part::from(missing)),
            m => out.push(Part::from(m)),
        }
    }
    // (The entity index may be missed twice, as itself and with them all.)
    let mut seen = Vec::new();
    out.retain(|part| {
        !seen.contains(part) && {
            seen.push(*part);
            true
        }
    });
    ahead.retain(|part| !out.contains(part));
    if !has(corpus, Part::Columns) {
        out.insert(0, Part::Columns);
    }
    (out, ahead)
}

/// The entity parts that have not arrived (none once the entities are in):
/// what entity facets, marks, pages and `type:` filters wait for.
pub fn entity_parts(corpus: &Corpus) -> Vec<Part> {
    let Some(s) = corpus.shards.as_deref().filter(|s| !s.entities_loaded) else {
        // (Asked after every search: nothing to make once they are in.)
        return Vec::new();
    };
    let mut out = vec![Part::EntityIndex];
    out.extend((0..s.chunks.len() as u32).map(Part::Ents));
    out.retain(|&p| !has(corpus, p));
    out
}

/// The entities a user's name refers to (as [`EntityTable::resolve`])
/// and, by article, whether it mentions one of them, before all the
/// entities have arrived: `Err` with the parts still needed (the entity
/// index, the chunk where the name's id would be, the chunks of the other
/// entities so called). `None` for a whole corpus, or once every entity is
/// in (ask the table).
pub(crate) fn entity_articles(corpus: &Corpus, name: &str) -> Option<Result<Called, Vec<Missing>>> {
    let s = corpus.shards.as_deref().filter(|s| !s.entities_loaded)?;
    let chunk_of = |e: u32| s.chunks.partition_point(|c| c.1 <= e).saturating_sub(1);
    let id = crate::entities::id_of(name);
    let k = s
        .chunks
        .partition_point(|c| c.0.as_slice() <= id.as_bytes())
        .saturating_sub(1);
    // Both at once: the chunk is known without the index.
    let (Some((others, _)), Some(_)) = (&s.others, s.ents.get(k).and_then(Option::as_deref)) else {
        let mut missing = vec![Missing::EntityChunk(k as u32)];
        if s.others.is_none() {
            missing.push(Missing::EntityIndex);
        }
        return Some(Err(missing));
    };
    let mut called = crate::entities::table::Called::new(name);
    let mut found: Vec<u32> = others.iter().filter(|(_, e)| called.is(e)).map(|o| o.0).collect();
    if let Some((infos, _)) = s.ents.get(k).and_then(Option::as_deref) {
        let first = s.chunks[k].1;
        for (i, e) in infos.iter().enumerate() {
            let number = first + i as u32;
            if !irregular(e) && called.is(e) {
                found.push(number);
            }
        }
    }
    // (No entity twice: the index's are left out of the chunk's scan.)
    crate::sort::natural(&mut found);
    let mut missing = Vec::new();
    let mut docs = vec![false; corpus.docs.len()];
    for &e in &found {
        let c = chunk_of(e);
        match s.ents.get(c).and_then(Option::as_deref) {
            Some((_, pairs)) => {
                for &(_, d, _) in pairs.iter().filter(|p| p.0 == e) {
                    docs[d as usize] = true;
                }
            }
            None if !missing.contains(&Missing::EntityChunk(c as u32)) => missing.push(Missing::EntityChunk(c as u32)),
            None => {}
        }
    }
    Some(if missing.is_empty() {
        Ok((found, docs))
    } else {
        Err(missing)
    })
}

/// What showing these documents needs: their files not there.
pub fn for_docs(corpus: &Corpus, docs: &[usize]) -> Vec<Part> {
    let Some(s) = corpus.shards.as_deref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for &d in docs {
        if d >= s.docs_loaded.len() {
            continue;
        }
        let part = Part::Doc(d as u32);
        if !has(corpus, part) && !out.contains(&part) {
            out.push(part);
        }
    }
    out
}

/// The number of the document with this id: `Err(part)` when that part
/// must arrive before the answer is known.
pub fn locate(corpus: &Corpus, id: &str) -> Result<Option<usize>, Part> {
    let Some(s) = corpus.shards.as_deref() else {
        return Ok(corpus.docs.iter().position(|d| d.id == id));
    };
    // Placeholders have no id: only documents whose file arrived match.
    if let Some(n) = corpus.docs.iter().position(|d| !d.id.is_empty() && d.id == id) {
        return Ok(Some(n));
    }
    if let Some(&(_, n)) = s.ids.iter().find(|(i, _)| i == id) {
        return Ok(Some(n as usize));
    }
    let b = id_bucket(id, s.id_hashes.len());
    if s.ids_loaded.get(b).copied().unwrap_or(true) {
        Ok(None)
    } else {
        Err(Part::Ids(b as u32))
    }
}

/// Hands a fetched part to the corpus. Refused, with the corpus unchanged,
/// when the bytes are not that part (their hash differs) or are malformed.
pub fn add(corpus: &mut Corpus, part: Part, bytes: &[u8]) -> Result<(), SnapshotError> {
    let Some(name) = file(corpus, part) else {
        return Err(corrupt("a part this corpus does not have"));
    };
    // A document's file ends with the hash of its bytes (its name has its
    // group's); any other part's name has the hash of its bytes.
    let named = match (part, bytes.len().checked_sub(8)) {
        (Part::Doc(_), Some(end)) => bytes[end..] == hash(&bytes[..end]).to_le_bytes(),
        (Part::Doc(_), None) => false,
        _ => name.ends_with(&format!("-{:016x}.bin", hash(bytes))),
    };
    if !named {
        return Err(corrupt("a part whose content is not what the entry names"));
    }
    if has(corpus, part) {
        return Ok(());
    }
    let mut r = payload(bytes, part.kind().0)?;
    match part {
        Part::Dict(n) => {
            let dict = r.dict()?;
            done(&r)?;
            corpus.index.fill_dict(n, dict);
        }
        Part::Postings(n) => {
            let terms = corpus.index.term_count() as u32;
            let first = corpus.index.chunks.get(n as usize).map_or(0, |c| c.first_term);
            let next = corpus.index.chunks.get(n as usize + 1).map_or(terms, |c| c.first_term);
            let blob = r.bytes.to_vec();
            let offsets = crate::index::postings_offsets(&blob, next.saturating_sub(first) as usize)
                .ok_or(corrupt("postings do not match the dictionary"))?;
            corpus.index.fill_postings(n, crate::index::Chunk { blob, offsets });
        }
        Part::Columns => add_columns(corpus, &mut r)?,
        Part::Ents(k) => add_chunk(corpus, k as usize, &mut r)?,
        Part::EntityIndex => add_entity_index(corpus, &mut r)?,
        Part::Ids(b) => {
            let mut ids = Vec::new();
            for _ in 0..r.usize()? {
                let id = r.str()?;
                let n = r.u32()?;
                if n as usize >= corpus.docs.len() {
                    return Err(r.corrupt("an id of an unknown document"));
                }
                ids.push((id, n));
            }
            done(&r)?;
            if let Some(s) = corpus.shards.as_deref_mut() {
                s.ids.extend(ids);
                s.ids_loaded[b as usize] = true;
            }
        }
        Part::Doc(n) => add_doc(corpus, n as usize, &mut r)?,
        Part::Network => {
            let markup = r.str()?;
            done(&r)?;
            corpus.views.network = markup;
            if let Some(s) = corpus.shards.as_deref_mut() {
                s.network_loaded = true;
            }
        }
        Part::Own(k) => {
            let markup = r.str()?;
            done(&r)?;
            if let Some(s) = corpus.shards.as_deref_mut() {
                let entity = s.own[k as usize].0;
                s.own_loaded[k as usize] = true;
                corpus.views.set_ownership(entity, markup);
            }
        }
        Part::Overview => {
            let overview = crate::overview::Overview::read(&mut r)?;
            done(&r)?;
            corpus.views.overview = Some(overview);
            if let Some(s) = corpus.shards.as_deref_mut() {
                s.overview_loaded = true;
            }
        }
    }
    Ok(())
}

/// Brings `behind`, an earlier copy of `ahead`, level with it: `parts` are
/// what `ahead` was given since, in order. The chunks of entities `ahead`
/// read, and once it has put them together its entity table, `behind`
/// shares instead of reading them again (at 100,000 articles, 4 MB read a
/// second time and a second assembly: long tasks for the page, which keeps
/// two copies of its corpus).
pub fn catch_up(behind: &mut Corpus, ahead: &Corpus, parts: &[(Part, Vec<u8>)]) {
    let together = |c: &Corpus| c.shards.as_deref().is_some_and(|s| s.entities_loaded);
    let share = together(ahead) && !together(behind);
    if share {
        behind.entities = ahead.entities.clone();
        behind.relations = ahead.relations.clone();
        behind.tally = ahead.tally.clone();
        if let Some(s) = behind.shards.as_deref_mut() {
            // The table holds the mentions of the articles that came first.
            (s.ents, s.others, s.early) = (Vec::new(), None, Vec::new());
            s.entities_loaded = true;
        }
    }
    for (part, bytes) in parts {
        match *part {
            Part::Ents(_) | Part::EntityIndex if share => {}
            // A chunk of entities is read once, by the copy ahead: shared.
            Part::Ents(k) => {
                let k = k as usize;
                let chunk = ahead.shards.as_deref().and_then(|s| s.ents.get(k).cloned().flatten());
                match (chunk, behind.shards.as_deref_mut()) {
                    (Some(chunk), Some(s)) if k < s.ents.len() => s.ents[k] = Some(chunk),
                    _ => {
                        let _ = add(behind, *part, bytes);
                    }
                }
            }
            _ => {
                let _ = add(behind, *part, bytes);
            }
        }
    }
}

fn add_columns(corpus: &mut Corpus, r: &mut Reader<'_>) -> Result<(), SnapshotError> {
    let mut sources = Vec::new();
    for _ in 0..r.usize()? {
        sources.push((r.opt()?, r.opt()?));
    }
    let n = corpus.docs.len();
    let mut lengths = Vec::with_capacity(n);
    let mut columns = Vec::with_capacity(n);
    for _ in 0..n {
        let mut l = [0u32; FIELDS];
        for x in &mut l {
            *x = r.u32()?;
        }
        lengths.push(l);
        let source = r.usize()?;
        let source = match source {
            0 => (None, None),
            s => sources.get(s - 1).cloned().ok_or(r.corrupt("an unknown source"))?,
        };
        let date = r.date()?;
        let approximate = match r.byte()? {
            0 => false,
            1 => true,
            _ => return Err(r.corrupt("bad column flags")),
        };
        let words = r.u32()?;
        columns.push((source, date, approximate, words));
    }
    done(r)?;
    for (doc, ((publication, source), date, approximate, words)) in corpus.docs.iter_mut().zip(columns) {
        doc.publication = publication;
        doc.source = source;
        doc.date = date;
        doc.date_approximate = approximate;
        doc.words = words;
    }
    corpus.index = corpus.index.with_field_lengths(lengths);
    // Searches before now counted every document undated and without a source.
    corpus.columns = Default::default();
    if let Some(s) = corpus.shards.as_deref_mut() {
        s.columns_loaded = true;
    }
    Ok(())
}

fn add_chunk(corpus: &mut Corpus, k: usize, r: &mut Reader<'_>) -> Result<(), SnapshotError> {
    let Some(s) = corpus.shards.as_deref() else {
        return Ok(());
    };
    let first = s.chunks[k].1 as usize;
    let end = s.chunks.get(k + 1).map_or(s.entity_count, |c| c.1 as usize);
    let infos = r.entity_infos()?;
    if infos.len() != end - first {
        return Err(r.corrupt("not the entry's number of entities"));
    }
    if infos.first().is_some_and(|e| k > 0 && e.id.as_bytes() != s.chunks[k].0)
        || infos.windows(2).any(|w| w[0].id >= w[1].id)
    {
        return Err(r.corrupt("entities out of order"));
    }
    let n = corpus.docs.len();
    // Each entity's articles (ascending), then how often each mentions it.
    let mut pairs: Pairs = Vec::new();
    for e in first..end {
        for d in get_ascending(r, n, "an unknown document in the counts")? {
            pairs.push((e as u32, d, 0));
        }
    }
    let mut total = 0usize;
    for pair in &mut pairs {
        pair.2 = r.u32()?.saturating_add(1);
        total = total.saturating_add(pair.2 as usize);
        if total > r.bytes.len().saturating_mul(64) {
            return Err(r.corrupt("more mentions than the corpus can hold"));
        }
    }
    done(r)?;
    if let Some(s) = corpus.shards.as_deref_mut() {
        s.ents[k] = Some(std::sync::Arc::new((infos, pairs)));
    }
    // Refused, the corpus as it was.
    assemble(corpus).inspect_err(|_| {
        if let Some(s) = corpus.shards.as_deref_mut() {
            s.ents[k] = None;
        }
    })
}

fn add_entity_index(corpus: &mut Corpus, r: &mut Reader<'_>) -> Result<(), SnapshotError> {
    let Some(count) = corpus.shards.as_deref().map(|s| s.entity_count) else {
        return Ok(());
    };
    let numbers = get_ascending(r, count, "an unknown entity in the index")?;
    let infos = r.entity_infos()?;
    if infos.len() != numbers.len() {
        return Err(r.corrupt("not the index's number of entities"));
    }
    let relations = r.relations(&corpus.docs, count, false)?;
    done(r)?;
    // The documents already here: their relations' evidence lies in their text.
    if let Some(s) = corpus.shards.as_deref_mut() {
        if relations
            .iter()
            .any(|rel| s.docs_loaded[rel.doc] && !within(&corpus.docs[rel.doc].text, &rel.evidence))
        {
            return Err(corrupt("relation evidence outside its text"));
        }
        s.others = Some((numbers.into_iter().zip(infos).collect(), relations));
    }
    assemble(corpus).inspect_err(|_| {
        if let Some(s) = corpus.shards.as_deref_mut() {
            s.others = None;
        }
    })
}

/// Once every entity part is in: the table, with placeholder mentions for
/// the documents whose own file has not arrived.
fn assemble(corpus: &mut Corpus) -> Result<(), SnapshotError> {
    let Some(s) = corpus.shards.as_deref_mut() else {
        return Ok(());
    };
    if s.entities_loaded || s.others.is_none() || s.ents.iter().any(Option::is_none) {
        return Ok(());
    }
    let n = corpus.docs.len();
    // The pairs come by entity: they are put in document order (a counting
    // sort, stable), each document's in a row, for the facets' tally and
    // the placeholders.
    let mut start = vec![0u32; n + 1];
    let mut total = 0u64;
    for chunk in s.ents.iter().flatten() {
        for &(_, d, times) in &chunk.1 {
            start[d as usize + 1] += 1;
            total += u64::from(times);
        }
    }
    if total > u64::from(u32::MAX) {
        return Err(corrupt("more mentions than a corpus can hold"));
    }
    for d in 0..n {
        start[d + 1] += start[d];
    }
    let relations = s.others.take().map(|o| o.1).unwrap_or_default();
    let mut next = start.clone();
    let mut by_doc = vec![(0u32, 0u32); start[n] as usize];
    let mut infos = Vec::new();
    // (The chunks are shared with the corpus's other copy: read, not taken.)
    for chunk in std::mem::take(&mut s.ents).into_iter().flatten() {
        infos.extend(chunk.0.iter().cloned());
        for &(entity, d, times) in &chunk.1 {
            by_doc[next[d as usize] as usize] = (entity, times);
            next[d as usize] += 1;
        }
    }
    // The documents here have their mentions; the others, placeholders:
    // one per mention, without a place in the text, made from the same
    // counts as the tally when a view first reads them.
    let counts: Counts = std::sync::Arc::new((start, by_doc));
    let (start, by_doc) = &*counts;
    let mut mentions = Mentions::placeholders(counts.clone());
    // The facets' tally is the chunks' pairs, unless an article that came
    // first says otherwise (a site at odds with itself): then it is made
    // from the mentions.
    let mut agree = true;
    for (d, list) in std::mem::take(&mut s.early) {
        let d = d as usize;
        agree &= start
            .get(d + 1)
            .is_some_and(|&end| same_pairs(&list, &by_doc[start[d] as usize..end as usize]));
        mentions.set(d, list);
    }
    corpus.entities.entities = infos;
    corpus.entities.mentions = mentions;
    corpus.relations = relations;
    s.entities_loaded = true;
    corpus.tally = if agree {
        Tally(OnceLock::from(std::sync::Arc::new(Tallied::new(
            counts,
            &corpus.entities,
        ))))
    } else {
        Tally::default()
    };
    Ok(())
}

fn add_doc(corpus: &mut Corpus, n: usize, r: &mut Reader<'_>) -> Result<(), SnapshotError> {
    let Some(s) = corpus.shards.as_deref_mut() else {
        return Ok(());
    };
    if r.usize()? != n {
        return Err(r.corrupt("another document's file"));
    }
    let id = r.str()?;
    let file = r.str()?;
    let title = r.str()?;
    let flags = r.byte()?;
    if flags & !0b11 != 0 {
        return Err(r.corrupt("unknown document flags"));
    }
    let date_basis = r.opt()?;
    let url = r.opt()?;
    let text = r.str()?;
    let blocks = r.blocks(&text)?;
    let anchors = r.anchors(&text)?;
    let mentions = r.mentions(&text, s.entity_count)?;
    // (The hash of the bytes before, checked by `add`.)
    get_u64(r)?;
    done(r)?;
    // The relations, in the table or in the entity index waiting for the
    // chunks: their evidence in this document lies in its text.
    let waiting = s.others.as_ref().map_or(&[][..], |o| o.1.as_slice());
    if corpus
        .relations
        .iter()
        .chain(waiting)
        .any(|rel| rel.doc == n && !within(&text, &rel.evidence))
    {
        return Err(corrupt("relation evidence outside its text"));
    }
    let Some(doc) = corpus.docs.get_mut(n) else {
        return Err(corrupt("an unknown document"));
    };
    doc.id = id;
    doc.file = file;
    doc.title = title;
    doc.title_derived = flags & 1 != 0;
    doc.publication_certain = flags & 2 != 0;
    doc.date_basis = date_basis;
    doc.url = url;
    doc.text = text;
    doc.blocks = blocks;
    doc.anchors = anchors;
    // Mentions name entities by number: before the entities arrive, the
    // document shows its text without them.
    if s.entities_loaded {
        // Its mentions' entities are those its placeholders counted; if
        // not (a site at odds with itself), the tally is made again.
        if corpus.tally.0.get().is_some_and(|t| !same_pairs(&mentions, t.doc(n).0)) {
            corpus.tally = Tally::default();
        }
        corpus.entities.mentions.set(n, mentions);
    } else {
        s.early.push((n as u32, mentions));
    }
    s.docs_loaded[n] = true;
    Ok(())
}

/// Whether these mentions name these (entity, mentions) pairs, in any order.
fn same_pairs(mentions: &[DocMention], pairs: &[(u32, u32)]) -> bool {
    let mut made = Vec::new();
    push_pairs(mentions, &mut made);
    made.len() == pairs.len() && made.iter().all(|p| pairs.contains(p))
}

fn count_some<T>(v: &[Option<T>]) -> usize {
    v.iter().filter(|x| x.is_some()).count()
}

/// Parts that have arrived and parts in all, for a progress bar (0 of 0
/// for a whole corpus).
pub fn progress(corpus: &Corpus) -> (usize, usize) {
    let Some(s) = corpus.shards.as_deref() else {
        return (0, 0);
    };
    let count = |v: &[bool]| v.iter().filter(|l| **l).count();
    let index = corpus.index.dicts.iter().filter(|d| d.data.get().is_some()).count()
        + corpus.index.chunks.iter().filter(|c| c.data.get().is_some()).count();
    let done = usize::from(s.columns_loaded)
        + if s.entities_loaded {
            1 + s.chunks.len()
        } else {
            usize::from(s.others.is_some()) + count_some(&s.ents)
        }
        + usize::from(s.network_loaded)
        + usize::from(s.overview_loaded)
        + count(&s.own_loaded)
        + index
        + count(&s.ids_loaded)
        + count(&s.docs_loaded);
    (done, s.parts())
}

/// Every part of a corpus, for "keep offline" and tests: the columns, each
/// dictionary shard and postings chunk, each id bucket and each document.
pub fn all_parts(corpus: &Corpus) -> Vec<Part> {
    let Some(s) = corpus.shards.as_deref() else {
        return Vec::new();
    };
    let mut out = vec![Part::Columns, Part::Overview, Part::Network];
    out.extend(entity_parts(corpus));
    out.extend((0..s.own.len() as u32).map(Part::Own));
    out.extend((0..s.dict_hashes.len() as u32).map(Part::Dict));
    out.extend((0..s.chunk_hashes.len() as u32).map(Part::Postings));
    out.extend((0..s.id_hashes.len() as u32).map(Part::Ids));
    out.extend((0..s.docs_loaded.len() as u32).map(Part::Doc));
    out.retain(|&p| !has(corpus, p));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::PubDate;

    #[test]
    fn fnv_is_the_published_function() {
        // Test vectors of FNV-1a 64.
        assert_eq!(hash(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn dates_keep_their_precision_in_the_columns() {
        let mut w = Vec::new();
        put_date(
            &mut w,
            Some(PubDate {
                year: 2015,
                month: Some(3),
                day: None,
            }),
        );
        let mut r = Reader { bytes: &w, pos: 0 };
        assert_eq!(
            r.date().unwrap(),
            Some(PubDate {
                year: 2015,
                month: Some(3),
                day: None
            })
        );
    }
}
