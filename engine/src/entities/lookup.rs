//! Finding entities of a corpus by what a reader types, the entities linked
//! to one, and all the entities of a type: the lookups behind the app's
//! entity search, "related" lists and per-type pages.
//!
//! Names are compared as words, case and accents folded: "caisse des
//! depots", "CAISSE DES DÉPÔTS" and "Caisse  des Dépôts" are one name, and
//! "Atos-Bull" is the words "atos" and "bull".
//!
//! ```
//! use loupe_engine::entities::lookup::MatchKind;
//! use loupe_engine::entities::table::{EntityInfo, EntityTable};
//! use loupe_engine::entities::EntityType;
//!
//! let entity = |name: &str, aliases: &[&str]| EntityInfo {
//!     id: loupe_engine::entities::id_of(name),
//!     name: name.into(),
//!     kind: EntityType::Org,
//!     aliases: aliases.iter().map(|a| a.to_string()).collect(),
//!     description: None,
//!     wikidata: None,
//! };
//! let table = EntityTable {
//!     entities: vec![entity("Atos", &[]), entity("Atos-Bull", &[]), entity("Caisse des Dépôts", &["CDC"])],
//!     mentions: Default::default(),
//! };
//! let found = table.lookup("cdc");
//! assert_eq!((found[0].0, found[0].1.kind), (2, MatchKind::Alias));
//! assert_eq!(table.related(0), [1]); // "Atos-Bull" names "Atos"
//! ```

use super::table::EntityTable;
use super::EntityType;
use crate::analysis::{fold, is_stop_word};
use crate::fuzzy::distance;

/// How a name matched a lookup, best first (the order ranks results).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchKind {
    /// The whole canonical name (or the entity's id).
    Exact,
    /// The whole of another name of the entity: an alias or spelling.
    Alias,
    /// The first words of a name, the last typed word possibly cut short
    /// ("numer" → "Numergy", "caisse d" → "Caisse des Dépôts").
    Prefix,
    /// Words inside a name, from a later word on ("renard" → "Didier Renard").
    Inside,
    /// Nothing matched: a name, or a word of it, a few edits away
    /// ("renart" → "Didier Renard"). Only returned when no other kind is.
    Approximate,
}

/// Why an entity answers a lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// How it matched.
    pub kind: MatchKind,
    /// The name or alias that matched, as written in the table.
    pub name: String,
    /// Edits between the query and that name (or its closest word): 0 unless
    /// [`MatchKind::Approximate`].
    pub distance: u32,
}

impl Match {
    /// True when the match is only a guess at a misspelling.
    pub fn is_approximate(&self) -> bool {
        self.kind == MatchKind::Approximate
    }
}

/// Most edits an approximate match may need for a query of `chars`
/// characters: one per three characters, at least 1 and at most 3, so a
/// short query does not match every short name.
fn max_edits(chars: usize) -> u32 {
    (chars / 3).clamp(1, 3) as u32
}

/// Folded words of a name: lowercase, no accents, split on anything that is
/// not a letter or a digit (spaces, hyphens, apostrophes).
fn words(name: &str) -> Vec<String> {
    fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whether `name` has `query` at word `at`, the last query word possibly a
/// prefix of its name word.
fn matches_at(name: &[String], query: &[String], at: usize) -> bool {
    let Some(window) = name.get(at..at + query.len()) else {
        return false;
    };
    let last = query.len() - 1;
    window
        .iter()
        .zip(query)
        .enumerate()
        .all(|(i, (n, q))| if i == last { n.starts_with(q.as_str()) } else { n == q })
}

/// Whether `part` appears in `whole` as a run of whole words.
fn contains_words(whole: &[String], part: &[String]) -> bool {
    !part.is_empty() && part.len() < whole.len() && whole.windows(part.len()).any(|w| w == part)
}

impl EntityTable {
    /// Mentions and documents of each entity, by entity index.
    pub fn counts(&self) -> Vec<(usize, usize)> {
        let mut counts = vec![(0usize, 0usize); self.entities.len()];
        let mut last_doc = vec![usize::MAX; self.entities.len()];
        for (d, mentions) in self.mentions.iter().enumerate() {
            for m in mentions {
                let e = m.entity as usize;
                if let Some(c) = counts.get_mut(e) {
                    c.0 += 1;
                    if last_doc[e] != d {
                        last_doc[e] = d;
                        c.1 += 1;
                    }
                }
            }
        }
        counts
    }

    /// Entities whose names answer `query`, best first, each once with its
    /// best match: the canonical name whole ([`MatchKind::Exact`]), an alias
    /// whole ([`MatchKind::Alias`]), the first words of a name
    /// ([`MatchKind::Prefix`]), words inside one ([`MatchKind::Inside`]);
    /// case and accents never matter. Ties go to the most mentioned entity,
    /// then the name in alphabetical order.
    ///
    /// When nothing matches so, the names (or words of names) closest to the
    /// query by edit distance, closest first, flagged
    /// [`MatchKind::Approximate`]; none further than a third of the query's
    /// length (at least one edit, at most three). An empty query finds nothing.
    pub fn lookup(&self, query: &str) -> Vec<(usize, Match)> {
        let q = words(query);
        if q.is_empty() {
            return Vec::new();
        }
        let id = q.join("-");
        let counts = self.counts();
        let mut found: Vec<(usize, Match)> = Vec::new();
        for (i, e) in self.entities.iter().enumerate() {
            let names = std::iter::once((true, &e.name)).chain(e.aliases.iter().map(|a| (false, a)));
            let mut best: Option<Match> = None;
            for (canonical, name) in names {
                let w = words(name);
                let kind = if w == q || (canonical && e.id == id) {
                    Some(if canonical { MatchKind::Exact } else { MatchKind::Alias })
                } else if matches_at(&w, &q, 0) {
                    Some(MatchKind::Prefix)
                } else if (1..w.len()).any(|at| !is_stop_word(&w[at]) && matches_at(&w, &q, at)) {
                    Some(MatchKind::Inside)
                } else {
                    None
                };
                if let Some(kind) = kind {
                    if best.as_ref().is_none_or(|b| kind < b.kind) {
                        best = Some(Match {
                            kind,
                            name: name.clone(),
                            distance: 0,
                        });
                    }
                }
            }
            found.extend(best.map(|m| (i, m)));
        }
        if found.is_empty() {
            found = self.closest(&q);
        }
        crate::sort::by(&mut found, &|(a, ma), (b, mb)| {
            (ma.kind, ma.distance)
                .cmp(&(mb.kind, mb.distance))
                .then(counts[*b].0.cmp(&counts[*a].0))
                .then_with(|| fold(&self.entities[*a].name).cmp(&fold(&self.entities[*b].name)))
                .then(a.cmp(b))
        });
        found
    }

    /// Entities with a name, or a word of a name (not a stop word), within
    /// [`max_edits`] of the query words.
    fn closest(&self, q: &[String]) -> Vec<(usize, Match)> {
        let query = q.join(" ");
        let limit = max_edits(query.chars().count());
        let mut out = Vec::new();
        for (i, e) in self.entities.iter().enumerate() {
            let mut best: Option<Match> = None;
            for name in std::iter::once(&e.name).chain(&e.aliases) {
                let w = words(name);
                let whole = w.join(" ");
                let parts = w.iter().filter(|p| !is_stop_word(p)).map(String::as_str);
                for candidate in std::iter::once(whole.as_str()).chain(parts) {
                    let d = distance(&query, candidate);
                    if d <= limit && best.as_ref().is_none_or(|b| d < b.distance) {
                        best = Some(Match {
                            kind: MatchKind::Approximate,
                            name: name.clone(),
                            distance: d,
                        });
                    }
                }
            }
            out.extend(best.map(|m| (i, m)));
        }
        out
    }

    /// Entities the corpus links to the entity at `index`, most mentioned
    /// first: those with a name that contains one of its names as whole
    /// words, or whose names it contains ("Atos-Bull" and "Atos",
    /// "Atos-Bull" and "Bull", "Orange Cloud for Business" and "Orange").
    /// The link goes both ways: `b` is in `related(a)` exactly when `a` is in
    /// `related(b)`. Only named entities (people, organisations, places,
    /// other names) link so; sums, percentages and dates have none. The
    /// knowledge base (`entities.toml`) has no field for relations, so names
    /// are the only link. An index out of range has none.
    pub fn related(&self, index: usize) -> Vec<usize> {
        let named = |t: EntityType| {
            matches!(
                t,
                EntityType::Per | EntityType::Org | EntityType::Loc | EntityType::Misc
            )
        };
        let Some(entity) = self.entities.get(index).filter(|e| named(e.kind)) else {
            return Vec::new();
        };
        let names_of = |e: &super::table::EntityInfo| -> Vec<Vec<String>> {
            std::iter::once(&e.name).chain(&e.aliases).map(|n| words(n)).collect()
        };
        let mine = names_of(entity);
        let counts = self.counts();
        let mut out: Vec<usize> = self
            .entities
            .iter()
            .enumerate()
            .filter(|&(i, e)| i != index && named(e.kind))
            .filter(|(_, e)| {
                let theirs = names_of(e);
                mine.iter()
                    .any(|a| theirs.iter().any(|b| contains_words(a, b) || contains_words(b, a)))
            })
            .map(|(i, _)| i)
            .collect();
        crate::sort::by(&mut out, &|a, b| counts[*b].0.cmp(&counts[*a].0).then(a.cmp(b)));
        out
    }

    /// Every entity of type `ty` as (entity index, mentions, documents), most
    /// mentioned first, then in the most documents, then by name: the
    /// listing of a page of all the people, or all the places.
    pub fn by_type(&self, ty: EntityType) -> Vec<(usize, usize, usize)> {
        let counts = self.counts();
        let mut out: Vec<(usize, usize, usize)> = self
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == ty)
            .map(|(i, _)| (i, counts[i].0, counts[i].1))
            .collect();
        crate::sort::by(&mut out, &|a, b| {
            (b.1, b.2)
                .cmp(&(a.1, a.2))
                .then_with(|| fold(&self.entities[a.0].name).cmp(&fold(&self.entities[b.0].name)))
                .then(a.0.cmp(&b.0))
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::table::{DocMention, EntityInfo};
    use crate::entities::Source;

    fn entity(name: &str, kind: EntityType, aliases: &[&str]) -> EntityInfo {
        EntityInfo {
            id: crate::entities::id_of(name),
            name: name.into(),
            kind,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            description: None,
            wikidata: None,
        }
    }

    /// A small table: entity `i` is mentioned `mentions[i]` times, spread
    /// over `docs[i]` documents.
    fn table(entities: Vec<EntityInfo>, mentions: &[usize], docs: &[usize]) -> EntityTable {
        let mut per_doc: Vec<Vec<DocMention>> = vec![Vec::new(); 4];
        for (e, (&n, &d)) in mentions.iter().zip(docs).enumerate() {
            for k in 0..n {
                per_doc[k % d].push(DocMention {
                    range: 0..1,
                    entity: e as u32,
                    source: Source::Kb,
                    confidence: 100,
                });
            }
        }
        EntityTable {
            entities,
            mentions: per_doc.into(),
        }
    }

    fn sample() -> EntityTable {
        use EntityType::*;
        table(
            vec![
                entity("Atos", Org, &[]),                          // 0
                entity("Atos-Bull", Org, &["Bull-Atos"]),          // 1
                entity("Bull", Org, &[]),                          // 2
                entity("Caisse des Dépôts", Org, &["CDC"]),        // 3
                entity("Didier Renard", Per, &[]),                 // 4
                entity("Stark Industries", Org, &[]),              // 5
                entity("Patrick Strack", Per, &["Patrick Stark"]), // 6
                entity("Starkey", Org, &[]),                       // 7
                entity("État français", Org, &["État"]),           // 8
                entity("75 000 000 EUR", Money, &[]),              // 9
                entity("Orange", Org, &[]),                        // 10
                entity("Orange Cloud for Business", Org, &[]),     // 11
            ],
            &[3, 2, 4, 5, 1, 2, 1, 6, 2, 2, 7, 1],
            &[2, 1, 3, 4, 1, 1, 1, 2, 2, 1, 4, 1],
        )
    }

    /// (name, kind) of what a lookup returns, in order.
    fn looked_up(t: &EntityTable, query: &str) -> Vec<(String, MatchKind)> {
        t.lookup(query)
            .into_iter()
            .map(|(i, m)| (t.entities[i].name.clone(), m.kind))
            .collect()
    }

    #[test]
    fn lookup_table() {
        use MatchKind::*;
        let t = sample();
        let s = |v: &[(&str, MatchKind)]| -> Vec<(String, MatchKind)> {
            v.iter().map(|(n, k)| (n.to_string(), *k)).collect()
        };
        let cases: &[(&str, &[(&str, MatchKind)])] = &[
            ("cdc", &[("Caisse des Dépôts", Alias)]),
            ("CAISSE DES DEPOTS", &[("Caisse des Dépôts", Exact)]),
            ("caisse-des-depots", &[("Caisse des Dépôts", Exact)]),
            ("caisse d", &[("Caisse des Dépôts", Prefix)]),
            ("etat", &[("État français", Alias)]),
            // Exact first, then prefixes (Starkey is mentioned more than Stark Industries), then inside.
            (
                "stark",
                &[
                    ("Starkey", Prefix),
                    ("Stark Industries", Prefix),
                    ("Patrick Strack", Inside),
                ],
            ),
            ("atos", &[("Atos", Exact), ("Atos-Bull", Prefix)]),
            // The start of an alias ("Bull-Atos") outranks a word inside the name.
            ("bull", &[("Bull", Exact), ("Atos-Bull", Prefix)]),
            ("renard", &[("Didier Renard", Inside)]),
            ("orange", &[("Orange", Exact), ("Orange Cloud for Business", Prefix)]),
            ("cloud for", &[("Orange Cloud for Business", Inside)]),
            // "des" is a stop word: no name is found by it alone.
            ("des", &[]),
            ("", &[]),
            ("  -- ", &[]),
        ];
        for (query, want) in cases {
            assert_eq!(looked_up(&t, query), s(want), "{query:?}");
        }
    }

    #[test]
    fn when_nothing_matches_the_closest_names_are_flagged_approximate() {
        let t = sample();
        let found = t.lookup("renart");
        assert_eq!(found.len(), 1);
        assert_eq!(t.entities[found[0].0].name, "Didier Renard");
        assert!(found[0].1.is_approximate());
        assert_eq!(found[0].1.distance, 1);
        // A misspelt word of a longer query: the whole name is one swap away.
        let names: Vec<(&str, u32)> = t
            .lookup("didier renrad")
            .iter()
            .map(|(i, m)| (t.entities[*i].name.as_str(), m.distance))
            .collect();
        assert_eq!(names, [("Didier Renard", 1)]);
        let found = t.lookup("atoss");
        assert_eq!(
            found.iter().map(|(i, m)| (*i, m.distance)).collect::<Vec<_>>(),
            [(0, 1), (1, 1)],
            "the name and the word of a name are both one edit away"
        );
        assert!(t.lookup("zzzzzz").is_empty(), "nothing close: nothing");
        assert!(t.lookup("xy").is_empty(), "a short query allows one edit only");
    }

    #[test]
    fn a_name_containing_another_as_whole_words_relates_them_both_ways() {
        let t = sample();
        let names = |i: usize| -> Vec<&str> { t.related(i).into_iter().map(|j| t.entities[j].name.as_str()).collect() };
        assert_eq!(names(1), ["Bull", "Atos"], "most mentioned first");
        assert_eq!(names(0), ["Atos-Bull"]);
        assert_eq!(names(2), ["Atos-Bull"]);
        assert_eq!(names(10), ["Orange Cloud for Business"]);
        assert_eq!(names(11), ["Orange"]);
        assert!(names(3).is_empty());
        // "Stark" is a word of an alias, but no entity is named "Stark" alone;
        // "Starkey" only starts like it.
        assert!(names(5).is_empty() && names(7).is_empty());
        assert!(t.related(9).is_empty(), "sums have no relations");
        assert!(t.related(99).is_empty());
        for a in 0..t.entities.len() {
            for b in t.related(a) {
                assert!(t.related(b).contains(&a), "{a} → {b} but not back");
            }
        }
    }

    #[test]
    fn by_type_lists_one_type_most_mentioned_first() {
        let t = sample();
        let people: Vec<(&str, usize, usize)> = t
            .by_type(EntityType::Per)
            .into_iter()
            .map(|(i, m, d)| (t.entities[i].name.as_str(), m, d))
            .collect();
        // Equal counts: by name.
        assert_eq!(people, [("Didier Renard", 1, 1), ("Patrick Strack", 1, 1)]);
        let orgs = t.by_type(EntityType::Org);
        assert_eq!(orgs.len(), 9);
        assert_eq!(t.entities[orgs[0].0].name, "Orange");
        assert_eq!((orgs[0].1, orgs[0].2), (7, 4));
        assert!(orgs.windows(2).all(|w| w[0].1 >= w[1].1));
        // Starkey (6 mentions, 2 documents) after Orange (7), before Caisse des Dépôts (5).
        assert_eq!(t.entities[orgs[1].0].name, "Starkey");
        assert!(t.by_type(EntityType::Date).is_empty());
    }
}
