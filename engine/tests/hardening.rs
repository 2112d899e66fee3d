//! Hostile input: the cases that once crashed, hung or corrupted, kept as
//! fixed tests, and properties over arbitrary Unicode that keep looking for more.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

use loupe_engine::entities::kb::KnowledgeBase;
use loupe_engine::entities::{merge, EntityType, Mention, Recognizer, Source};
use loupe_engine::{query, snapshot, Corpus, Document};
use proptest::prelude::*;
use std::time::Instant;

fn recognizer() -> Recognizer {
    Recognizer::new(KnowledgeBase::default())
}

/// Sorted, non-overlapping, on character boundaries.
fn well_formed(text: &str, found: &[Mention]) -> Result<(), String> {
    for m in found {
        if !(m.range.start < m.range.end
            && m.range.end <= text.len()
            && text.is_char_boundary(m.range.start)
            && text.is_char_boundary(m.range.end))
        {
            return Err(format!("bad range {:?} in {text:?}", m.range));
        }
    }
    for w in found.windows(2) {
        if w[0].range.end > w[1].range.start {
            return Err(format!("{:?} overlaps {:?} in {text:?}", w[0].range, w[1].range));
        }
    }
    Ok(())
}

#[test]
fn a_year_that_starts_a_sum_makes_no_overlapping_mentions() {
    for text in [
        "en 2015 euros constants",
        "fin 2016 euros",
        "janvier 2015 EUR",
        "depuis 2015 d'euros.",
        "en 1999 €",
        "le 3 mars 2015 % du capital",
    ] {
        let found = recognizer().recognize(text);
        well_formed(text, &found).unwrap();
        // And a corpus holding it encodes to a snapshot the decoder reads.
        let mut corpus = Corpus::new(vec![Document::from_text("a", "a.txt", text.to_owned())]);
        corpus.annotate(&recognizer());
        let bytes = snapshot::encode(&corpus).unwrap();
        assert_eq!(snapshot::decode(&bytes).unwrap(), corpus);
    }
}

#[test]
fn merge_keeps_the_earlier_group_then_the_longest() {
    let m = |r: std::ops::Range<usize>, kind| Mention {
        range: r,
        kind,
        id: String::new(),
        canonical: String::new(),
        source: Source::Pattern,
        confidence: 1.0,
    };
    let text = "0123456789abcdef";
    let merged = merge(
        text,
        [
            vec![m(4..6, EntityType::Org)],
            vec![
                m(0..5, EntityType::Date),
                m(2..9, EntityType::Money),
                m(9..12, EntityType::Percent),
                m(11..13, EntityType::Date),
                m(20..30, EntityType::Date),
            ],
        ],
    );
    let got: Vec<_> = merged.iter().map(|m| (m.range.clone(), m.kind)).collect();
    assert_eq!(got, [(4..6, EntityType::Org), (9..12, EntityType::Percent)]);
}

#[test]
fn parentheses_nested_thousands_deep_become_a_warning() {
    for depth in [5_000, 100_000] {
        let q = format!("{}cloud{}", "(".repeat(depth), ")".repeat(depth));
        let (node, warnings) = query::parse(&q);
        assert!(node.is_some());
        assert!(warnings.contains(&query::Warning::TooDeep), "{warnings:?}");
        let unclosed = "(".repeat(depth);
        let (_, warnings) = query::parse(&unclosed);
        assert!(warnings.contains(&query::Warning::TooDeep));
    }
    // The search walks the query too.
    let corpus = Corpus::new(vec![Document::from_text("a", "a.txt", "Le cloud souverain.".into())]);
    let r = corpus.search(&format!("{}cloud", "(".repeat(50_000)), &Default::default());
    assert_eq!(r.total, 1);
}

/// Seconds to run `f` on input of size `n`, best of five.
fn time<F: Fn(usize)>(f: &F, n: usize) -> f64 {
    (0..5)
        .map(|_| {
            let t = Instant::now();
            f(n);
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// Input twice as large must cost less than three times as much: a quadratic
/// path costs four. Measured as a ratio in one run, not against a clock.
/// A busy machine can slow one measurement: a path passes if one of three
/// tries shows it linear; a quadratic one fails all three.
fn linear<F: Fn(usize)>(name: &str, f: F, n: usize) {
    let mut tries = Vec::new();
    for _ in 0..3 {
        let (a, b) = (time(&f, n), time(&f, 2 * n));
        if b < 3.0 * a.max(1e-4) {
            return;
        }
        tries.push(format!("{a:.4}s → {b:.4}s ({:.1}×)", b / a));
    }
    panic!("{name}: {n} then {} items: {}", 2 * n, tries.join(", "));
}

#[test]
fn the_query_parser_is_linear() {
    linear("stray )", |n| drop(query::parse(&")".repeat(n))), 100_000);
    linear("()", |n| drop(query::parse(&"()".repeat(n))), 100_000);
    linear("- OR", |n| drop(query::parse(&"a OR - ".repeat(n))), 50_000);
    // Distinct warnings, each one new: the list is capped, not scanned whole.
    let letters = |i: usize| {
        (0..4)
            .map(|k| char::from(b'a' + (i / 26usize.pow(k) % 26) as u8))
            .collect::<String>()
    };
    // Written once, outside the timing: the first `n` filters are its first `n * 7` bytes.
    let unknown: String = (0..40_000).map(|i| format!("{}:y ", letters(i))).collect();
    linear("unknown fields", |n| drop(query::parse(&unknown[..n * 7])), 20_000);
}

#[test]
fn entity_recognition_is_linear() {
    let para =
        "Le 12 mars 2015, Orange a racheté 44,3 % de Cloudwatt à Paris pour 75 millions d’euros, selon Jean Dupont.\n";
    linear("recognize", |n| drop(recognizer().recognize(&para.repeat(n))), 2_000);
}

#[test]
fn catalog_reading_is_linear() {
    use loupe_engine::catalog::Catalog;
    let catalog = |n: usize| {
        (0..n)
            .map(|i| format!("[[article]]\nfile = \"{i}.txt\"\ntitle = \"Titre {i}\"\ndate = \"2015-03\"\n\n"))
            .collect::<String>()
    };
    linear(
        "catalog",
        |n| drop(Catalog::parse("c.toml".as_ref(), &catalog(n)).unwrap()),
        8_000,
    );
}

#[test]
fn hits_snippets_and_highlights_on_a_long_article_are_linear() {
    let para = "Le cloud souverain de l’État français, selon Orange, a coûté 75 millions d’euros.\n";
    linear(
        "search a long article",
        |n| {
            let corpus = Corpus::new(vec![Document::from_text("a", "a.txt", para.repeat(n))]);
            let results = corpus.search("cloud souverain", &Default::default());
            for hit in &results.hits {
                let doc = &corpus.docs[hit.doc];
                let _ = hit.snippet.render(&doc.text);
                let mut points = loupe_engine::offsets::CodePoints::new(&doc.text);
                for r in &hit.highlights {
                    points.at(r.start);
                    points.at(r.end);
                }
            }
        },
        5_000,
    );
}

#[test]
fn code_point_offsets_are_linear() {
    use loupe_engine::offsets::CodePoints;
    let text = "Numérique é ".repeat(100_000);
    linear(
        "offsets",
        |n| {
            let mut p = CodePoints::new(&text);
            for b in (0..text.len()).step_by(text.len() / n) {
                p.at(b);
            }
        },
        5_000,
    );
}

/// 256 cases per property in `scripts/test`; `scripts/fuzz` asks for many more.
fn cases() -> u32 {
    std::env::var("LOUPE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), .. ProptestConfig::default() })]

    #[test]
    fn recognition_of_any_text_is_sorted_and_never_overlaps(text in "\\PC{0,200}") {
        let found = recognizer().recognize(&text);
        prop_assert!(well_formed(&text, &found).is_ok(), "{:?}", well_formed(&text, &found));
    }

    #[test]
    fn recognition_of_french_like_soup_never_overlaps(
        words in prop::collection::vec(prop::sample::select(vec![
            "en", "2015", "euros", "€", "EUR", "%", "le", "12", "mars", "fin", "début", "mi", "-", "Orange",
            "Paris", "Jean", "Dupont", "l’", "État", "millions", "d’", "lundi", "dernier", ",", ".", "\n", "M.", "(", ")",
        ]), 0..40)
    ) {
        let text = words.join(" ");
        let found = recognizer().recognize(&text);
        prop_assert!(well_formed(&text, &found).is_ok(), "{:?}", well_formed(&text, &found));
    }

    #[test]
    fn any_query_parses_without_panicking(q in "\\PC{0,300}") {
        let _ = query::parse(&q);
    }

    #[test]
    fn any_annotated_text_round_trips_through_a_snapshot(text in "\\PC{0,300}") {
        let mut corpus = Corpus::new(vec![Document::from_text("a", "a.txt", text)]);
        corpus.annotate(&recognizer());
        let bytes = snapshot::encode(&corpus).unwrap();
        prop_assert_eq!(snapshot::decode(&bytes).unwrap(), corpus);
    }
}
