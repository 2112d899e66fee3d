//! Entity lookups on the seed corpus: what the app's entity search, related
//! lists and per-type pages read.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

use loupe_engine::entities::lookup::MatchKind;
use loupe_engine::entities::EntityType;
use loupe_engine::{load_dir, Corpus};
use std::path::Path;
use std::sync::OnceLock;

fn seeds() -> &'static Corpus {
    static SEEDS: OnceLock<Corpus> = OnceLock::new();
    SEEDS.get_or_init(|| load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds")).unwrap())
}

fn index_of(name: &str) -> usize {
    let table = &seeds().entities;
    table.entities.iter().position(|e| e.name == name).expect(name)
}

/// (name, kind) of the first answer to a lookup.
fn first(query: &str) -> (String, MatchKind) {
    let table = &seeds().entities;
    let (i, m) = table.lookup(query).into_iter().next().expect(query);
    (table.entities[i].name.clone(), m.kind)
}

#[test]
fn an_alias_finds_its_entity_whatever_the_case_and_accents() {
    assert_eq!(first("cdc"), ("Caisse des Dépôts".to_owned(), MatchKind::Alias));
    assert_eq!(
        first("CAISSE DES DEPOTS"),
        ("Caisse des Dépôts".to_owned(), MatchKind::Exact)
    );
    // Accents never matter: "Thalès" is the name itself, not its alias.
    assert_eq!(first("Thalès"), ("Thales".to_owned(), MatchKind::Exact));
    assert_eq!(first("altis"), ("Altice".to_owned(), MatchKind::Alias));
    assert_eq!(first("val de reuil"), ("Val-de-Reuil".to_owned(), MatchKind::Exact));
}

#[test]
fn the_exact_name_comes_before_longer_names_that_start_with_it() {
    let table = &seeds().entities;
    let found: Vec<(&str, MatchKind)> = table
        .lookup("orange")
        .iter()
        .map(|(i, m)| (table.entities[*i].name.as_str(), m.kind))
        .collect();
    assert_eq!(found[0], ("Orange", MatchKind::Exact));
    assert!(found.len() >= 3, "{found:?}");
    assert!(
        found[1..]
            .iter()
            .all(|(n, k)| n.starts_with("Orange ") && *k == MatchKind::Prefix),
        "{found:?}"
    );
    assert!(found.windows(2).all(|w| w[0].1 <= w[1].1), "ranked by kind");
}

#[test]
fn a_word_prefix_and_a_word_inside_find_names() {
    let table = &seeds().entities;
    let numer: Vec<&str> = table
        .lookup("numer")
        .iter()
        .map(|(i, _)| table.entities[*i].name.as_str())
        .collect();
    for name in ["Numergy", "Numericable", "Numericable-SFR"] {
        assert!(numer.contains(&name), "{numer:?}");
    }
    assert_eq!(first("renard"), ("Didier Renard".to_owned(), MatchKind::Inside));
    // "Patrick Stark" is a spelling of Patrick Strack in the knowledge base.
    assert_eq!(first("stark"), ("Patrick Strack".to_owned(), MatchKind::Inside));
}

#[test]
fn a_misspelt_name_finds_the_closest_flagged_approximate() {
    let table = &seeds().entities;
    let found = table.lookup("renart");
    let (i, m) = &found[0];
    assert_eq!(table.entities[*i].name, "Didier Renard");
    assert!(m.is_approximate() && m.distance == 1);
    assert!(found.iter().all(|(_, m)| m.is_approximate()));
    assert!(table
        .lookup("numergi")
        .iter()
        .any(|(i, m)| table.entities[*i].name == "Numergy" && m.is_approximate()));
    assert!(table.lookup("qwxz").is_empty());
}

#[test]
fn atos_bull_relates_to_atos_and_to_bull_and_back() {
    let table = &seeds().entities;
    let names = |i: usize| -> Vec<&str> {
        table
            .related(i)
            .into_iter()
            .map(|j| table.entities[j].name.as_str())
            .collect()
    };
    let mut pair = names(index_of("Atos-Bull"));
    pair.sort();
    assert_eq!(pair, ["Atos", "Bull"]);
    assert_eq!(names(index_of("Atos")), ["Atos-Bull"]);
    assert_eq!(names(index_of("Bull")), ["Atos-Bull"]);
    assert!(names(index_of("Numericable-SFR")).contains(&"SFR"));
    assert!(names(index_of("Caisse des Dépôts")).is_empty());
    for a in 0..table.entities.len() {
        for b in table.related(a) {
            assert!(table.related(b).contains(&a), "{a} → {b} but not back");
        }
    }
}

#[test]
fn by_type_lists_every_entity_of_the_type_with_its_counts() {
    let corpus = seeds();
    let table = &corpus.entities;
    for ty in EntityType::ALL {
        let listed = table.by_type(ty);
        let of_type = table.entities.iter().filter(|e| e.kind == ty).count();
        assert_eq!(listed.len(), of_type, "{ty:?}");
        for &(i, mentions, docs) in &listed {
            assert_eq!(table.entities[i].kind, ty);
            let per_doc: Vec<usize> = (0..corpus.docs.len())
                .map(|d| table.of(d).iter().filter(|m| m.entity as usize == i).count())
                .collect();
            assert_eq!(mentions, per_doc.iter().sum::<usize>(), "{}", table.entities[i].name);
            assert_eq!(
                docs,
                per_doc.iter().filter(|&&n| n > 0).count(),
                "{}",
                table.entities[i].name
            );
        }
        assert!(
            listed.windows(2).all(|w| (w[0].1, w[0].2) >= (w[1].1, w[1].2)),
            "{ty:?} most mentioned first"
        );
    }
    let people: Vec<&str> = table
        .by_type(EntityType::Per)
        .iter()
        .map(|(i, _, _)| table.entities[*i].name.as_str())
        .collect();
    assert!(people.contains(&"Didier Renard"));
    assert!(
        !people.contains(&"buchachon"),
        "a photo credit is not one of the people: {people:?}"
    );
}
