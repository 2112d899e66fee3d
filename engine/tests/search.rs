//! Search over seeds/: golden queries whose expected documents were read off
//! the texts themselves, ranking rules on small corpora, and properties.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

use loupe_engine::search::{sources, Approximate, Options, Sort, FACET_ENTITIES};
use loupe_engine::{load_dir, Corpus, Document};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

fn seeds() -> &'static Corpus {
    static SEEDS: OnceLock<Corpus> = OnceLock::new();
    SEEDS.get_or_init(|| load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds")).unwrap())
}

/// Ids (first three characters of the file name) of the matching documents, sorted.
fn ids(query: &str) -> Vec<String> {
    let corpus = seeds();
    let mut ids: Vec<String> = corpus
        .search(query, &Options::default())
        .hits
        .iter()
        .map(|h| corpus.docs[h.doc].id[..3].to_owned())
        .collect();
    ids.sort();
    ids
}

/// The highlighted text of each hit, by document id.
fn marked(query: &str) -> Vec<(String, Vec<String>)> {
    let corpus = seeds();
    corpus
        .search(query, &Options::default())
        .hits
        .iter()
        .map(|h| {
            let d = &corpus.docs[h.doc];
            (
                d.id[..3].to_owned(),
                h.highlights.iter().map(|r| d.text[r.clone()].to_owned()).collect(),
            )
        })
        .collect()
}

/// (query, expected ids) from tests/fixtures/golden-queries.tsv, shared with
/// the browser comparison of libraries.
fn golden() -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden-queries.tsv"))
        .unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut fields = l.split('\t');
            let query = fields.next().unwrap_or_default().to_owned();
            let ids = fields
                .next()
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_owned)
                .collect();
            (query, ids)
        })
        .collect()
}

#[test]
fn golden_queries() {
    let cases = golden();
    assert!(cases.len() >= 25, "the fixture lost its queries");
    for (query, want) in cases {
        assert_eq!(ids(&query), want, "{query:?}");
    }
}

#[test]
fn highlights_cover_folded_stemmed_and_elided_forms() {
    for (doc, marks) in marked("etat ") {
        assert!(
            marks
                .iter()
                .all(|m| ["État", "Etat", "état", "étatique"].contains(&m.as_str())),
            "{doc}: {marks:?}"
        );
    }
    let hit = marked("l'operateur ").into_iter().find(|(d, _)| d == "004").unwrap();
    assert!(hit.1.contains(&"opérateur".to_owned()), "{:?}", hit.1);
    let phrase = marked("\"cloud souverain\"");
    assert!(
        phrase
            .iter()
            .all(|(_, m)| m.iter().all(|s| s.to_lowercase() == "cloud souverain")),
        "{phrase:?}"
    );
    let typo = marked("Numergi ");
    assert!(typo.iter().all(|(_, m)| m.iter().all(|s| s == "Numergy")), "{typo:?}");
    let percent = marked("44,3 %");
    assert_eq!(
        percent,
        [("003".to_owned(), vec!["44,3 %".to_owned()])],
        "a number and its % are one highlight"
    );
}

#[test]
fn snippets_are_sentences_about_the_match() {
    let corpus = seeds();
    let results = corpus.search("44,3", &Options::default());
    let hit = &results.hits[0];
    let (text, marks) = hit.snippet.render(&corpus.docs[hit.doc].text);
    assert_eq!(text, "Orange détient 44,3 % de la société de solutions de Cloud computing, Thales 22,2 % et la Caisse des Dépôts 33,3 %.");
    assert_eq!(&text[marks[0].clone()], "44,3");
    for hit in &corpus.search("numergy", &Options::default()).hits {
        let (text, _) = hit.snippet.render(&corpus.docs[hit.doc].text);
        assert!(text.chars().count() <= 165, "{text}");
        assert!(text.contains("Numergy"), "{text}");
    }
    // Without words, the opening of the article, not its photo credit.
    let opening = corpus.search("source:lemagit", &Options::default());
    let (text, _) = opening.hits[0].snippet.render(&corpus.docs[opening.hits[0].doc].text);
    assert!(text.starts_with("Le second Cloud souverain"), "{text}");
}

#[test]
fn facets_count_the_matching_documents() {
    let results = seeds().search("numergy", &Options::default());
    let sources: Vec<(&str, usize)> = results
        .facets
        .sources
        .iter()
        .map(|f| (f.key.as_str(), f.count))
        .collect();
    assert_eq!(
        sources,
        [
            ("itsocial", 2),
            ("channelnews", 1),
            ("lemagit", 1),
            ("solutionsnumeriques", 1),
        ],
        "every seed has its publication: no unknown-source entry"
    );
    let years: Vec<(&str, usize)> = results.facets.years.iter().map(|f| (f.key.as_str(), f.count)).collect();
    assert_eq!(years, [("2015", 4), ("2016", 1)]);
    let types: Vec<&str> = results.facets.types.iter().map(|f| f.key.as_str()).collect();
    assert_eq!(types, ["PER", "ORG", "LOC", "MISC", "MONEY", "PERCENT", "DATE"]);
    let top: Vec<&str> = results.facets.entities.iter().take(3).map(|f| f.key.as_str()).collect();
    assert_eq!(top, ["Cloudwatt", "Numergy", "Orange"], "most mentioned first");
    let narrowed = seeds().search("numergy date:2015-01", &Options::default());
    assert_eq!(
        narrowed
            .facets
            .months
            .iter()
            .map(|f| f.key.as_str())
            .collect::<Vec<_>>(),
        ["2015-01"]
    );
    assert_eq!(narrowed.facets.months[0].count, 2);
}

/// The entity facets against counts made here from each matching
/// document's mentions: every entity's documents, and the names of the
/// most mentioned, in order.
#[test]
fn entity_facets_count_every_entity_and_name_the_most_mentioned() {
    let corpus = seeds();
    let all = Options {
        limit: usize::MAX,
        ..Options::default()
    };
    let mut capped = 0;
    for q in [
        "",
        "numergy",
        "cloud souverain",
        "orange",
        "type:PER",
        "source:lemagit",
        "zzzz",
    ] {
        let results = corpus.search(q, &all);
        // entity -> (documents, mentions)
        let mut counts: BTreeMap<u32, (u32, u32)> = BTreeMap::new();
        for hit in &results.hits {
            let mut seen = std::collections::BTreeSet::new();
            for m in corpus.entities.of(hit.doc) {
                let c = counts.entry(m.entity).or_default();
                c.1 += 1;
                if seen.insert(m.entity) {
                    c.0 += 1;
                }
            }
        }
        let every: Vec<(u32, u32)> = counts.iter().map(|(&e, &(docs, _))| (e, docs)).collect();
        assert_eq!(results.facets.entity_docs, every, "{q}");
        let mut ranked: Vec<(u32, (u32, u32))> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then(b.1 .0.cmp(&a.1 .0)).then(a.0.cmp(&b.0)));
        let named: Vec<(String, usize)> = ranked
            .iter()
            .take(FACET_ENTITIES)
            .map(|(e, (docs, _))| (corpus.entities.entities[*e as usize].name.clone(), *docs as usize))
            .collect();
        let got: Vec<(String, usize)> = results
            .facets
            .entities
            .iter()
            .map(|f| (f.key.clone(), f.count))
            .collect();
        assert_eq!(got, named, "{q}");
        capped += usize::from(ranked.len() > FACET_ENTITIES);
    }
    assert!(capped >= 4, "most queries name more entities than are named");
}

#[test]
fn sort_by_date_puts_newest_first() {
    let corpus = seeds();
    let options = Options {
        sort: Sort::Date,
        ..Options::default()
    };
    let order: Vec<&str> = corpus
        .search("", &options)
        .hits
        .iter()
        .map(|h| &corpus.docs[h.doc].id[..3])
        .collect();
    assert_eq!(order, ["000", "004", "002", "003", "001"]);
}

#[test]
fn warnings_explain_without_failing() {
    let results = seeds().search("\"cloud souverain source:nulle date:hier", &Options::default());
    let codes: Vec<&str> = results.warnings.iter().map(|w| w.code()).collect();
    assert_eq!(codes, ["unclosed-quote"]);
    let results = seeds().search("numergy source:nulle date:hier ", &Options::default());
    let codes: Vec<&str> = results.warnings.iter().map(|w| w.code()).collect();
    assert_eq!(codes, ["bad-date", "unknown-source"]);
    assert_eq!(results.total, 0);
    let results = seeds().search("type:PERSONNE numergy ", &Options::default());
    assert_eq!(results.warnings[0].code(), "unknown-type");
    assert_eq!(results.total, 5, "an unknown type does not hide documents");
    let results = seeds().search("entity:Zorglub", &Options::default());
    assert_eq!(results.warnings[0].code(), "unknown-entity");
    assert_eq!(results.total, 0);
    let bare = corpus(&["Orange rachète Cloudwatt."]);
    let results = bare.search("type:ORG ", &Options::default());
    assert_eq!(results.warnings[0].code(), "no-entities");
    assert_eq!(
        results.total, 1,
        "an entity filter without entities does not hide documents"
    );
}

fn corpus(texts: &[&str]) -> Corpus {
    Corpus::new(
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Document::from_text(&format!("d{i}"), &format!("d{i}.txt"), (*t).into()))
            .collect(),
    )
}

fn first(corpus: &Corpus, query: &str) -> String {
    let results = corpus.search(query, &Options::default());
    corpus.docs[results.hits[0].doc].id.clone()
}

#[test]
fn exact_forms_rank_above_stemmed_prefixed_and_fuzzy_ones() {
    // Same lengths, same shapes: only the kind of match differs.
    let c = corpus(&["Intro. Des clouds souverains ici.", "Intro. Des clouds souverain ici."]);
    assert_eq!(first(&c, "souverains "), "d0");
    assert_eq!(first(&c, "souverain "), "d1");
    let c = corpus(&["Intro. Le cloudwatt ici.", "Intro. Le cloud ici."]);
    assert_eq!(first(&c, "cloud"), "d1", "the exact word beats a word it starts");
    let c = corpus(&["Intro. Le numergie ici.", "Intro. Le numergy ici."]);
    assert_eq!(first(&c, "numergy "), "d1");
}

#[test]
fn title_matches_rank_above_body_matches() {
    let mut a = Document::from_text("a", "a.txt", "Intro. Orange et SFR. Suite du texte.".into());
    a.title = "Un titre neutre".into();
    let mut b = Document::from_text("b", "b.txt", "Intro. Orange et SFR. Suite du texte.".into());
    b.title = "SFR en tête".into();
    let c = Corpus::new(vec![a, b]);
    assert_eq!(first(&c, "sfr "), "b");
}

proptest! {
    #[test]
    fn any_query_on_any_text_never_panics_and_highlights_fall_on_char_boundaries(
        texts in proptest::collection::vec("\\PC{0,120}", 1..4),
        query in "\\PC{0,40}",
    ) {
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let c = corpus(&refs);
        let results = c.search(&query, &Options::default());
        prop_assert!(results.total <= c.docs.len());
        for hit in &results.hits {
            let text = &c.docs[hit.doc].text;
            for r in hit.highlights.iter().chain(&hit.snippet.highlights) {
                prop_assert!(r.start < r.end && r.end <= text.len());
                prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            }
            let _ = hit.snippet.render(text);
        }
    }

    #[test]
    fn query_syntax_soup_never_panics(query in "[a-zé \"()\\-*:OR.,%']{0,30}") {
        let _ = seeds().search(&query, &Options::default());
    }

    #[test]
    fn every_word_of_a_document_finds_it(doc in 0usize..5, pick in any::<prop::sample::Index>()) {
        let corpus = seeds();
        let tokens = loupe_engine::analysis::analyze(&corpus.docs[doc].text);
        let token = pick.get(&tokens);
        let word = &corpus.docs[doc].text[token.range.clone()];
        let found = corpus.search(&format!("\"{word}\""), &Options { limit: 10, ..Options::default() });
        prop_assert!(found.hits.iter().any(|h| h.doc == doc), "{word:?} does not find its document");
    }
}

/// Small documents over a small vocabulary: many matches, many equal scores.
fn word_soup(picks: &[Vec<usize>]) -> Corpus {
    const WORDS: [&str; 8] = ["cloud", "souverain", "orange", "rachète", "état", "de", "la", "numergy"];
    let texts: Vec<String> = picks
        .iter()
        .map(|p| p.iter().map(|&i| WORDS[i % WORDS.len()]).collect::<Vec<_>>().join(" "))
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    corpus(&refs)
}

proptest! {
    #[test]
    fn the_first_hits_are_the_first_of_all_hits(
        picks in proptest::collection::vec(proptest::collection::vec(0usize..8, 1..12), 1..30),
        query in "(cloud|souverains|orange|etat|de|numer|\"de la\"|-la| ){1,4}",
        limit in 0usize..12,
        sort in prop::sample::select(vec![Sort::Relevance, Sort::Date, Sort::Oldest]),
        dates in proptest::collection::vec(prop::option::of(2014u16..2017), 30),
    ) {
        // A few dates, some missing: equal scores are told apart by date,
        // whichever document came first.
        let mut c = word_soup(&picks);
        for (doc, year) in c.docs.iter_mut().zip(dates) {
            doc.date = year.map(|year| loupe_engine::PubDate { year, month: None, day: None });
        }
        let all = c.search(&query, &Options { sort, limit: usize::MAX });
        let some = c.search(&query, &Options { sort, limit });
        prop_assert_eq!(some.total, all.total);
        prop_assert_eq!(&some.facets, &all.facets);
        let firsts: Vec<(usize, f32)> = all.hits.iter().take(limit).map(|h| (h.doc, h.score)).collect();
        let got: Vec<(usize, f32)> = some.hits.iter().map(|h| (h.doc, h.score)).collect();
        prop_assert_eq!(got, firsts);
    }

    #[test]
    fn totals_facets_and_date_order_are_those_of_the_documents(
        picks in proptest::collection::vec(proptest::collection::vec(0usize..8, 1..12), 1..40),
        query in "((cloud|orange|etat|numergy|-souverain) ){1,3}",
        filter in prop::option::of((2013u16..2018, prop::option::of(1u8..13), 0u16..3)),
        meta in proptest::collection::vec(
            (
                prop::option::of((2013u16..2018, prop::option::of((1u8..13, prop::option::of(1u8..29))))),
                prop::option::of((0usize..4, 0usize..3)),
            ),
            40,
        ),
    ) {
        // Dates at every precision and sources, some missing; one source
        // key under several publication names (the facet's label is the
        // first matching document's).
        const KEYS: [&str; 4] = ["lemagit", "lemonde", "zdnet", "a"];
        const NAMES: [&str; 3] = ["Le Monde", "LeMagIT", "ZDNet"];
        let mut c = word_soup(&picks);
        for (doc, (date, source)) in c.docs.iter_mut().zip(&meta) {
            doc.date = date.map(|(year, m)| loupe_engine::PubDate {
                year,
                month: m.map(|m| m.0),
                day: m.and_then(|m| m.1),
            });
            doc.source = source.map(|s| KEYS[s.0].to_owned());
            doc.publication = source.filter(|s| s.1 > 0).map(|s| NAMES[s.1].to_owned());
        }
        // The query, with a date filter from a year or a month through 0-2 years after.
        let (query, range) = match filter {
            Some((year, month, span)) => {
                let from = loupe_engine::PubDate { year, month, day: None };
                let to = loupe_engine::PubDate { year: year + span, month: None, day: None };
                let written = match month {
                    Some(m) => format!("{year:04}-{m:02}"),
                    None => format!("{year:04}"),
                };
                let bounds = loupe_engine::query::date_bounds;
                (format!("{query} date:{written}..{:04}", year + span), Some((bounds(&from).0, bounds(&to).1)))
            }
            None => (query, None),
        };
        let all = |sort| c.search(&query, &Options { sort, limit: usize::MAX });
        let relevance = all(Sort::Relevance);
        // What the words alone match, filtered here by the documents' dates.
        let words = c.search(query.split(" date:").next().unwrap(), &Options { limit: usize::MAX, ..Options::default() });
        let mut want: Vec<usize> = words
            .hits
            .iter()
            .map(|h| h.doc)
            .filter(|&d| {
                range.is_none_or(|(first, last)| {
                    c.docs[d].date.is_some_and(|date| {
                        let (a, b) = loupe_engine::query::date_bounds(&date);
                        b >= first && a <= last
                    })
                })
            })
            .collect();
        want.sort_unstable();
        let mut got: Vec<usize> = relevance.hits.iter().map(|h| h.doc).collect();
        got.sort_unstable();
        prop_assert_eq!(relevance.total, want.len());
        prop_assert_eq!(&got, &want);
        // The facets, counted from the documents.
        let (mut years, mut months) = (BTreeMap::new(), BTreeMap::new());
        let mut by_source: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
        let mut unknown = 0;
        for &d in &want {
            let doc = &c.docs[d];
            if let Some(date) = doc.date {
                *years.entry(format!("{:04}", date.year)).or_insert(0) += 1;
                if let Some(m) = date.month {
                    *months.entry(format!("{:04}-{m:02}", date.year)).or_insert(0) += 1;
                }
            }
            match doc.source.as_deref() {
                Some(key) => by_source.entry(key).or_insert((0, doc.publication.as_deref().unwrap_or(key))).0 += 1,
                None => unknown += 1,
            }
        }
        let counted = |m: BTreeMap<String, usize>| m.into_iter().map(|(k, n)| (k.clone(), k, n)).collect::<Vec<_>>();
        let facet = |f: &[loupe_engine::search::FacetCount]| {
            f.iter().map(|f| (f.key.clone(), f.label.clone(), f.count)).collect::<Vec<_>>()
        };
        prop_assert_eq!(facet(&relevance.facets.years), counted(years));
        prop_assert_eq!(facet(&relevance.facets.months), counted(months));
        let mut sources: Vec<(String, String, usize)> = by_source
            .into_iter()
            .map(|(k, (n, label))| (k.to_owned(), label.to_owned(), n))
            .collect();
        sources.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        if unknown > 0 {
            sources.push(("inconnue".to_owned(), "Source inconnue".to_owned(), unknown));
        }
        prop_assert_eq!(facet(&relevance.facets.sources), sources);
        // Newest and oldest first: by date (undated last), then by score,
        // then by document number; every sort has the same total and facets.
        for sort in [Sort::Date, Sort::Oldest] {
            let results = all(sort);
            prop_assert_eq!(results.total, relevance.total);
            prop_assert_eq!(&results.facets, &relevance.facets);
            for pair in results.hits.windows(2) {
                let (a, b) = (&pair[0], &pair[1]);
                let (da, db) = (c.docs[a.doc].date, c.docs[b.doc].date);
                let by_date = match sort {
                    Sort::Oldest => da.is_none().cmp(&db.is_none()).then(da.cmp(&db)),
                    _ => db.cmp(&da),
                };
                let order = by_date.then(b.score.total_cmp(&a.score)).then(a.doc.cmp(&b.doc));
                prop_assert!(order.is_lt(), "{:?} before {:?}", (a.doc, da, a.score), (b.doc, db, b.score));
            }
        }
    }

    #[test]
    fn a_phrase_finds_exactly_the_documents_with_its_words_in_a_row(
        picks in proptest::collection::vec(proptest::collection::vec(0usize..8, 1..12), 1..30),
        phrase in proptest::collection::vec(0usize..8, 1..4),
    ) {
        let c = word_soup(&picks);
        let words: Vec<String> = word_soup(&[phrase]).docs[0].text.split(' ').map(str::to_owned).collect();
        let found = c.search(&format!("\"{}\"", words.join(" ")), &Options { limit: usize::MAX, ..Options::default() });
        let mut got: Vec<usize> = found.hits.iter().map(|h| h.doc).collect();
        got.sort_unstable();
        let want: Vec<usize> = (0..c.docs.len())
            .filter(|&d| {
                let text: Vec<&str> = c.docs[d].text.split(' ').collect();
                text.windows(words.len()).any(|w| w == words.as_slice())
            })
            .collect();
        prop_assert_eq!(got, want);
    }
}

fn total(corpus: &Corpus, query: &str) -> usize {
    corpus.search(query, &Options::default()).total
}

/// Sorted document numbers of every match.
fn all_docs(corpus: &Corpus, query: &str) -> Vec<usize> {
    let mut docs: Vec<usize> = corpus
        .search(
            query,
            &Options {
                limit: usize::MAX,
                ..Options::default()
            },
        )
        .hits
        .iter()
        .map(|h| h.doc)
        .collect();
    docs.sort_unstable();
    docs
}

#[test]
fn uppercase_and_et_are_ignored_and_ou_is_or() {
    let c = corpus(&["Orange seul.", "SFR seul.", "Orange et SFR.", "Ni l'un ni l'autre."]);
    let both = all_docs(&c, "orange sfr ");
    assert_eq!(both.len(), 1);
    assert_eq!(all_docs(&c, "orange AND sfr "), both);
    assert_eq!(all_docs(&c, "orange ET sfr "), both);
    let either = all_docs(&c, "orange OR sfr ");
    assert_eq!(either.len(), 3);
    assert_eq!(all_docs(&c, "orange OU sfr "), either);
    assert_eq!(
        all_docs(&c, "(orange OU sfr) ET seul "),
        all_docs(&c, "(orange OR sfr) seul ")
    );
}

#[test]
fn a_lowercase_or_offers_the_query_with_or() {
    let c = corpus(&["Orange seul.", "SFR seul.", "Orange et SFR.", "Ni l'un ni l'autre."]);
    // "ou" is a stop word: the literal query wants both words.
    let literal = c.search("orange ou sfr ", &Options::default());
    assert_eq!(literal.total, 1, "the literal query is answered as before");
    assert_eq!(literal.suggestion.as_deref(), Some("orange OR sfr "));
    let results = seeds().search("ovh or ikoula ", &Options::default());
    assert_eq!(results.suggestion.as_deref(), Some("ovh OR ikoula "));
    assert!(total(seeds(), "ovh OR ikoula ") > results.total);
    // The same articles, or none: nothing to offer.
    let c = corpus(&["Orange et SFR.", "Rien."]);
    assert_eq!(c.search("orange ou sfr ", &Options::default()).suggestion, None);
    assert_eq!(
        seeds().search("zorglub or bidule ", &Options::default()).suggestion,
        None
    );
    assert_eq!(
        seeds().search("\"ovh or ikoula\"", &Options::default()).suggestion,
        None
    );
    assert_eq!(seeds().search("ovh ikoula ", &Options::default()).suggestion, None);
}

#[test]
fn a_lowercase_and_is_dropped_only_when_nothing_matches() {
    let results = seeds().search("orange and thales ", &Options::default());
    assert_eq!(results.total, 0, "'and' is searched as a word");
    let suggestion = results.suggestion.unwrap();
    assert_eq!(suggestion, "orange thales ");
    assert!(total(seeds(), &suggestion) > 0);
    // Something matches: the literal query stands.
    let c = corpus(&["Orange and SFR.", "Orange, SFR."]);
    let results = c.search("orange and sfr ", &Options::default());
    assert_eq!(results.total, 1);
    assert_eq!(results.suggestion, None);
}

#[test]
fn approximate_matches_are_reported() {
    let results = seeds().search("bill ", &Options::default());
    assert!(results.total > 0);
    assert_eq!(
        results.approximate,
        [Approximate {
            word: "bill".into(),
            matched: vec!["Bull".into()]
        }]
    );
    let results = seeds().search("numergy orage", &Options::default());
    assert_eq!(results.approximate.len(), 1);
    assert_eq!(results.approximate[0].word, "orage");
    assert!(
        results.approximate[0].matched.contains(&"Orange".to_owned()),
        "{:?}",
        results.approximate
    );
    // Exact, stemmed and prefixed matches are not approximate.
    for query in ["bull ", "souverains ", "numer", "numer* ", "\"cloud souverain\""] {
        let results = seeds().search(query, &Options::default());
        assert!(results.total > 0, "{query}");
        assert!(results.approximate.is_empty(), "{query}: {:?}", results.approximate);
    }
}

#[test]
fn approximate_words_most_frequent_first_at_most_five() {
    // Six words one edit from "zarko", in 6, 5, … 1 documents.
    let mut texts = Vec::new();
    for (i, word) in ["Zabko", "zacko", "zadko", "zafko", "zagko", "zahko"]
        .iter()
        .enumerate()
    {
        for _ in 0..6 - i {
            texts.push(format!("Un {word} ici."));
        }
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let c = corpus(&refs);
    let results = c.search("zarko ", &Options::default());
    assert_eq!(results.total, texts.len());
    assert_eq!(
        results.approximate,
        [Approximate {
            word: "zarko".into(),
            matched: ["Zabko", "zacko", "zadko", "zafko", "zagko"].map(String::from).to_vec()
        }]
    );
}

#[test]
fn plus_and_quotes_turn_approximation_off() {
    for query in ["+bill ", "\"bill\"", "+orage"] {
        let results = seeds().search(query, &Options::default());
        assert_eq!(results.total, 0, "{query}");
        assert!(results.approximate.is_empty(), "{query}");
    }
    // + keeps the exact form and the stem, not the prefix of a word being typed.
    let c = corpus(&["Des clouds souverains ici.", "Le cloudwatt."]);
    assert_eq!(total(&c, "+cloud "), 1);
    assert_eq!(total(&c, "+cloud"), 1);
    assert_eq!(total(&c, "cloud"), 2);
    assert_eq!(total(&c, "+souverin "), 0);
    assert_eq!(total(&c, "souverin "), 1);
}

#[test]
fn no_results_come_with_a_rescue() {
    let corpus = seeds();
    assert_eq!(
        corpus.search("numergy ", &Options::default()).rescue,
        None,
        "only on zero results"
    );
    assert_eq!(
        corpus.search("source:nulle ", &Options::default()).rescue,
        None,
        "only with words"
    );
    let results = corpus.search("numergy souveranité source:lemagit ", &Options::default());
    assert_eq!(results.total, 0);
    let rescue = results.rescue.unwrap();
    let words: Vec<&str> = rescue.per_word.iter().map(|(w, _)| w.as_str()).collect();
    assert_eq!(
        words,
        ["numergy ", "souveranité "],
        "ready to run: a final space, never a word being typed"
    );
    for (word, n) in &rescue.per_word {
        assert_eq!(total(corpus, word), *n, "{word}");
    }
    assert!(rescue.per_word[0].1 > 0 && rescue.per_word[1].1 == 0);
    assert_eq!(rescue.nearest.len(), 1, "only for words that find nothing");
    assert_eq!(rescue.nearest[0].0, "souveranité");
    assert!(
        rescue.nearest[0].1.contains(&"souverain".to_owned()),
        "{:?}",
        rescue.nearest
    );
    assert!(rescue.nearest[0].1.len() <= 3);
    assert!(!rescue.drops.is_empty());
    for (query, n) in &rescue.drops {
        assert!(*n > 0);
        assert_eq!(total(corpus, query), *n, "{query}");
    }
    assert!(rescue.drops.windows(2).all(|w| w[0].1 >= w[1].1), "best first");
    let dropped: Vec<&str> = rescue.drops.iter().map(|(q, _)| q.as_str()).collect();
    assert!(dropped.contains(&"numergy source:lemagit "), "{dropped:?}");
}

#[test]
fn the_rescue_looks_at_a_bounded_number_of_words() {
    let query: String = (0..20).map(|i| format!("zorglub{i} ")).collect();
    let rescue = seeds().search(&query, &Options::default()).rescue.unwrap();
    assert_eq!(rescue.per_word.len(), 8);
    assert!(rescue.drops.is_empty());
    // Dropping one unknown word of many leaves the others: still nothing.
    let query: String = (0..3).map(|i| format!("zorglub{i} ")).collect::<String>() + "numergy ";
    let rescue = seeds().search(&query, &Options::default()).rescue.unwrap();
    assert!(rescue.drops.is_empty(), "{:?}", rescue.drops);
    let rescue = seeds().search("zorglub numergy ", &Options::default()).rescue.unwrap();
    assert_eq!(rescue.drops, [("numergy ".to_owned(), total(seeds(), "numergy "))]);
}

#[test]
fn nearest_words_allow_more_edits_than_typo_tolerance() {
    let c = corpus(&["Le souverain.", "Le cloud.", "Les clouds.", "Orange."]);
    // Six letters: one edit for typo tolerance, two for the rescue.
    let rescue = c.search("orenje ", &Options::default()).rescue.unwrap();
    assert_eq!(rescue.nearest, [("orenje".to_owned(), vec!["Orange".to_owned()])]);
    // Nothing within two edits: words sharing the longest beginning.
    let rescue = c.search("cloudification ", &Options::default()).rescue.unwrap();
    assert_eq!(rescue.nearest[0].1, ["cloud", "clouds"]);
}

#[test]
fn oldest_first_puts_undated_documents_last() {
    let corpus = seeds();
    let order = |sort: Sort, query: &str| -> Vec<usize> {
        corpus
            .search(
                query,
                &Options {
                    sort,
                    ..Options::default()
                },
            )
            .hits
            .iter()
            .map(|h| h.doc)
            .collect()
    };
    let mut newest = order(Sort::Date, "");
    newest.reverse();
    assert_eq!(
        order(Sort::Oldest, ""),
        newest,
        "the seeds are all dated, at distinct dates"
    );
    let dated = |t: &str, date: Option<&str>| {
        let mut d = Document::from_text(t, &format!("{t}.txt"), format!("Orange {t}."));
        d.date = date.map(|s| loupe_engine::PubDate::parse(s).unwrap());
        d
    };
    let c = Corpus::new(vec![
        dated("a", None),
        dated("b", Some("2016-03-01")),
        dated("c", Some("2014-05")),
        dated("d", Some("2015")),
    ]);
    let ids = |sort: Sort| -> Vec<String> {
        c.search(
            "orange ",
            &Options {
                sort,
                ..Options::default()
            },
        )
        .hits
        .iter()
        .map(|h| c.docs[h.doc].id.clone())
        .collect()
    };
    assert_eq!(ids(Sort::Oldest), ["c", "d", "b", "a"]);
    assert_eq!(ids(Sort::Date), ["b", "d", "c", "a"]);
}

fn published(id: &str, source: Option<(&str, &str)>) -> Document {
    let mut d = Document::from_text(id, &format!("{id}.txt"), format!("Orange {id}."));
    d.source = source.map(|s| s.0.to_owned());
    d.publication = source.map(|s| s.1.to_owned());
    d
}

/// The ids of the articles `query` finds in `c`, sorted.
fn ids_found(c: &Corpus, query: &str) -> Vec<String> {
    let mut ids: Vec<String> = c
        .search(query, &Options::default())
        .hits
        .iter()
        .map(|h| c.docs[h.doc].id.clone())
        .collect();
    ids.sort();
    ids
}

#[test]
fn source_filters_are_forgiving() {
    let c = Corpus::new(vec![
        published("a", Some(("lemagit", "LeMagIT"))),
        published("b", Some(("lemonde", "Le Monde"))),
        published("c", Some(("itsocial", "IT Social"))),
        published("d", None),
        published("e", Some(("lemagit", "LeMagIT"))),
    ]);
    let ids = |query: &str| ids_found(&c, query);
    assert_eq!(ids("source:lemagit"), ["a", "e"]);
    assert_eq!(ids("source:LeMag"), ["a", "e"]);
    assert_eq!(ids("source:lem"), ["a", "b", "e"], "several sources: any of them");
    assert_eq!(ids("source:\"le monde\""), ["b"]);
    assert_eq!(ids("source:\"it social\""), ["c"]);
    assert_eq!(ids("source:\"IT Sôcial\""), ["c"]);
    assert_eq!(ids("source:inconnue"), ["d"]);
    assert_eq!(ids("source:unknown"), ["d"]);
    assert_eq!(ids("-source:inconnue orange "), ["a", "b", "c", "e"]);
    // A whole key or name takes that source only: the facet's value for Le
    // Monde is not Le Monde Informatique too.
    let c2 = Corpus::new(vec![
        published("m", Some(("lemonde", "Le Monde"))),
        published("mi", Some(("lemondeinformatique", "Le Monde Informatique"))),
    ]);
    let ids2 = |query: &str| ids_found(&c2, query);
    assert_eq!(ids2("source:lemonde"), ["m"]);
    assert_eq!(ids2("source:\"Le Monde\""), ["m"]);
    assert_eq!(ids2("source:lemondeinformatique"), ["mi"]);
    assert_eq!(ids2("source:lemon"), ["m", "mi"]);
    let results = c.search("source:lem", &Options::default());
    assert!(results.warnings.is_empty(), "{:?}", results.warnings);
    let results = c.search("source:figaro", &Options::default());
    assert_eq!(
        results.warnings.iter().map(|w| w.code()).collect::<Vec<_>>(),
        ["unknown-source"]
    );
    let all = sources(&c);
    let listed: Vec<(&str, &str, usize)> = all
        .iter()
        .map(|f| (f.key.as_str(), f.label.as_str(), f.count))
        .collect();
    assert_eq!(
        listed,
        [
            ("lemagit", "LeMagIT", 2),
            ("itsocial", "IT Social", 1),
            ("lemonde", "Le Monde", 1),
            ("inconnue", "Source inconnue", 1)
        ]
    );
    // Every entry of the list is a filter that finds its count.
    for f in &all {
        assert_eq!(total(&c, &format!("source:{}", f.key)), f.count, "{}", f.key);
    }
}

#[test]
fn the_seeds_sources_cover_every_article() {
    let corpus = seeds();
    let all = sources(corpus);
    assert_eq!(all.iter().map(|f| f.count).sum::<usize>(), corpus.docs.len());
    // Every seed's publication is known (catalog.md): no unknown-source entry,
    // and `source:inconnue` finds nothing.
    assert!(all.iter().all(|f| f.key != "inconnue"));
    assert_eq!(total(corpus, "source:inconnue"), 0);
}

/// The reader's highlights for one article are exactly its hit's, and an
/// article the query does not match has none.
#[test]
fn highlights_in_one_document_equal_its_hit() {
    use loupe_engine::search::highlights_in;
    let corpus = seeds();
    for query in [
        "numergy",
        "\"cloud souverain\"",
        "etat souverains",
        "orange OR sfr",
        "numer",
        "bill",
        "cloudwatt -ikoula",
    ] {
        let results = corpus.search(
            query,
            &Options {
                limit: usize::MAX,
                ..Options::default()
            },
        );
        assert!(results.total > 0, "{query}");
        for hit in &results.hits {
            assert_eq!(
                highlights_in(corpus, query, hit.doc),
                Some((hit.highlights.clone(), hit.title_highlights.clone())),
                "{query} in {}",
                corpus.docs[hit.doc].id
            );
        }
        for d in (0..corpus.docs.len()).filter(|d| results.hits.iter().all(|h| h.doc != *d)) {
            assert_eq!(highlights_in(corpus, query, d), None, "{query} does not match {d}");
        }
    }
    assert_eq!(highlights_in(corpus, "", 0), None);
    assert_eq!(highlights_in(corpus, "numergy", 99), None);
}

/// A hit's highlights and snippet come from the passages around its matches
/// (the documents' anchors): what analyzing the whole text gives, for
/// words, prefixes, phrases, compounds and numbers drawn from the texts;
/// where the matches fall in more than `HIGHLIGHT_PASSAGES` passages, those
/// of the best passages, with a snippet that shows as many query words.
#[test]
fn snippets_from_anchored_passages_equal_whole_text_analysis() {
    let anchored = seeds();
    assert!(
        anchored.docs.iter().all(|d| d.anchors.len() > 5),
        "every seed is long enough to have anchors"
    );
    let mut whole = anchored.clone();
    for d in &mut whole.docs {
        d.anchors.clear();
    }
    let mut queries = Vec::new();
    for d in &anchored.docs {
        let words: Vec<&str> = d.text.split_whitespace().collect();
        for (i, pair) in words.windows(2).enumerate().step_by(23) {
            let clean = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_owned();
            let (a, b) = (clean(pair[0]), clean(pair[1]));
            if a.is_empty() || b.is_empty() {
                continue;
            }
            queries.push(match i % 4 {
                0 => format!("{a} "),
                1 => format!("\"{a} {b}\""),
                2 => format!("{a} {}", &b[..b.char_indices().nth(3).map_or(b.len(), |(k, _)| k)]),
                _ => format!("{a} OR {b} "),
            });
        }
    }
    assert!(queries.len() > 100, "{} queries", queries.len());
    let options = Options {
        limit: 50,
        ..Options::default()
    };
    let mut marked = 0;
    for q in &queries {
        let got = anchored.search(q, &options);
        let want = whole.search(q, &options);
        assert_eq!(got.hits.len(), want.hits.len(), "{q}");
        for (g, w) in got.hits.iter().zip(&want.hits) {
            let id = &anchored.docs[g.doc].id;
            // The anchored hit looks in its best passages only: a subset,
            // the same when they are all of them.
            assert!(g.highlights.iter().all(|h| w.highlights.contains(h)), "{q} in {id}");
            if g.highlights.len() == w.highlights.len() {
                assert_eq!(g.snippet, w.snippet, "{q} in {id}");
            } else {
                // Its snippet shows as many distinct query words as the best one.
                let text = &anchored.docs[g.doc].text;
                let distinct = |s: &loupe_engine::snippet::Snippet| {
                    let mut words: Vec<String> = s.highlights.iter().map(|h| text[h.clone()].to_lowercase()).collect();
                    words.sort();
                    words.dedup();
                    words.len()
                };
                assert_eq!(distinct(&g.snippet), distinct(&w.snippet), "{q} in {id}");
            }
            marked += g.highlights.len();
        }
    }
    assert!(marked > 1000, "{marked} highlights compared");
}

#[test]
fn a_query_that_names_an_entity_finds_its_articles_by_any_name() {
    let corpus = seeds();
    let options = Options {
        limit: 10,
        ..Options::default()
    };
    let cdc = corpus.search("CDC", &options);
    let (e, articles) = cdc.entity.expect("CDC names the Caisse des Dépôts");
    assert_eq!(corpus.entities.entities[e as usize].name, "Caisse des Dépôts");
    // Every article that mentions it, though most write its name in full.
    assert_eq!(articles, 4);
    assert_eq!(cdc.total, 4);
    let spelled = corpus.search("caisse des depots", &options);
    assert_eq!(spelled.entity.map(|e| e.0), Some(e));
    // The article that names it most comes first.
    let most = (0..corpus.docs.len())
        .max_by_key(|&d| corpus.entities.of(d).iter().filter(|m| m.entity == e).count())
        .unwrap();
    assert_eq!(cdc.hits[0].doc, most);
    // Filters, exclusions and alternatives keep their meaning: no entity.
    for q in ["CDC -orange", "CDC OR thales", "source:lemagit CDC", "entity:CDC"] {
        assert_eq!(corpus.search(q, &options).entity, None, "{q}");
    }
    // Words that are no entity's whole name: none.
    assert_eq!(corpus.search("caisse", &options).entity, None);
}

#[test]
fn words_written_as_one_or_in_pieces_match_either_way() {
    let seeds = seeds();
    let found = |c: &Corpus, q: &str| -> Vec<String> {
        let mut ids: Vec<String> = c
            .search(
                q,
                &Options {
                    limit: 50,
                    ..Options::default()
                },
            )
            .hits
            .iter()
            .map(|h| c.docs[h.doc].id[..3].to_owned())
            .collect();
        ids.sort();
        ids
    };
    // Two words the articles write as one: OpenStack in 000, 001 and 002.
    let open = found(seeds, "Open Stack ");
    for id in ["000", "001", "002"] {
        assert!(open.contains(&id.to_owned()), "{open:?}");
    }
    // "Cloud28+" in 004, asked in two words.
    assert_eq!(found(seeds, "Cloud 28+ "), ["004"]);
    // A hyphenated name the article writes in pieces, with a typo ("Val de Rueil").
    assert_eq!(found(seeds, "Val-de-Reuil "), ["003"]);
    // The three spellings of e-mail: the hyphenated and the spaced forms find all three.
    let mail = corpus(&[
        "Courrier A\n\nEnvoyez un e-mail au service.",
        "Courrier B\n\nEnvoyez un email au service.",
        "Courrier C\n\nEnvoyez un e mail au service.",
    ]);
    let all = |q: &str| mail.search(q, &Options::default()).total;
    assert_eq!(all("e-mail "), 3);
    assert_eq!(all("e mail "), 3);
    assert_eq!(all("email "), 3);
    assert_eq!(all("email"), 3, "as it is being typed too");
    // What matched is marked, in each spelling.
    let mut marks: Vec<String> = mail
        .search("email ", &Options::default())
        .hits
        .iter()
        .flat_map(|h| h.highlights.iter().map(|r| mail.docs[h.doc].text[r.clone()].to_owned()))
        .collect();
    marks.sort();
    assert_eq!(marks, ["e mail", "e-mail", "email"]);
    // A word is not cut into stop words: "dela" is not "de la".
    let de_la = corpus(&["Texte A\n\nLe prix de la vie."]);
    assert_eq!(de_la.search("dela ", &Options::default()).total, 0);
}

#[test]
fn names_of_several_words_rank_the_article_that_names_them_first() {
    // Each case: an article that names it once, and one where its words
    // stand apart, in other sentences, more often (BM25 alone ranks it first).
    let cases = [
        (
            "Orange Business Services",
            "Orange OR Business OR Services",
            "Contrat\n\nLa région a choisi Orange Business Services pour son réseau. Le contrat court trois ans.",
            "Bilan\n\nOrange publie ses comptes. Les services progressent, les services aux entreprises aussi. \
             Le business de la fibre reste stable. Orange confirme ses objectifs et ses services.",
        ),
        (
            "Caisse des Dépôts",
            "caisse OR dépôts",
            "Financement\n\nLa Caisse des Dépôts entre au capital de la jeune pousse.",
            "Banque\n\nLa caisse du magasin était vide. Les dépôts ont baissé en mars, et les dépôts à vue aussi. \
             La caisse centrale a fermé.",
        ),
        (
            "Banque publique d'investissement",
            "banque OR publique OR investissement",
            "Soutien\n\nLa Banque publique d'investissement prête dix millions à la société.",
            "Marchés\n\nLa banque a relevé ses taux. L'investissement public recule; l'investissement privé aussi. \
             Une banque publique régionale annonce un plan d'investissement.",
        ),
        (
            "cloud souverain",
            "cloud OR souverain",
            "Politique\n\nLe cloud souverain devait protéger les données de l'État.",
            "Technique\n\nLe cloud progresse partout, le cloud hybride aussi. Un État souverain choisit ses \
             fournisseurs; le pouvoir souverain décide du cloud.",
        ),
    ];
    for (name, words, named, apart) in cases {
        let c = corpus(&[apart, named]);
        let results = c.search(&format!("{name} "), &Options::default());
        assert_eq!(results.total, 2, "{name}: both articles match");
        assert_eq!(results.hits[0].doc, 1, "{name}: the article that names it comes first");
        // The same words' BM25 without proximity (an OR sums it where all
        // match) ranks the other first: the case tests something.
        let bm25 = c.search(words, &Options::default());
        assert_eq!(bm25.hits[0].doc, 0, "{name}: BM25 alone prefers the other");
    }
}

#[test]
fn query_words_in_order_and_together_rank_above_reversed_and_apart() {
    let c = corpus(&[
        // The same words, lengths and titles' lengths: only their places differ.
        "Un\n\nLes services business Orange ici aussi.",
        "Deux\n\nOrange aussi, services ici, les business.",
        "Trois\n\nLes Orange business services ici aussi.",
    ]);
    let order: Vec<usize> = c
        .search("orange business services ", &Options::default())
        .hits
        .iter()
        .map(|h| h.doc)
        .collect();
    assert_eq!(
        order,
        [2, 0, 1],
        "together in order, then together reversed, then apart"
    );
}

#[test]
fn a_long_article_is_analyzed_where_its_best_passages_are() {
    // 200 sentences with "nuage"; one of them also says "souverain".
    let mut text = String::from("Titre\n\n");
    for i in 0..200 {
        if i == 150 {
            text.push_str("Le nuage souverain de l'État arrive enfin sur la ville. ");
        } else {
            text.push_str(&format!("Le nuage numéro {i} passe sur la ville. "));
        }
    }
    let c = corpus(&[&text]);
    let query = "nuage OR souverain ";
    let results = c.search(query, &Options::default());
    let hit = &results.hits[0];
    let snippet = &c.docs[0].text[hit.snippet.range.clone()];
    assert!(snippet.contains("nuage souverain"), "{snippet}");
    // The reader's highlights are every match; the hit's only those of the
    // best passages (at most HIGHLIGHT_PASSAGES of about 32 words).
    let all = loupe_engine::search::highlights_in(&c, query, 0).unwrap().0;
    assert_eq!(all.len(), 201);
    let passages = loupe_engine::search::HIGHLIGHT_PASSAGES;
    assert!(
        hit.highlights.len() <= passages * 5,
        "{} highlights",
        hit.highlights.len()
    );
    assert!(hit.highlights.iter().all(|h| all.contains(h)));
    assert!(hit.snippet.highlights.iter().all(|h| hit.highlights.contains(h)));
    // A short article keeps every highlight.
    let short = corpus(&["Titre\n\nLe nuage passe. Un autre nuage souverain passe."]);
    let hit = &short.search(query, &Options::default()).hits[0];
    assert_eq!(hit.highlights.len(), 3);
}
