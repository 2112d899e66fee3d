//! Search over seeds/: golden queries whose expected documents were read off
//! the texts themselves, ranking rules on small corpora, and properties.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

use loupe_engine::search::{Options, Sort};
use loupe_engine::{load_dir, Corpus, Document};
use proptest::prelude::*;
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
            ("solutionsnumeriques", 1)
        ]
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
        by_date in any::<bool>(),
    ) {
        let c = word_soup(&picks);
        let sort = if by_date { Sort::Date } else { Sort::Relevance };
        let all = c.search(&query, &Options { sort, limit: usize::MAX });
        let some = c.search(&query, &Options { sort, limit });
        prop_assert_eq!(some.total, all.total);
        prop_assert_eq!(&some.facets, &all.facets);
        let firsts: Vec<(usize, f32)> = all.hits.iter().take(limit).map(|h| (h.doc, h.score)).collect();
        let got: Vec<(usize, f32)> = some.hits.iter().map(|h| (h.doc, h.score)).collect();
        prop_assert_eq!(got, firsts);
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
