//! Relations between entities, read from the prose: who bought, holds,
//! founded, funded, merged with, left, leads or partners with whom, with the
//! sentence that says so.
//!
//! Extraction runs on a sentence at a time, over the entities the corpus has
//! already recognized ([`crate::entities::table`]): the sentence becomes a
//! sequence of items (an entity, a folded word, a punctuation mark), and
//! French patterns anchored on a trigger word look for the entities on either
//! side, in active ("Orange rachète Cloudwatt"), passive ("Numergy, détenue à
//! 47 % par SFR") and nominal ("le rachat de Cloudwatt par Orange") forms,
//! lists of shareholders ("Thalès (22,2 %) et la CDC (33,3 %) dans
//! Cloudwatt") and appositions ("Philippe Tavernier, président exécutif de
//! Numergy"). A relation needs both of its entities named in the sentence:
//! "l'opérateur" or "il" is not resolved. The date is the one the sentence
//! gives nearest the trigger, otherwise the article's
//! ([`Relation::date_from_article`]).
//!
//! ```
//! use loupe_engine::entities::{kb::KnowledgeBase, Recognizer};
//! use loupe_engine::{relations, Corpus, Document};
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
//! let found = relations::extract(&corpus);
//! let name = |e: u32| corpus.entities.entities[e as usize].name.as_str();
//! assert_eq!(found.len(), 1);
//! assert_eq!(found[0].kind.as_str(), "stake");
//! assert_eq!((name(found[0].subject), name(found[0].object)), ("SFR", "Numergy"));
//! assert_eq!(found[0].value.as_deref(), Some("47 %"));
//! ```

use crate::analysis::folding::{fold, lower};
use crate::corpus::Corpus;
use crate::document::BlockKind;
use crate::entities::table::EntityInfo;
use crate::entities::EntityType;
use crate::PubDate;
use std::ops::Range;

/// What a relation says of its two entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RelationKind {
    /// The subject buys (or takes over, or announces it will buy) the object.
    Acquisition,
    /// The subject holds part of the object; the value is its share when given.
    Stake,
    /// The subject founded or created the object.
    Founding,
    /// The subject puts money into the object; the value is the sum.
    Investment,
    /// The two merge, or the object is folded into the subject.
    Merger,
    /// The subject leaves the object (its capital, its project, its board).
    Exit,
    /// The subject (a person) leads the object; the value is the role.
    Leadership,
    /// The two work together under an agreement.
    Partnership,
}

impl RelationKind {
    /// The byte a snapshot stores for this kind: its place in [`RelationKind::ALL`].
    pub fn code(self) -> u8 {
        Self::ALL.iter().position(|k| *k == self).unwrap_or(0) as u8
    }

    /// The kind a snapshot byte stands for.
    pub fn from_code(code: u8) -> Option<RelationKind> {
        Self::ALL.get(usize::from(code)).copied()
    }

    /// Every kind, in display order.
    pub const ALL: [RelationKind; 8] = [
        RelationKind::Acquisition,
        RelationKind::Stake,
        RelationKind::Founding,
        RelationKind::Investment,
        RelationKind::Merger,
        RelationKind::Exit,
        RelationKind::Leadership,
        RelationKind::Partnership,
    ];

    /// The label used in JSON and on the command line (`stake`).
    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::Acquisition => "acquisition",
            RelationKind::Stake => "stake",
            RelationKind::Founding => "founding",
            RelationKind::Investment => "investment",
            RelationKind::Merger => "merger",
            RelationKind::Exit => "exit",
            RelationKind::Leadership => "leadership",
            RelationKind::Partnership => "partnership",
        }
    }

    /// Reads a label, in any case.
    pub fn parse(label: &str) -> Option<RelationKind> {
        RelationKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(label))
    }

    /// Whether subject and object may swap places without changing the fact.
    pub fn symmetric(self) -> bool {
        matches!(self, RelationKind::Merger | RelationKind::Partnership)
    }
}

/// One relation the text states, with its evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    /// What it says.
    pub kind: RelationKind,
    /// Index into the corpus's [`crate::entities::table::EntityTable::entities`]:
    /// the buyer, holder, founder, investor, leaver or leader.
    pub subject: u32,
    /// Index into the entity table: what is bought, held, founded, funded, left or led.
    pub object: u32,
    /// The share of a stake and the sum of an investment (their entities'
    /// normalized values, "33,3 %", "75 000 000 EUR"), the role of a leader
    /// as written, in lower case ("président exécutif").
    pub value: Option<String>,
    /// The date the sentence gives, else the article's publication date.
    pub date: Option<PubDate>,
    /// True when `date` is the article's date, not one the sentence gives.
    pub date_from_article: bool,
    /// The document (its position in the corpus).
    pub doc: usize,
    /// Byte range of the sentence that states it, in the document text.
    pub evidence: Range<usize>,
}

/// Relations of every document of `corpus`, in document order, then text order.
pub fn extract(corpus: &Corpus) -> Vec<Relation> {
    (0..corpus.docs.len()).flat_map(|d| extract_doc(corpus, d)).collect()
}

/// Relations of one document (none for a position outside the corpus, or a
/// corpus whose entities were not recognized), in text order.
pub fn extract_doc(corpus: &Corpus, doc: usize) -> Vec<Relation> {
    let Some(d) = corpus.docs.get(doc) else {
        return Vec::new();
    };
    let mentions = corpus.entities.of(doc);
    let spans: Vec<Range<usize>> = d
        .blocks
        .iter()
        .filter(|b| b.kind != BlockKind::Credit)
        .map(|b| b.range.clone())
        .collect();
    let mut out: Vec<Relation> = Vec::new();
    for sentence in crate::snippet::sentences(&d.text, &spans) {
        let from = mentions.partition_point(|m| m.range.start < sentence.start);
        let inside: Vec<(Range<usize>, u32)> = mentions[from..]
            .iter()
            .take_while(|m| m.range.start < sentence.end)
            .filter(|m| m.range.end <= sentence.end)
            .map(|m| (m.range.clone(), m.entity))
            .collect();
        let items = items(&d.text, sentence.clone(), &inside, &corpus.entities.entities);
        let s = Sentence {
            text: &d.text,
            it: &items,
        };
        let first = out.len();
        for f in s.relations() {
            let date = s.date_near(f.at);
            let r = Relation {
                kind: f.kind,
                subject: f.subject,
                object: f.object,
                value: f.value,
                date_from_article: date.is_none(),
                date: date.or(d.date),
                doc,
                evidence: sentence.clone(),
            };
            let seen = out[first..]
                .iter()
                .any(|o| (o.kind, o.subject, o.object, &o.value) == (r.kind, r.subject, r.object, &r.value));
            if !seen && r.subject != r.object {
                out.push(r);
            }
        }
    }
    out
}

/// A piece of a sentence, as the patterns see it.
#[derive(Debug, Clone)]
enum Piece {
    /// A recognized entity: its index, type and normalized value.
    Entity(u32, EntityType, String),
    /// A word, folded ("rachète" → "rachete"); apostrophes and hyphens split words.
    Word(String),
    /// Punctuation that bounds a clause or a list: , ; : ( ) and dashes.
    Mark(char),
}

#[derive(Debug, Clone)]
struct Item {
    piece: Piece,
    range: Range<usize>,
}

fn items(text: &str, sentence: Range<usize>, mentions: &[(Range<usize>, u32)], infos: &[EntityInfo]) -> Vec<Item> {
    let mut out = Vec::new();
    let mut next = mentions.iter().peekable();
    let mut at = sentence.start;
    let mut word: Option<usize> = None;
    let end_word = |out: &mut Vec<Item>, word: &mut Option<usize>, to: usize| {
        if let Some(start) = word.take() {
            out.push(Item {
                piece: Piece::Word(fold(&text[start..to])),
                range: start..to,
            });
        }
    };
    while at < sentence.end {
        if let Some((range, entity)) = next.next_if(|(r, _)| r.start <= at) {
            end_word(&mut out, &mut word, at);
            if range.start == at {
                if let Some(info) = infos.get(*entity as usize) {
                    out.push(Item {
                        piece: Piece::Entity(*entity, info.kind, info.name.clone()),
                        range: range.clone(),
                    });
                }
                at = range.end.max(at + 1);
                while !text.is_char_boundary(at) {
                    at += 1;
                }
            }
            continue;
        }
        let Some(c) = text[at..].chars().next() else { break };
        if c.is_alphanumeric() {
            word.get_or_insert(at);
        } else {
            end_word(&mut out, &mut word, at);
            if matches!(c, ',' | ';' | ':' | '(' | ')' | '–' | '—') {
                out.push(Item {
                    piece: Piece::Mark(c),
                    range: at..at + c.len_utf8(),
                });
            } else if c == '-' && text[at + 1..].starts_with(char::is_whitespace) {
                out.push(Item {
                    piece: Piece::Mark('–'),
                    range: at..at + 1,
                });
            }
        }
        at += c.len_utf8();
    }
    end_word(&mut out, &mut word, sentence.end.min(text.len()));
    out
}

/// A relation found in a sentence, before it gets its date and evidence.
struct Found {
    kind: RelationKind,
    subject: u32,
    object: u32,
    value: Option<String>,
    /// The trigger's item, to pick the nearest date.
    at: usize,
}

/// How many items from its trigger a date may be and still date the relation.
const DATE_REACH: usize = 10;
/// Articles and determiners the patterns step over between a trigger and a name.
const DET: &[&str] = &[
    "le", "la", "l", "les", "un", "une", "son", "sa", "ses", "leur", "leurs", "ce", "cet", "cette", "groupe", "societe",
];
/// Words saying what part of a company is bought: the company follows them.
const CAPITAL: &[&str] = &["capital", "titres", "actions", "actifs"];
/// Words saying whose part is bought: the company follows "dans".
const PARTS: &[&str] = &["parts", "part", "participation", "participations"];
/// Adjectives around "actionnaire".
const HOLDER_WORDS: &[&str] = &[
    "les",
    "le",
    "l",
    "la",
    "deux",
    "trois",
    "quatre",
    "principaux",
    "principal",
    "principale",
    "premier",
    "premiers",
    "grands",
    "gros",
    "seul",
    "seuls",
    "son",
    "sa",
    "ses",
    "leur",
    "leurs",
    "nouveaux",
    "nouveau",
    "nouvel",
    "ancien",
    "anciens",
    "autres",
    "origine",
    "original",
    "originel",
    "originaux",
    "historique",
    "historiques",
    "majoritaire",
    "majoritaires",
    "minoritaire",
    "minoritaires",
    "unique",
    "comme",
];
/// Words that begin a role after a person's name.
const ROLES: &[&str] = &[
    "president",
    "presidente",
    "pdg",
    "directeur",
    "directrice",
    "dg",
    "patron",
    "patronne",
    "dirigeant",
    "dirigeante",
    "responsable",
    "ceo",
    "chef",
    "gerant",
    "gerante",
    "administrateur",
    "administratrice",
    "tete",
];

struct Sentence<'a> {
    text: &'a str,
    it: &'a [Item],
}

impl Sentence<'_> {
    fn word(&self, i: usize) -> Option<&str> {
        match &self.it.get(i)?.piece {
            Piece::Word(w) => Some(w),
            _ => None,
        }
    }

    fn is(&self, i: usize, words: &[&str]) -> bool {
        self.word(i).is_some_and(|w| words.contains(&w))
    }

    fn mark(&self, i: usize, c: char) -> bool {
        matches!(self.it.get(i).map(|x| &x.piece), Some(Piece::Mark(m)) if *m == c)
    }

    fn entity(&self, i: usize) -> Option<(u32, EntityType, &str)> {
        match &self.it.get(i)?.piece {
            Piece::Entity(e, k, v) => Some((*e, *k, v)),
            _ => None,
        }
    }

    fn org(&self, i: usize) -> Option<u32> {
        self.entity(i).filter(|e| e.1 == EntityType::Org).map(|e| e.0)
    }

    /// A person or an organisation.
    fn actor(&self, i: usize) -> Option<u32> {
        self.entity(i)
            .filter(|e| matches!(e.1, EntityType::Org | EntityType::Per))
            .map(|e| e.0)
    }

    fn person(&self, i: usize) -> Option<u32> {
        self.entity(i).filter(|e| e.1 == EntityType::Per).map(|e| e.0)
    }

    fn value(&self, i: usize, kind: EntityType) -> Option<String> {
        self.entity(i).filter(|e| e.1 == kind).map(|e| e.2.to_owned())
    }

    /// `i` stepped forward over determiners.
    fn skip_det(&self, mut i: usize) -> usize {
        while self.is(i, DET) {
            i += 1;
        }
        i
    }

    /// The organisation right after `i` ("de", "du" and determiners stepped over).
    fn org_after_de(&self, i: usize) -> Option<(u32, usize)> {
        if !self.is(i, &["de", "d", "du", "des"]) {
            return None;
        }
        let j = self.skip_det(i + 1);
        self.org(j).map(|e| (e, j))
    }

    /// The nearest item before `i`, at most `within` items back, that `pick` accepts.
    fn before(&self, i: usize, within: usize, pick: impl Fn(usize) -> Option<u32>) -> Option<(u32, usize)> {
        (i.saturating_sub(within)..i)
            .rev()
            .find_map(|j| pick(j).map(|e| (e, j)))
    }

    /// The first item after `i`, at most `within` items on, that `pick`
    /// accepts, without crossing ; or :.
    fn after(&self, i: usize, within: usize, pick: impl Fn(usize) -> Option<u32>) -> Option<(u32, usize)> {
        (i + 1..(i + 1 + within).min(self.it.len()))
            .take_while(|&j| !self.mark(j, ';') && !self.mark(j, ':'))
            .find_map(|j| pick(j).map(|e| (e, j)))
    }

    /// Actors listed from `i` on ("Orange, Thales et la CDC").
    fn run_after(&self, i: usize) -> Vec<u32> {
        let mut out = Vec::new();
        let mut j = self.skip_det(i);
        while let Some(e) = self.actor(j) {
            out.push(e);
            let mut k = j + 1;
            if !(self.mark(k, ',') || self.is(k, &["et"])) {
                break;
            }
            k += 1;
            while self.is(k, &["de", "d", "du"]) || self.is(k, DET) {
                k += 1;
            }
            j = k;
        }
        out
    }

    /// Actors listed up to `i` (exclusive), in text order.
    fn run_before(&self, i: usize) -> Vec<u32> {
        let mut out = Vec::new();
        let Some(mut j) = i.checked_sub(1) else {
            return out;
        };
        while let Some(e) = self.actor(j) {
            out.insert(0, e);
            let Some(mut k) = j.checked_sub(1) else { break };
            while k > 0 && (self.is(k, DET) || self.is(k, &["de", "d", "du"])) {
                k -= 1;
            }
            if !(self.mark(k, ',') || self.is(k, &["et"])) || k == 0 {
                break;
            }
            j = k - 1;
        }
        out
    }

    /// The company whose shares a sentence talks about: after "dans", "capital
    /// de" or "actionnaire de".
    fn held(&self) -> Option<u32> {
        let after = |words: &[&str], skip: &[&str]| {
            (0..self.it.len()).filter(|&i| self.is(i, words)).find_map(|i| {
                let mut j = i + 1;
                while self.is(j, skip) {
                    j += 1;
                }
                if words == ["dans"] {
                    self.org(self.skip_det(j))
                } else {
                    self.org_after_de(j).map(|(e, _)| e)
                }
            })
        };
        after(&["dans"], &[])
            .or_else(|| after(CAPITAL, &[]))
            .or_else(|| after(&["actionnaire", "actionnaires"], HOLDER_WORDS))
    }

    /// The object of a purchase from `t` on: after "dans" when parts of
    /// holders are bought, after "capital"/"titres", else the organisation
    /// that follows.
    fn bought(&self, t: usize, within: usize) -> Option<(u32, usize)> {
        let end = (t + 1 + within).min(self.it.len());
        if let Some(p) = (t + 1..end).find(|&j| self.is(j, PARTS)) {
            return (p + 1..self.it.len())
                .find(|&j| self.is(j, &["dans"]))
                .and_then(|j| self.org(self.skip_det(j + 1)).map(|e| (e, j)));
        }
        if let Some(p) = (t + 1..end).find(|&j| self.is(j, CAPITAL)) {
            return self.after(p, 8, |j| self.org(j));
        }
        self.after(t, within, |j| self.org(j))
    }

    fn relations(&self) -> Vec<Found> {
        let mut out = Vec::new();
        let mut funded = false;
        for t in 0..self.it.len() {
            let push = |out: &mut Vec<Found>, kind, subject, object, value| {
                out.push(Found {
                    kind,
                    subject,
                    object,
                    value,
                    at: t,
                })
            };
            if self.mark(t, '(') {
                self.paren_share(t, &mut out);
                continue;
            }
            if self.entity(t).is_some_and(|e| e.1 == EntityType::Percent) {
                // "… ainsi que les 20 % d'Atos": a holder's share of the company held.
                if let (Some((holder, _)), Some(held)) = (self.org_after_de(t + 1), self.held()) {
                    if holder != held && !self.is(t + 1, CAPITAL) {
                        push(
                            &mut out,
                            RelationKind::Stake,
                            holder,
                            held,
                            self.value(t, EntityType::Percent),
                        );
                    }
                }
                continue;
            }
            if self.person(t).is_some() {
                self.leader(t, &mut out);
                continue;
            }
            let Some(w) = self.word(t) else { continue };
            let passive = |t: usize| -> Option<usize> {
                (t + 1..(t + 5).min(self.it.len()))
                    .take_while(|&j| {
                        self.is(j, &["par", "respectivement", "en", "a"])
                            || self.mark(j, ',')
                            || self
                                .entity(j)
                                .is_some_and(|e| matches!(e.1, EntityType::Date | EntityType::Percent))
                    })
                    .find(|&j| self.is(j, &["par"]))
            };
            match w {
                "rachat" | "rachats" | "acquisition" | "acquisitions" | "reprise" | "absorption" => {
                    let Some((object, o)) = self.bought(t, 6) else { continue };
                    if !self.is(t + 1, &["de", "d", "du", "des"]) {
                        continue;
                    }
                    let by = self
                        .is(o + 1, &["par"])
                        .then(|| self.org(self.skip_det(o + 2)))
                        .flatten();
                    let subject =
                        by.or_else(|| self.before(t, t, |j| self.org(j).filter(|&e| e != object)).map(|x| x.0));
                    if let Some(subject) = subject {
                        push(&mut out, RelationKind::Acquisition, subject, object, None);
                    }
                }
                "rachete" | "rachetee" | "rachetes" | "rachetees" | "repris" | "acquis" | "acquise" | "absorbe"
                | "absorbee" | "rachetent" | "racheter" | "rachetera" | "racheterait" | "acquiert" | "acquierent"
                | "acquerir" | "reprend" | "reprendre" | "reprendra" | "reprendrait" | "reprennent" | "absorber"
                | "empare" | "controle" => {
                    if w == "controle" && !self.is(t.wrapping_sub(2), &["pris", "prend", "prendre", "prise"]) {
                        continue;
                    }
                    if let Some(p) = passive(t) {
                        let objects = self.run_before(if self.mark(t.wrapping_sub(1), ',') { t - 1 } else { t });
                        let subjects = self.run_after(p + 1);
                        if (t..p).any(|j| self.is(j, &["respectivement"])) && objects.len() == subjects.len() {
                            for (s, o) in subjects.into_iter().zip(objects) {
                                push(&mut out, RelationKind::Acquisition, s, o, None);
                            }
                        } else if let (Some(&o), Some(&s)) = (objects.last(), subjects.first()) {
                            push(&mut out, RelationKind::Acquisition, s, o, None);
                        }
                        continue;
                    }
                    let Some((object, _)) = self.bought(t, 6) else { continue };
                    if let Some((subject, _)) = self.before(t, t, |j| self.org(j).filter(|&e| e != object)) {
                        push(&mut out, RelationKind::Acquisition, subject, object, None);
                    }
                }
                "vend" if self.is(t.wrapping_sub(1), &["se"]) && self.is(t + 1, &["a"]) => {
                    if let (Some((object, _)), Some(subject)) =
                        (self.before(t, 3, |j| self.org(j)), self.org(self.skip_det(t + 2)))
                    {
                        push(&mut out, RelationKind::Acquisition, subject, object, None);
                    }
                }
                "detient" | "detiennent" | "possede" | "possedent" => {
                    let value = self.after(t, 2, |j| {
                        self.entity(j).filter(|e| e.1 == EntityType::Percent).map(|e| e.0)
                    });
                    let object = value.and_then(|(_, v)| self.org_after_de(v + 1));
                    let subject = self.before(t, 3, |j| self.actor(j));
                    if let (Some((object, _)), Some((subject, _))) = (object, subject) {
                        let value = value.and_then(|(_, v)| self.value(v, EntityType::Percent));
                        push(&mut out, RelationKind::Stake, subject, object, value);
                    }
                }
                "detenu" | "detenue" | "detenus" | "detenues" => {
                    let Some(p) = passive(t) else { continue };
                    let share = (t + 1..p).find_map(|j| self.value(j, EntityType::Percent)).or_else(|| {
                        self.before(t, 6, |j| {
                            self.entity(j).filter(|e| e.1 == EntityType::Percent).map(|e| e.0)
                        })
                        .and_then(|(_, j)| self.value(j, EntityType::Percent))
                    });
                    let object = self.before(t, 3, |j| self.org(j));
                    let subject = self.actor(self.skip_det(p + 1));
                    if let (Some((object, _)), Some(subject)) = (object, subject) {
                        push(&mut out, RelationKind::Stake, subject, object, share);
                    }
                }
                "actionnaire" | "actionnaires" => self.shareholders(t, &mut out),
                "filiale" if self.mark(t.wrapping_sub(1), ',') || self.is(t.wrapping_sub(1), DET) => {
                    let child = self.before(t, 3, |j| self.org(j));
                    let parent = self.org_after_de(t + 1);
                    if let (Some((child, _)), Some((parent, _))) = (child, parent) {
                        push(&mut out, RelationKind::Stake, parent, child, None);
                    }
                }
                "appartient" | "appartenait" | "appartiennent" | "appartenaient" => {
                    let owned = self.before(t, 4, |j| self.org(j));
                    let owner = self.after(t, 5, |j| self.actor(j));
                    if let (Some((owned, _)), Some((owner, _))) = (owned, owner) {
                        push(&mut out, RelationKind::Stake, owner, owned, None);
                    }
                }
                "participation" if self.is(t + 1, &["de"]) => {
                    let Some(share) = self.value(t + 2, EntityType::Percent) else {
                        continue;
                    };
                    let Some((holder, _)) = self.before(t, 4, |j| self.actor(j)) else {
                        continue;
                    };
                    let held = self
                        .held()
                        .or_else(|| (0..t).find_map(|j| self.org(j).filter(|&e| e != holder)));
                    if let Some(held) = held {
                        push(&mut out, RelationKind::Stake, holder, held, Some(share));
                    }
                }
                "cree" | "creee" | "crees" | "creees" | "fonde" | "fondee" | "fondes" | "fondees" | "creant"
                | "fondant" | "creent" | "fondent" | "creer" | "fonder" => {
                    if let Some(p) = passive(t) {
                        let object = self.before(t, 3, |j| self.org(j));
                        for subject in self.run_after(p + 1) {
                            if let Some((object, _)) = object {
                                push(&mut out, RelationKind::Founding, subject, object, None);
                            }
                        }
                    } else if let (Some((subject, _)), Some((object, _))) =
                        (self.before(t, 2, |j| self.actor(j)), self.after(t, 2, |j| self.org(j)))
                    {
                        push(&mut out, RelationKind::Founding, subject, object, None);
                    }
                }
                "fondateur" | "fondatrice" | "cofondateur" | "cofondatrice" => {
                    let founder = self.before(t, 3, |j| self.person(j));
                    if let (Some((founder, _)), Some((object, _))) = (founder, self.org_after_de(t + 1)) {
                        push(&mut out, RelationKind::Founding, founder, object, None);
                    }
                }
                "investi" | "investis" | "investie" | "investit" | "investir" | "investissent" | "investissement"
                | "finance" | "financent" | "financer" | "financement" | "injecte" | "injecter" | "apporte"
                    if !funded =>
                {
                    // One sum per sentence: a second trigger would name the same money.
                    funded = true;
                    self.investment(t, &mut out);
                }
                "fusion" | "rapprochement" if self.is(t + 1, &["entre", "de", "des"]) => {
                    let first = self.after(t + 1, 3, |j| self.org(j));
                    let second = first.and_then(|(_, f)| {
                        (self.is(f + 1, &["et", "avec"]))
                            .then(|| self.after(f + 1, 3, |j| self.org(j)))
                            .flatten()
                    });
                    if let (Some((a, _)), Some((b, _))) = (first, second) {
                        push(&mut out, RelationKind::Merger, a, b, None);
                    }
                }
                "fusion" | "fusionne" | "fusionner" | "fusionnent" if self.is(t + 1, &["avec"]) => {
                    let partner = self.org(self.skip_det(t + 2));
                    if let (Some((a, _)), Some(b)) = (self.before(t, 4, |j| self.org(j)), partner) {
                        push(&mut out, RelationKind::Merger, a, b, None);
                    }
                }
                "integration" => {
                    let Some((part, p)) = self.org_after_de(t + 1) else {
                        continue;
                    };
                    if self.is(p + 1, &["dans", "a", "au", "avec"]) {
                        if let Some(whole) = self.org(self.skip_det(p + 2)) {
                            push(&mut out, RelationKind::Merger, whole, part, None);
                        }
                    }
                }
                "quitte" | "quitter" | "quittent" | "quittera" | "quittait" => {
                    let leaver = self.before(t, 4, |j| self.actor(j));
                    let left = self.after(t, 5, |j| self.org(j));
                    if let (Some((leaver, _)), Some((left, _))) = (leaver, left) {
                        push(&mut out, RelationKind::Exit, leaver, left, None);
                    }
                }
                "disparaitre" | "sortir" | "sort" | "sortent" | "sorti" | "retirer" | "retire" | "retirent" => {
                    let leavers = self.run_before(t);
                    let capital = (t + 1..(t + 4).min(self.it.len())).find(|&j| self.is(j, &["capital"]));
                    let left = match capital {
                        Some(c) => self.org_after_de(c + 1).map(|x| x.0).or_else(|| {
                            let first = t.saturating_sub(leavers.len() * 3 + 1);
                            self.before(first, first, |j| self.org(j).filter(|e| !leavers.contains(e)))
                                .map(|x| x.0)
                        }),
                        None => self.org_after_de(t + 1).map(|x| x.0),
                    };
                    for leaver in leavers {
                        if let Some(left) = left {
                            push(&mut out, RelationKind::Exit, leaver, left, None);
                        }
                    }
                }
                "partenariat" => {
                    if self.is(t + 1, &["avec"]) {
                        if let (Some((a, _)), Some(b)) =
                            (self.before(t, 6, |j| self.org(j)), self.org(self.skip_det(t + 2)))
                        {
                            push(&mut out, RelationKind::Partnership, a, b, None);
                        }
                    } else if self.is(t + 1, &["entre"]) {
                        let a = self.org(self.skip_det(t + 2));
                        let b = self.after(t + 2, 3, |j| self.org(j).filter(|&e| Some(e) != a));
                        if let (Some(a), Some((b, _))) = (a, b) {
                            push(&mut out, RelationKind::Partnership, a, b, None);
                        }
                    }
                }
                "associe" | "allie" | "associent" | "allient"
                    if self.is(t.wrapping_sub(1), &["s"]) && self.is(t + 1, &["avec", "a"]) =>
                {
                    if let (Some((a, _)), Some(b)) =
                        (self.before(t, 3, |j| self.org(j)), self.org(self.skip_det(t + 2)))
                    {
                        push(&mut out, RelationKind::Partnership, a, b, None);
                    }
                }
                "dirige" | "preside" | "dirigee" | "presidee" => {
                    let role = if w.starts_with("dirig") {
                        "dirigeant"
                    } else {
                        "président"
                    };
                    if let Some(p) = passive(t) {
                        if let (Some((led, _)), Some(leader)) = (self.before(t, 3, |j| self.org(j)), self.person(p + 1))
                        {
                            push(&mut out, RelationKind::Leadership, leader, led, Some(role.to_owned()));
                        }
                    } else if let (Some((leader, _)), Some((led, _))) =
                        (self.before(t, 2, |j| self.person(j)), self.after(t, 3, |j| self.org(j)))
                    {
                        push(&mut out, RelationKind::Leadership, leader, led, Some(role.to_owned()));
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// "Thalès (22,2 %)" in a list of holders: a stake in the company held.
    fn paren_share(&self, t: usize, out: &mut Vec<Found>) {
        let Some(share) = self.value(t + 1, EntityType::Percent) else {
            return;
        };
        let h = if self.mark(t.wrapping_sub(1), ',') {
            t.wrapping_sub(2)
        } else {
            t.wrapping_sub(1)
        };
        if let (Some(holder), Some(held)) = (self.actor(h), self.held()) {
            out.push(Found {
                kind: RelationKind::Stake,
                subject: holder,
                object: held,
                value: Some(share),
                at: t,
            });
        }
    }

    /// "X et Y, les deux principaux actionnaires de Z", "Z a comme
    /// actionnaires X et Y", "son principal actionnaire, X".
    fn shareholders(&self, t: usize, out: &mut Vec<Found>) {
        let mut j = t + 1;
        while self.is(j, HOLDER_WORDS) || self.mark(j, ',') || (self.is(j, &["d"]) && self.is(j + 1, &["origine"])) {
            j += 1;
        }
        let (holders, held) = if let Some((held, _)) = self.org_after_de(j) {
            let mut k = t;
            while k > 0 && (self.is(k - 1, HOLDER_WORDS) || self.mark(k - 1, ',')) {
                k -= 1;
            }
            (self.run_before(k), Some(held))
        } else {
            let holders = self.run_after(j);
            let held = self
                .before(t, t, |i| self.org(i).filter(|e| !holders.contains(e)))
                .map(|x| x.0);
            (holders, held)
        };
        for holder in holders {
            if let Some(held) = held {
                out.push(Found {
                    kind: RelationKind::Stake,
                    subject: holder,
                    object: held,
                    value: None,
                    at: t,
                });
            }
        }
    }

    /// A sum put into organisations: the investor before the trigger or after
    /// "par", the recipients after "dans", else the organisations named
    /// before the investor.
    fn investment(&self, t: usize, out: &mut Vec<Found>) {
        let sums: Vec<usize> = (0..self.it.len())
            .filter(|&j| self.entity(j).is_some_and(|e| e.1 == EntityType::Money))
            .collect();
        let Some(&sum) = sums.iter().min_by_key(|&&j| j.abs_diff(t)) else {
            return;
        };
        let by = self
            .after(t, 8, |j| self.is(j, &["par"]).then_some(0))
            .and_then(|(_, p)| self.actor(self.skip_det(p + 1)).map(|e| (e, p + 1)));
        let Some((investor, at)) = by.or_else(|| self.before(t, t, |j| self.org(j))) else {
            return;
        };
        let into = self
            .after(t.max(sum), 6, |j| self.is(j, &["dans"]).then_some(0))
            .map(|(_, d)| self.run_after(d + 1))
            .filter(|r| !r.is_empty());
        let recipients = into.unwrap_or_else(|| {
            let first = if by.is_some() { t } else { at };
            (0..first)
                .rev()
                .find(|&j| self.org(j).is_some())
                .map(|j| self.run_before(j + 1))
                .unwrap_or_default()
        });
        for r in recipients {
            if r != investor {
                out.push(Found {
                    kind: RelationKind::Investment,
                    subject: investor,
                    object: r,
                    value: self.value(sum, EntityType::Money),
                    at: t,
                });
            }
        }
    }

    /// "Philippe Tavernier, président exécutif de Numergy": a person, a role,
    /// the organisation.
    fn leader(&self, p: usize, out: &mut Vec<Found>) {
        let Some(person) = self.person(p) else { return };
        if !self.mark(p + 1, ',') {
            return;
        }
        let mut r = p + 2;
        while self.is(
            r,
            &[
                "le", "la", "l", "son", "sa", "nouveau", "nouvelle", "ancien", "ancienne", "actuel", "actuelle",
            ],
        ) && !(self.is(r, &["la"]) && self.is(r + 1, &["tete"]))
        {
            r += 1;
        }
        let start = r;
        if self.is(r, &["ex", "vice", "co"]) {
            r += 1;
        }
        if self.is(r, &["a"]) && self.is(r + 1, &["la"]) {
            r += 2;
        } else if self.is(r, &["la"]) {
            r += 1;
        }
        if !self.is(r, ROLES) {
            return;
        }
        // The role runs to the "de" before the organisation.
        let Some(de) = (r..(r + 6).min(self.it.len()))
            .take_while(|&j| self.word(j).is_some())
            .find(|&j| self.is(j, &["de", "d", "du", "des"]))
        else {
            return;
        };
        let led = (de..(de + 7).min(self.it.len()))
            .take_while(|&j| !matches!(self.it[j].piece, Piece::Mark(_)))
            .find_map(|j| self.org(j));
        let (Some(led), Some(first), Some(last)) = (led, self.it.get(start), self.it.get(de - 1)) else {
            return;
        };
        let role = lower(&self.text[first.range.start..last.range.end]);
        let role = if fold(&role).ends_with("tete") {
            "à la tête".to_owned()
        } else {
            role
        };
        out.push(Found {
            kind: RelationKind::Leadership,
            subject: person,
            object: led,
            value: Some(role),
            at: p,
        });
    }

    /// The calendar date the sentence gives nearest item `at`, at most
    /// [`DATE_REACH`] items away (farther, it dates another clause).
    fn date_near(&self, at: usize) -> Option<PubDate> {
        (at.saturating_sub(DATE_REACH)..(at + DATE_REACH + 1).min(self.it.len()))
            .filter_map(|j| {
                let date = self.value(j, EntityType::Date)?;
                PubDate::parse(&date).ok().map(|d| (j.abs_diff(at), d))
            })
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, d)| d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_labels_round_trip() {
        for k in RelationKind::ALL {
            assert_eq!(RelationKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(RelationKind::parse("owner"), None);
    }
}
