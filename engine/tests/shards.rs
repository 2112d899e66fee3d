//! The sharded corpus answers exactly as the whole one once the parts a
//! query needs have arrived, fetches only those, and refuses parts that are
//! not what its entry names.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

use loupe_engine::search::{Options, Results};
use loupe_engine::shards::{self, Part, Targets};
use loupe_engine::{load_dir, Corpus};
use std::collections::BTreeMap;
use std::path::Path;

fn seeds() -> Corpus {
    load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds")).unwrap()
}

/// Tiny targets, so that five articles make many shards of every kind.
fn tiny() -> Targets {
    Targets {
        dict_keys: 300,
        postings: 400,
        doc_group: 2,
        ids_per_bucket: 2,
        entities: 200,
        entities_whole: 0,
    }
}

/// Fetches every entity part (what the app's `want_entities` asks for).
fn fetch_entities(corpus: &mut Corpus, files: &Files) -> Vec<String> {
    let parts = shards::entity_parts(corpus);
    fetch(corpus, files, &parts)
}

/// The files of every entity part of a site.
fn entity_files(corpus: &Corpus) -> Vec<String> {
    let mut c = corpus.clone();
    if let Some(s) = c.shards.as_deref() {
        assert!(!s.has_entities());
    }
    let names: Vec<String> = shards::entity_parts(&c)
        .into_iter()
        .map(|p| shards::file(&c, p).unwrap())
        .collect();
    c.shards = None;
    names
}

type Files = BTreeMap<String, Vec<u8>>;

fn site(corpus: &Corpus, targets: &Targets) -> (Corpus, Files) {
    let files: Files = shards::write(corpus, targets).unwrap().into_iter().collect();
    let sharded = shards::open(&files[shards::ENTRY]).unwrap();
    (sharded, files)
}

/// Adds parts as the app does; returns the files fetched.
fn fetch(corpus: &mut Corpus, files: &Files, parts: &[Part]) -> Vec<String> {
    let mut fetched = Vec::new();
    for &p in parts {
        let name = shards::file(corpus, p).expect("a part the entry names");
        shards::add(corpus, p, &files[&name]).unwrap();
        fetched.push(name);
    }
    fetched
}

/// Searches until nothing is missing, then fetches what the shown hits
/// need and searches once more: the app's loop.
fn search(corpus: &mut Corpus, files: &Files, query: &str, options: &Options) -> (Results, Vec<String>) {
    let mut fetched = Vec::new();
    for _ in 0..10 {
        let results = corpus.search(query, options);
        let mut needs = shards::needs(corpus);
        if needs.is_empty() {
            let shown: Vec<usize> = results.hits.iter().map(|h| h.doc).collect();
            needs = shards::for_docs(corpus, &shown);
            if needs.is_empty() {
                return (results, fetched);
            }
        }
        fetched.extend(fetch(corpus, files, &needs));
    }
    panic!("{query}: the fetch loop does not converge");
}

const QUERIES: &[&str] = &[
    "cloud",
    "cloud souverain",
    "\"cloud souverain\"",
    "numergi",
    "orang*",
    "clouwatt",
    "sfr -numergy",
    "ovh or ikoula",
    "entity:Orange",
    "type:person",
    "source:lemagit",
    "date:2015",
    "zzzz",
    "thales OR bull",
    "+bill",
    "État",
];

#[test]
fn a_sharded_corpus_answers_as_the_whole_one() {
    let whole = seeds();
    let (mut sharded, files) = site(&whole, &tiny());
    let counts = sharded.shards.as_ref().unwrap().counts();
    assert!(
        counts.iter().all(|&c| c >= 2),
        "every kind is cut in several parts: {counts:?}"
    );
    for options in [
        Options::default(),
        Options {
            limit: 2,
            ..Options::default()
        },
    ] {
        for q in QUERIES {
            let want = whole.search(q, &options);
            let (got, _) = search(&mut sharded, &files, q, &options);
            if !sharded.shards.as_ref().unwrap().has_entities() {
                // Before the entities (asked at once by the app), the
                // entity facets are empty and nothing else differs.
                assert!(got.facets.types.is_empty() && got.facets.entities.is_empty(), "{q}");
                assert_eq!(got.facets.sources, want.facets.sources, "{q}");
                assert_eq!(got.hits, want.hits, "{q}");
                fetch_entities(&mut sharded, &files);
            }
            let (got, _) = search(&mut sharded, &files, q, &options);
            assert_eq!(got.total, want.total, "{q}");
            assert_eq!(got.hits, want.hits, "{q}");
            assert_eq!(got.facets, want.facets, "{q}");
            assert_eq!(got.warnings, want.warnings, "{q}");
            assert_eq!(got.suggestion, want.suggestion, "{q}");
            assert_eq!(got.approximate.len(), want.approximate.len(), "{q}");
        }
    }
    assert_eq!(sharded.summary(), whole.summary());
}

#[test]
fn a_query_fetches_only_what_it_needs() {
    let whole = seeds();
    let (mut sharded, files) = site(&whole, &tiny());
    let total = files.len() - 1;
    let one = Options {
        limit: 1,
        ..Options::default()
    };
    let (results, fetched) = search(&mut sharded, &files, "numergy", &one);
    assert_eq!(results.hits.len(), 1);
    assert!(
        fetched.len() < total / 3,
        "{} of {total} files for one word",
        fetched.len()
    );
    let docs = fetched.iter().filter(|f| f.starts_with("shards/doc-")).count();
    assert_eq!(docs, 1, "only the shown hit's text: {fetched:?}");
    assert!(fetched.iter().any(|f| f.starts_with("shards/cols-")));
    // A whole word found at once takes its own dictionary shards only, not
    // every shard of its first letter (a typo search runs only where the
    // word's own shard says it is not there).
    for word in ["souverain ", "cloudwatt ", "orange "] {
        let (results, fetched) = search(&mut sharded, &files, word, &Options::default());
        assert!(results.total > 0, "{word}");
        let dicts = fetched.iter().filter(|f| f.starts_with("shards/dict-")).count();
        assert!(dicts <= 2, "{word}: {dicts} dictionary shards: {fetched:?}");
    }
    let dict_shards = (0..).map_while(|n| shards::file(&sharded, Part::Dict(n))).count();
    assert!(
        dict_shards > 20,
        "the tiny targets make many dictionary shards: {dict_shards}"
    );
    // Asked again, nothing more is fetched.
    let (_, again) = search(&mut sharded, &files, "numergy", &one);
    assert!(again.is_empty(), "{again:?}");
}

/// The index parts a search asks for, round after round, on a corpus
/// opened afresh (clones share the parts that arrived).
fn index_rounds(files: &Files, query: &str) -> (Vec<Vec<Part>>, usize) {
    let mut corpus = shards::open(&files[shards::ENTRY]).unwrap();
    let mut rounds = Vec::new();
    for _ in 0..10 {
        let results = corpus.search(query, &Options::default());
        let (needed, ahead) = shards::needs_apart(&corpus);
        // Foreseen chunks come only with a dictionary shard, as postings.
        assert!(
            ahead.is_empty() || needed.iter().any(|p| matches!(p, Part::Dict(_))),
            "{query}: {ahead:?} without a shard"
        );
        assert!(ahead
            .iter()
            .all(|p| matches!(p, Part::Postings(_)) && !needed.contains(p)));
        let needs: Vec<Part> = needed.into_iter().chain(ahead).collect();
        if needs.is_empty() {
            return (rounds, results.total);
        }
        fetch(&mut corpus, files, &needs);
        let index: Vec<Part> = needs
            .into_iter()
            .filter(|p| matches!(p, Part::Dict(_) | Part::Postings(_)))
            .collect();
        if !index.is_empty() {
            rounds.push(index);
        }
    }
    panic!("{query}: the fetch loop does not converge");
}

#[test]
fn a_words_postings_are_asked_with_its_dictionary_shard() {
    let whole = seeds();
    let (_, files) = site(&whole, &tiny());
    let mut words: Vec<String> = whole
        .docs
        .iter()
        .flat_map(|d| d.text.split(|c: char| !c.is_alphabetic()))
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .collect();
    words.sort();
    words.dedup();
    assert!(words.len() > 500, "{}", words.len());
    let (mut found, mut at_once) = (0, 0);
    for word in words.iter().step_by(3) {
        let (rounds, total) = index_rounds(&files, &format!("{word} "));
        if total == 0 {
            continue;
        }
        found += 1;
        // The chunk of its own postings comes with the shard that says where they are.
        assert!(
            rounds[0].iter().any(|p| matches!(p, Part::Postings(_))),
            "{word}: {rounds:?}"
        );
        at_once += usize::from(rounds.len() == 1);
    }
    // (Its other forms may sit in chunks after the stem's range; with
    // chunks of 400 bytes, more often than with the real 48 KB.)
    assert!(found > 150, "{found}");
    assert!(at_once * 10 >= found * 8, "{at_once} of {found} words in one round");
}

#[test]
fn every_part_listed_can_be_added_whatever_is_still_on_its_way() {
    // Kept offline, the app fetches the listed parts in parallel and adds
    // them as they arrive: here some documents came, the entities did not yet.
    let (mut sharded, files) = site(&seeds(), &tiny());
    let docs: Vec<Part> = shards::all_parts(&sharded)
        .into_iter()
        .filter(|p| matches!(p, Part::Doc(n) if n % 2 == 0))
        .collect();
    assert!(docs.len() >= 2);
    fetch(&mut sharded, &files, &docs);
    for part in shards::all_parts(&sharded) {
        let mut c = sharded.clone();
        let name = shards::file(&c, part).expect("a part the entry names");
        assert!(
            shards::add(&mut c, part, &files[&name]).is_ok(),
            "{part:?} listed before it can be added"
        );
    }
}

#[test]
fn every_part_together_makes_the_whole_corpus() {
    let whole = seeds();
    let (mut sharded, files) = site(&whole, &tiny());
    assert_eq!(shards::progress(&sharded).0, 0);
    for _ in 0..3 {
        let parts = shards::all_parts(&sharded);
        fetch(&mut sharded, &files, &parts);
    }
    assert!(shards::all_parts(&sharded).is_empty());
    assert!(sharded.index.is_complete());
    let (done, all) = shards::progress(&sharded);
    assert_eq!(
        (done, all),
        (files.len() - 1, files.len() - 1),
        "every part counted once"
    );
    let bytes: usize = files
        .iter()
        .filter(|(n, _)| n.as_str() != shards::ENTRY)
        .map(|(_, b)| b.len())
        .sum();
    assert_eq!(
        sharded.shards.as_ref().unwrap().total_bytes(),
        bytes as u64,
        "the entry's total is the parts' bytes"
    );
    assert_eq!(sharded.docs, whole.docs);
    assert_eq!(sharded.entities, whole.entities);
    assert_eq!(sharded.relations, whole.relations);
    for n in 0..whole.index.term_count() as u32 {
        assert_eq!(sharded.index.term(n), whole.index.term(n));
        assert_eq!(sharded.index.postings(n), whole.index.postings(n));
    }
}

#[test]
fn documents_are_found_by_id_through_their_bucket() {
    let whole = seeds();
    let (mut sharded, files) = site(&whole, &tiny());
    for (n, doc) in whole.docs.iter().enumerate() {
        let part = match shards::locate(&sharded, &doc.id) {
            Err(part) => part,
            Ok(found) => {
                assert_eq!(found, Some(n));
                continue;
            }
        };
        assert!(matches!(part, Part::Ids(_)));
        fetch(&mut sharded, &files, &[part]);
        assert_eq!(shards::locate(&sharded, &doc.id), Ok(Some(n)));
    }
    let unknown = loop {
        match shards::locate(&sharded, "no-such-article") {
            Err(part) => {
                fetch(&mut sharded, &files, &[part]);
            }
            Ok(found) => break found,
        }
    };
    assert_eq!(unknown, None);
}

#[test]
fn writing_is_deterministic_and_names_are_content_hashes() {
    let whole = seeds();
    let a = shards::write(&whole, &Targets::default()).unwrap();
    let b = shards::write(&whole, &Targets::default()).unwrap();
    assert_eq!(a, b);
    // A document's file ends with the hash of its bytes, and is named by
    // its group's hash (of its documents' hashes, in order) and its place.
    let mut groups: BTreeMap<&str, Vec<(usize, &[u8])>> = BTreeMap::new();
    for (name, bytes) in &a[1..] {
        if let Some(rest) = name.strip_prefix("shards/doc-") {
            let (body, tail) = bytes.split_at(bytes.len() - 8);
            assert_eq!(tail, shards::hash(body).to_le_bytes(), "{name}");
            let (group, place) = rest.trim_end_matches(".bin").split_once('-').unwrap();
            groups.entry(group).or_default().push((place.parse().unwrap(), tail));
        } else {
            assert!(name.ends_with(&format!("-{:016x}.bin", shards::hash(bytes))), "{name}");
        }
    }
    assert_eq!(groups.values().map(Vec::len).sum::<usize>(), whole.docs.len());
    for (group, mut docs) in groups {
        docs.sort();
        assert!(
            docs.iter().enumerate().all(|(i, d)| d.0 == i),
            "{group}: places 0, 1, 2…"
        );
        let hashes: Vec<u8> = docs.iter().flat_map(|d| d.1.iter().copied()).collect();
        assert_eq!(group, format!("{:016x}", shards::hash(&hashes)));
    }
    assert_eq!(a[0].0, shards::ENTRY);
}

#[test]
fn parts_that_are_not_what_the_entry_names_are_refused() {
    let whole = seeds();
    let (mut sharded, files) = site(&whole, &tiny());
    let name = shards::file(&sharded, Part::Columns).unwrap();
    let mut bad = files[&name].clone();
    let last = bad.len() - 1;
    bad[last] ^= 1;
    assert!(shards::add(&mut sharded, Part::Columns, &bad).is_err(), "altered");
    assert!(!shards::has(&sharded, Part::Columns), "nothing half-added");
    let dict = shards::file(&sharded, Part::Dict(0)).unwrap();
    assert!(
        shards::add(&mut sharded, Part::Columns, &files[&dict]).is_err(),
        "another part"
    );
    assert!(
        shards::add(&mut sharded, Part::Dict(9999), &files[&dict]).is_err(),
        "no such part"
    );
    // A document's file: altered, or another document's.
    let first = files[&shards::file(&sharded, Part::Doc(0)).unwrap()].clone();
    let mut altered = first.clone();
    altered[20] ^= 1;
    assert!(
        shards::add(&mut sharded, Part::Doc(0), &altered).is_err(),
        "altered document"
    );
    assert!(
        shards::add(&mut sharded, Part::Doc(1), &first).is_err(),
        "another document"
    );
    assert!(!shards::has(&sharded, Part::Doc(0)) && !shards::has(&sharded, Part::Doc(1)));
    assert!(shards::add(&mut sharded, Part::Doc(0), &first).is_ok());
    // The entry: cut, altered, or of another format.
    let entry = &files[shards::ENTRY];
    assert!(shards::open(&entry[..entry.len() - 1]).is_err());
    assert!(shards::open(&[]).is_err());
    let mut altered = entry.clone();
    altered[20] ^= 0x40;
    assert!(shards::open(&altered).is_err());
    let snapshot = loupe_engine::snapshot::encode(&whole).unwrap();
    assert!(shards::open(&snapshot).is_err(), "a snapshot is not an entry");
}

#[test]
fn any_bytes_as_an_entry_or_a_part_give_an_error_not_a_panic() {
    let whole = seeds();
    let (sharded, files) = site(&whole, &tiny());
    let entry = files[shards::ENTRY].clone();
    // Every cut of the entry.
    for end in 0..entry.len() {
        let _ = shards::open(&entry[..end]);
    }
    // Parts with a wrong byte but the hash recomputed would need a hash
    // collision; the decoders are still exercised on every part, cut.
    for (name, bytes) in files.iter().filter(|(n, _)| n.starts_with("shards/")) {
        for end in [0, bytes.len() / 2, bytes.len().saturating_sub(1)] {
            let mut c = sharded.clone();
            let part = shards::all_parts(&c)
                .into_iter()
                .find(|&p| shards::file(&c, p).as_deref() == Some(name.as_str()));
            if let Some(p) = part {
                assert!(shards::add(&mut c, p, &bytes[..end]).is_err(), "{name} cut at {end}");
            }
        }
    }
}

#[test]
fn documents_arrived_before_the_entities_get_their_marks_when_they_come() {
    // A card's text no longer waits for the entities: its file may come
    // first, and the entities after (or the other way round).
    let whole = seeds();
    let (empty, files) = site(&whole, &tiny());
    for entities_first in [false, true] {
        let mut sharded = empty.clone();
        if entities_first {
            fetch_entities(&mut sharded, &files);
        }
        let shown: Vec<usize> = (0..whole.docs.len()).collect();
        let docs = shards::for_docs(&sharded, &shown);
        assert!(
            docs.iter().all(|p| matches!(p, Part::Doc(_))) && docs.len() == whole.docs.len(),
            "the files come without the entities: {docs:?}"
        );
        fetch(&mut sharded, &files, &docs);
        for (n, doc) in whole.docs.iter().enumerate() {
            assert_eq!(sharded.docs[n].text, doc.text);
            if !entities_first {
                assert!(sharded.entities.of(n).is_empty(), "no marks before the entities");
            }
        }
        fetch_entities(&mut sharded, &files);
        assert_eq!(sharded.entities, whole.entities, "entities first: {entities_first}");
        assert_eq!(sharded.relations, whole.relations);
    }
}

#[test]
fn entity_ids_made_from_their_names_are_left_out_and_made_again() {
    let whole = seeds();
    let derived = whole
        .entities
        .entities
        .iter()
        .filter(|e| e.id == loupe_engine::entities::id_of(&e.name))
        .count();
    assert!(
        derived > 0 && derived < whole.entities.entities.len(),
        "the seeds have both kinds of id: {derived}"
    );
    let (mut sharded, files) = site(&whole, &tiny());
    // (The chunks; the entity index lists the entities with other names whole.)
    let bytes: Vec<u8> = entity_files(&sharded)
        .iter()
        .filter(|f| f.starts_with("shards/ents-"))
        .flat_map(|f| files[f].clone())
        .collect();
    let written = |s: &str| bytes.windows(s.len()).any(|w| w == s.as_bytes());
    for e in &whole.entities.entities {
        // An id is written unless made from the name ("caisse-des-depots"
        // is in no name; "orange" would be found in a description).
        let derived = e.id == loupe_engine::entities::id_of(&e.name);
        if e.id.contains('-') || !derived {
            assert_eq!(written(&e.id), !derived, "{}", e.id);
        }
    }
    fetch_entities(&mut sharded, &files);
    assert_eq!(sharded.entities.entities, whole.entities.entities);
}

#[test]
fn the_overview_comes_in_its_own_small_part_before_the_entities() {
    use loupe_engine::overview::Overview;
    let whole = seeds();
    let want = Overview::of(&whole).unwrap();
    assert!(!want.types.is_empty() && !want.top.is_empty() && !want.dates.is_empty() && !want.sums.is_empty());
    let (mut sharded, files) = site(&whole, &tiny());
    assert_eq!(Overview::of(&sharded), None, "nothing before its part");
    let name = fetch(&mut sharded, &files, &[Part::Overview]).remove(0);
    assert!(!sharded.shards.as_ref().unwrap().has_entities());
    assert_eq!(Overview::of(&sharded).as_ref(), Some(&want));
    let entities: usize = entity_files(&sharded).iter().map(|f| files[f].len()).sum();
    assert_eq!(
        sharded.shards.as_ref().unwrap().entities_bytes(),
        entities as u64,
        "the entry says what the entities weigh"
    );
    assert!(
        files[&name].len() * 4 < entities,
        "{} bytes, the entities {entities}",
        files[&name].len(),
    );
    // Counted from the entities once they are in: the same figures.
    fetch_entities(&mut sharded, &files);
    assert_eq!(Overview::count(&sharded), want);
    // Entities first, the overview never asked for: counted from them.
    let (mut sharded, files) = site(&whole, &tiny());
    fetch_entities(&mut sharded, &files);
    assert_eq!(Overview::of(&sharded), Some(want));
}

#[test]
fn an_entity_filter_fetches_its_entity_and_its_articles_not_every_entity() {
    let whole = seeds();
    let (empty, files) = site(&whole, &tiny());
    let all = entity_files(&empty);
    let chunks = all.iter().filter(|f| f.starts_with("shards/ents-")).count();
    assert!(chunks >= 4, "{chunks} chunks of entities");
    let options = Options::default();
    let mut asked = 0;
    for e in &whole.entities.entities {
        // Every name it is called by: the canonical one, its id, its aliases,
        // another case; and a name no entity has.
        let called = std::iter::once(e.name.clone())
            .chain([e.id.clone(), e.name.to_uppercase()])
            .chain(e.aliases.iter().cloned());
        for name in called.chain([format!("{} zzz", e.name)]) {
            let q = format!("entity:\"{name}\"");
            let want = whole.search(&q, &options);
            let mut sharded = empty.clone();
            let (got, fetched) = search(&mut sharded, &files, &q, &options);
            assert!(!sharded.shards.as_ref().unwrap().has_entities(), "{q}");
            assert_eq!(got.total, want.total, "{q}");
            assert_eq!(got.hits, want.hits, "{q}");
            assert_eq!(got.warnings, want.warnings, "{q}");
            let entity_parts = fetched.iter().filter(|f| all.contains(f)).count();
            assert!(
                // The entity index, the chunk where its id would be, and the
                // chunk of each other entity so called.
                entity_parts <= 2 + whole.entities.resolve(&name).len(),
                "{q}: {entity_parts} of {} entity parts: {fetched:?}",
                all.len()
            );
            asked += 1;
        }
    }
    assert!(asked > 50, "{asked}");
}

#[test]
fn a_relation_outside_its_text_is_refused_whichever_part_comes_first() {
    // (Found by a review: the entity index holds the relations until every
    // chunk is in; an article arriving meanwhile must check them too.)
    let mut whole = seeds();
    let d = whole.relations[0].doc;
    let len = whole.docs[d].text.len();
    whole.relations[0].evidence = len + 10..len + 20;
    let (empty, files) = site(&whole, &tiny());
    let article = |c: &mut Corpus| {
        let part = Part::Doc(d as u32);
        let name = shards::file(c, part).unwrap();
        shards::add(c, part, &files[&name])
    };
    let index = |c: &mut Corpus| {
        shards::add(
            c,
            Part::EntityIndex,
            &files[&shards::file(c, Part::EntityIndex).unwrap()],
        )
    };
    // The article first, then the index: the index is refused.
    let mut c = empty.clone();
    assert!(article(&mut c).is_ok());
    assert!(index(&mut c).is_err());
    // The index first, then the article: the article is refused.
    let mut c = empty.clone();
    assert!(index(&mut c).is_ok());
    assert!(article(&mut c).is_err());
    assert!(!shards::has(&c, Part::Doc(d as u32)), "refused, the corpus unchanged");
}

#[test]
fn light_entities_are_one_chunk() {
    // The app fetches entities this light at start: one part compresses
    // better than many, and a filter gains nothing from the cut.
    let whole = seeds();
    let (sharded, _) = site(&whole, &Targets::default());
    let chunks = entity_files(&sharded)
        .iter()
        .filter(|f| f.starts_with("shards/ents-"))
        .count();
    assert_eq!(chunks, 1);
    assert!(sharded.shards.as_ref().unwrap().entities_bytes() <= shards::LIGHT_ENTITIES);
    let heavy = Targets {
        entities_whole: 0,
        entities: 200,
        ..Targets::default()
    };
    let (sharded, _) = site(&whole, &heavy);
    let chunks = entity_files(&sharded)
        .iter()
        .filter(|f| f.starts_with("shards/ents-"))
        .count();
    assert!(chunks > 1, "{chunks}");
}

/// The seeds with one entity less in the article that names the most
/// (a site at odds with the seeds' entity chunks): that corpus, the
/// article's number, and its file in that corpus's site (a well-formed
/// file of that article, which another group names).
fn at_odds(whole: &Corpus) -> (Corpus, usize, Vec<u8>) {
    let mut other = whole.clone();
    let n = (0..other.docs.len())
        .max_by_key(|&d| other.entities.of(d).len())
        .unwrap();
    let mut list = other.entities.of(n).to_vec();
    let dropped = list.pop().unwrap().entity;
    list.retain(|m| m.entity != dropped);
    other.entities.mentions.set(n, list);
    let (mut probe, files) = site(&other, &tiny());
    let part = Part::Doc(n as u32);
    let name = shards::file(&probe, part).unwrap();
    shards::add(&mut probe, part, &files[&name]).unwrap();
    let file = files[&name].clone();
    (other, n, file)
}

#[test]
fn an_article_whose_marks_differ_from_the_entity_chunks_is_counted_as_it_says() {
    // The facets count a tally made from the entity chunks; an article
    // whose own file names other entities (a site at odds with itself)
    // has the tally made again from the mentions, so the facets count
    // what the articles say, as a whole corpus would.
    let whole = seeds();
    let (other, n, other_file) = at_odds(&whole);
    let (mut sharded, files) = site(&whole, &tiny());
    fetch_entities(&mut sharded, &files);
    let all = Options {
        limit: usize::MAX,
        ..Options::default()
    };
    let (before, _) = search(&mut sharded, &files, "", &all);
    assert_eq!(before.facets, whole.search("", &all).facets);
    let part = Part::Doc(n as u32);
    let mut fresh = sharded.clone();
    if shards::has(&fresh, part) {
        // Already fetched by the search: start from a corpus without it.
        fresh = shards::open(&files[shards::ENTRY]).unwrap();
        fetch_entities(&mut fresh, &files);
        let (_, _) = search(&mut fresh, &files, "zzzz", &all);
        assert!(!shards::has(&fresh, part));
        assert_eq!(
            fresh.search("", &all).facets,
            before.facets,
            "the tally from the chunks"
        );
    }
    shards::add(&mut fresh, part, &other_file).unwrap();
    let after = fresh.search("", &all).facets;
    let want = other.search("", &all).facets;
    assert_ne!(after, before.facets, "the article's own marks count");
    assert_eq!(after.entity_docs, want.entity_docs);
    assert_eq!(after.types, want.types);
}

#[test]
fn an_article_at_odds_with_the_entity_chunks_that_came_first_is_counted_as_it_says() {
    // (Found by a review: the same, for an article that arrives before the
    // entities, whose mentions wait for them.)
    let whole = seeds();
    let (other, n, other_file) = at_odds(&whole);
    let (mut sharded, files) = site(&whole, &tiny());
    shards::add(&mut sharded, Part::Doc(n as u32), &other_file).unwrap();
    fetch_entities(&mut sharded, &files);
    let all = Options {
        limit: usize::MAX,
        ..Options::default()
    };
    let got = search(&mut sharded, &files, "", &all).0.facets;
    let want = other.search("", &all).facets;
    assert_ne!(got, whole.search("", &all).facets, "the article's own marks count");
    assert_eq!(got.entity_docs, want.entity_docs);
    assert_eq!(got.types, want.types);
}

#[test]
fn an_earlier_copy_catches_up_sharing_the_entity_table() {
    // The page keeps two copies of its corpus, the one drawn and the one
    // before; the earlier one takes what the other was given since
    // (`shards::catch_up`), one batch behind or more. Whatever the order
    // and the batches, it then equals the other, facets included (also
    // when an article's own marks disagree with the entity chunks, every
    // other order); it shares the chunks of entities the other read, and
    // once the other has put them together, its entity table, instead of
    // reading them again.
    let whole = seeds();
    let (other, odd, odd_file) = at_odds(&whole);
    let (start, files) = site(&whole, &tiny());
    let all = Options {
        limit: usize::MAX,
        ..Options::default()
    };
    let mut shared = 0;
    for seed in 1..=24u64 {
        // A small xorshift: each seed its own order, batches and lags.
        let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        let mut below = |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        };
        let at_odds = seed % 2 == 0;
        let mut parts = shards::all_parts(&start);
        for i in (1..parts.len()).rev() {
            parts.swap(i, below(i + 1));
        }
        let (mut ahead, mut behind) = (start.clone(), start.clone());
        let mut given = Vec::new();
        let mut table = false;
        while !parts.is_empty() {
            for p in parts.drain(..(1 + below(6)).min(parts.len())) {
                let bytes = match p {
                    Part::Doc(n) if at_odds && n as usize == odd => odd_file.clone(),
                    _ => files[&shards::file(&ahead, p).unwrap()].clone(),
                };
                shards::add(&mut ahead, p, &bytes).unwrap();
                given.push((p, bytes));
            }
            if !parts.is_empty() && below(3) > 0 {
                continue; // one batch behind or more
            }
            // Shared, not read: these bytes would be refused. The chunks of
            // entities always; the entity index once the table is together.
            table |=
                ahead.shards.as_deref().unwrap().has_entities() && !behind.shards.as_deref().unwrap().has_entities();
            for (p, bytes) in &mut given {
                if matches!(p, Part::Ents(_)) || (table && *p == Part::EntityIndex) {
                    bytes.clear();
                }
            }
            shards::catch_up(&mut behind, &ahead, &std::mem::take(&mut given));
            assert!(
                behind == ahead,
                "seed {seed}: the earlier copy differs after catching up"
            );
            assert_eq!(
                behind.search("", &all).facets,
                ahead.search("", &all).facets,
                "seed {seed}: the copies count otherwise"
            );
        }
        shared += usize::from(table);
        let want = if at_odds { &other } else { &whole };
        assert_eq!(behind.relations, whole.relations, "seed {seed}");
        let (got, want) = (behind.search("", &all).facets, want.search("", &all).facets);
        assert_eq!(
            (got.entity_docs, got.types),
            (want.entity_docs, want.types),
            "seed {seed}"
        );
    }
    assert_eq!(shared, 24, "the table shared in every order");
}
