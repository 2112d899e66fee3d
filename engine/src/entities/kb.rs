//! The knowledge base: curated entities with their aliases, read from
//! `entities.toml`, and the matcher that finds them in text.
//!
//! ```toml
//! [[entity]]
//! name = "Caisse des Dépôts"          # canonical name (required); always matches
//! type = "ORG"                        # PER, ORG, LOC or MISC (required)
//! aliases = ["CDC", "Caisse des dépôts et consignations"]
//! description = "Institution financière publique française."
//! wikidata = "Q…"                     # optional
//! case_sensitive = false              # true for names that are also common words
//! not_after = ["secrétaire d"]        # not a mention when the text just before ends so
//! ```
//!
//! Matching works on the analyzer's tokens, so case, accents, every
//! apostrophe form and elisions ("l’État" is "État") are handled as in
//! search; of the names starting at a word, the longest wins ("Orange Cloud
//! for Business", not "Orange"), scanning left to right.

use super::{EntityType, Mention, Source};
use crate::analysis::{analyze, fold, Token, TokenKind};
use std::collections::BTreeMap;

/// One curated entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KbEntity {
    /// Stable id, from the canonical name.
    pub id: String,
    /// Canonical name.
    pub name: String,
    /// PER, ORG, LOC or MISC.
    pub kind: EntityType,
    /// Other names, spellings and misspellings.
    pub aliases: Vec<String>,
    /// One line about it.
    pub description: Option<String>,
    /// Wikidata id, when known.
    pub wikidata: Option<String>,
    /// Match only with the case written here.
    pub case_sensitive: bool,
    /// Folded endings of the text before a mention that rule it out.
    pub not_after: Vec<String>,
}

/// The entities and an index of their names by token sequence.
#[derive(Debug, Clone)]
pub struct KnowledgeBase {
    entities: Vec<KbEntity>,
    /// Folded token sequence → (entity, the name as written).
    /// Keys are the terms joined by U+0001, so a lookup needs no allocation.
    names: BTreeMap<String, Vec<(usize, String)>>,
    /// First terms of the names, sorted: a quick "no name starts here".
    /// With the most terms a name starting so has.
    firsts: Vec<(String, usize)>,
    /// First bytes of those terms: a quicker one.
    first_bytes: [bool; 256],
}

impl Default for KnowledgeBase {
    /// An empty knowledge base: only patterns and heuristics find anything.
    fn default() -> Self {
        KnowledgeBase::new(Vec::new())
    }
}

impl KnowledgeBase {
    /// A knowledge base of these entities.
    pub fn new(entities: Vec<KbEntity>) -> Self {
        let mut names: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
        let mut firsts: Vec<(String, usize)> = Vec::new();
        for (i, e) in entities.iter().enumerate() {
            for name in std::iter::once(&e.name).chain(&e.aliases) {
                let key = terms(name);
                if !key.is_empty() {
                    firsts.push((key[0].clone(), key.len()));
                    names.entry(key.join("\u{1}")).or_default().push((i, name.clone()));
                }
            }
        }
        firsts.sort();
        let mut first_bytes = [false; 256];
        for (f, _) in &firsts {
            if let Some(&b) = f.as_bytes().first() {
                first_bytes[usize::from(b)] = true;
            }
        }
        // Sorted by term then length: keep the last (longest) of each term.
        firsts.reverse();
        firsts.dedup_by(|a, b| a.0 == b.0);
        firsts.reverse();
        KnowledgeBase {
            entities,
            names,
            firsts,
            first_bytes,
        }
    }

    /// The entities.
    pub fn entities(&self) -> &[KbEntity] {
        &self.entities
    }

    /// The entity with this id.
    pub fn get(&self, id: &str) -> Option<&KbEntity> {
        self.entities.iter().find(|e| e.id == id)
    }

    /// Mentions of the knowledge base's entities in `text`, in order.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        self.find_in(text, &super::words_of(analyze(text)))
    }

    /// Mentions, from `text`'s tokens without compounds (shared by every recognizer).
    pub fn find_in(&self, text: &str, tokens: &[Token]) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut key = String::new();
        let mut i = 0;
        while i < tokens.len() {
            // Most words start no name: one binary search rules them out.
            let first = tokens[i].term.as_bytes().first().map_or(0, |&b| usize::from(b));
            let longest = match self.first_bytes[first] {
                true => self
                    .firsts
                    .binary_search_by(|(f, _)| f.as_str().cmp(&tokens[i].term))
                    .ok(),
                false => None,
            };
            let Some(longest) = longest.map(|at| self.firsts[at].1) else {
                i += 1;
                continue;
            };
            let mut found = None;
            for len in (1..=longest.min(tokens.len() - i)).rev() {
                let window = &tokens[i..i + len];
                key.clear();
                for (n, t) in window.iter().enumerate() {
                    if n > 0 {
                        key.push('\u{1}');
                    }
                    key.push_str(&t.term);
                }
                let Some(candidates) = self.names.get(key.as_str()) else {
                    continue;
                };
                let (start, mut end) = (window[0].range.start, window[len - 1].range.end);
                if !window
                    .windows(2)
                    .all(|w| joined(&text[w[0].range.end..w[1].range.start]))
                {
                    continue;
                }
                let hit = candidates.iter().find(|(e, written)| {
                    let e = &self.entities[*e];
                    (!e.case_sensitive || same_case(&text[start..end], written))
                        && !e.not_after.iter().any(|before| {
                            // Only the text just before matters: fold its last few dozen characters.
                            let from = text[..start].char_indices().rev().nth(40).map_or(0, |(i, _)| i);
                            fold(&text[from..start])
                                .trim_end_matches(['\'', ' '])
                                .ends_with(before.as_str())
                        })
                });
                if let Some((e, written)) = hit {
                    // "Cloud28+": punctuation that ends the name is part of it.
                    let tail = &written[written.trim_end_matches(|c: char| !c.is_alphanumeric()).len()..];
                    if !tail.is_empty() && text[end..].starts_with(tail) {
                        end += tail.len();
                    }
                    found = Some((*e, start..end, len));
                    break;
                }
            }
            match found {
                Some((e, range, len)) => {
                    let entity = &self.entities[e];
                    out.push(Mention {
                        range,
                        kind: entity.kind,
                        id: entity.id.clone(),
                        canonical: entity.name.clone(),
                        source: Source::Kb,
                        confidence: 0.95,
                    });
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }
}

/// Folded terms of a name, without compounds (their parts are there).
fn terms(name: &str) -> Vec<String> {
    analyze(name)
        .into_iter()
        .filter(|t| t.kind != TokenKind::Compound)
        .map(|t| t.term)
        .collect()
}

/// Words of one name are separated by spaces, a hyphen or an apostrophe, not by punctuation.
fn joined(gap: &str) -> bool {
    gap.chars().all(|c| c.is_whitespace()) || matches!(gap, "-" | "'" | "’" | "/")
}

/// The text is written like the name (apostrophe forms and spacing aside).
fn same_case(text: &str, name: &str) -> bool {
    // Compared character by character, without allocating: runs on every match of such a name.
    let norm = |c: char| if matches!(c, '’' | '‘' | 'ʼ') { '\'' } else { c };
    let mut a = text
        .split_whitespace()
        .flat_map(|w| std::iter::once(' ').chain(w.chars()))
        .map(norm);
    let mut b = name
        .split_whitespace()
        .flat_map(|w| std::iter::once(' ').chain(w.chars()))
        .map(norm);
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (x, y) if x == y => {}
            _ => return false,
        }
    }
}

#[cfg(feature = "fs")]
mod parse {
    use super::{EntityType, KbEntity, KnowledgeBase};
    use crate::analysis::fold;
    use crate::catalog::CatalogError;
    use crate::entities::id_of;
    use serde::Deserialize;
    use std::path::Path;
    use toml::Spanned;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawKb {
        #[serde(default)]
        entity: Vec<RawEntity>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawEntity {
        name: Spanned<String>,
        #[serde(rename = "type")]
        kind: Spanned<String>,
        #[serde(default)]
        aliases: Vec<String>,
        description: Option<String>,
        wikidata: Option<Spanned<String>>,
        #[serde(default)]
        case_sensitive: bool,
        #[serde(default)]
        not_after: Vec<String>,
    }

    impl KnowledgeBase {
        /// Parses `entities.toml` text; `path` is only used in error messages,
        /// which name the file, line and column.
        pub fn parse(path: &Path, text: &str) -> Result<KnowledgeBase, CatalogError> {
            let at = |offset: usize, message: String| CatalogError::at(path, text, offset, message);
            let raw: RawKb =
                toml::from_str(text).map_err(|e| at(e.span().map_or(0, |s| s.start), e.message().trim().to_owned()))?;
            let mut entities: Vec<KbEntity> = Vec::new();
            for e in raw.entity {
                let kind = match EntityType::parse(e.kind.get_ref()) {
                    Some(k @ (EntityType::Per | EntityType::Org | EntityType::Loc | EntityType::Misc)) => k,
                    _ => {
                        return Err(at(
                            e.kind.span().start,
                            format!("type must be PER, ORG, LOC or MISC, found {:?}", e.kind.get_ref()),
                        ))
                    }
                };
                let name = e.name.get_ref().trim().to_owned();
                let id = id_of(&name);
                if id.is_empty() {
                    return Err(at(
                        e.name.span().start,
                        "an entity needs a name with letters or digits".into(),
                    ));
                }
                if entities.iter().any(|other| other.id == id) {
                    return Err(at(
                        e.name.span().start,
                        format!("{name:?} is already in the knowledge base"),
                    ));
                }
                if let Some(w) = &e.wikidata {
                    let v = w.get_ref();
                    if !(v.starts_with('Q') && v.len() > 1 && v[1..].bytes().all(|b| b.is_ascii_digit())) {
                        return Err(at(w.span().start, format!("wikidata must look like Q123, found {v:?}")));
                    }
                }
                entities.push(KbEntity {
                    id,
                    name,
                    kind,
                    aliases: e.aliases,
                    description: e.description,
                    wikidata: e.wikidata.map(Spanned::into_inner),
                    case_sensitive: e.case_sensitive,
                    not_after: e.not_after.iter().map(|s| fold(s)).collect(),
                });
            }
            Ok(KnowledgeBase::new(entities))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn seeds_kb() -> KnowledgeBase {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds/entities.toml");
        KnowledgeBase::parse(&path, &std::fs::read_to_string(&path).unwrap()).unwrap()
    }

    fn found(kb: &KnowledgeBase, text: &str) -> Vec<(String, String)> {
        kb.find(text)
            .into_iter()
            .map(|m| (text[m.range].to_owned(), m.id))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|&(a, b)| (a.to_owned(), b.to_owned())).collect()
    }

    #[test]
    fn knowledge_base_matching_table() {
        let kb = seeds_kb();
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "dans son entité Orange Cloud for Business au début",
                &[("Orange Cloud for Business", "orange-cloud-for-business")],
            ),
            (
                "Orange rachète Cloudwatt",
                &[("Orange", "orange"), ("Cloudwatt", "cloudwatt")],
            ),
            ("une couleur orange", &[]),
            ("Thalès et Thales", &[("Thalès", "thales"), ("Thales", "thales")]),
            (
                "la CDC et la Caisse des dépôts et consignations",
                &[
                    ("CDC", "caisse-des-depots"),
                    ("Caisse des dépôts et consignations", "caisse-des-depots"),
                ],
            ),
            ("au luxembourgeois Altis", &[("Altis", "altice")]),
            (
                "Patrick Strack, Patrick Stark",
                &[
                    ("Patrick Strack", "patrick-strack"),
                    ("Patrick Stark", "patrick-strack"),
                ],
            ),
            ("financé par l’État ayant", &[("État", "etat-francais")]),
            (
                "la secrétaire d'Etat chargée du Numérique Axelle Lemaire",
                &[("Axelle Lemaire", "axelle-lemaire")],
            ),
            ("un état larvaire", &[]),
            (
                "SFR-Numéricable et Bull-Atos",
                &[("SFR-Numéricable", "numericable-sfr"), ("Bull-Atos", "atos-bull")],
            ),
            ("à Val de Rueil", &[("Val de Rueil", "val-de-reuil")]),
            ("exemple Cloud28+. Ce projet", &[("Cloud28+", "cloud28")]),
            ("Orange. Cloud", &[("Orange", "orange")]),
        ];
        for (text, want) in cases {
            assert_eq!(found(&kb, text), pairs(want), "{text:?}");
        }
    }

    #[test]
    fn malformed_knowledge_bases_name_the_line() {
        let cases = [
            ("[[entity]]\nname = \"X\"\ntype = \"PERSON\"\n", 3, "type must be"),
            (
                "[[entity]]\nname = \"X\"\ntype = \"ORG\"\nwikidata = \"42\"\n",
                4,
                "wikidata",
            ),
            (
                "[[entity]]\nname = \"X\"\ntype = \"ORG\"\n[[entity]]\nname = \"x\"\ntype = \"ORG\"\n",
                5,
                "already",
            ),
            (
                "[[entity]]\nname = \"X\"\ntype = \"ORG\"\nalias = []\n",
                4,
                "unknown field",
            ),
        ];
        for (text, line, needle) in cases {
            let err = KnowledgeBase::parse(Path::new("kb.toml"), text).unwrap_err();
            assert_eq!(err.line, line, "{err}");
            assert!(err.message.contains(needle), "{err}");
        }
    }
}
