//! The versioned binary snapshot the app embeds: a [`Corpus`] as bytes.
//!
//! `build.rs` encodes the corpus once; the browser only decodes. Encoding is
//! deterministic (documents in file-name order, no hash maps), so the same
//! corpus always gives the same bytes, and a golden fixture pins them.
//!
//! # Layout
//!
//! ```text
//! offset  size  field
//! 0       8     magic, the ASCII bytes "LOUPESNP"
//! 8       2     format version, u16 little-endian (see FORMAT_VERSION)
//! 10      4     payload length N, u32 little-endian
//! 14      N     payload
//! 14+N    4     CRC-32 (IEEE) of bytes 0 .. 14+N, u32 little-endian
//! ```
//!
//! The payload is a varint (LEB128) document count, then per document:
//!
//! ```text
//! str id, str file, str title
//! u8  flags: bit 0 title_derived, bit 1 publication_certain, bit 2 date_approximate
//! opt publication, opt source
//! u8  date tag: 0 none, 1 year, 2 year-month, 3 year-month-day;
//!     then u16 LE year, u8 month, u8 day as the tag says
//! opt date_basis
//! opt url         address of the original article (since version 5)
//! str text
//! var words
//! var block count, then per block: u8 kind, var start, var length (bytes into text)
//! var anchor count, then per anchor: var position delta, var byte delta
//!     (from the previous anchor, the first from position 0 at byte 0;
//!     see crate::analysis::anchors; since version 7)
//! ```
//!
//! Then the index ([`crate::index`]):
//!
//! ```text
//! bytes term dictionary (fst map: folded term → term id)
//! bytes stem dictionary (fst map: stem → group number)
//! var   group count, then per group: var size, var zigzag delta of its
//!       first term id from the previous group's first, var term-id deltas
//! bytes postings blob (each term's postings end where their counts say;
//!       the decoder finds every term's start by reading them once)
//! per document: var title length, var body length (in tokens)
//! ```
//!
//! Then the entities ([`crate::entities::table`]):
//!
//! ```text
//! var   entity count, then per entity: str id, str name, u8 type,
//!       var alias count and strs, opt description, opt wikidata
//! per document: var mention count, then per mention: var start (delta from
//!       the previous mention's end), var length, var entity, u8 source, u8 confidence
//! ```
//!
//! Then the relations ([`crate::relations`], since version 6):
//!
//! ```text
//! var relation count, then per relation: u8 kind (its place in RelationKind::ALL),
//!     var subject entity, var object entity, opt value, date (tag and fields as a
//!     document's), u8 1 when the date is the article's, var document,
//!     var evidence start, var evidence length (bytes into the document's text)
//! ```
//!
//! Then the views ([`crate::views`], since version 8):
//!
//! ```text
//! str network markup
//! var ownership view count, then per view: var entity delta (from the
//!     previous view's entity, ascending; the first from 0), str markup
//! ```
//!
//! `bytes` is a varint length and raw bytes; `str` is a varint byte length and UTF-8 bytes; `opt` is a byte 0 (absent)
//! or 1 followed by a `str`. Decoding checks everything: magic, version,
//! length, checksum, UTF-8, dates, and that every block lies inside its text
//! on character boundaries. Bad bytes give a [`SnapshotError`], never a panic.

use crate::corpus::Corpus;
use crate::date::PubDate;
use crate::document::{Block, BlockKind, Document};
use crate::entities::table::{DocMention, EntityInfo, EntityTable};
use crate::entities::{EntityType, Source};
use crate::index::{put_stem_groups, put_var, Chunk, Dict, Index, FIELDS};
use crate::relations::{Relation, RelationKind};
use crate::views::Views;

/// First bytes of every snapshot.
pub const MAGIC: [u8; 8] = *b"LOUPESNP";
/// The format version this build writes and reads. Bump it on any layout change.
pub const FORMAT_VERSION: u16 = 8;
const HEADER_LEN: usize = 14;
const CHECKSUM_LEN: usize = 4;

/// Why snapshot bytes could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SnapshotError {
    /// The bytes do not start with [`MAGIC`]: this is not a Loupe snapshot.
    #[error("not a Loupe snapshot: the magic bytes are missing")]
    BadMagic,
    /// The snapshot was written by a build with another format version.
    #[error("snapshot format version {got} cannot be read by this build, which reads version {expected}")]
    Version {
        /// The version this build reads.
        expected: u16,
        /// The version found in the bytes.
        got: u16,
    },
    /// Fewer (or more) bytes than the header announces.
    #[error("snapshot has {got} bytes where its header announces {expected}")]
    Length {
        /// Length the header implies.
        expected: usize,
        /// Length received.
        got: usize,
    },
    /// The stored checksum does not match the bytes: they were altered.
    #[error("snapshot checksum mismatch (stored {stored:#010x}, computed {computed:#010x})")]
    Checksum {
        /// Checksum stored in the snapshot.
        stored: u32,
        /// Checksum of the bytes received.
        computed: u32,
    },
    /// The payload passed the checksum but a field is malformed.
    #[error("corrupt snapshot at payload byte {offset}: {what}")]
    Corrupt {
        /// Offset into the payload.
        offset: usize,
        /// What was wrong there (empty in the WebAssembly build, `snapshot::what`).
        what: &'static str,
    },
}

/// Encodes `corpus` as snapshot bytes, or refuses with the error the
/// decoder would give: the bytes are decoded before they are returned, so a
/// build can never write a snapshot the app cannot read (mentions out of
/// order, a payload over 4 GiB…).
pub fn encode(corpus: &Corpus) -> Result<Vec<u8>, SnapshotError> {
    let bytes = encode_unchecked(corpus);
    decode(&bytes)?;
    Ok(bytes)
}

fn encode_unchecked(corpus: &Corpus) -> Vec<u8> {
    let mut payload = Vec::new();
    let w = &mut payload;
    put_var(w, corpus.docs.len() as u64);
    for doc in &corpus.docs {
        put_str(w, &doc.id);
        put_str(w, &doc.file);
        put_str(w, &doc.title);
        let flags =
            u8::from(doc.title_derived) | u8::from(doc.publication_certain) << 1 | u8::from(doc.date_approximate) << 2;
        w.push(flags);
        put_opt(w, doc.publication.as_deref());
        put_opt(w, doc.source.as_deref());
        put_date(w, doc.date);
        put_opt(w, doc.date_basis.as_deref());
        put_opt(w, doc.url.as_deref());
        put_str(w, &doc.text);
        put_var(w, u64::from(doc.words));
        put_blocks(w, &doc.blocks);
        put_anchors(w, &doc.anchors);
    }
    put_index(w, &corpus.index);
    put_entities(w, &corpus.entities, corpus.docs.len());
    put_relations(w, &corpus.relations);
    put_views(w, &corpus.views);

    let mut out = Vec::with_capacity(HEADER_LEN + payload.len() + CHECKSUM_LEN);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&u32::try_from(payload.len()).unwrap_or(u32::MAX).to_le_bytes());
    out.extend_from_slice(&payload);
    let crc = crc32(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

/// Decodes snapshot bytes written by [`encode`].
pub fn decode(bytes: &[u8]) -> Result<Corpus, SnapshotError> {
    let mut decoding = Decoding::new(bytes.to_vec())?;
    loop {
        if let Some(corpus) = decoding.step(usize::MAX)? {
            return Ok(corpus);
        }
    }
}

/// A snapshot decoded a slice at a time: [`Decoding::step`] reads about a
/// given number of bytes and returns, so that a page can decode a large
/// snapshot (a reader's collection of 10 MB of articles is a 15 MB
/// snapshot) in several tasks instead of holding its thread for the whole
/// of it. The checks are [`decode`]'s: they are the same code.
pub struct Decoding {
    bytes: Vec<u8>,
    /// Where the payload ends (the checksum follows).
    end: usize,
    /// The stored checksum, the bytes checked so far, and the running CRC.
    stored: u32,
    checked: usize,
    crc: u32,
    /// Reading position in the payload.
    pos: usize,
    count: usize,
    docs: Vec<Document>,
    /// The index as it is read: its dictionary, its postings and how far
    /// they are walked, its field lengths so far.
    dict: Option<Dict>,
    postings: Option<(Vec<u8>, crate::index::OffsetsWalk)>,
    field_lengths: Vec<[u32; FIELDS]>,
    index: Option<Index>,
    entities: Option<Vec<EntityInfo>>,
    mentions: Vec<Vec<DocMention>>,
}

impl Decoding {
    /// Checks the header, the length and the checksum; nothing is decoded yet.
    pub fn new(bytes: Vec<u8>) -> Result<Decoding, SnapshotError> {
        if bytes.len() < MAGIC.len() || bytes[..MAGIC.len()] != MAGIC {
            return Err(SnapshotError::BadMagic);
        }
        let header = bytes.get(..HEADER_LEN).ok_or(SnapshotError::Length {
            expected: HEADER_LEN + CHECKSUM_LEN,
            got: bytes.len(),
        })?;
        let version = u16::from_le_bytes([header[8], header[9]]);
        if version != FORMAT_VERSION {
            return Err(SnapshotError::Version {
                expected: FORMAT_VERSION,
                got: version,
            });
        }
        let payload_len = u32::from_le_bytes([header[10], header[11], header[12], header[13]]) as usize;
        let expected = HEADER_LEN + payload_len + CHECKSUM_LEN;
        if bytes.len() != expected {
            return Err(SnapshotError::Length {
                expected,
                got: bytes.len(),
            });
        }
        let end = HEADER_LEN + payload_len;
        let stored = u32::from_le_bytes([bytes[end], bytes[end + 1], bytes[end + 2], bytes[end + 3]]);
        let mut decoding = Decoding {
            end,
            stored,
            checked: 0,
            crc: !0,
            bytes,
            pos: 0,
            count: 0,
            docs: Vec::new(),
            dict: None,
            postings: None,
            field_lengths: Vec::new(),
            index: None,
            entities: None,
            mentions: Vec::new(),
        };
        // Natively the checksum is fast (`crc32fast`): checked at once, as
        // before any decoding. In the browser it is checked in the steps.
        if cfg!(all(feature = "fs", not(target_arch = "wasm32"))) {
            decoding.check(usize::MAX)?;
        }
        Ok(decoding)
    }

    /// Checksums up to `budget` more bytes of the snapshot; once all are,
    /// compares with the stored checksum and reads the document count.
    /// Returns the bytes checksummed.
    fn check(&mut self, budget: usize) -> Result<usize, SnapshotError> {
        let to = self.end.min(self.checked.saturating_add(budget));
        let slice = self.bytes.get(self.checked..to).unwrap_or(&[]);
        #[cfg(all(feature = "fs", not(target_arch = "wasm32")))]
        {
            self.crc = !crc32fast::hash(slice);
        }
        #[cfg(not(all(feature = "fs", not(target_arch = "wasm32"))))]
        {
            self.crc = crc32_update(self.crc, slice);
        }
        let done = to - self.checked;
        self.checked = to;
        if to == self.end {
            let computed = !self.crc;
            if computed != self.stored {
                return Err(SnapshotError::Checksum {
                    stored: self.stored,
                    computed,
                });
            }
            let mut r = Reader {
                bytes: self.bytes.get(HEADER_LEN..self.end).unwrap_or(&[]),
                pos: 0,
            };
            self.count = r.usize()?;
            self.pos = r.pos;
        }
        Ok(done)
    }

    /// Decodes the next pieces (a document, the index, a document's
    /// mentions…) until about `budget` bytes have been read; the corpus
    /// once the snapshot is read to its end. An error ends the decoding.
    // Not inlined: `decode` and a page's stepping loop share one copy.
    #[inline(never)]
    pub fn step(&mut self, budget: usize) -> Result<Option<Corpus>, SnapshotError> {
        if self.checked < self.end {
            // The checksum first (about four times faster a byte than decoding).
            self.check(budget.saturating_mul(4))?;
            if self.checked < self.end {
                return Ok(None);
            }
        }
        let bytes = std::mem::take(&mut self.bytes);
        let mut r = Reader {
            bytes: bytes.get(HEADER_LEN..self.end).unwrap_or(&[]),
            pos: self.pos,
        };
        // Bytes read, and postings walked.
        let mut used = 0usize;
        let done = loop {
            if used >= budget {
                break None;
            }
            let before = r.pos;
            if self.docs.len() < self.count {
                let doc = r.doc()?;
                self.docs.push(doc);
            } else if self.index.is_none() {
                used = used.saturating_add(self.index_step(&mut r, budget - used)?);
            } else if self.entities.is_none() {
                self.entities = Some(r.entity_infos()?);
            } else if self.mentions.len() < self.docs.len() {
                let known = self.entities.as_ref().map_or(0, Vec::len);
                let mentions = r.mentions(&self.docs[self.mentions.len()].text, known)?;
                self.mentions.push(mentions);
            } else {
                let entities = EntityTable {
                    entities: self.entities.take().unwrap_or_default(),
                    mentions: std::mem::take(&mut self.mentions).into(),
                }
                .canonical();
                let Some(index) = self.index.take() else {
                    return Err(r.corrupt("no index"));
                };
                let relations = r.relations(&self.docs, entities.entities.len(), true)?;
                let views = r.views(entities.entities.len())?;
                if r.pos != r.bytes.len() {
                    return Err(r.corrupt("bytes left after the views"));
                }
                break Some(Corpus {
                    docs: std::mem::take(&mut self.docs),
                    index,
                    entities,
                    relations,
                    views,
                    shards: None,
                    columns: Default::default(),
                    tally: Default::default(),
                });
            }
            used = used.saturating_add(r.pos - before);
        };
        self.pos = r.pos;
        self.bytes = bytes;
        Ok(done)
    }

    /// The next piece of the index (as `put_index` writes it): the
    /// dictionary, then the postings (walked `budget` bytes at a time),
    /// then each document's field lengths. Returns the postings' bytes
    /// walked (the bytes read are counted by the caller).
    fn index_step(&mut self, r: &mut Reader, budget: usize) -> Result<usize, SnapshotError> {
        let Some(dict) = &self.dict else {
            self.dict = Some(r.dict()?);
            return Ok(0);
        };
        let terms = dict.terms.len();
        let Some((blob, walk)) = &mut self.postings else {
            self.postings = Some((r.bytes()?.to_vec(), crate::index::OffsetsWalk::default()));
            return Ok(0);
        };
        if walk.offsets.len() <= terms {
            let before = walk.pos;
            walk.advance(blob, terms, budget)
                .ok_or(r.corrupt("postings do not match the dictionary"))?;
            return Ok(walk.pos - before);
        }
        if self.field_lengths.len() < self.docs.len() {
            let mut lengths = [0u32; FIELDS];
            for l in &mut lengths {
                *l = r.u32()?;
            }
            self.field_lengths.push(lengths);
            return Ok(0);
        }
        if let (Some(dict), Some((blob, walk))) = (self.dict.take(), self.postings.take()) {
            let chunk = Chunk {
                blob,
                offsets: walk.offsets,
            };
            self.index = Some(Index::whole(dict, chunk, std::mem::take(&mut self.field_lengths)));
        }
        Ok(0)
    }
}

/// A date: a tag (0 none, 1 year, 2 year-month, 3 year-month-day), then its fields.
pub(crate) fn put_date(w: &mut Vec<u8>, date: Option<PubDate>) {
    match date {
        None => w.push(0),
        Some(d) => {
            let tag = 1 + u8::from(d.month.is_some()) + u8::from(d.day.is_some());
            w.push(tag);
            w.extend_from_slice(&d.year.to_le_bytes());
            w.extend(d.month);
            w.extend(d.day);
        }
    }
}

pub(crate) fn put_views(w: &mut Vec<u8>, views: &Views) {
    put_str(w, &views.network);
    put_ownership(w, &views.ownership);
}

/// Ownership views, by ascending entity number as deltas.
pub(crate) fn put_ownership(w: &mut Vec<u8>, views: &[(u32, String)]) {
    put_var(w, views.len() as u64);
    let mut last = 0;
    for (e, markup) in views {
        // Out of order (a caller's bug), the delta is 0: `encode` refuses it.
        put_var(w, u64::from(e.saturating_sub(last)));
        put_str(w, markup);
        last = *e;
    }
}

pub(crate) fn put_relations(w: &mut Vec<u8>, relations: &[Relation]) {
    put_var(w, relations.len() as u64);
    for r in relations {
        w.push(r.kind.code());
        put_var(w, u64::from(r.subject));
        put_var(w, u64::from(r.object));
        put_opt(w, r.value.as_deref());
        put_date(w, r.date);
        w.push(u8::from(r.date_from_article));
        put_var(w, r.doc as u64);
        put_var(w, r.evidence.start as u64);
        // Reversed: written as an impossible length the decoder refuses.
        put_var(
            w,
            r.evidence
                .end
                .checked_sub(r.evidence.start)
                .map_or(u64::MAX, |d| d as u64),
        );
    }
}

fn put_entities(w: &mut Vec<u8>, table: &EntityTable, docs: usize) {
    put_entity_infos(w, &table.entities, false);
    for d in 0..docs {
        put_mentions(w, table.of(d));
    }
}

/// The entities themselves, without their mentions.
///
/// With `derive` (the sharded corpus's entities), an id that
/// [`crate::entities::id_of`] makes from the name is written empty (most of
/// the recognizer's are): the reader makes it again. (No entity has an
/// empty id of its own.)
pub(crate) fn put_entity_infos(w: &mut Vec<u8>, entities: &[EntityInfo], derive: bool) {
    put_var(w, entities.len() as u64);
    for e in entities {
        put_str(
            w,
            if derive && e.id == crate::entities::id_of(&e.name) {
                ""
            } else {
                &e.id
            },
        );
        put_str(w, &e.name);
        w.push(e.kind.code());
        put_var(w, e.aliases.len() as u64);
        for a in &e.aliases {
            put_str(w, a);
        }
        put_opt(w, e.description.as_deref());
        put_opt(w, e.wikidata.as_deref());
    }
}

/// One document's mentions.
pub(crate) fn put_mentions(w: &mut Vec<u8>, mentions: &[DocMention]) {
    put_var(w, mentions.len() as u64);
    let mut last = 0;
    for m in mentions {
        // Out of order or reversed: written as an impossible delta the decoder refuses.
        put_var(w, m.range.start.checked_sub(last).map_or(u64::MAX, |d| d as u64));
        put_var(w, m.range.end.checked_sub(m.range.start).map_or(u64::MAX, |d| d as u64));
        put_var(w, u64::from(m.entity));
        w.push(m.source.code());
        w.push(m.confidence);
        last = m.range.end;
    }
}

/// A document's blocks.
pub(crate) fn put_blocks(w: &mut Vec<u8>, blocks: &[Block]) {
    put_var(w, blocks.len() as u64);
    for block in blocks {
        w.push(block.kind.code());
        put_var(w, block.range.start as u64);
        put_var(w, (block.range.end - block.range.start) as u64);
    }
}

/// A document's anchors ([`crate::analysis::anchors`]), as deltas.
pub(crate) fn put_anchors(w: &mut Vec<u8>, anchors: &[(u32, u32)]) {
    put_var(w, anchors.len() as u64);
    let (mut position, mut byte) = (0, 0);
    for &(p, b) in anchors {
        put_var(w, u64::from(p - position));
        put_var(w, u64::from(b - byte));
        (position, byte) = (p, b);
    }
}

/// Bytes the index takes in a snapshot (its share of [`encode`]'s output).
pub fn encoded_index_len(index: &Index) -> usize {
    let mut w = Vec::new();
    put_index(&mut w, index);
    w.len()
}

/// A dictionary: terms, stems, stem groups (also one shard of a sharded index).
pub(crate) fn put_dict(w: &mut Vec<u8>, dict: &Dict) {
    put_bytes(w, dict.terms.as_fst().as_bytes());
    put_bytes(w, dict.stems.as_fst().as_bytes());
    put_stem_groups(&dict.groups, w);
}

pub(crate) fn put_bytes(w: &mut Vec<u8>, bytes: &[u8]) {
    put_var(w, bytes.len() as u64);
    w.extend_from_slice(bytes);
}

/// A sharded index (which a snapshot cannot hold) is written without its
/// dictionary and postings: the decoder then refuses it, so [`encode`] does.
fn put_index(w: &mut Vec<u8>, index: &Index) {
    if let Some((dict, chunk)) = index.as_whole() {
        put_dict(w, dict);
        put_bytes(w, &chunk.blob);
    }
    for lengths in &index.field_lengths {
        for &l in lengths {
            put_var(w, u64::from(l));
        }
    }
}

pub(crate) struct Reader<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) pos: usize,
}

/// The text of a [`SnapshotError::Corrupt`]: what was wrong, for the
/// command line. The page (WebAssembly) never shows it (it says in its
/// own words that the corpus cannot be read), so it carries none of these
/// texts: a kilobyte of its first load.
#[inline(always)]
pub(crate) const fn what(text: &'static str) -> &'static str {
    if cfg!(target_arch = "wasm32") {
        ""
    } else {
        text
    }
}

impl Reader<'_> {
    #[inline(always)]
    pub(crate) fn corrupt(&self, text: &'static str) -> SnapshotError {
        SnapshotError::Corrupt {
            offset: self.pos,
            what: what(text),
        }
    }

    pub(crate) fn byte(&mut self) -> Result<u8, SnapshotError> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or(self.corrupt("unexpected end of payload"))?;
        self.pos += 1;
        Ok(b)
    }

    pub(crate) fn var(&mut self) -> Result<u64, SnapshotError> {
        let mut value = 0u64;
        let mut shift = 0;
        while shift < 64 {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
            shift += 7;
        }
        Err(self.corrupt("varint longer than 64 bits"))
    }

    pub(crate) fn usize(&mut self) -> Result<usize, SnapshotError> {
        let v = self.var()?;
        usize::try_from(v).map_err(|_| self.corrupt("number too large"))
    }

    pub(crate) fn str(&mut self) -> Result<String, SnapshotError> {
        let len = self.usize()?;
        let end = self.pos.checked_add(len).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or(self.corrupt("string runs past the end"))?;
        let s = std::str::from_utf8(&self.bytes[self.pos..end]).map_err(|_| self.corrupt("string is not UTF-8"))?;
        self.pos = end;
        Ok(s.to_owned())
    }

    pub(crate) fn opt(&mut self) -> Result<Option<String>, SnapshotError> {
        match self.byte()? {
            0 => Ok(None),
            1 => self.str().map(Some),
            _ => Err(self.corrupt("bad optional-string tag")),
        }
    }

    pub(crate) fn bytes(&mut self) -> Result<&[u8], SnapshotError> {
        let len = self.usize()?;
        let end = self.pos.checked_add(len).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or(self.corrupt("byte string runs past the end"))?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    pub(crate) fn u32(&mut self) -> Result<u32, SnapshotError> {
        let v = self.var()?;
        u32::try_from(v).map_err(|_| self.corrupt("number too large"))
    }

    fn fst(&mut self, what: &'static str) -> Result<fst::Map<Vec<u8>>, SnapshotError> {
        let bytes = self.bytes()?.to_vec();
        // The fst carries its own checksum: a map that fails it is never walked.
        // (Checked here rather than by `fst`'s `verify`, whose 16 KB of tables
        // would weigh on the browser's first load.)
        if !fst_checksum_ok(&bytes) {
            return Err(self.corrupt(what));
        }
        fst::Map::new(bytes).map_err(|_| self.corrupt(what))
    }

    /// A dictionary written by [`put_dict`].
    pub(crate) fn dict(&mut self) -> Result<Dict, SnapshotError> {
        let terms = self.fst("bad term dictionary")?;
        let stems = self.fst("bad stem dictionary")?;
        let groups = self.usize()?;
        let mut stem_groups = Vec::new();
        let mut previous_first = 0i64;
        for _ in 0..groups {
            let size = self.usize()?;
            let mut group = Vec::new();
            if size > 0 {
                let zigzag = self.var()?;
                let delta = (zigzag >> 1) as i64 ^ -((zigzag & 1) as i64);
                previous_first = previous_first
                    .checked_add(delta)
                    .filter(|first| (0..=i64::from(u32::MAX)).contains(first))
                    .ok_or(self.corrupt("term id out of range"))?;
                let mut id = previous_first as u32;
                group.push(id);
                for _ in 1..size {
                    id = id.checked_add(self.u32()?).ok_or(self.corrupt("term id overflows"))?;
                    group.push(id);
                }
            }
            stem_groups.push(group);
        }
        Ok(Dict {
            terms,
            stems,
            groups: stem_groups,
        })
    }

    /// Views, as [`put_views`] writes them, of a corpus of `entities` entities.
    pub(crate) fn views(&mut self, entities: usize) -> Result<Views, SnapshotError> {
        let network = self.str()?;
        let ownership = self.ownership(entities)?;
        Ok(Views {
            network,
            ownership,
            overview: None,
        })
    }

    /// Ownership views, as [`put_ownership`] writes them.
    pub(crate) fn ownership(&mut self, entities: usize) -> Result<Vec<(u32, String)>, SnapshotError> {
        let count = self.usize()?;
        let mut views = Vec::new();
        let mut e = 0u32;
        for i in 0..count {
            let delta = self.u32()?;
            e = e.checked_add(delta).ok_or(self.corrupt("ownership entity overflows"))?;
            if (i > 0 && delta == 0) || e as usize >= entities {
                return Err(self.corrupt("an ownership view of an unknown entity"));
            }
            views.push((e, self.str()?));
        }
        Ok(views)
    }

    /// Relations written by [`put_relations`]; their evidence is checked
    /// against the texts when `check_text` (a sharded corpus checks it when
    /// the document arrives).
    pub(crate) fn relations(
        &mut self,
        docs: &[Document],
        entities: usize,
        check_text: bool,
    ) -> Result<Vec<Relation>, SnapshotError> {
        let count = self.usize()?;
        let mut out = Vec::new();
        for _ in 0..count {
            let kind = RelationKind::from_code(self.byte()?).ok_or(self.corrupt("unknown relation kind"))?;
            let entity = |r: &mut Self| -> Result<u32, SnapshotError> {
                u32::try_from(r.usize()?)
                    .ok()
                    .filter(|&e| (e as usize) < entities)
                    .ok_or(r.corrupt("relation of an unknown entity"))
            };
            let subject = entity(self)?;
            let object = entity(self)?;
            let value = self.opt()?;
            let date = self.date()?;
            let date_from_article = match self.byte()? {
                0 => false,
                1 => true,
                _ => return Err(self.corrupt("bad relation flag")),
            };
            let doc = self.usize()?;
            let text = &docs
                .get(doc)
                .ok_or(self.corrupt("relation in an unknown document"))?
                .text;
            let start = self.usize()?;
            let end = start
                .checked_add(self.usize()?)
                .ok_or(self.corrupt("relation evidence overflows"))?;
            if check_text && !crate::shards::within(text, &(start..end)) {
                return Err(self.corrupt("relation evidence outside its text"));
            }
            out.push(Relation {
                kind,
                subject,
                object,
                value,
                date,
                date_from_article,
                doc,
                evidence: start..end,
            });
        }
        Ok(out)
    }

    /// A date written by [`put_date`].
    pub(crate) fn date(&mut self) -> Result<Option<PubDate>, SnapshotError> {
        let tag = self.byte()?;
        if tag == 0 {
            return Ok(None);
        }
        if tag > 3 {
            return Err(self.corrupt("bad date tag"));
        }
        let year = u16::from_le_bytes([self.byte()?, self.byte()?]);
        let month = if tag >= 2 { Some(self.byte()?) } else { None };
        let day = if tag == 3 { Some(self.byte()?) } else { None };
        let date = PubDate { year, month, day };
        if !date.is_valid() {
            return Err(self.corrupt("invalid date"));
        }
        Ok(Some(date))
    }

    /// Entities written by [`put_entity_infos`], in id order.
    pub(crate) fn entity_infos(&mut self) -> Result<Vec<EntityInfo>, SnapshotError> {
        let count = self.usize()?;
        let mut entities = Vec::new();
        for _ in 0..count {
            let id = self.str()?;
            let name = self.str()?;
            let kind = EntityType::from_code(self.byte()?).ok_or(self.corrupt("unknown entity type"))?;
            let aliases = (0..self.usize()?).map(|_| self.str()).collect::<Result<_, _>>()?;
            let description = self.opt()?;
            let wikidata = self.opt()?;
            entities.push(EntityInfo {
                // Left out, it is made from the name.
                id: if id.is_empty() {
                    crate::entities::id_of(&name)
                } else {
                    id
                },
                name,
                kind,
                aliases,
                description,
                wikidata,
            });
        }
        if entities.windows(2).any(|w| w[0].id >= w[1].id) {
            return Err(self.corrupt("entities out of order"));
        }
        Ok(entities)
    }

    /// One document's mentions written by [`put_mentions`], checked against its text.
    pub(crate) fn mentions(&mut self, t: &str, entities: usize) -> Result<Vec<DocMention>, SnapshotError> {
        let n = self.usize()?;
        let mut list = Vec::new();
        let mut last = 0usize;
        for _ in 0..n {
            let start = last
                .checked_add(self.usize()?)
                .ok_or(self.corrupt("mention offset overflows"))?;
            let end = start
                .checked_add(self.usize()?)
                .ok_or(self.corrupt("mention offset overflows"))?;
            if end > t.len() || !t.is_char_boundary(start) || !t.is_char_boundary(end) {
                return Err(self.corrupt("mention outside its text"));
            }
            let entity = u32::try_from(self.usize()?).map_err(|_| self.corrupt("entity number too large"))?;
            if entity as usize >= entities {
                return Err(self.corrupt("mention of an unknown entity"));
            }
            let source = Source::from_code(self.byte()?).ok_or(self.corrupt("unknown mention source"))?;
            let confidence = self.byte()?;
            list.push(DocMention {
                range: start..end,
                entity,
                source,
                confidence,
            });
            last = end;
        }
        Ok(list)
    }

    /// Blocks written by [`put_blocks`], checked against their text.
    pub(crate) fn blocks(&mut self, text: &str) -> Result<Vec<Block>, SnapshotError> {
        let block_count = self.usize()?;
        let mut blocks = Vec::new();
        for _ in 0..block_count {
            let kind = BlockKind::from_code(self.byte()?).ok_or(self.corrupt("unknown block kind"))?;
            let start = self.usize()?;
            let len = self.usize()?;
            let end = start.checked_add(len).ok_or(self.corrupt("block range overflows"))?;
            if end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                return Err(self.corrupt("block range outside its text"));
            }
            blocks.push(Block {
                kind,
                range: start..end,
            });
        }
        Ok(blocks)
    }

    /// Anchors written by [`put_anchors`]: increasing, at character
    /// boundaries of their text.
    pub(crate) fn anchors(&mut self, text: &str) -> Result<Vec<(u32, u32)>, SnapshotError> {
        let count = self.usize()?;
        // Each anchor takes two bytes at least: a count past them is false.
        let mut anchors = Vec::with_capacity(count.min(self.bytes.len().saturating_sub(self.pos) / 2));
        let (mut position, mut byte) = (0u32, 0u32);
        for _ in 0..count {
            let p = u32::try_from(self.var()?).ok().and_then(|d| position.checked_add(d));
            let b = u32::try_from(self.var()?).ok().and_then(|d| byte.checked_add(d));
            let (Some(p), Some(b)) = (p, b) else {
                return Err(self.corrupt("anchor overflows"));
            };
            if p == position || b == byte || !text.is_char_boundary(b as usize) || b as usize >= text.len() {
                return Err(self.corrupt("anchor outside its text"));
            }
            anchors.push((p, b));
            (position, byte) = (p, b);
        }
        Ok(anchors)
    }

    fn doc(&mut self) -> Result<Document, SnapshotError> {
        let id = self.str()?;
        let file = self.str()?;
        let title = self.str()?;
        let flags = self.byte()?;
        if flags & !0b111 != 0 {
            return Err(self.corrupt("unknown document flags"));
        }
        let publication = self.opt()?;
        let source = self.opt()?;
        let date = self.date()?;
        let date_basis = self.opt()?;
        let url = self.opt()?;
        let text = self.str()?;
        let words = u32::try_from(self.var()?).map_err(|_| self.corrupt("word count too large"))?;
        let blocks = self.blocks(&text)?;
        let anchors = self.anchors(&text)?;
        Ok(Document {
            id,
            file,
            title,
            title_derived: flags & 1 != 0,
            publication,
            publication_certain: flags & 2 != 0,
            source,
            date,
            date_approximate: flags & 4 != 0,
            date_basis,
            url,
            text,
            blocks,
            words,
            anchors,
        })
    }
}

pub(crate) fn put_str(w: &mut Vec<u8>, s: &str) {
    put_var(w, s.len() as u64);
    w.extend_from_slice(s.as_bytes());
}

pub(crate) fn put_opt(w: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => w.push(0),
        Some(s) => {
            w.push(1);
            put_str(w, s);
        }
    }
}

/// The byte table of a reflected CRC-32 with polynomial `poly`, made at
/// its first use: as constants, each table was 1 KB of the browser's wasm
/// that gzip cannot shrink (the first load's budget).
fn made(cell: &'static std::sync::OnceLock<[u32; 256]>, poly: u32) -> &'static [u32; 256] {
    cell.get_or_init(|| crc_table(poly))
}

/// The byte table of a reflected CRC-32 with polynomial `poly`.
fn crc_table(poly: u32) -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { poly ^ (c >> 1) } else { c >> 1 };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
}

fn crc_with(table: &[u32; 256], bytes: &[u8]) -> u32 {
    !bytes
        .iter()
        .fold(!0u32, |c, &b| table[((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8))
}

/// CRC-32C (Castagnoli), the checksum `fst` writes at the end of a map.
pub fn crc32c(bytes: &[u8]) -> u32 {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    crc_with(made(&TABLE, 0x82F6_3B78), bytes)
}

/// Whether an fst's last four bytes are the masked CRC-32C of the rest, as
/// `fst` (version 3 and later) writes them: the check `fst::raw::Fst::verify` makes.
fn fst_checksum_ok(bytes: &[u8]) -> bool {
    let Some(split) = bytes.len().checked_sub(4) else {
        return false;
    };
    let (body, stored) = bytes.split_at(split);
    let sum = crc32c(body);
    let masked = (sum.rotate_right(15)).wrapping_add(0xA282_EAD8);
    stored == masked.to_le_bytes()
}

/// CRC-32 (IEEE 802.3, reflected, as in zip and PNG).
///
/// Natively, where `loupe site` writes snapshots and shards, it is
/// `crc32fast`'s (already built there for flate2): 100 MB in 4.8 ms instead
/// of 422 ms with the table below. The browser builds keep the table:
/// measured on the app (wasm-bindgen, `wasm-opt -Oz --converge`, gzip -9),
/// `crc32fast` in the snapshot's decoder costs its wasm 17,181 bytes of
/// gzip (234,973 to 252,154; its slice-by-16 tables alone are 16 KB), at a
/// first load budgeted at 250 KB; the import worker does without it too.
pub fn crc32(bytes: &[u8]) -> u32 {
    #[cfg(all(feature = "fs", not(target_arch = "wasm32")))]
    {
        crc32fast::hash(bytes)
    }
    #[cfg(not(all(feature = "fs", not(target_arch = "wasm32"))))]
    {
        crc32_by_table(bytes)
    }
}

/// [`crc32`] with the byte table: the browser builds', and the check of
/// the native one.
#[cfg_attr(all(feature = "fs", not(target_arch = "wasm32"), not(test)), allow(dead_code))]
fn crc32_by_table(bytes: &[u8]) -> u32 {
    !crc32_update(!0, bytes)
}

/// The running state of [`crc32_by_table`] after `bytes`, from `state`
/// (`!0` at the start; the checksum is the final state inverted).
#[cfg_attr(all(feature = "fs", not(target_arch = "wasm32"), not(test)), allow(dead_code))]
fn crc32_update(state: u32, bytes: &[u8]) -> u32 {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    let table = made(&TABLE, 0xEDB8_8320);
    bytes
        .iter()
        .fold(state, |c, &b| table[((c ^ u32::from(b)) & 0xff) as usize] ^ (c >> 8))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crc_a_slice_at_a_time_is_the_crc_of_the_whole() {
        let bytes: Vec<u8> = (0..5000u32).map(|i| (i * 7919 % 251) as u8).collect();
        let whole = crc32_by_table(&bytes);
        assert_eq!(whole, crc32(&bytes));
        for size in [1, 3, 64, 4999, 5000] {
            let state = bytes.chunks(size).fold(!0, crc32_update);
            assert_eq!(!state, whole, "slices of {size}");
        }
    }

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32c(b"123456789"), 0xE306_9283);
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32_by_table(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn crc32_by_table_is_the_same_checksum() {
        // Every length up to 3 blocks of 64 (crc32fast's fast paths work on
        // blocks), of bytes that are not all alike.
        let bytes: Vec<u8> = (0u32..200)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        for end in 0..bytes.len() {
            assert_eq!(crc32(&bytes[..end]), crc32_by_table(&bytes[..end]), "{end}");
        }
    }

    #[test]
    fn varint_table() {
        for (v, bytes) in [
            (0u64, vec![0u8]),
            (127, vec![0x7f]),
            (128, vec![0x80, 1]),
            (300, vec![0xac, 0x02]),
        ] {
            let mut w = Vec::new();
            put_var(&mut w, v);
            assert_eq!(w, bytes, "{v}");
            let mut r = Reader { bytes: &w, pos: 0 };
            assert_eq!(r.var().unwrap(), v);
        }
    }

    fn sample() -> Corpus {
        let mut doc = Document::from_text("a", "a.txt", "Titre\n\nÉtat : 44,3 %.\nSuite.".into());
        doc.publication = Some("LeMagIT".into());
        doc.source = Some("lemagit".into());
        doc.date = Some(PubDate::parse("2015-12").unwrap());
        doc.date_approximate = true;
        doc.url = Some("https://lemagit.fr/actualites/4500259920/SFR-rachete-la-totalite-de-Numergy".into());
        Corpus::new(vec![doc, Document::from_text("b", "b.txt", String::new())])
    }

    #[test]
    fn round_trip_keeps_every_field() {
        let corpus = sample();
        assert_eq!(decode(&encode(&corpus).unwrap()).unwrap(), corpus);
    }

    #[test]
    fn wrong_magic_version_length_and_checksum_are_named() {
        let good = encode(&sample()).unwrap();
        assert_eq!(decode(b"PNG"), Err(SnapshotError::BadMagic));
        assert_eq!(decode(&[]), Err(SnapshotError::BadMagic));

        // Every older version, the one before the url field included, is refused by name.
        for old in 1..FORMAT_VERSION {
            let mut older = good.clone();
            older[8..10].copy_from_slice(&old.to_le_bytes());
            assert_eq!(
                decode(&older),
                Err(SnapshotError::Version {
                    expected: FORMAT_VERSION,
                    got: old
                })
            );
        }

        let cut = &good[..good.len() - 1];
        assert!(matches!(decode(cut), Err(SnapshotError::Length { .. })));
        assert!(matches!(decode(&good[..10]), Err(SnapshotError::Length { .. })));

        let mut flipped = good.clone();
        flipped[20] ^= 0x40;
        assert!(matches!(decode(&flipped), Err(SnapshotError::Checksum { .. })));
    }

    #[test]
    fn a_block_outside_its_text_is_corrupt_even_with_a_valid_checksum() {
        let mut corpus = sample();
        corpus.docs[0].blocks[0].range = 0..10_000;
        let bytes = encode_unchecked(&corpus);
        let refused = |r: Result<_, SnapshotError>| {
            matches!(
                r,
                Err(SnapshotError::Corrupt {
                    what: "block range outside its text",
                    ..
                })
            )
        };
        assert!(refused(decode(&bytes).map(|_| ())));
        // The encoder refuses what the decoder would: nothing corrupt is ever written.
        assert!(refused(encode(&corpus).map(|_| ())));
    }

    #[test]
    fn the_fst_checksum_agrees_with_fst_verify() {
        let mut builder = fst::MapBuilder::memory();
        for (i, k) in ["cloud", "numergy", "orange", "souverain"].iter().enumerate() {
            builder.insert(k, i as u64).unwrap();
        }
        let bytes = builder.into_inner().unwrap();
        assert!(fst::Map::new(bytes.clone()).unwrap().as_fst().verify().is_ok());
        assert!(fst_checksum_ok(&bytes));
        for at in [0, bytes.len() / 2, bytes.len() - 1] {
            let mut bad = bytes.clone();
            bad[at] ^= 0x10;
            assert!(!fst_checksum_ok(&bad), "a flipped bit at {at} is caught");
        }
        assert!(!fst_checksum_ok(&bytes[..3]));
    }
}
