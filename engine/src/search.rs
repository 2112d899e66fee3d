//! Running a query: matching, BM25 ranking, highlights, snippets and facets.
//!
//! ```
//! use loupe_engine::{search::{search, Options}, Corpus, Document};
//! let corpus = Corpus::new(vec![
//!     Document::from_text("a", "a.txt", "L’État soutient le cloud souverain.".into()),
//!     Document::from_text("b", "b.txt", "Orange rachète Cloudwatt.".into()),
//! ]);
//! let results = search(&corpus, "etat souverains", &Options::default());
//! assert_eq!(results.total, 1);
//! let hit = &results.hits[0];
//! let text = &corpus.docs[hit.doc].text;
//! let marked: Vec<&str> = hit.highlights.iter().map(|r| &text[r.clone()]).collect();
//! assert_eq!(marked, ["État", "souverain"]);
//! ```
//!
//! # Ranking
//! Each query word scores with BM25 over two fields, title and body, with
//! [`K1`] and [`B`], the title weighted [`TITLE_BOOST`] times the body. A word
//! matches the exact folded form first, then words of the same stem, then (for
//! `word*` or the word being typed) words it starts, then, only when nothing
//! else matched, words within its typo distance; each kind weighs less than
//! the one before ([`EXACT`] … [`FUZZY_2`]), so exact forms rank above stemmed
//! and fuzzy ones. A document's score for a word is its best expansion.
//!
//! Then proximity: among the [`PROXIMITY_DOCS`] best documents of a query of
//! several words, those where the words stand as the query writes them
//! (adjacent, in order: a name of several words) score up to
//! 1 + [`PROXIMITY`] times more than where they stand apart ([`APART`]
//! positions or more, or in different fields). For each two consecutive
//! query words, the cost is how far their nearest occurrences stand from
//! the query's own distance between them (reversed order costs that
//! distance more); the costs add up over the pairs, in the title or in the
//! body, whichever is closer. Stop words in the query count in the
//! distance ("table de partitions" finds "table des partitions" adjacent)
//! but are not looked up. A phrase is already exact and is left out.
//!
//! # Explaining
//! Results say what the search did beyond the letter of the query: the
//! words it matched only approximately ([`Results::approximate`]), a
//! rewritten query when a lowercase `or`/`ou` (`and`/`et`) was probably
//! meant as an operator ([`Results::suggestion`]), and, when nothing
//! matches, ways out ([`Results::rescue`]). The extra work happens only
//! when it is needed: a second run for a suggestion only when the query
//! has such a word, the rescue only on zero results.

use crate::analysis::{analyze, fold, folding::slug, is_stop_word, stem, TokenKind};
use crate::corpus::Corpus;
use crate::document::BlockKind;
use crate::entities::EntityType;
use crate::index::{field_text, Index, BODY, FIELDS, TITLE};
use crate::query::{connectives, date_bounds, parse, to_query, DateRange, Filter, Node, Warning};
use crate::snippet::{self, Snippet};
use std::ops::Range;

/// BM25 term-frequency saturation, 0 ..= 3: 0 ignores repetitions, higher lets them count longer.
pub const K1: f32 = 1.2;
/// BM25 length normalization, 0 ..= 1: 0 ignores field length, 1 divides fully by it.
pub const B: f32 = 0.75;
/// Weight of a title match relative to a body match (≥ 1).
pub const TITLE_BOOST: f32 = 2.0;
/// Weight of the exact folded form of a query word.
pub const EXACT: f32 = 1.0;
/// Weight of a word sharing the query word's stem ("souverains" for "souverain").
pub const STEMMED: f32 = 0.8;
/// Weight of a word an explicit `word*` starts.
pub const PREFIX: f32 = 0.7;
/// Weight of a word the word being typed starts.
pub const TYPED_PREFIX: f32 = 0.6;
/// Weight of a word one edit away.
pub const FUZZY_1: f32 = 0.5;
/// Weight of a word two edits away.
pub const FUZZY_2: f32 = 0.35;
/// Most dictionary words one prefix or fuzzy word may expand to.
const EXPANSIONS: usize = 64;
/// How much more a document whose query words stand together scores than
/// one where they stand apart: its score times 1 + this (see "Ranking").
pub const PROXIMITY: f32 = 2.0;
/// Cost, in positions, at which two query words count as apart (about a
/// clause): each pair's cost is capped there.
pub const APART: u32 = 8;
/// Documents weighed for proximity: the best by BM25. Proximity reorders
/// the first pages; it reads positions only for these.
pub const PROXIMITY_DOCS: usize = 50;
/// Weight of a word found cut in two ("e mail" for "email"): its phrase's
/// score times this (the phrase sums two words' idf; the word has one).
pub const SPLIT: f32 = 0.5;
/// Dictionary words per query word whose positions proximity reads (its
/// exact form and stems first, then what it starts).
const PROXIMITY_TERMS: usize = 8;
/// Most passages (between two of a document's anchors, about 32 words)
/// a hit's highlights and snippet are looked for in: the ones with the most
/// distinct matched words. A long article whose words match everywhere
/// (a man page and a frequent word) is analyzed there only, not whole.
pub const HIGHLIGHT_PASSAGES: usize = 16;
/// Most corpus words listed for one approximate query word.
pub const APPROXIMATE_SHOWN: usize = 5;
/// Most query words (and parts to drop) the rescue looks at: each costs a search.
pub const RESCUE_WORDS: usize = 8;
/// Most dictionary words proposed for a query word that finds nothing.
pub const NEAREST: usize = 3;
/// Most dictionary words the rescue considers per word before ranking them.
const NEAREST_CANDIDATES: usize = 256;
/// Key of the sources facet entry (and `source:` value) for articles without a known source.
pub const UNKNOWN_SOURCE: &str = "inconnue";
/// Another `source:` value for them.
pub const UNKNOWN_SOURCE_EN: &str = "unknown";
/// Label of that facet entry.
pub const UNKNOWN_SOURCE_LABEL: &str = "Source inconnue";

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first (newest first among equals).
    #[default]
    Relevance,
    /// Newest first (best match first among equals); undated documents last.
    Date,
    /// Oldest first (best match first among equals); undated documents last.
    Oldest,
}

/// Search settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Result order.
    pub sort: Sort,
    /// Most hits to return with highlights and snippets (`total` counts all).
    pub limit: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            sort: Sort::Relevance,
            limit: 50,
        }
    }
}

/// One matching document.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Document number in the corpus.
    pub doc: usize,
    /// Relevance score (0 when the query has no words).
    pub score: f32,
    /// Query-term highlights in the document text (byte ranges, sorted,
    /// disjoint): all of them, but for a document whose matches fall in
    /// more than [`HIGHLIGHT_PASSAGES`] passages, those of the passages with
    /// the most distinct matched words, where the snippet is chosen (the
    /// reader asks for every one, [`highlights_in`]).
    pub highlights: Vec<Range<usize>>,
    /// Query-term highlights in the title.
    pub title_highlights: Vec<Range<usize>>,
    /// The best passage.
    pub snippet: Snippet,
}

/// A facet value and how many matching documents have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    /// Filter value (`lemagit`, `2015`, `2015-12`).
    pub key: String,
    /// Label to show ("LeMagIT").
    pub label: String,
    /// Matching documents with this value.
    pub count: usize,
}

/// Counts over the matching documents.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facets {
    /// Publications, most documents first.
    pub sources: Vec<FacetCount>,
    /// Publication years, in order.
    pub years: Vec<FacetCount>,
    /// Publication months, in order.
    pub months: Vec<FacetCount>,
    /// Entity types (`ORG`…), in type order, counting documents.
    pub types: Vec<FacetCount>,
    /// The [`FACET_ENTITIES`] most mentioned entities, most mentioned first
    /// (key: the canonical name), counting documents.
    pub entities: Vec<FacetCount>,
    /// Every entity of the matching documents, by its number in the
    /// corpus's [`crate::entities::table::EntityTable`]: (number, matching
    /// documents that mention it), in number order. A frequent word's
    /// results name thousands of entities: their counts come as numbers,
    /// and only the first ones with their names.
    pub entity_docs: Vec<(u32, u32)>,
}

/// Entities named in [`Facets::entities`]: as many as the explorer shows.
pub const FACET_ENTITIES: usize = 10;

/// What a search returns.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Results {
    /// Number of matching documents.
    pub total: usize,
    /// The first `limit` of them, in order.
    pub hits: Vec<Hit>,
    /// Counts over all matching documents.
    pub facets: Facets,
    /// What in the query was not understood, and how it was read.
    pub warnings: Vec<Warning>,
    /// A query to offer instead ("did you mean `ovh OR ikoula`?") when the
    /// query has a lowercase `or`/`ou` between two words, read as a word:
    /// the query with it written `OR`; and, only when the query finds
    /// nothing, with a lowercase `and`/`et` between two words removed. Only
    /// when that query finds at least one article and not the same
    /// articles as the query (see [`connectives`]).
    pub suggestion: Option<String>,
    /// Query words that matched documents only through typo tolerance, in
    /// query order.
    pub approximate: Vec<Approximate>,
    /// Ways out of zero results: filled when `total` is 0 and the query has words.
    pub rescue: Option<Rescue>,
    /// The entity the query names (its name or an alias, whole: "CDC",
    /// "caisse des depots"), and the number of articles that mention it:
    /// those articles match too, however they name it.
    pub entity: Option<(u32, usize)>,
}

/// A query word that matched documents only through corpus words a typo
/// or two away from it ("bill" through "Bull").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approximate {
    /// The query word as typed.
    pub word: String,
    /// The corpus words it matched, as written in an article, the ones in
    /// most documents first, at most [`APPROXIMATE_SHOWN`].
    pub matched: Vec<String>,
}

/// What could be searched instead of a query that finds nothing. Each list
/// looks at the first [`RESCUE_WORDS`] words or parts of the query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rescue {
    /// Each word (or phrase) of the query, as a query of its own, and the
    /// number of articles it finds alone; stop words and excluded words are left out.
    pub per_word: Vec<(String, usize)>,
    /// For each word of `per_word` that finds nothing alone, up to
    /// [`NEAREST`] dictionary words (stop words aside) as written in an article: first those
    /// within 1 edit (2 for words over 3 letters; the fewest edits first,
    /// then the ones in most documents), then words starting with the
    /// longest beginning of the word (at least 3 letters) that starts any.
    pub nearest: Vec<(String, Vec<String>)>,
    /// The query without one of its parts (a word, phrase, group or
    /// filter), as a query ready to run, and the number of articles it
    /// finds; only those that find some, most articles first. Empty for a
    /// query of more than 4 × [`RESCUE_WORDS`] parts (each drop costs a
    /// search of the rest).
    pub drops: Vec<(String, usize)>,
}

// Defined here rather than beside `Corpus` (`corpus.rs`) so that the corpus
// does not import the search that imports it.
impl Corpus {
    /// Searches the corpus; see [`search`].
    pub fn search(&self, query: &str, options: &Options) -> Results {
        search(self, query, options)
    }
}

/// Searches `corpus` with a query in the [`crate::query`] language.
pub fn search(corpus: &Corpus, query: &str, options: &Options) -> Results {
    let (node, mut warnings) = parse(query);
    let mut run = Run::new(corpus);
    let mut scores = match &node {
        Some(node) => run.eval(node, true),
        None => vec![0.0; run.n],
    };
    let entity = node
        .as_ref()
        .filter(|n| words_only(n))
        .and_then(|_| named_entity(corpus, query));
    if let Some((e, _)) = entity {
        // A name of several words: its mentions stand for its words together.
        let named = if query.split_whitespace().nth(1).is_some() {
            NAMED * (1.0 + PROXIMITY)
        } else {
            NAMED
        };
        // Ranked by how often each article names it, above those that only
        // share its words.
        let tally = corpus.tally();
        for (d, score) in scores.iter_mut().enumerate() {
            let m = tally.doc(d).0.iter().find(|p| p.0 == e).map_or(0, |p| p.1);
            if m > 0 {
                *score = score.max(0.0) + named * (m as f32).ln_1p();
            }
        }
    }
    warnings.append(&mut run.warnings);
    let approximate = run.approximate();

    let (columns, _) = corpus.columns();
    // (document, score, date key): the date read once, from the columns, not
    // at every comparison. Undated documents come last in both date orders.
    let undated = if options.sort == Sort::Oldest { u32::MAX } else { 0 };
    let mut matched: Vec<(usize, f32, u32)> = scores
        .iter()
        .enumerate()
        .filter(|(_, s)| **s >= 0.0)
        .map(|(d, s)| (d, *s, Some(columns[d].0).filter(|&k| k > 0).unwrap_or(undated)))
        .collect();
    let total = matched.len();
    let facets = facets(corpus, matched.iter().map(|m| m.0));
    let order = |a: &(usize, f32, u32), b: &(usize, f32, u32)| {
        let by_score = b.1.total_cmp(&a.1);
        let by_date = b.2.cmp(&a.2);
        let order = match options.sort {
            Sort::Relevance => by_score.then(by_date),
            Sort::Date => by_date.then(by_score),
            Sort::Oldest => by_date.reverse().then(by_score),
        };
        order.then(a.0.cmp(&b.0))
    };
    // Highlighting compares each word of a hit with the matched terms as text.
    // Ids number the terms in byte order, so the sorted ids give sorted words.
    run.words = run.terms.iter().filter_map(|&id| run.index.term(id)).collect();
    // Only the first `limit` are returned: when they are fewer than the
    // matches, keep them sorted as they come (no sort of every match).
    if options.limit < total {
        let mut top: Vec<(usize, f32, u32)> = Vec::with_capacity(options.limit + 1);
        for m in matched {
            let before = |t: &(usize, f32, u32)| order(t, &m).is_lt();
            // Once the list is full, a match that comes after its last
            // cannot enter: one comparison turns most matches away, not a
            // binary search each (a frequent word at 100k: a quarter of its
            // query's time). Asked through the same search as below, so
            // the wasm holds one copy of the comparison.
            let last = top.len().saturating_sub(1);
            if top.len() == options.limit && top[last..].partition_point(before) == 1 {
                continue;
            }
            let at = top.partition_point(before);
            if at < options.limit {
                top.insert(at, m);
                top.truncate(options.limit);
            }
        }
        matched = top;
    } else {
        crate::sort::by(&mut matched, &order);
    }
    let hits = matched.iter().map(|&(doc, score, _)| run.hit(doc, score)).collect();
    // With parts of a sharded index missing, the figures are not final: ways
    // out of zero results and suggestions wait for the next round (they
    // would fetch for nothing).
    let incomplete = corpus.index.pending();
    let suggestion = if incomplete {
        None
    } else {
        suggest(corpus, query, &scores, total)
    };
    let rescue = match &node {
        Some(node) if total == 0 && !incomplete => rescue(corpus, node),
        _ => None,
    };
    Results {
        total,
        hits,
        facets,
        warnings,
        suggestion,
        approximate,
        rescue,
        entity,
    }
}

/// Weight of an article's mentions of the entity a query names, on the
/// scale of one exact word's score: ln(1 + mentions) times this; for a
/// name of several words, also times 1 + [`PROXIMITY`] (a mention is the
/// name's words together, whatever alias it uses).
pub const NAMED: f32 = 2.0;

/// Entities scanned at most for a name: beyond, the scan would cost a
/// keystroke its frame (a name index is the next step).
const NAMED_SCAN: usize = 20_000;

/// Whether a query is only words and phrases (no filter, exclusion or OR).
fn words_only(node: &Node) -> bool {
    match node {
        Node::Term { .. } | Node::Phrase(_) => true,
        Node::And(parts) => parts.iter().all(|p| matches!(p, Node::Term { .. } | Node::Phrase(_))),
        _ => false,
    }
}

/// The one entity (a person, organisation, place or thing) whose name or
/// alias the whole query is, with the number of articles that mention it.
fn named_entity(corpus: &Corpus, query: &str) -> Option<(u32, usize)> {
    let table = &corpus.entities;
    if table.entities.len() > NAMED_SCAN || corpus.shards.as_ref().is_some_and(|s| !s.has_entities()) {
        return None;
    }
    let query = query.trim().trim_matches('"');
    let found = table.resolve(query);
    let &[e] = found.as_slice() else { return None };
    let kind = table.entities.get(e as usize)?.kind;
    if !matches!(
        kind,
        EntityType::Per | EntityType::Org | EntityType::Loc | EntityType::Misc
    ) {
        return None;
    }
    let docs = (0..corpus.docs.len())
        .filter(|&d| table.of(d).iter().any(|m| m.entity == e))
        .count();
    Some((e, docs))
}

/// Highlights in a document's text, then in its title (sorted byte ranges).
pub type Marks = (Vec<Range<usize>>, Vec<Range<usize>>);

/// Where `query` matches document `doc`: (text highlights, title highlights),
/// the same ranges its [`Hit`] would carry, or `None` when the document does
/// not match. The reader's call: it costs one evaluation of the query and
/// the analysis of this one document, never a hit for every match.
pub fn highlights_in(corpus: &Corpus, query: &str, doc: usize) -> Option<Marks> {
    let (node, _) = parse(query);
    let node = node?;
    let d = corpus.docs.get(doc)?;
    let mut run = Run::new(corpus);
    let scores = run.eval(&node, true);
    if scores.get(doc).is_none_or(|s| *s < 0.0) {
        return None;
    }
    run.words = run.terms.iter().filter_map(|&id| run.index.term(id)).collect();
    Some((
        run.highlights(field_text(d, BODY)),
        run.highlights(field_text(d, TITLE)),
    ))
}

/// All sources of the corpus with their article counts, most articles first,
/// the entry for articles without a source ([`UNKNOWN_SOURCE`]) last: what
/// `source:` can take.
pub fn sources(corpus: &Corpus) -> Vec<FacetCount> {
    source_counts(corpus, 0..corpus.docs.len())
}

/// Which documents a query matches, without ranking them.
fn matching(corpus: &Corpus, query: &str) -> Scores {
    let mut run = Run::new(corpus);
    match parse(query).0 {
        Some(node) => run.eval(&node, false),
        None => vec![0.0; run.n],
    }
}

fn count(scores: &Scores) -> usize {
    scores.iter().filter(|s| **s >= 0.0).count()
}

/// The rewritten query of [`Results::suggestion`], when it finds articles
/// and not the same ones.
fn suggest(corpus: &Corpus, query: &str, scores: &Scores, total: usize) -> Option<String> {
    let rewritten = connectives(query, total == 0)?;
    let other = matching(corpus, &rewritten);
    let differs = scores.iter().zip(&other).any(|(a, b)| (*a >= 0.0) != (*b >= 0.0));
    (count(&other) > 0 && differs).then_some(rewritten)
}

/// The positive words and phrases of a query, in order, stop words left out.
fn words<'n>(node: &'n Node, out: &mut Vec<&'n Node>) {
    match node {
        Node::Term { word, .. } if !is_stop_word(&fold(word)) => out.push(node),
        Node::Phrase(_) => out.push(node),
        Node::And(parts) | Node::Or(parts) => {
            for part in parts {
                words(part, out);
            }
        }
        Node::Term { .. } | Node::Not(_) | Node::Filter(_) => {}
    }
}

/// [`Results::rescue`] for a query that found nothing.
fn rescue(corpus: &Corpus, node: &Node) -> Option<Rescue> {
    let mut found = Vec::new();
    words(node, &mut found);
    if found.is_empty() {
        return None;
    }
    let mut out = Rescue::default();
    for word in found.into_iter().take(RESCUE_WORDS) {
        // Ready to run as written: a final space, so the word is not read as
        // the start of a word being typed (which would count other articles).
        let text = format!("{} ", to_query(word).trim_end());
        if out.per_word.iter().any(|(w, _)| *w == text) {
            continue;
        }
        let n = count(&Run::new(corpus).eval(word, false));
        if n == 0 {
            if let Node::Term { word, .. } = word {
                let near = nearest(corpus, word);
                if !near.is_empty() {
                    out.nearest.push((text.trim_end().to_owned(), near));
                }
            }
        }
        out.per_word.push((text, n));
    }
    // Each drop runs the rest of the query: not for pasted text of many parts.
    match node {
        Node::And(parts) if parts.len() <= 4 * RESCUE_WORDS => {
            for i in 0..parts.len().min(RESCUE_WORDS) {
                let rest: Vec<Node> = parts
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, p)| p.clone())
                    .collect();
                let query = match rest.len() {
                    1 => to_query(&rest[0]),
                    _ => to_query(&Node::And(rest)),
                };
                let n = count(&matching(corpus, &query));
                if n > 0 && !out.drops.iter().any(|(q, _)| *q == query) {
                    out.drops.push((query, n));
                }
            }
            // Stable: among equals, the part dropped first in the query first.
            crate::sort::by(&mut out.drops, &|a, b| b.1.cmp(&a.1));
        }
        _ => {}
    }
    Some(out)
}

/// Dictionary words near a query word that finds nothing (see [`Rescue::nearest`]).
fn nearest(corpus: &Corpus, word: &str) -> Vec<String> {
    let index = &corpus.index;
    let tokens = analyze(word);
    let [token] = tokens.as_slice() else {
        return Vec::new();
    };
    let term = &token.term;
    let letters = term.chars().count();
    // A letter or two has neighbours everywhere ("x": "%", "2"): none offered.
    if letters < 3 {
        return Vec::new();
    }
    let max = if letters <= 3 { 1 } else { crate::fuzzy::MAX_EDITS };
    let mut close: Vec<(u32, u32, String, u32)> = index
        .fuzzy(term, max, NEAREST_CANDIDATES)
        .into_iter()
        .filter(|(t, _)| t != term && !is_stop_word(t) && t.chars().count() >= 2 && t.chars().any(char::is_alphabetic))
        .map(|(t, id)| {
            (
                crate::fuzzy::distance(term, &t),
                u32::MAX - index.doc_frequency(id),
                t,
                id,
            )
        })
        .collect();
    crate::sort::natural(&mut close);
    let mut ids: Vec<u32> = close.into_iter().map(|c| c.3).take(NEAREST).collect();
    if ids.len() < NEAREST {
        let chars: Vec<char> = term.chars().collect();
        for len in (3..chars.len()).rev() {
            let start: String = chars[..len].iter().collect();
            let mut starting: Vec<(u32, String, u32)> = index
                .prefixed(&start, NEAREST_CANDIDATES)
                .into_iter()
                .filter(|(t, _)| !is_stop_word(t))
                .map(|(t, id)| (u32::MAX - index.doc_frequency(id), t, id))
                .collect();
            if starting.is_empty() {
                continue;
            }
            crate::sort::natural(&mut starting);
            for (_, _, id) in starting {
                if ids.len() < NEAREST && !ids.contains(&id) {
                    ids.push(id);
                }
            }
            break;
        }
    }
    ids.into_iter().map(|id| surface(corpus, id)).collect()
}

/// A dictionary word as written in an article: its most frequent spelling
/// in the first document that has it ("Bull" for `bull`), in the passage
/// (between two of the document's anchors) of its first occurrence: a
/// fuzzy query shows five such words, and analyzing five whole articles
/// was most of its time.
fn surface(corpus: &Corpus, id: u32) -> String {
    let index = &corpus.index;
    let term = index.term(id).unwrap_or_default();
    let postings = index.flat_postings(id);
    if postings.is_empty() {
        return term;
    }
    let (doc, field) = postings.entry(0);
    let Some(d) = corpus.docs.get(doc as usize) else {
        return term;
    };
    let mut text = field_text(d, field);
    if let (BODY, Some(&first)) = (field, postings.positions(0).first()) {
        // The anchors around the first occurrence (the text's ends beyond them).
        let k = d.anchors.partition_point(|a| a.0 <= first);
        let start = k
            .checked_sub(1)
            .and_then(|k| d.anchors.get(k))
            .map_or(0, |a| a.1 as usize);
        let end = d.anchors.get(k).map_or(text.len(), |a| a.1 as usize);
        text = text.get(start..end).unwrap_or(text);
    }
    let mut spellings: Vec<(&str, usize)> = Vec::new();
    for t in analyze(text).iter().filter(|t| t.term == term) {
        bump(&mut spellings, &text[t.range.clone()]);
    }
    // The first of the most frequent: max_by_key would keep the last.
    let best = spellings
        .iter()
        .fold(None::<(&str, usize)>, |best, &(s, n)| match best {
            Some((_, m)) if m >= n => best,
            _ => Some((s, n)),
        });
    best.map_or(term.clone(), |(s, _)| s.to_owned())
}

/// Scores per document: `UNMATCHED` or a score ≥ 0.
type Scores = Vec<f32>;
const UNMATCHED: f32 = -1.0;

/// `out` where either matched: the sum where both did.
fn either(out: &mut Scores, other: Scores) {
    for (o, s) in out.iter_mut().zip(other) {
        if s >= 0.0 {
            *o = if *o >= 0.0 { *o + s } else { s };
        }
    }
}

struct Run<'a> {
    corpus: &'a Corpus,
    index: &'a Index,
    n: usize,
    avg: [f32; FIELDS],
    /// Term ids to highlight (from words that are not negated), sorted (a
    /// set; a plain vector keeps the wasm small).
    terms: Vec<u32>,
    /// The same terms as text, sorted, once ranking is done.
    words: Vec<String>,
    /// Phrases to highlight, as term sequences.
    phrases: Vec<Vec<String>>,
    warnings: Vec<Warning>,
    /// Query words that matched only through typo tolerance, with the terms they matched.
    approximate: Vec<(String, Vec<u32>)>,
    /// The dictionary terms the last query word stood for (for proximity).
    group: Vec<u32>,
}

/// One dictionary term a query word stands for, with its weight.
struct Expansion {
    id: u32,
    weight: f32,
}

impl<'a> Run<'a> {
    fn new(corpus: &'a Corpus) -> Self {
        Run {
            corpus,
            index: &corpus.index,
            n: corpus.docs.len().min(corpus.index.doc_count()),
            avg: [corpus.index.average_length(TITLE), corpus.index.average_length(BODY)],
            terms: Vec::new(),
            words: Vec::new(),
            phrases: Vec::new(),
            warnings: Vec::new(),
            approximate: Vec::new(),
            group: Vec::new(),
        }
    }

    /// [`Results::approximate`]: the words, each with its most common terms.
    fn approximate(&self) -> Vec<Approximate> {
        self.approximate
            .iter()
            .map(|(word, ids)| {
                let mut ranked: Vec<(u32, u32)> = ids
                    .iter()
                    .map(|&id| (u32::MAX - self.index.doc_frequency(id), id))
                    .collect();
                crate::sort::natural(&mut ranked);
                Approximate {
                    word: word.clone(),
                    matched: ranked
                        .into_iter()
                        .take(APPROXIMATE_SHOWN)
                        .map(|(_, id)| surface(self.corpus, id))
                        .collect(),
                }
            })
            .collect()
    }

    fn eval(&mut self, node: &Node, highlight: bool) -> Scores {
        match node {
            Node::Term {
                word,
                prefix,
                implicit,
                strict,
            } => self.term(word, *prefix, *implicit, *strict, highlight),
            Node::Phrase(text) => self.phrase(text, highlight),
            Node::Or(parts) => {
                let mut out = vec![UNMATCHED; self.n];
                for part in parts {
                    let scores = self.eval(part, highlight);
                    for (o, s) in out.iter_mut().zip(scores) {
                        if s >= 0.0 {
                            *o = if *o >= 0.0 { *o + s } else { s };
                        }
                    }
                }
                out
            }
            Node::Not(inner) => {
                let scores = self.eval(inner, false);
                scores.iter().map(|&s| if s >= 0.0 { UNMATCHED } else { 0.0 }).collect()
            }
            Node::Filter(filter) => self.filter(filter),
            Node::And(parts) => self.and(parts, highlight),
        }
    }

    /// Every part must match, except stop words when other words are there;
    /// negated parts exclude.
    fn and(&mut self, parts: &[Node], highlight: bool) -> Scores {
        let is_stop = |n: &Node| matches!(n, Node::Term { word, prefix: false, .. } if is_stop_word(&fold(word)));
        let has_content = parts.iter().any(|p| !matches!(p, Node::Not(_)) && !is_stop(p));
        let mut out = vec![0.0; self.n];
        let mut optional = Vec::new();
        // Two words the index knows as one ("Open Stack" → "openstack",
        // "Cloud 28+" → "cloud28"): either form matches that pair.
        fn plain(n: &Node) -> Option<&str> {
            match n {
                Node::Term {
                    word, strict: false, ..
                } => Some(word),
                _ => None,
            }
        }
        let mut pairs: Vec<Option<Scores>> = vec![None; parts.len()];
        // (part number, its terms) of the words, for proximity.
        let mut groups: Vec<(usize, Vec<u32>)> = Vec::new();
        for i in 1..parts.len() {
            let (Some(a), Some(b)) = (plain(&parts[i - 1]), plain(&parts[i])) else {
                continue;
            };
            if pairs[i - 1].is_some() {
                continue;
            }
            let joined = self.joined(&format!("{a}{b}"), highlight);
            if let Some(joined) = joined.filter(|j| j.iter().any(|&s| s >= 0.0)) {
                let mut both = self.eval(&parts[i - 1], highlight);
                let second = self.eval(&parts[i], highlight);
                for (o, s) in both.iter_mut().zip(second) {
                    *o = if *o >= 0.0 && s >= 0.0 { *o + s } else { UNMATCHED };
                }
                either(&mut both, joined);
                pairs[i - 1] = Some(both);
                pairs[i] = Some(Vec::new());
            }
        }
        for (i, part) in parts.iter().enumerate() {
            let scores = match pairs[i].take() {
                // The second word of a pair: scored with the first.
                Some(scores) if scores.is_empty() => continue,
                Some(scores) => scores,
                None if has_content && is_stop(part) => {
                    optional.push(part);
                    continue;
                }
                None => {
                    self.group.clear();
                    let scores = self.eval(part, highlight);
                    if matches!(part, Node::Term { .. }) && !self.group.is_empty() {
                        groups.push((i, std::mem::take(&mut self.group)));
                    }
                    scores
                }
            };
            for (o, s) in out.iter_mut().zip(scores) {
                *o = if *o >= 0.0 && s >= 0.0 { *o + s } else { UNMATCHED };
            }
        }
        for part in optional {
            let scores = self.eval(part, highlight);
            for (o, s) in out.iter_mut().zip(scores) {
                if *o >= 0.0 && s > 0.0 {
                    *o += s;
                }
            }
        }
        if highlight && groups.len() > 1 {
            self.proximity(&mut out, &groups);
        }
        out
    }

    /// Raises the best documents' scores by how closely the query's words
    /// stand in them (see "Ranking" above): `groups` are the words' part
    /// numbers in the query and the terms each stood for.
    fn proximity(&self, out: &mut [f32], groups: &[(usize, Vec<u32>)]) {
        // The best documents, best first, then in document order for the cursors.
        let mut top: Vec<(f32, u32)> = Vec::with_capacity(PROXIMITY_DOCS + 1);
        for (d, &s) in out.iter().enumerate() {
            if s >= 0.0 && (top.len() < PROXIMITY_DOCS || top.last().is_some_and(|t| t.0 < s)) {
                let at = top.partition_point(|t| t.0 >= s);
                top.insert(at, (s, d as u32));
                top.truncate(PROXIMITY_DOCS);
            }
        }
        let mut docs: Vec<u32> = top.into_iter().map(|t| t.1).collect();
        crate::sort::natural(&mut docs);
        // (word, a term it stands for, that term's positions in the field at hand)
        let mut terms: Vec<(usize, crate::index::Cursor, Vec<u32>)> = Vec::new();
        for (word, (_, ids)) in groups.iter().enumerate() {
            for &id in ids.iter().take(PROXIMITY_TERMS) {
                terms.push((word, self.index.cursor(id), Vec::new()));
            }
        }
        let most = (groups.len() as u32 - 1) * APART;
        let mut pairs = vec![APART; groups.len()];
        for doc in docs {
            let mut cost = most;
            for field in [TITLE, BODY] {
                for (_, cursor, positions) in &mut terms {
                    positions.clear();
                    positions.extend_from_slice(cursor.positions(doc, field));
                }
                // Each two consecutive words at their closest, over their terms.
                pairs.fill(APART);
                for (w, _, b) in &terms {
                    for (v, _, a) in &terms {
                        if v + 1 == *w {
                            let expected = (groups[*w].0 - groups[*v].0) as u32;
                            pairs[*w] = pairs[*w].min(pair_cost(a, b, expected));
                        }
                    }
                }
                cost = cost.min(pairs[1..].iter().sum());
            }
            if let Some(o) = out.get_mut(doc as usize) {
                *o *= 1.0 + PROXIMITY * (most - cost) as f32 / most as f32;
            }
        }
    }

    /// A query word: its tokens (a word can analyze to several: "33%", "Atos-Bull").
    fn term(&mut self, word: &str, prefix: bool, implicit: bool, strict: bool, highlight: bool) -> Scores {
        let tokens = analyze(word);
        let whole = tokens.iter().find(|t| t.kind == TokenKind::Compound);
        let single = match (tokens.as_slice(), whole) {
            ([], _) => return vec![0.0; self.n],
            ([only], _) => Some(only),
            (_, Some(compound)) if self.index.term_id(&compound.term).is_some() => Some(compound),
            _ => None,
        };
        let Some(token) = single else {
            // "33%", "Atos-Bull" unseen as a whole: its pieces as a phrase,
            // or joined ("e-mail" finds "email"); failing both, its pieces
            // as words, each with its typos ("Val-de-Reuil" finds an article
            // that writes "Val de Rueil").
            let mut out = self.phrase(word, highlight);
            if let Some(joined) = self.joined(word, highlight) {
                either(&mut out, joined);
            }
            if out.iter().all(|&s| s < 0.0) {
                let spaced: String = word
                    .chars()
                    .map(|c| if c.is_alphanumeric() { c } else { ' ' })
                    .collect();
                if let (Some(words), _) = crate::query::parse(&spaced) {
                    out = self.eval(&words, highlight);
                }
            }
            return out;
        };
        let (expansions, fuzzy) = self.expand(
            &word[token.range.clone()],
            &token.term,
            token.kind,
            prefix,
            implicit,
            strict,
        );
        if fuzzy && highlight && !expansions.is_empty() {
            let ids = expansions.iter().map(|e| e.id);
            match self.approximate.iter_mut().find(|(w, _)| w == word) {
                Some((_, known)) => known.extend(ids.filter(|id| !known.contains(id)).collect::<Vec<_>>()),
                None => self.approximate.push((word.to_owned(), ids.collect())),
            }
        }
        let mut out = vec![UNMATCHED; self.n];
        self.group = expansions.iter().map(|e| e.id).collect();
        for e in &expansions {
            self.bm25(&mut out, e.id, e.weight);
            if highlight {
                insert_sorted(&mut self.terms, e.id);
            }
        }
        let group = std::mem::take(&mut self.group);
        if token.kind == TokenKind::Compound {
            // "e-mail" also finds "email" and "e mail".
            if let Some(joined) = self.joined(word, highlight) {
                either(&mut out, joined);
            }
            either(&mut out, self.phrase(word, highlight));
        } else if token.kind == TokenKind::Word && !strict {
            // "email" also finds "e-mail" and "e mail".
            self.split(&mut out, &token.term, highlight);
        }
        self.group = group;
        out
    }

    /// The scores of `term` cut in two dictionary words that stand in a row
    /// ("email" → "e mail", which "e-mail" also reads as), for every such
    /// cut; none where a piece is a stop word ("dela" is not "de la") or,
    /// on a sharded index, where a piece's dictionary shard is not there
    /// (a cut does not fetch).
    /// (Added into `out`: most words have no such cut, and a vector of
    /// scores per word would cost every query an allocation and a pass.)
    fn split(&mut self, out: &mut Scores, term: &str, highlight: bool) {
        for (at, _) in term.char_indices().skip(1) {
            let (a, b) = term.split_at(at);
            let known = |w: &str| !is_stop_word(w) && self.index.covers(w) && self.index.term_id(w).is_some();
            if known(a) && known(b) {
                let mut cut = self.phrase(&format!("{a} {b}"), highlight);
                // The phrase adds up two words' idf where the word has one.
                for s in cut.iter_mut().filter(|s| **s > 0.0) {
                    *s *= SPLIT;
                }
                either(out, cut);
            }
        }
    }

    /// The scores of `text` written as one word, its letters and digits only
    /// ("Open Stack" → "openstack", "e-mail" → "email"), exact form and stem:
    /// `None` when the index has no such word.
    fn joined(&mut self, text: &str, highlight: bool) -> Option<Scores> {
        let word: String = fold(text).chars().filter(|c| c.is_alphanumeric()).collect();
        self.index.term_id(&word)?;
        Some(self.term(&word, false, false, true, highlight))
    }

    /// The dictionary terms a word stands for, and whether they came from
    /// typo tolerance. `strict` (`+word`): exact form and stem only.
    fn expand(
        &self,
        original: &str,
        term: &str,
        kind: TokenKind,
        prefix: bool,
        implicit: bool,
        strict: bool,
    ) -> (Vec<Expansion>, bool) {
        let mut out: Vec<Expansion> = Vec::new();
        let mut seen = Vec::new();
        let mut add = |out: &mut Vec<Expansion>, id: u32, weight: f32| {
            if insert_sorted(&mut seen, id) {
                out.push(Expansion { id, weight });
            }
        };
        if let Some(id) = self.index.term_id(term) {
            add(&mut out, id, EXACT);
        }
        let stemmed = stem(crate::analysis::capped(original));
        if kind == TokenKind::Word {
            for id in self.index.stem_group(&stemmed) {
                add(&mut out, id, STEMMED);
            }
        }
        // On a sharded index, "nothing found" counts only where the word's own
        // dictionary shards are there: else the next round decides (no typo
        // search over a whole letter for a word not yet looked up).
        if !self.index.covers(term) || (kind == TokenKind::Word && !self.index.covers(&stemmed)) {
            return (out, false);
        }
        let letters = term.chars().count();
        if prefix && (!implicit || letters >= 2) {
            let weight = if implicit { TYPED_PREFIX } else { PREFIX };
            for (_, id) in self.index.prefixed(term, EXPANSIONS) {
                add(&mut out, id, weight);
            }
        }
        // Typo tolerance by length: none up to 3 letters, 1 edit up to 7, 2 beyond;
        // only when the word itself found nothing, so a real word never drifts.
        if out.is_empty() && kind == TokenKind::Word && !strict {
            let distance = match letters {
                0..=3 => 0,
                4..=7 => 1,
                _ => 2,
            };
            if distance > 0 {
                for (t, id) in self.index.fuzzy(term, distance, EXPANSIONS) {
                    let weight = if crate::fuzzy::distance(term, &t) <= 1 {
                        FUZZY_1
                    } else {
                        FUZZY_2
                    };
                    add(&mut out, id, weight);
                }
                return (out, true);
            }
        }
        (out, false)
    }

    /// BM25's inverse document frequency of a term.
    fn idf(&self, id: u32) -> f32 {
        let df = self.index.doc_frequency(id) as f32;
        (1.0 + (self.n as f32 - df + 0.5) / (df + 0.5)).ln()
    }

    /// BM25's term-frequency part for `tf` occurrences in a field, with the
    /// title's boost (times the idf, it is the field's score).
    fn field_score(&self, tf: u32, doc: u32, field: u8) -> f32 {
        let tf = tf as f32;
        let len = self.index.field_length(doc, field) as f32;
        let avg = self.avg[usize::from(field).min(FIELDS - 1)];
        let boost = if field == TITLE { TITLE_BOOST } else { 1.0 };
        boost * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / avg))
    }

    /// BM25 of one term over both fields, times `weight`, into `out` where
    /// it beats what is there (a document's score for a word is its best expansion).
    fn bm25(&self, out: &mut [f32], id: u32, weight: f32) {
        let idf = self.idf(id);
        // Postings come in document order, a document's title before its body:
        // sum the fields of one document, then keep the sum if it is better.
        let mut keep = |doc: u32, sum: f32| {
            if let Some(o) = out.get_mut(doc as usize) {
                if sum > *o {
                    *o = sum;
                }
            }
        };
        let mut current: Option<(u32, f32)> = None;
        self.index.for_each_tf(id, |doc, field, tf| {
            let score = weight * idf * self.field_score(tf, doc, field);
            current = match current {
                Some((d, sum)) if d == doc => Some((d, sum + score)),
                Some((d, sum)) => {
                    keep(d, sum);
                    Some((doc, score))
                }
                None => Some((doc, score)),
            };
        });
        if let Some((d, sum)) = current {
            keep(d, sum);
        }
    }

    /// Consecutive exact (folded) words, in the title or the body.
    fn phrase(&mut self, text: &str, highlight: bool) -> Scores {
        let tokens: Vec<_> = analyze(text)
            .into_iter()
            .filter(|t| t.kind != TokenKind::Compound)
            .collect();
        if tokens.is_empty() {
            return vec![0.0; self.n];
        }
        let mut out = vec![UNMATCHED; self.n];
        let ids: Option<Vec<u32>> = tokens.iter().map(|t| self.index.term_id(&t.term)).collect();
        let Some(ids) = ids else { return out };
        if highlight {
            self.phrases.push(tokens.into_iter().map(|t| t.term).collect());
        }
        // Walk the rarest word's entries; look the others up at the same
        // place, through their block tables (a frequent word's blocks that
        // hold none of the rarest word's documents are never decoded).
        let Some(r) = (0..ids.len()).min_by_key(|&k| self.index.doc_frequency(ids[k])) else {
            return out;
        };
        let rarest = self.index.flat_postings(ids[r]);
        let mut cursors: Vec<_> = ids.iter().map(|&id| self.index.cursor(id)).collect();
        let idf: f32 = ids.iter().map(|&id| self.idf(id)).sum();
        let mut starts: Vec<u32> = Vec::new();
        for i in 0..rarest.len() {
            let (doc, field) = rarest.entry(i);
            let Some(o) = out.get_mut(doc as usize) else { continue };
            // Phrase starts: the rarest word's positions, shifted back to word 0.
            starts.clear();
            starts.extend(rarest.positions(i).iter().filter_map(|&p| p.checked_sub(r as u32)));
            for (k, cursor) in cursors.iter_mut().enumerate() {
                if k == r || starts.is_empty() {
                    continue;
                }
                let positions = cursor.positions(doc, field);
                starts.retain(|&start| positions.binary_search(&(start + k as u32)).is_ok());
            }
            let count = starts.len();
            if count == 0 {
                continue;
            }
            let score = idf * self.field_score(count as u32, doc, field);
            *o = if *o >= 0.0 { *o + score } else { score };
        }
        out
    }

    fn filter(&mut self, filter: &Filter) -> Scores {
        let docs = &self.corpus.docs[..self.n];
        let keep = |ok: bool| if ok { 0.0 } else { UNMATCHED };
        match filter {
            Filter::Source(value) => {
                // A value that is a source's whole key or name takes that source
                // only (the facet's `source:lemonde` is not Le Monde Informatique);
                // otherwise it is a prefix.
                let (short, folded) = (slug(value), fold(value.trim()));
                let exact = docs.iter().any(|d| {
                    d.source.as_deref() == Some(short.as_str())
                        || d.publication.as_deref().is_some_and(|l| fold(l) == folded)
                });
                let source_matches = |value: &str, key: Option<&str>, label: Option<&str>| {
                    if exact {
                        key == Some(short.as_str()) || label.is_some_and(|l| fold(l) == folded)
                    } else {
                        source_matches(value, key, label)
                    }
                };
                // Decided once per source (few), not per document.
                let mut decided: Vec<(Option<&str>, bool)> = Vec::new();
                let out: Scores = docs
                    .iter()
                    .map(|d| {
                        let key = d.source.as_deref();
                        let ok = match decided.iter().find(|(k, _)| *k == key) {
                            Some(&(_, ok)) => ok,
                            None => {
                                let ok = source_matches(value, key, d.publication.as_deref());
                                decided.push((key, ok));
                                ok
                            }
                        };
                        keep(ok)
                    })
                    .collect();
                if !decided.iter().any(|(_, ok)| *ok) {
                    self.warnings.push(Warning::UnknownSource(value.clone()));
                }
                out
            }
            Filter::Date(DateRange { from, to }) => docs
                .iter()
                .map(|d| {
                    keep(d.date.is_some_and(|date| {
                        let (first, last) = date_bounds(&date);
                        from.is_none_or(|f| last >= f) && to.is_none_or(|t| first <= t)
                    }))
                })
                .collect(),
            // A sharded corpus whose entities have not arrived: the next round decides.
            Filter::Type(_) if self.corpus.shards.as_ref().is_some_and(|s| !s.has_entities()) => {
                self.index.miss(crate::index::Missing::Entities);
                vec![UNMATCHED; self.n]
            }
            Filter::Type(_) | Filter::Entity(_)
                if self.corpus.entities.is_empty() && self.corpus.shards.as_ref().is_none_or(|s| s.has_entities()) =>
            {
                let shown = match filter {
                    Filter::Type(t) => format!("type:{t}"),
                    Filter::Entity(e) => format!("entity:{e}"),
                    _ => String::new(),
                };
                self.warnings.push(Warning::NoEntities(shown));
                vec![0.0; self.n]
            }
            Filter::Type(t) => {
                let Some(kind) = EntityType::parse(t) else {
                    self.warnings.push(Warning::UnknownType(t.clone()));
                    return vec![0.0; self.n];
                };
                let table = &self.corpus.entities;
                (0..self.n)
                    .map(|d| {
                        keep(
                            table
                                .of(d)
                                .iter()
                                .any(|m| table.entities[m.entity as usize].kind == kind),
                        )
                    })
                    .collect()
            }
            Filter::Entity(name) => {
                let table = &self.corpus.entities;
                // A sharded corpus whose entities have not all arrived
                // finds an entity, and its articles, in a few parts.
                let (wanted, docs) = match crate::shards::entity_articles(self.corpus, name) {
                    Some(Ok(found)) => found,
                    Some(Err(missing)) => {
                        for m in missing {
                            self.index.miss(m);
                        }
                        return vec![UNMATCHED; self.n];
                    }
                    None => {
                        let wanted = table.resolve(name);
                        let docs = (0..self.n)
                            .map(|d| table.of(d).iter().any(|m| wanted.contains(&m.entity)))
                            .collect();
                        (wanted, docs)
                    }
                };
                if wanted.is_empty() {
                    self.warnings.push(Warning::UnknownEntity(name.clone()));
                }
                docs.into_iter().take(self.n).map(keep).collect()
            }
        }
    }

    fn hit(&self, doc: usize, score: f32) -> Hit {
        let d = &self.corpus.docs[doc];
        let highlights = self.body_highlights(doc);
        let spans: Vec<Range<usize>> = d
            .blocks
            .iter()
            .filter(|b| !matches!(b.kind, BlockKind::Title | BlockKind::Credit))
            .map(|b| b.range.clone())
            .collect();
        Hit {
            doc,
            score,
            title_highlights: self.highlights(field_text(d, TITLE)),
            snippet: snippet::best(&d.text, &spans, &highlights),
            highlights,
        }
    }

    /// [`Run::highlights`] of a document's text, analyzing only the
    /// passages that hold a matched term: the postings say at which
    /// positions, the document's anchors where those passages start
    /// ([`crate::analysis::anchors`]); of those, at most
    /// [`HIGHLIGHT_PASSAGES`], the ones with the most distinct matched
    /// terms. The whole text when it has no anchors or a passage does not
    /// analyze as the index did.
    fn body_highlights(&self, doc: usize) -> Vec<Range<usize>> {
        let d = &self.corpus.docs[doc];
        let text = &d.text;
        if d.anchors.is_empty() {
            return self.highlights(text);
        }
        // The passages (between two anchors) that hold a matched position.
        let ids = self
            .terms
            .iter()
            .copied()
            .chain(self.phrases.iter().flatten().filter_map(|t| self.index.term_id(t)));
        // Each passage once per term that matches in it (a term's positions
        // come in order, so do its passages).
        let mut held: Vec<usize> = Vec::new();
        for id in ids {
            let mut cursor = self.index.cursor(id);
            let mut last = usize::MAX;
            for &p in cursor.positions(doc as u32, BODY) {
                let passage = d.anchors.partition_point(|a| a.0 <= p);
                if passage != last {
                    held.push(passage);
                    last = passage;
                }
            }
        }
        crate::sort::natural(&mut held);
        // (passage, distinct terms matched in it, kept)
        let mut passages: Vec<(usize, usize, bool)> = Vec::new();
        for &p in &held {
            match passages.last_mut() {
                Some(last) if last.0 == p => last.1 += 1,
                _ => passages.push((p, 1, passages.len() < HIGHLIGHT_PASSAGES)),
            }
        }
        if passages.len() > HIGHLIGHT_PASSAGES {
            // The most distinct terms, the earliest among equals: picked one
            // at a time (a sort would be its own copy in the wasm).
            passages.iter_mut().for_each(|p| p.2 = false);
            for _ in 0..HIGHLIGHT_PASSAGES {
                let mut best: Option<usize> = None;
                for (i, p) in passages.iter().enumerate() {
                    if !p.2 && best.is_none_or(|b| p.1 > passages[b].1) {
                        best = Some(i);
                    }
                }
                if let Some(b) = best {
                    passages[b].2 = true;
                }
            }
        }
        let wanted: Vec<usize> = passages.into_iter().filter(|p| p.2).map(|p| p.0).collect();
        // Passage k runs from anchor k - 1 (the text's start for 0) to anchor k.
        let bound = |k: usize| -> (u32, usize) {
            match k.checked_sub(1).and_then(|k| d.anchors.get(k)) {
                Some(&(p, b)) => (p, b as usize),
                None if k == 0 => (0, 0),
                None => (u32::MAX, text.len()),
            }
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i < wanted.len() {
            // Neighbouring passages are analyzed together (a phrase may cross).
            let mut j = i + 1;
            while j < wanted.len() && wanted[j] == wanted[j - 1] + 1 {
                j += 1;
            }
            let (first, start) = bound(wanted[i]);
            let (last, end) = bound(wanted[j - 1] + 1);
            let Some(passage) = text.get(start..end) else {
                return self.highlights(text);
            };
            let tokens = analyze(passage);
            // The passage must read as the index read it: its positions run
            // from the anchor to the next one.
            let positions = tokens.last().map_or(0, |t| t.position + 1);
            let expected = last.checked_sub(first);
            if tokens.first().is_some_and(|t| t.position != 0)
                || expected.is_some_and(|n| n != positions && last != u32::MAX)
            {
                return self.highlights(text);
            }
            out.extend(self.marks(&tokens).into_iter().map(|r| r.start + start..r.end + start));
            i = j;
        }
        merge(out)
    }

    /// Byte ranges of `text` to highlight: tokens of matched terms and phrase occurrences.
    fn highlights(&self, text: &str) -> Vec<Range<usize>> {
        self.marks(&analyze(text))
    }

    /// [`Run::highlights`] with the text's tokens at hand.
    fn marks(&self, tokens: &[crate::analysis::Token]) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = tokens
            .iter()
            .filter(|t| self.words.binary_search(&t.term).is_ok())
            .map(|t| t.range.clone())
            .collect();
        if !self.phrases.is_empty() {
            let words: Vec<_> = tokens.iter().filter(|t| t.kind != TokenKind::Compound).collect();
            for phrase in &self.phrases {
                for (start, window) in words.windows(phrase.len().max(1)).enumerate() {
                    if window.iter().zip(phrase).all(|(t, p)| t.term == *p) {
                        out.push(words[start].range.start..words[start + phrase.len() - 1].range.end);
                    }
                }
            }
        }
        merge(out)
    }
}

/// Whether `source:value` takes a document of source `key` published in
/// `label`: the key starts with the value's short name, or the folded label
/// with the folded value; a document without a source is taken by a value
/// that [`UNKNOWN_SOURCE`] or [`UNKNOWN_SOURCE_EN`] starts with.
fn source_matches(value: &str, key: Option<&str>, label: Option<&str>) -> bool {
    let short = slug(value);
    let folded = fold(value.trim());
    match key {
        None => !short.is_empty() && (UNKNOWN_SOURCE.starts_with(&short) || UNKNOWN_SOURCE_EN.starts_with(&short)),
        Some(key) => {
            (!short.is_empty() && key.starts_with(&short))
                || (!folded.is_empty() && label.is_some_and(|l| fold(l).starts_with(&folded)))
        }
    }
}

/// Sorts ranges and merges overlapping ones.
fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    crate::sort::by(&mut ranges, &|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// How far two query words stand from their distance in the query
/// (`expected`, ≥ 1): the least over their occurrences `a` and `b` (sorted
/// positions) of |(b − a) − expected| when `b` follows `a`, of
/// (a − b) + expected when it comes first; at most [`APART`].
fn pair_cost(a: &[u32], b: &[u32], expected: u32) -> u32 {
    let mut best = APART;
    for &q in b {
        // The occurrences of `a` nearest the place `expected` before `q`:
        // the last before it and the first at or after it.
        let i = a.partition_point(|&p| p.saturating_add(expected) < q);
        let before = i.checked_sub(1).and_then(|j| a.get(j));
        for &p in before.into_iter().chain(a.get(i)) {
            let cost = if p < q {
                (q - p).abs_diff(expected)
            } else {
                (p - q).saturating_add(expected)
            };
            best = best.min(cost);
        }
        if best == 0 {
            break;
        }
    }
    best
}

/// Inserts `x` into the sorted `set`; false when it was there.
fn insert_sorted(set: &mut Vec<u32>, x: u32) -> bool {
    match set.binary_search(&x) {
        Ok(_) => false,
        Err(at) => {
            set.insert(at, x);
            true
        }
    }
}

/// Sorts facet values by key, most documents first if `by_count` (one sort
/// for all three lists: each closure given to `sort_by` is its own copy of
/// the sort's code in the wasm).
fn sort_counts(counts: &mut [FacetCount], by_count: bool) {
    crate::sort::by(counts, &|a, b| {
        let count = if by_count {
            b.count.cmp(&a.count)
        } else {
            std::cmp::Ordering::Equal
        };
        count.then(a.key.cmp(&b.key))
    });
}

/// Adds one to `key`'s count (few distinct keys: sources, years, months).
fn bump<K: PartialEq>(counts: &mut Vec<(K, usize)>, key: K) {
    match counts.iter_mut().find(|c| c.0 == key) {
        Some(c) => c.1 += 1,
        None => counts.push((key, 1)),
    }
}

/// [`bump`] for keys kept in order: a binary search per document (a
/// corpus may span hundreds of months).
fn bump_sorted<K: Ord>(counts: &mut Vec<(K, usize)>, key: K) {
    match counts.binary_search_by(|c| c.0.cmp(&key)) {
        Ok(i) => counts[i].1 += 1,
        Err(i) => counts.insert(i, (key, 1)),
    }
}

/// Sources of these documents, most documents first (labelled by the first
/// document of each), then those without a source as one entry
/// ([`UNKNOWN_SOURCE`]) when there are any.
fn source_counts(corpus: &Corpus, docs: impl Iterator<Item = usize>) -> Vec<FacetCount> {
    let (columns, count) = corpus.columns();
    // Per source number: (its first document, count).
    let mut by_source = vec![(0, 0); count + 1];
    for n in docs {
        let c = &mut by_source[columns[n].1 as usize];
        if c.1 == 0 {
            c.0 = n;
        }
        c.1 += 1;
    }
    let unknown = by_source[0].1;
    let mut sources: Vec<FacetCount> = by_source[1..]
        .iter()
        .filter_map(|&(n, count)| {
            if count == 0 {
                return None;
            }
            let d = &corpus.docs[n];
            let key = d.source.clone()?;
            let label = d.publication.clone().unwrap_or_else(|| key.clone());
            Some(FacetCount { key, label, count })
        })
        .collect();
    sort_counts(&mut sources, true);
    if unknown > 0 {
        sources.push(FacetCount {
            key: UNKNOWN_SOURCE.to_owned(),
            label: UNKNOWN_SOURCE_LABEL.to_owned(),
            count: unknown,
        });
    }
    sources
}

// Counting uses vectors, dense or linear, rather than maps: the same result,
// and each map type would add kilobytes to the browser's wasm. Keys are
// counted as numbers and references, and made strings once at the end.
fn facets(corpus: &Corpus, docs: impl Iterator<Item = usize>) -> Facets {
    let matched: Vec<usize> = docs.collect();
    // Counted by year and month, in order: a date's key less one, over 256,
    // is its year and month (0 for a date known to the year only).
    let mut by_month: Vec<(u32, usize)> = Vec::new();
    let (columns, _) = corpus.columns();
    for &n in &matched {
        if let Some(k) = columns[n].0.checked_sub(1) {
            bump_sorted(&mut by_month, k >> 8);
        }
    }
    let count = |key: String, count: usize| FacetCount {
        label: key.clone(),
        key,
        count,
    };
    let sources = source_counts(corpus, matched.iter().copied());
    let mut by_year: Vec<(u32, usize)> = Vec::new();
    let mut months = Vec::new();
    for (m, c) in by_month {
        match by_year.last_mut() {
            Some(last) if last.0 == m >> 8 => last.1 += c,
            _ => by_year.push((m >> 8, c)),
        }
        if m & 0xff > 0 {
            months.push(count(format!("{:04}-{:02}", m >> 8, (m & 0xff) - 1), c));
        }
    }
    let mut years: Vec<FacetCount> = by_year.into_iter().map(|(y, c)| count(format!("{y:04}"), c)).collect();
    sort_counts(&mut years, false);
    sort_counts(&mut months, false);
    let table = &corpus.entities;
    // A sharded corpus's entities come in a part of their own, which the app
    // asks for at once: until then, no entity facets (the rest is exact).
    let mut types = [0usize; EntityType::ALL.len()];
    // entity → (documents, mentions)
    let mut entities: Vec<(u32, u32)> = vec![(0, 0); table.entities.len()];
    if !table.entities.is_empty() {
        let tally = corpus.tally();
        for &n in &matched {
            let (pairs, kinds) = tally.doc(n);
            for (t, count) in types.iter_mut().enumerate() {
                *count += usize::from(kinds >> t & 1);
            }
            for &(e, times) in pairs {
                if let Some(c) = entities.get_mut(e as usize) {
                    c.0 += 1;
                    c.1 = c.1.saturating_add(times);
                }
            }
        }
    }
    // The most mentioned first (then in more documents, then by number):
    // the few named are kept in order as the others go by, most of them
    // turned away by one comparison with the last kept.
    let rank = |e: u32| {
        let (docs, mentions) = entities[e as usize];
        (std::cmp::Reverse(mentions), std::cmp::Reverse(docs), e)
    };
    let mut top: Vec<u32> = Vec::with_capacity(FACET_ENTITIES + 1);
    let mut entity_docs = Vec::new();
    for (e, &(docs, ..)) in entities.iter().enumerate() {
        if docs == 0 {
            continue;
        }
        let e = e as u32;
        entity_docs.push((e, docs));
        if top.len() == FACET_ENTITIES && top.last().is_some_and(|&last| rank(last) < rank(e)) {
            continue;
        }
        let at = top.partition_point(|&t| rank(t) < rank(e));
        top.insert(at, e);
        top.truncate(FACET_ENTITIES);
    }
    Facets {
        sources,
        years,
        months,
        types: EntityType::ALL
            .iter()
            .zip(types)
            .filter(|(_, count)| *count > 0)
            .map(|(t, count)| FacetCount {
                key: t.as_str().to_owned(),
                label: t.as_str().to_owned(),
                count,
            })
            .collect(),
        entities: top
            .into_iter()
            .map(|e| {
                let info = &table.entities[e as usize];
                FacetCount {
                    key: info.name.clone(),
                    label: info.name.clone(),
                    count: entities[e as usize].0 as usize,
                }
            })
            .collect(),
        entity_docs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_cost_table() {
        // (first word's positions, second's, their distance in the query, cost)
        let table: [(&[u32], &[u32], u32, u32); 8] = [
            (&[3], &[4], 1, 0),             // adjacent, in order
            (&[3], &[5], 2, 0),             // "table de partitions" as written
            (&[3], &[4], 2, 1),             // one word closer than the query
            (&[3], &[6], 1, 2),             // two words between
            (&[5], &[4], 1, 2),             // reversed
            (&[1, 20, 40], &[9, 41], 1, 0), // the nearest pair anywhere
            (&[1], &[30], 1, APART),        // apart
            (&[], &[3], 1, APART),          // one is missing
        ];
        for (a, b, expected, cost) in table {
            assert_eq!(pair_cost(a, b, expected), cost, "{a:?} {b:?} {expected}");
        }
    }

    #[test]
    fn merge_table() {
        assert_eq!(merge(vec![5..9, 0..3, 2..4, 9..10]), vec![0..4, 5..9, 9..10]);
        assert_eq!(merge(vec![0..10, 2..3]), vec![0..10]);
    }
}
