//! Named entities of French news: who and what an article names.
//!
//! A [`Recognizer`] combines recognizers with a fixed precedence: the
//! knowledge base first ([`kb`], curated names and their aliases), then
//! patterns ([`patterns`]: sums of money and percentages; [`dates`]); the longest match
//! wins and mentions never overlap. Every mention links to an entity id:
//! aliases of one knowledge-base entity share its id; a sum or a percentage
//! gets an id from its normalized value, so "75 millions d’euros" and
//! "75 M€" group together.
//!
//! ```
//! use loupe_engine::entities::{kb::KnowledgeBase, Recognizer};
//! let kb = KnowledgeBase::parse("kb.toml".as_ref(), r#"
//! [[entity]]
//! name = "Caisse des Dépôts"
//! type = "ORG"
//! aliases = ["CDC"]
//! "#).unwrap();
//! let text = "La CDC détient 33,3 % et apporte 75 millions d’euros.";
//! let found: Vec<(&str, &str, String)> = Recognizer::new(kb).recognize(text).iter()
//!     .map(|m| (&text[m.range.clone()], m.kind.as_str(), m.canonical.clone())).collect();
//! assert_eq!(found, [
//!     ("CDC", "ORG", "Caisse des Dépôts".to_owned()),
//!     ("33,3 %", "PERCENT", "33,3 %".to_owned()),
//!     ("75 millions d’euros", "MONEY", "75 000 000 EUR".to_owned()),
//! ]);
//! ```

pub mod crf;
mod cues;
pub mod dates;
pub mod eval;
pub mod gazetteer;
pub mod kb;
pub mod lookup;
pub mod ner;
pub mod patterns;
pub mod table;

use kb::KnowledgeBase;
use std::ops::Range;

/// Kinds of entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityType {
    /// A person.
    Per,
    /// An organisation (companies, institutions, the State).
    Org,
    /// A place.
    Loc,
    /// Products, technologies, programmes, events.
    Misc,
    /// A sum of money.
    Money,
    /// A percentage.
    Percent,
    /// A date.
    Date,
}

impl EntityType {
    /// Every type, in display order.
    pub const ALL: [EntityType; 7] = [
        EntityType::Per,
        EntityType::Org,
        EntityType::Loc,
        EntityType::Misc,
        EntityType::Money,
        EntityType::Percent,
        EntityType::Date,
    ];

    /// The label used in queries (`type:ORG`), the DOM and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Per => "PER",
            EntityType::Org => "ORG",
            EntityType::Loc => "LOC",
            EntityType::Misc => "MISC",
            EntityType::Money => "MONEY",
            EntityType::Percent => "PERCENT",
            EntityType::Date => "DATE",
        }
    }

    /// Stable number used by the snapshot format.
    pub(crate) fn code(self) -> u8 {
        EntityType::ALL.iter().position(|t| *t == self).unwrap_or(0) as u8
    }

    pub(crate) fn from_code(code: u8) -> Option<Self> {
        EntityType::ALL.get(usize::from(code)).copied()
    }

    /// Reads a label, in any case.
    pub fn parse(label: &str) -> Option<EntityType> {
        EntityType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(label))
    }
}

/// How a mention was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A name or alias of the knowledge base.
    Kb,
    /// A pattern (sums, percentages, dates).
    Pattern,
    /// A heuristic on capitals and cues.
    Heuristic,
}

impl Source {
    /// Stable number used by the snapshot format.
    pub(crate) fn code(self) -> u8 {
        match self {
            Source::Kb => 0,
            Source::Pattern => 1,
            Source::Heuristic => 2,
        }
    }

    pub(crate) fn from_code(code: u8) -> Option<Self> {
        [Source::Kb, Source::Pattern, Source::Heuristic]
            .get(usize::from(code))
            .copied()
    }

    /// `kb`, `pattern` or `heuristic`.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Kb => "kb",
            Source::Pattern => "pattern",
            Source::Heuristic => "heuristic",
        }
    }
}

/// One mention of an entity in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte range in the text (on character boundaries).
    pub range: Range<usize>,
    /// Its type.
    pub kind: EntityType,
    /// The entity it refers to: mentions with one id are one entity.
    pub id: String,
    /// The entity's canonical name, or the normalized value of a sum or percentage.
    pub canonical: String,
    /// How it was found.
    pub source: Source,
    /// How sure the recognizer is, 0 ..= 1.
    pub confidence: f32,
}

/// Finds entity mentions in French text.
#[derive(Debug, Clone)]
pub struct Recognizer {
    kb: KnowledgeBase,
}

impl Recognizer {
    /// A recognizer with this knowledge base.
    pub fn new(kb: KnowledgeBase) -> Self {
        Recognizer { kb }
    }

    /// The knowledge base.
    pub fn kb(&self) -> &KnowledgeBase {
        &self.kb
    }

    /// Mentions in `text`, in text order, never overlapping. Relative dates
    /// stay unresolved; see [`Recognizer::recognize_dated`].
    pub fn recognize(&self, text: &str) -> Vec<Mention> {
        self.recognize_dated(text, None)
    }

    /// Mentions in `text`, relative dates resolved with its publication date.
    pub fn recognize_dated(&self, text: &str, published: Option<crate::PubDate>) -> Vec<Mention> {
        // Precedence: knowledge base, then the value patterns, then the
        // learned recognizer; one analysis serves the first two.
        // A piece at a time: memory follows the piece, not the text.
        let (mut kb, mut values) = (Vec::new(), Vec::new());
        for c in chunks(text) {
            let sub = &text[c.clone()];
            let words = words_of(crate::analysis::analyze(sub));
            let shift = |mut m: Mention| {
                m.range = m.range.start + c.start..m.range.end + c.start;
                m
            };
            kb.extend(self.kb.find_in(sub, &words).into_iter().map(shift));
            values.extend(
                patterns::find_in(sub, &words)
                    .into_iter()
                    .chain(dates::find_in(sub, &words, published))
                    .map(shift),
            );
        }
        merge(text, [kb, values, ner::find(text)])
    }
}

/// About how many bytes of text the recognizers read at a time.
const CHUNK: usize = 32 * 1024;

/// A text cut into pieces of whole lines of about [`CHUNK`] bytes (a line
/// longer than 8 chunks is cut after a space, or anywhere on a character
/// boundary): the recognizers' unit of work, so that their memory follows the
/// piece and not the text. Names and values never span a line.
pub fn chunks(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let mut want = (start + CHUNK).min(text.len());
        while !text.is_char_boundary(want) {
            want -= 1;
        }
        let end = match text[want..].find('\n') {
            Some(i) if i <= 7 * CHUNK => want + i + 1,
            None if text.len() - want <= 7 * CHUNK => text.len(),
            _ => {
                let mut hard = (start + 8 * CHUNK).min(text.len());
                while !text.is_char_boundary(hard) {
                    hard -= 1;
                }
                text[want..hard].rfind(' ').map_or(hard, |i| want + i + 1)
            }
        };
        out.push(start..end);
        start = end;
    }
    out
}

/// Merges recognizers' mentions by precedence: an earlier group wins over a
/// later one, and inside a group the longest mention wins, then the first.
/// The result is sorted, never overlapping, and every range lies on character
/// boundaries of `text` — whatever each recognizer returned.
pub fn merge<const N: usize>(text: &str, groups: [Vec<Mention>; N]) -> Vec<Mention> {
    let mut kept: Vec<Mention> = Vec::new();
    for mut group in groups {
        group.retain(|m| {
            m.range.start < m.range.end
                && m.range.end <= text.len()
                && text.is_char_boundary(m.range.start)
                && text.is_char_boundary(m.range.end)
        });
        // In text order, longest first where two start together; a mention
        // that overlaps the group's previous one replaces it only if longer.
        group.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.len())));
        let mut own: Vec<Mention> = Vec::with_capacity(group.len());
        for m in group {
            if overlaps_any(&kept, &m.range) {
                continue;
            }
            match own.last() {
                Some(last) if last.range.end > m.range.start => {
                    let longer = m.range.len() > last.range.len();
                    let n = own.len();
                    let clear_before = n < 2 || own[n - 2].range.end <= m.range.start;
                    if longer && clear_before {
                        own[n - 1] = m;
                    }
                }
                _ => own.push(m),
            }
        }
        // Two sorted, non-overlapping lists: merge them in one pass.
        let mut merged = Vec::with_capacity(kept.len() + own.len());
        let mut a = kept.into_iter().peekable();
        let mut b = own.into_iter().peekable();
        loop {
            let take_a = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) => x.range.start <= y.range.start,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            merged.extend(if take_a { a.next() } else { b.next() });
        }
        kept = merged;
    }
    kept
}

/// The tokens without compounds (their parts are there): what the knowledge
/// base and the patterns read.
pub(crate) fn words_of(tokens: Vec<crate::analysis::Token>) -> Vec<crate::analysis::Token> {
    tokens
        .into_iter()
        .filter(|t| t.kind != crate::analysis::TokenKind::Compound)
        .collect()
}

/// Whether `r` overlaps one of `sorted` (mentions sorted by start, not overlapping each other).
fn overlaps_any(sorted: &[Mention], r: &Range<usize>) -> bool {
    // The first mention ending after `r` starts is the only one that can overlap it.
    let i = sorted.partition_point(|m| m.range.end <= r.start);
    sorted.get(i).is_some_and(|m| m.range.start < r.end)
}

/// An id from a name: folded, words joined by '-' ("Caisse des Dépôts" → "caisse-des-depots").
pub fn id_of(name: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    // (A loop of chars rather than split words: the browser decodes ids with it.)
    for c in crate::analysis::fold(name).chars() {
        if !c.is_alphanumeric() {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push('-');
        }
        gap = false;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_table() {
        for (name, id) in [
            ("Caisse des Dépôts", "caisse-des-depots"),
            ("État français", "etat-francais"),
            ("Cloud28+", "cloud28"),
            ("Atos-Bull", "atos-bull"),
        ] {
            assert_eq!(id_of(name), id);
        }
    }

    #[test]
    fn chunks_are_whole_lines_and_cover_the_text() {
        for text in [
            String::new(),
            "court".to_owned(),
            "ligne é\n".repeat(20_000),
            "é".repeat(600_000),
            format!("{}\n{}", "mot ".repeat(100_000), "x".repeat(10)),
        ] {
            let c = chunks(&text);
            assert_eq!(c.iter().map(|r| r.len()).sum::<usize>(), text.len());
            assert!(c.windows(2).all(|w| w[0].end == w[1].start));
            assert!(c
                .iter()
                .all(|r| text.is_char_boundary(r.start) && r.end - r.start <= 8 * CHUNK + 4));
            if text.contains('\n') && text.len() < 8 * CHUNK {
                assert!(c.iter().all(|r| r.end == text.len() || text[..r.end].ends_with('\n')));
            }
        }
    }

    #[test]
    fn type_labels_round_trip() {
        for t in EntityType::ALL {
            assert_eq!(EntityType::parse(t.as_str()), Some(t));
            assert_eq!(EntityType::parse(&t.as_str().to_lowercase()), Some(t));
        }
        assert_eq!(EntityType::parse("PERSON"), None);
    }
}
