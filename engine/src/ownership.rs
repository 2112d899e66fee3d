//! Who owns a company, as the articles tell it: its shareholders over time
//! with their shares, drawn as a small chart (SVG) with a table beside it,
//! every fact linked to the sentence that states it.
//!
//! The facts are the [`crate::relations`] whose object is the company: a
//! stake (with its share when the sentence gives one), a founding, an
//! acquisition, an exit, and a merger when the sentence folds the company
//! into its subject ("l'intégration de Cloudwatt dans Orange"; a merger
//! "entre A et B" says nothing of who owns whom and is left out). A person
//! leaving a company is shown only when the articles also make that person
//! an owner of it: otherwise the exit is from a board, not a capital.
//!
//! Nothing is merged across articles. A fact that several articles state is
//! a fact per article (each is evidence, each gets its link), and two figures
//! for the same holder stay two figures: "33 %" in one article and "33,3 %"
//! in another are drawn side by side and flagged ([`Holder::conflicts`]).
//! Within one article the same fact said twice is one fact (the gold's rule,
//! docs/QUALITY.md), kept with the sentence that dates it if one does.
//!
//! [`Ownership::markup`] draws the view where the corpus is built (the app
//! inserts the string as it is, see [`crate::markup`]): a chart with one row
//! per holder on a time axis, a mark per fact, and a table. **Accessibility**:
//! the table is the view for screen readers and keyboards (a caption, a
//! header per column, each holder a row group, each fact's source a link);
//! the chart and its legend repeat it for the eye, so they are
//! `aria-hidden="true"` and their links are out of the tab order
//! (`tabindex="-1"`): a pointer can follow them, nothing reads or tabs
//! through the same facts twice. The chart comes in two drawings, one for
//! wide containers (names at the left of the rows) and one for narrow ones
//! (names above the rows, larger type), chosen by a container query, so its
//! words stay about 13 px high on a 360 px phone.
//!
//! ```
//! use loupe_engine::entities::{kb::KnowledgeBase, Recognizer};
//! use loupe_engine::{ownership, Corpus, Document};
//! let kb = KnowledgeBase::parse("kb.toml".as_ref(), r#"
//! [[entity]]
//! name = "SFR"
//! type = "ORG"
//! [[entity]]
//! name = "Numergy"
//! type = "ORG"
//! "#).unwrap();
//! let text = "Numergy, détenue à 47 % par SFR, change de stratégie.";
//! let mut corpus = Corpus::new(vec![Document::from_text("a", "a.txt", text.into())]);
//! corpus.annotate(&Recognizer::new(kb));
//! let numergy = corpus.entities.resolve("Numergy")[0];
//! assert_eq!(ownership::companies(&corpus), [numergy]);
//! let view = ownership::of(&corpus, numergy).unwrap();
//! let sfr = &view.holders[0];
//! assert_eq!(corpus.entities.entities[sfr.entity as usize].name, "SFR");
//! assert_eq!(sfr.facts[0].share.as_deref(), Some("47 %"));
//! assert_eq!(sfr.facts[0].at, Some(text.find("SFR").unwrap()));
//! let html = view.markup(&corpus);
//! assert!(html.starts_with("<section class=\"own\">"));
//! let at = text.find("SFR").unwrap();
//! assert!(html.contains(&format!("href=\"#/doc/a?at={at}\"")));
//! ```

use crate::analysis::fold;
use crate::corpus::Corpus;
use crate::entities::EntityType;
use crate::markup::{both, doc_href, entity_href, escape};
use crate::relations::{Relation, RelationKind};
use crate::PubDate;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The ownership of one company, as the corpus's relations state it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ownership {
    /// The company (index into the entity table).
    pub company: u32,
    /// Its holders, by their first dated fact, then name (undated ones last).
    pub holders: Vec<Holder>,
}

/// One holder of the company and what the articles say of its holding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// The holder (index into the entity table).
    pub entity: u32,
    /// Its facts by date (undated last), then document.
    pub facts: Vec<Fact>,
}

/// One fact of a holding, from one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// Index into [`Corpus::relations`].
    pub relation: usize,
    /// Founding, stake, acquisition, exit, or merger (the company folded into the holder).
    pub kind: RelationKind,
    /// The share of a stake, when the sentence gives it ("33,3 %").
    pub share: Option<String>,
    /// The date the sentence gives, else the article's.
    pub date: Option<PubDate>,
    /// True when `date` is the article's date.
    pub date_from_article: bool,
    /// The document (its position in the corpus).
    pub doc: usize,
    /// Byte offset of the holder's mention in the sentence (the first one),
    /// where the reader's link lands.
    pub at: Option<usize>,
}

/// How many months apart two dated figures of one holder may be and still
/// be "the same time", so that different shares conflict rather than tell a
/// change (six months: the same deal reported by articles of one season).
pub const CONFLICT_MONTHS: f64 = 6.0;

/// The companies the corpus says something of the ownership of: objects of
/// at least one ownership fact (see the module doc), by entity number.
pub fn companies(corpus: &Corpus) -> Vec<u32> {
    all(corpus).into_iter().map(|o| o.company).collect()
}

/// The ownership of every company of [`companies`], in its order: one pass
/// over the relations, for drawing them all (calling [`of`] for each would
/// read the relations once per company).
pub fn all(corpus: &Corpus) -> Vec<Ownership> {
    let mut by_object: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, r) in corpus.relations.iter().enumerate() {
        if is_ownership(corpus, r) {
            by_object.entry(r.object).or_default().push(i);
        }
    }
    by_object
        .into_iter()
        .filter_map(|(company, rels)| {
            let holders = holders(corpus, company, &rels);
            (!holders.is_empty()).then_some(Ownership { company, holders })
        })
        .collect()
}

/// The ownership of `company` (an entity number), or `None` when the
/// corpus states none (or there is no such entity).
pub fn of(corpus: &Corpus, company: u32) -> Option<Ownership> {
    corpus.entities.entities.get(company as usize)?;
    let rels: Vec<usize> = corpus
        .relations
        .iter()
        .enumerate()
        .filter(|(_, r)| r.object == company && is_ownership(corpus, r))
        .map(|(i, _)| i)
        .collect();
    let holders = holders(corpus, company, &rels);
    (!holders.is_empty()).then_some(Ownership { company, holders })
}

/// Whether a relation is a fact of ownership of its object, with both its
/// entities and its document in the corpus.
fn is_ownership(corpus: &Corpus, r: &Relation) -> bool {
    let known = (r.subject as usize) < corpus.entities.entities.len()
        && (r.object as usize) < corpus.entities.entities.len()
        && r.doc < corpus.docs.len()
        && r.subject != r.object;
    known
        && match r.kind {
            RelationKind::Stake | RelationKind::Acquisition | RelationKind::Founding | RelationKind::Exit => true,
            RelationKind::Merger => folds_into(corpus, r),
            _ => false,
        }
}

/// Whether a merger's sentence folds the object into the subject:
/// "intégration de <object> dans|à|au|avec <subject>", the form whose
/// direction the extractor knows. "Fusion entre A et B" has none.
fn folds_into(corpus: &Corpus, r: &Relation) -> bool {
    let Some(text) = corpus.docs.get(r.doc).map(|d| d.text.as_str()) else {
        return false;
    };
    let inside = mentions_in(corpus, r);
    let Some(object) = inside.iter().find(|m| m.entity == r.object) else {
        return false;
    };
    let Some(subject) = inside
        .iter()
        .find(|m| m.entity == r.subject && m.range.start >= object.range.end)
    else {
        return false;
    };
    let words = |range: std::ops::Range<usize>| -> Vec<String> {
        fold(text.get(range).unwrap_or(""))
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let before = words(r.evidence.start..object.range.start);
    let between = words(object.range.end..subject.range.start);
    let n = before.len();
    n >= 2
        && before[n - 2] == "integration"
        && ["de", "d", "du"].contains(&before[n - 1].as_str())
        && between
            .first()
            .is_some_and(|w| ["dans", "a", "au", "avec"].contains(&w.as_str()))
}

/// The mentions inside a relation's sentence, in text order.
fn mentions_in<'a>(corpus: &'a Corpus, r: &Relation) -> &'a [crate::entities::table::DocMention] {
    let all = corpus.entities.of(r.doc);
    let from = all.partition_point(|m| m.range.start < r.evidence.start);
    let to = all.partition_point(|m| m.range.start < r.evidence.end);
    all.get(from..to.max(from)).unwrap_or(&[])
}

/// Where the link to a relation's sentence lands: the first mention of its
/// subject inside the sentence.
fn anchor(corpus: &Corpus, r: &Relation) -> Option<usize> {
    mentions_in(corpus, r)
        .iter()
        .find(|m| m.entity == r.subject && m.range.end <= r.evidence.end)
        .map(|m| m.range.start)
}

/// Order of kinds on one day of one article: the story's order.
fn story_rank(kind: RelationKind) -> u8 {
    match kind {
        RelationKind::Founding => 0,
        RelationKind::Stake => 1,
        RelationKind::Acquisition => 2,
        RelationKind::Merger => 3,
        RelationKind::Exit => 4,
        _ => 5,
    }
}

/// Facts drawn for one holder at most: a corpus that repeats "l'État
/// détient 23 % de Renault" in a thousand articles gives a readable view.
pub const MAX_FACTS: usize = 12;
/// Holders drawn for one company at most (those with the most facts).
pub const MAX_HOLDERS: usize = 16;

/// At most [`MAX_FACTS`] of a holder's facts (sorted): the first of each
/// kind and share, then the earliest of the others; still sorted.
fn capped(facts: Vec<Fact>) -> Vec<Fact> {
    if facts.len() <= MAX_FACTS {
        return facts;
    }
    let mut keep = vec![false; facts.len()];
    let mut kinds: Vec<(RelationKind, &Option<String>)> = Vec::new();
    for (i, f) in facts.iter().enumerate() {
        if kinds.len() < MAX_FACTS && !kinds.contains(&(f.kind, &f.share)) {
            kinds.push((f.kind, &f.share));
            keep[i] = true;
        }
    }
    let mut room = MAX_FACTS - kinds.len();
    for k in keep.iter_mut().filter(|k| !**k) {
        if room == 0 {
            break;
        }
        *k = true;
        room -= 1;
    }
    facts
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(f, _)| f)
        .collect()
}

/// The holders of `company` from its ownership relations `rels` (indices in
/// document then text order), sorted, with their facts sorted.
fn holders(corpus: &Corpus, company: u32, rels: &[usize]) -> Vec<Holder> {
    let mut by_holder: BTreeMap<u32, Vec<Fact>> = BTreeMap::new();
    // Where each (holder, article, kind, share, date) fact already is.
    type Key = (u32, usize, RelationKind, Option<String>, Option<crate::PubDate>);
    let mut seen: BTreeMap<Key, usize> = BTreeMap::new();
    for &i in rels {
        let Some(r) = corpus.relations.get(i).filter(|r| r.object == company) else {
            continue;
        };
        let fact = Fact {
            relation: i,
            kind: r.kind,
            share: if r.kind == RelationKind::Stake {
                r.value.clone()
            } else {
                None
            },
            date: r.date,
            date_from_article: r.date_from_article,
            doc: r.doc,
            at: anchor(corpus, r),
        };
        let facts = by_holder.entry(r.subject).or_default();
        let key = (r.subject, fact.doc, fact.kind, fact.share.clone(), fact.date);
        let same = match seen.get(&key) {
            Some(&k) => facts.get_mut(k),
            None => {
                seen.insert(key, facts.len());
                None
            }
        };
        match same {
            // Said again in the same article: one fact, dated by a sentence if one does.
            Some(f) => {
                if f.date_from_article && !fact.date_from_article {
                    *f = fact;
                }
            }
            None => facts.push(fact),
        }
    }
    let infos = &corpus.entities.entities;
    let mut out: Vec<Holder> = by_holder
        .into_iter()
        .filter(|(entity, facts)| {
            // A person who only leaves: a board, not a capital.
            let person = infos.get(*entity as usize).is_some_and(|e| e.kind == EntityType::Per);
            !person || facts.iter().any(|f| f.kind != RelationKind::Exit)
        })
        .map(|(entity, mut facts)| {
            facts.sort_by(|a, b| {
                (a.date.is_none(), a.date, a.doc, story_rank(a.kind), a.relation).cmp(&(
                    b.date.is_none(),
                    b.date,
                    b.doc,
                    story_rank(b.kind),
                    b.relation,
                ))
            });
            Holder {
                entity,
                facts: capped(facts),
            }
        })
        .collect();
    if out.len() > MAX_HOLDERS {
        out.sort_by_key(|h| (std::cmp::Reverse(h.facts.len()), h.entity));
        out.truncate(MAX_HOLDERS);
    }
    let name = |h: &Holder| infos.get(h.entity as usize).map_or("", |e| e.name.as_str());
    out.sort_by(|a, b| {
        let first = |h: &Holder| h.facts.first().and_then(|f| f.date);
        (first(a).is_none(), first(a), fold(name(a)), name(a), a.entity).cmp(&(
            first(b).is_none(),
            first(b),
            fold(name(b)),
            name(b),
            b.entity,
        ))
    });
    out
}

/// A date as months since year 0, at the middle of what it names (a year
/// at its July, a month at its middle), for placing it on an axis.
fn months(d: PubDate) -> f64 {
    let year = f64::from(d.year) * 12.0;
    match (d.month, d.day) {
        (Some(m), Some(day)) => year + f64::from(m.max(1) - 1) + (f64::from(day) - 0.5) / 31.0,
        (Some(m), None) => year + f64::from(m.max(1) - 1) + 0.5,
        _ => year + 6.0,
    }
}

impl Holder {
    /// Pairs `(i, j)`, `i < j`, of this holder's stakes from different
    /// articles whose shares differ at about the same time: both undated,
    /// or dated at most [`CONFLICT_MONTHS`] apart.
    pub fn conflicts(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (i, a) in self.facts.iter().enumerate() {
            for (j, b) in self.facts.iter().enumerate().skip(i + 1) {
                let near = match (a.date, b.date) {
                    (None, None) => true,
                    (Some(x), Some(y)) => (months(x) - months(y)).abs() <= CONFLICT_MONTHS,
                    _ => false,
                };
                let differ = matches!((&a.share, &b.share), (Some(x), Some(y)) if x != y);
                if a.kind == RelationKind::Stake && b.kind == RelationKind::Stake && a.doc != b.doc && near && differ {
                    out.push((i, j));
                }
            }
        }
        out
    }
}

/// A kind's words in the table and the legend: French, English.
fn kind_words(kind: RelationKind) -> (&'static str, &'static str) {
    match kind {
        RelationKind::Founding => ("fondateur", "founder"),
        RelationKind::Stake => ("part", "stake"),
        RelationKind::Acquisition => ("rachat", "acquisition"),
        RelationKind::Merger => ("intégration", "merger"),
        RelationKind::Exit => ("sortie", "exit"),
        _ => ("", ""),
    }
}

/// The kinds the legend always shows, in the story's order (a merger only
/// when the company has one).
const LEGEND: [RelationKind; 4] = [
    RelationKind::Founding,
    RelationKind::Stake,
    RelationKind::Acquisition,
    RelationKind::Exit,
];

/// One drawing of the chart: its width in viewBox units and where things go
/// in a row. Sizes are in viewBox units, which the page scales to the width
/// the chart gets.
struct Frame {
    /// The root's class: which container widths show this drawing.
    class: &'static str,
    /// viewBox width.
    width: f64,
    /// Names in a column at the left (true), or on a line above each row's track.
    names_left: bool,
    /// Width of the names column (when `names_left`).
    name_w: f64,
    /// Height of a row.
    row_h: f64,
    /// Size of names and share labels.
    font: f64,
    /// Size of the axis's years and the undated column's heading.
    axis_font: f64,
    /// Middle of a row's name, from the row's top.
    name_y: f64,
    /// Baseline of a row's share labels, from the row's top.
    label_y: f64,
    /// The row's track (where marks sit), from the row's top.
    track_y: f64,
    /// Radius of a mark.
    mark_r: f64,
}

/// The drawing for wide containers: about 640 units, as wide as it can be
/// shown at 1:1 beside a legend; names at the left.
const WIDE: Frame = Frame {
    class: "own-wide",
    width: 640.0,
    names_left: true,
    name_w: 184.0,
    row_h: 42.0,
    font: 14.0,
    axis_font: 13.0,
    name_y: 30.0,
    label_y: 17.0,
    track_y: 30.0,
    mark_r: 6.5,
};

/// The drawing for narrow containers (a phone): about as many units as the
/// pixels it gets there, so 15-unit type shows at about 13 px; names above
/// the track so the time axis keeps the whole width.
const NARROW: Frame = Frame {
    class: "own-narrow",
    width: 340.0,
    names_left: false,
    name_w: 0.0,
    row_h: 68.0,
    font: 15.0,
    axis_font: 13.5,
    name_y: 18.0,
    label_y: 47.0,
    track_y: 58.0,
    mark_r: 7.0,
};

/// Height of the time axis (years) above the rows.
const AXIS_H: f64 = 30.0;
/// Space under the last row.
const BOTTOM: f64 = 6.0;
/// Margin at the left and right ends of a drawing.
const SIDE: f64 = 8.0;
/// Most of a drawing's plot width the undated column may take (the rest
/// stays the time axis's; more undated marks than fit are drawn closer).
const UNDATED_MAX: f64 = 0.4;
/// Space between the time axis's plot and the undated column.
const COLUMN_GAP: f64 = 14.0;
/// Space left between two marks of a row, and between two labels.
const MARK_GAP: f64 = 5.0;
/// Space between two share labels of a row.
const LABEL_GAP: f64 = 8.0;
/// Least distance between two year ticks.
const TICK_MIN: f64 = 46.0;
/// Months added before the first and after the last dated fact, at least
/// (so marks never sit on the drawing's edge).
const PAD_MONTHS: f64 = 3.0;
/// Share of the dated span added at each end, when that is more than [`PAD_MONTHS`].
const PAD_SHARE: f64 = 0.06;
/// Shortest time axis, in months (a single date gets a year around it).
const MIN_SPAN: f64 = 12.0;
/// A label moved farther than this from its mark gets a line to it.
const LEADER_MIN: f64 = 4.0;
/// How much wider bold type is than [`text_width`]'s regular estimate
/// (names and share labels are bold).
const BOLD: f64 = 1.1;

/// A number for an SVG attribute: one decimal at most, no "-0".
fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// Rough width of `s` in the page's sans-serif at `size` (wide enough for
/// the system faces it falls back on): for spacing labels and fitting names.
fn text_width(s: &str, size: f64) -> f64 {
    s.chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '\'' | '’' | '!' | '|' | ' ' | '\u{a0}' | '\u{202f}' => {
                0.3
            }
            'f' | 't' | 'r' | '(' | ')' | '-' => 0.4,
            'm' | 'w' | 'M' | 'W' | '%' | '@' => 0.92,
            c if c.is_ascii_digit() => 0.6,
            c if c.is_uppercase() => 0.72,
            _ => 0.6,
        })
        .sum::<f64>()
        * size
}

/// `s`, cut with an ellipsis to fit `max` at `size`; true when cut.
fn fit(s: &str, max: f64, size: f64) -> (String, bool) {
    if text_width(s, size) <= max {
        return (s.to_owned(), false);
    }
    let mut out = String::new();
    for c in s.chars() {
        let mut next = out.clone();
        next.push(c);
        if text_width(&next, size) + text_width("…", size) > max {
            break;
        }
        out = next;
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    (out, true)
}

/// Centers for items of widths `w`, wanted at `want` (in order), so that
/// neighbours keep `gap` between them: overlapping items form clusters
/// centred where their members want to be on average, then the whole is
/// pushed inside `lo..hi` (as far as it fits). Keeps the order.
fn dodge(want: &[f64], w: &[f64], gap: f64, lo: f64, hi: f64) -> Vec<f64> {
    let n = want.len().min(w.len());
    let (want, w) = (&want[..n], &w[..n]);
    let space = |i: usize| (w[i - 1] + w[i]) / 2.0 + gap;
    // Where each item sits from the first when all are packed tight: a
    // cluster's members sit at their offset plus the cluster's shift, and
    // two clusters in a row overlap exactly when the second's shift is the
    // smaller.
    let mut offset = vec![0.0; n];
    for i in 1..n {
        offset[i] = offset[i - 1] + space(i);
    }
    let mut clusters: Vec<(usize, usize, f64)> = Vec::new(); // (first, last, shift)
    for (i, x) in want.iter().enumerate() {
        let mut c = (i, i, x - offset[i]);
        while let Some(&(first, _, shift)) = clusters.last() {
            if c.2 >= shift {
                break;
            }
            clusters.pop();
            // Merged, centred on its members' wishes.
            let members = first..c.1 + 1;
            let total: f64 = want[members.clone()]
                .iter()
                .zip(&offset[members])
                .map(|(x, o)| x - o)
                .sum();
            c = (first, c.1, total / (c.1 + 1 - first) as f64);
        }
        clusters.push(c);
    }
    let mut out = offset;
    for (first, last, shift) in clusters {
        for x in &mut out[first..last + 1] {
            *x += shift;
        }
    }
    // Inside the bounds: forward from the left edge, back from the right one.
    for i in 0..n {
        let min = if i == 0 { lo + w[0] / 2.0 } else { out[i - 1] + space(i) };
        out[i] = out[i].max(min);
    }
    for i in (0..n).rev() {
        let max = if i + 1 == n {
            hi - w[i] / 2.0
        } else {
            out[i + 1] - space(i + 1)
        };
        out[i] = out[i].min(max);
    }
    out
}

/// The path of a kind's mark centred on (x, y), `r` its radius.
fn shape(kind: RelationKind, x: f64, y: f64, r: f64) -> String {
    let pts = |p: &[(f64, f64)]| -> String {
        let mut d = String::new();
        for (i, (px, py)) in p.iter().enumerate() {
            let _ = write!(d, "{}{},{}", if i == 0 { "M" } else { "L" }, num(x + px), num(y + py));
        }
        d.push('Z');
        format!("<path class=\"mk\" d=\"{d}\"/>")
    };
    match kind {
        RelationKind::Stake => format!(
            "<circle class=\"mk\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>",
            num(x),
            num(y),
            num(r)
        ),
        RelationKind::Founding => {
            let a = r * 1.3;
            pts(&[(0.0, -a), (a, 0.0), (0.0, a), (-a, 0.0)])
        }
        RelationKind::Acquisition => {
            let a = r * 1.25;
            pts(&[(0.0, -a), (a, a * 0.8), (-a, a * 0.8)])
        }
        RelationKind::Merger => {
            let a = r * 0.95;
            pts(&[(-a, -a), (a, -a), (a, a), (-a, a)])
        }
        _ => {
            // An ✕: a plus sign turned a quarter of a right angle.
            let (t, e) = (r * 0.4, r * 1.15);
            let plus = [
                (-t, -e),
                (t, -e),
                (t, -t),
                (e, -t),
                (e, t),
                (t, t),
                (t, e),
                (-t, e),
                (-t, t),
                (-e, t),
                (-e, -t),
                (-t, -t),
            ];
            let s = std::f64::consts::FRAC_1_SQRT_2;
            let turned: Vec<(f64, f64)> = plus.iter().map(|(a, b)| ((a - b) * s, (a + b) * s)).collect();
            pts(&turned)
        }
    }
}

/// A small icon of a kind's mark, for the legend and the table.
fn icon(kind: RelationKind, hollow: bool) -> String {
    format!(
        "<svg class=\"ic\" viewBox=\"-9 -9 18 18\" aria-hidden=\"true\"><g{}>{}</g></svg>",
        if hollow { " class=\"ad\"" } else { "" },
        shape(kind, 0.0, 0.0, 6.0)
    )
}

/// What one fact shows wherever it is drawn.
struct Shown {
    href: String,
    /// Tooltips: French, English.
    title: (String, String),
    /// The share label of a stake.
    label: Option<String>,
    /// Part of a conflict ([`Holder::conflicts`]).
    conflict: bool,
}

/// Text for SVG in both languages: a `<tspan>` each.
fn both_svg(fr: &str, en: &str) -> String {
    format!("<tspan lang=\"fr\">{fr}</tspan><tspan lang=\"en\">{en}</tspan>")
}

impl Ownership {
    /// The view: a `<section class="own">` (styled by the app's views.css) holding the chart
    /// (two drawings and a legend, hidden from assistive technology) and
    /// the table (see the module doc). Everything from documents is escaped.
    pub fn markup(&self, corpus: &Corpus) -> String {
        let infos = &corpus.entities.entities;
        let name = |e: u32| infos.get(e as usize).map_or("", |i| i.name.as_str());
        let shown: Vec<Vec<Shown>> = self
            .holders
            .iter()
            .map(|h| {
                let conflicts = h.conflicts();
                h.facts
                    .iter()
                    .enumerate()
                    .map(|(i, f)| {
                        let doc = corpus.docs.get(f.doc);
                        let href = doc_href(doc.map_or("", |d| d.id.as_str()), f.at);
                        let title = escape(doc.map_or("", |d| d.title.as_str()));
                        let (kfr, ken) = kind_words(f.kind);
                        let share = f
                            .share
                            .as_deref()
                            .map(|s| format!(" {}", escape(s)))
                            .unwrap_or_default();
                        let (dfr, den) = match f.date {
                            Some(d) if f.date_from_article => {
                                (format!("{d} (date de l’article)"), format!("{d} (article’s date)"))
                            }
                            Some(d) => (d.to_string(), d.to_string()),
                            None => ("sans date".to_owned(), "undated".to_owned()),
                        };
                        let holder = escape(name(h.entity));
                        Shown {
                            href,
                            title: (
                                format!("{holder}, {kfr}{share}, {dfr} — {title}"),
                                format!("{holder}, {ken}{share}, {den} — {title}"),
                            ),
                            label: f.share.as_deref().map(escape),
                            conflict: conflicts.iter().any(|&(a, b)| a == i || b == i),
                        }
                    })
                    .collect()
            })
            .collect();
        let mut out = String::with_capacity(8192);
        out.push_str("<section class=\"own\"><figure class=\"own-chart\" aria-hidden=\"true\">");
        for frame in [&WIDE, &NARROW] {
            self.chart(corpus, frame, &shown, &mut out);
        }
        self.legend(&mut out);
        out.push_str("</figure>");
        self.table(corpus, &shown, &mut out);
        out.push_str("</section>");
        out
    }

    /// One drawing of the chart.
    fn chart(&self, corpus: &Corpus, frame: &Frame, shown: &[Vec<Shown>], out: &mut String) {
        let infos = &corpus.entities.entities;
        let r = frame.mark_r;
        let mark_w = 2.0 * r * 1.3;
        // The undated column: as wide as its widest row needs, or its heading.
        let undated_need = self
            .holders
            .iter()
            .zip(shown)
            .map(|(h, s)| {
                let marks = h.facts.iter().filter(|f| f.date.is_none()).count() as f64;
                let labels: f64 = h
                    .facts
                    .iter()
                    .zip(s)
                    .filter(|(f, _)| f.date.is_none())
                    .filter_map(|(_, s)| s.label.as_deref())
                    .map(|l| text_width(l, frame.font) * BOLD + LABEL_GAP)
                    .sum();
                (marks * (mark_w + MARK_GAP)).max(labels)
            })
            .fold(0.0_f64, f64::max);
        let has_undated = undated_need > 0.0;
        let heading_w = text_width("sans date", frame.axis_font).max(text_width("undated", frame.axis_font));
        let dated: Vec<f64> = self
            .holders
            .iter()
            .flat_map(|h| h.facts.iter().filter_map(|f| f.date.map(months)))
            .collect();
        let x0 = if frame.names_left { frame.name_w } else { SIDE };
        let right = frame.width - SIDE;
        let (ux0, x1) = match (has_undated, dated.is_empty()) {
            (false, _) => (right, right),
            (true, true) => (x0, x0),
            (true, false) => {
                let uw = (undated_need + 12.0)
                    .max(heading_w + 10.0)
                    .min((right - x0) * UNDATED_MAX);
                (right - uw, right - uw - COLUMN_GAP)
            }
        };
        // The time axis: the dated facts' span, padded, at least a year.
        let (mut lo, mut hi) = dated
            .iter()
            .fold((f64::MAX, f64::MIN), |(lo, hi), &t| (lo.min(t), hi.max(t)));
        if dated.is_empty() {
            (lo, hi) = (0.0, MIN_SPAN);
        }
        let pad = PAD_MONTHS.max((hi - lo) * PAD_SHARE);
        // From the first fact's new year at least, so a labelled year precedes every mark.
        (lo, hi) = ((lo - pad).min((lo / 12.0).floor() * 12.0), hi + pad);
        if hi - lo < MIN_SPAN {
            let mid = (lo + hi) / 2.0;
            (lo, hi) = (mid - MIN_SPAN / 2.0, mid + MIN_SPAN / 2.0);
        }
        let scale = (x1 - x0) / (hi - lo);
        let x_of = |t: f64| x0 + (t - lo) * scale;
        let height = AXIS_H + self.holders.len() as f64 * frame.row_h + BOTTOM;
        let _ = write!(
            out,
            "<svg class=\"{}\" viewBox=\"0 0 {} {}\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"{}\">",
            frame.class,
            num(frame.width),
            num(height),
            num(frame.font)
        );
        for i in (1..self.holders.len()).step_by(2) {
            let _ = write!(
                out,
                "<rect class=\"st\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\"/>",
                num(AXIS_H + i as f64 * frame.row_h),
                num(frame.width),
                num(frame.row_h)
            );
        }
        let bottom = height - BOTTOM;
        if !dated.is_empty() {
            // Years, every one if they fit, else every 2, 5, 10…
            let per_year = 12.0 * scale;
            let step = [1, 2, 5, 10, 20, 50, 100]
                .into_iter()
                .find(|s| f64::from(*s) * per_year >= TICK_MIN)
                .unwrap_or(100);
            let first = (lo / 12.0).ceil() as i64;
            let last = (hi / 12.0).floor() as i64;
            for year in (first..=last).filter(|y| y.rem_euclid(i64::from(step)) == 0) {
                let x = x_of(year as f64 * 12.0);
                let _ = write!(
                    out,
                    "<line class=\"gr\" x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\"/>\
                     <text class=\"ax\" x=\"{x}\" y=\"{}\" font-size=\"{}\">{year}</text>",
                    num(AXIS_H - 8.0),
                    num(bottom),
                    num(AXIS_H - 13.0),
                    num(frame.axis_font),
                    x = num(x)
                );
            }
        }
        if has_undated {
            let cx = (ux0 + right) / 2.0;
            if !dated.is_empty() {
                let sx = num(ux0 - COLUMN_GAP / 2.0);
                let _ = write!(
                    out,
                    "<line class=\"sep\" x1=\"{sx}\" x2=\"{sx}\" y1=\"{}\" y2=\"{}\"/>",
                    num(AXIS_H - 8.0),
                    num(bottom)
                );
            }
            let _ = write!(
                out,
                "<text class=\"ax\" x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text>",
                num(cx),
                num(AXIS_H - 13.0),
                num(frame.axis_font),
                both_svg("sans date", "undated")
            );
        }
        for (row, (h, s)) in self.holders.iter().zip(shown).enumerate() {
            let top = AXIS_H + row as f64 * frame.row_h;
            let track = top + frame.track_y;
            let kind = infos.get(h.entity as usize).map_or(EntityType::Org, |e| e.kind);
            let _ = write!(out, "<g data-type=\"{}\">", kind.as_str());
            // The name, linked to the entity's page.
            let full = infos.get(h.entity as usize).map_or("", |e| e.name.as_str());
            let (cx, cy) = (SIDE, top + frame.name_y);
            let max = if frame.names_left {
                frame.name_w - SIDE - 10.0
            } else {
                frame.width - 2.0 * SIDE
            };
            let (shown_name, _) = fit(full, (max - 14.0) / BOLD, frame.font);
            let chip_w = text_width(&shown_name, frame.font) * BOLD + 14.0;
            let href = entity_href(infos.get(h.entity as usize).map_or("", |e| e.id.as_str()));
            let _ = write!(
                out,
                "<a href=\"{href}\" tabindex=\"-1\"><title>{}</title><rect class=\"chip\" x=\"{}\" y=\"{}\" \
                 width=\"{}\" height=\"{}\" rx=\"4\"/><text class=\"nm\" x=\"{}\" y=\"{}\">{}</text></a>",
                escape(full),
                num(cx),
                num(cy - frame.font * 0.85),
                num(chip_w),
                num(frame.font * 1.7),
                num(cx + 7.0),
                num(cy + frame.font * 0.35),
                escape(&shown_name)
            );
            // Marks: the dated on the axis, the undated in their column.
            let dated_idx: Vec<usize> = (0..h.facts.len()).filter(|&i| h.facts[i].date.is_some()).collect();
            let undated_idx: Vec<usize> = (0..h.facts.len()).filter(|&i| h.facts[i].date.is_none()).collect();
            let mut xs = vec![0.0; h.facts.len()];
            for (idx, lo_x, hi_x, want) in [
                (
                    &dated_idx,
                    x0,
                    x1,
                    dated_idx
                        .iter()
                        .map(|&i| h.facts[i].date.map_or(x0, |d| x_of(months(d))))
                        .collect::<Vec<f64>>(),
                ),
                (&undated_idx, ux0, right, vec![(ux0 + right) / 2.0; undated_idx.len()]),
            ] {
                let placed = dodge(&want, &vec![mark_w; idx.len()], MARK_GAP, lo_x, hi_x);
                for (k, &i) in idx.iter().enumerate() {
                    xs[i] = placed.get(k).copied().unwrap_or(lo_x);
                }
            }
            if let (Some(&a), Some(&b)) = (dated_idx.first(), dated_idx.last()) {
                if a != b {
                    let _ = write!(
                        out,
                        "<line class=\"tr\" x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\"/>",
                        num(xs[a]),
                        num(xs[b]),
                        y = num(track)
                    );
                }
            }
            // Labels: the shares above their marks, moved apart if they meet.
            let labelled: Vec<usize> = (0..h.facts.len())
                .filter(|&i| s.get(i).is_some_and(|s| s.label.is_some()))
                .collect();
            let mut by_x = labelled.clone();
            by_x.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]).then(a.cmp(&b)));
            let widths: Vec<f64> = by_x
                .iter()
                .map(|&i| {
                    s.get(i)
                        .and_then(|s| s.label.as_deref())
                        .map_or(0.0, |l| text_width(l, frame.font) * BOLD)
                })
                .collect();
            let want: Vec<f64> = by_x.iter().map(|&i| xs[i]).collect();
            let lx_left = if frame.names_left { x0 - 8.0 } else { SIDE };
            let placed = dodge(&want, &widths, LABEL_GAP, lx_left, frame.width - 2.0);
            let mut label_x = vec![None; h.facts.len()];
            for (k, &i) in by_x.iter().enumerate() {
                label_x[i] = placed.get(k).copied();
            }
            for (i, (f, s)) in h.facts.iter().zip(s).enumerate() {
                let x = xs[i];
                let mut body = shape(f.kind, x, track, r);
                if let (Some(label), Some(lx)) = (&s.label, label_x[i]) {
                    let ly = top + frame.label_y;
                    if (lx - x).abs() > LEADER_MIN {
                        let _ = write!(
                            body,
                            "<line class=\"ld\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
                            num(x),
                            num(track - r - 2.0),
                            num(lx),
                            num(ly + 3.0)
                        );
                    }
                    let _ = write!(
                        body,
                        "<text class=\"lb\" x=\"{}\" y=\"{}\">{label}</text>",
                        num(lx),
                        num(ly)
                    );
                }
                let mut class = Vec::new();
                if f.date_from_article && f.date.is_some() {
                    class.push("ad");
                }
                if s.conflict {
                    class.push("cf");
                }
                let class = if class.is_empty() {
                    String::new()
                } else {
                    format!(" class=\"{}\"", class.join(" "))
                };
                let _ = write!(
                    out,
                    "<a href=\"{}\" tabindex=\"-1\"{class}><g lang=\"fr\"><title>{}</title>{body}</g>\
                     <g lang=\"en\"><title>{}</title>{body}</g></a>",
                    s.href, s.title.0, s.title.1
                );
            }
            out.push_str("</g>");
        }
        out.push_str("</svg>");
    }

    /// The legend of the marks.
    fn legend(&self, out: &mut String) {
        let merger = self
            .holders
            .iter()
            .any(|h| h.facts.iter().any(|f| f.kind == RelationKind::Merger));
        let stated = self.holders.iter().any(|h| h.facts.iter().any(|f| f.date.is_some()));
        out.push_str("<ul class=\"own-legend\">");
        for kind in LEGEND.into_iter().chain(merger.then_some(RelationKind::Merger)) {
            let (fr, en) = match kind {
                RelationKind::Founding => ("fondation", "founding"),
                RelationKind::Stake => ("part (et %)", "stake (and %)"),
                _ => kind_words(kind),
            };
            let _ = write!(out, "<li>{}{}</li>", icon(kind, false), both(fr, en));
        }
        if self.holders.iter().any(|h| !h.conflicts().is_empty()) {
            let _ = write!(
                out,
                "<li><span class=\"cf-key\">%</span>{}</li>",
                both(
                    "chiffres qui divergent d’un article à l’autre",
                    "figures that differ between articles"
                )
            );
        }
        if stated {
            let _ = write!(
                out,
                "<li class=\"key\"></li><li>{}{}</li><li>{}{}</li>",
                icon(RelationKind::Stake, false),
                both("date dans la phrase", "date in the sentence"),
                icon(RelationKind::Stake, true),
                both("date de l’article", "article’s date"),
            );
        }
        out.push_str("</ul>");
    }

    /// The table: what screen readers read.
    fn table(&self, corpus: &Corpus, shown: &[Vec<Shown>], out: &mut String) {
        let infos = &corpus.entities.entities;
        let company = escape(infos.get(self.company as usize).map_or("", |e| e.name.as_str()));
        let _ = write!(
            out,
            "<table class=\"own-table\" role=\"table\"><caption>{}</caption><thead role=\"rowgroup\"><tr role=\"row\">\
             <th scope=\"col\" role=\"columnheader\">{}</th><th scope=\"col\" role=\"columnheader\">{}</th>\
             <th scope=\"col\" role=\"columnheader\">{}</th><th scope=\"col\" role=\"columnheader\">Date</th>\
             <th scope=\"col\" role=\"columnheader\">Source</th></tr></thead>",
            both(
                &format!("Actionnariat de {company}, d’après les articles"),
                &format!("Ownership of {company}, as the articles state it")
            ),
            both("Actionnaire", "Holder"),
            both("Fait", "Fact"),
            both("Part", "Share"),
        );
        for (h, s) in self.holders.iter().zip(shown) {
            let info = infos.get(h.entity as usize);
            let kind = info.map_or(EntityType::Org, |e| e.kind);
            let _ = write!(out, "<tbody role=\"rowgroup\" data-type=\"{}\">", kind.as_str());
            let conflicts = h.conflicts();
            for (i, (f, s)) in h.facts.iter().zip(s).enumerate() {
                out.push_str("<tr role=\"row\">");
                if i == 0 {
                    let _ = write!(
                        out,
                        "<th scope=\"rowgroup\" rowspan=\"{}\" role=\"rowheader\"><a class=\"ent\" href=\"{}\">{}</a></th>",
                        h.facts.len(),
                        entity_href(info.map_or("", |e| e.id.as_str())),
                        escape(info.map_or("", |e| e.name.as_str()))
                    );
                }
                let (fr, en) = kind_words(f.kind);
                let _ = write!(
                    out,
                    "<td role=\"cell\"><span class=\"kind\">{}{}</span></td>",
                    icon(f.kind, false),
                    both(fr, en)
                );
                match &f.share {
                    Some(share) => {
                        let _ = write!(out, "<td role=\"cell\"><span class=\"share\">{}</span>", escape(share));
                        let mut others: Vec<&str> = conflicts
                            .iter()
                            .filter_map(|&(a, b)| {
                                let other = if a == i {
                                    b
                                } else if b == i {
                                    a
                                } else {
                                    return None;
                                };
                                h.facts.get(other).and_then(|o| o.share.as_deref())
                            })
                            .collect();
                        others.sort_unstable();
                        others.dedup();
                        if !others.is_empty() {
                            let list = escape(&others.join(" ; "));
                            let _ = write!(
                                out,
                                "<span class=\"diff\">{}</span>",
                                both(
                                    &format!("≠ autre article : {list}"),
                                    &format!("≠ other article: {list}")
                                )
                            );
                        }
                        out.push_str("</td>");
                    }
                    None => {
                        let _ = write!(
                            out,
                            "<td role=\"cell\"><span class=\"none\" aria-hidden=\"true\">—</span><span class=\"sr\">{}</span></td>",
                            both("non précisée", "not given")
                        );
                    }
                }
                match f.date {
                    Some(d) => {
                        let _ = write!(out, "<td role=\"cell\"><time datetime=\"{d}\">{d}</time>");
                        if f.date_from_article {
                            let _ = write!(
                                out,
                                "<span class=\"approx\">{}</span>",
                                both("date de l’article", "article’s date")
                            );
                        }
                        out.push_str("</td>");
                    }
                    None => {
                        let _ = write!(
                            out,
                            "<td role=\"cell\" class=\"none\">{}</td>",
                            both("sans date", "undated")
                        );
                    }
                }
                let title = corpus.docs.get(f.doc).map_or("", |d| d.title.as_str());
                let _ = write!(
                    out,
                    "<td role=\"cell\"><a class=\"src\" href=\"{}\">{}</a></td></tr>",
                    s.href,
                    escape(title)
                );
            }
            out.push_str("</tbody>");
        }
        out.push_str("</table>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dodge_keeps_order_and_gaps_and_stays_near() {
        let placed = dodge(&[100.0, 100.0, 101.0, 300.0], &[10.0; 4], 2.0, 0.0, 640.0);
        for pair in placed.windows(2) {
            assert!(pair[1] - pair[0] >= 12.0 - 1e-9, "{placed:?}");
        }
        assert!(
            (placed[1] - 100.3).abs() < 1.0,
            "the cluster is centred on its wishes: {placed:?}"
        );
        assert_eq!(placed[3], 300.0);
        let edge = dodge(&[638.0, 639.0], &[10.0, 10.0], 2.0, 0.0, 640.0);
        assert!(edge[1] <= 635.0 && edge[1] - edge[0] >= 12.0 - 1e-9, "{edge:?}");
        assert!(dodge(&[], &[], 2.0, 0.0, 1.0).is_empty());
    }

    #[test]
    fn numbers_are_short_and_never_negative_zero() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(-0.01), "0");
    }

    #[test]
    fn names_too_long_are_cut_with_an_ellipsis() {
        let (short, cut) = fit("Orange", 200.0, 14.0);
        assert_eq!((short.as_str(), cut), ("Orange", false));
        let (long, cut) = fit("Caisse des dépôts et consignations de Paris", 120.0, 14.0);
        assert!(cut && long.ends_with('…') && text_width(&long, 14.0) <= 120.0, "{long}");
    }

    #[test]
    fn months_place_a_date_in_the_middle_of_what_it_names() {
        let m = |s: &str| {
            months(PubDate::parse(s).unwrap_or(PubDate {
                year: 0,
                month: None,
                day: None,
            }))
        };
        assert_eq!(m("2015"), 2015.0 * 12.0 + 6.0);
        assert_eq!(m("2015-01"), 2015.0 * 12.0 + 0.5);
        assert!(m("2015-01-01") < m("2015-01") && m("2015-01") < m("2015-01-31"));
    }
}
