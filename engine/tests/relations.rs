//! Relations read from the prose: the forms the patterns know, measured
//! against our gold of the seeds (tests/fixtures/relations-gold.tsv;
//! guidelines in docs/QUALITY.md) and, without a threshold, against unseen
//! takeover articles of data/ner (tests/fixtures/relations-unseen.tsv).
//!
//! `cargo test -p loupe-engine --test relations -- --nocapture` prints the tables.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

use loupe_engine::analysis::fold;
use loupe_engine::entities::{kb::KnowledgeBase, Recognizer};
use loupe_engine::relations::{self, RelationKind};
use loupe_engine::{load_corpus, Corpus, Document, LoadOptions};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn recognizer() -> Recognizer {
    let path = root().join("seeds/entities.toml");
    Recognizer::new(KnowledgeBase::parse(&path, &std::fs::read_to_string(&path).unwrap()).unwrap())
}

/// A corpus of one text, its entities recognized with the seeds' knowledge base.
fn corpus_of(texts: &[(&str, &str)]) -> Corpus {
    let docs = texts
        .iter()
        .map(|(id, text)| Document::from_text(id, &format!("{id}.txt"), (*text).to_owned()))
        .collect();
    let mut corpus = Corpus::new(docs);
    corpus.annotate(&recognizer());
    corpus
}

/// A fact as the gold writes it: article, type, subject, object, value
/// (folded; the two names in order for a symmetric type).
type Fact = (String, String, String, String, String);

fn fact(doc: &str, kind: &str, subject: &str, object: &str, value: &str) -> Fact {
    let (mut s, mut o) = (fold(subject), fold(object));
    if RelationKind::parse(kind).is_some_and(RelationKind::symmetric) && o < s {
        std::mem::swap(&mut s, &mut o);
    }
    (doc.to_owned(), kind.to_owned(), s, o, fold(value))
}

/// The distinct facts the extractor finds in `corpus`, per article id.
fn found(corpus: &Corpus) -> BTreeSet<Fact> {
    let name = |e: u32| corpus.entities.entities[e as usize].name.clone();
    relations::extract(corpus)
        .into_iter()
        .map(|r| {
            fact(
                &corpus.docs[r.doc].id,
                r.kind.as_str(),
                &name(r.subject),
                &name(r.object),
                r.value.as_deref().unwrap_or("-"),
            )
        })
        .collect()
}

fn gold(file: &str) -> BTreeSet<Fact> {
    let text = std::fs::read_to_string(root().join("engine/tests/fixtures").join(file)).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 5, "{file}: {l}");
            assert!(RelationKind::parse(f[1]).is_some(), "{file}: unknown type in {l}");
            fact(f[0], f[1], f[2], f[3], f[4])
        })
        .collect()
}

/// Precision and recall per type and over all, printed as a table; returns the totals.
fn score(label: &str, gold: &BTreeSet<Fact>, found: &BTreeSet<Fact>) -> (f64, f64) {
    let mut per: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new(); // (tp, found, gold)
    for f in found {
        let e = per.entry(f.1.clone()).or_default();
        e.1 += 1;
        if gold.contains(f) {
            e.0 += 1;
        }
    }
    for g in gold {
        per.entry(g.1.clone()).or_default().2 += 1;
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    println!(
        "\n{label}\n{:<12} {:>5} {:>5} {:>5} {:>9} {:>7}",
        "type", "gold", "found", "right", "precision", "recall"
    );
    let mut total = (0, 0, 0);
    for (kind, (tp, n, g)) in &per {
        println!(
            "{kind:<12} {g:>5} {n:>5} {tp:>5} {:>9.2} {:>7.2}",
            ratio(*tp, *n),
            ratio(*tp, *g)
        );
        total = (total.0 + tp, total.1 + n, total.2 + g);
    }
    let (p, r) = (ratio(total.0, total.1), ratio(total.0, total.2));
    println!(
        "{:<12} {:>5} {:>5} {:>5} {p:>9.2} {r:>7.2}",
        "all", total.2, total.1, total.0
    );
    for f in found.difference(gold) {
        println!("  extra: {f:?}");
    }
    for g in gold.difference(found) {
        println!("  missed: {g:?}");
    }
    (p, r)
}

#[test]
fn seeds_relations_reach_the_precision_and_recall_floor() {
    let corpus = load_corpus(&root().join("seeds"), LoadOptions::default())
        .unwrap()
        .corpus;
    let (p, r) = score("seeds", &gold("relations-gold.tsv"), &found(&corpus));
    assert!(p >= 0.90, "precision {p:.2} under 0.90");
    assert!(r >= 0.80, "recall {r:.2} under 0.80");
}

/// The text of an annotated article: its markup `[[span|TYPE]]` removed.
fn unmarked(ann: &str) -> String {
    let mut out = String::new();
    let mut rest = ann;
    while let Some(i) = rest.find("[[") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 2..];
        match (tail.find('|'), tail.find("]]")) {
            (Some(bar), Some(end)) if bar < end => {
                out.push_str(&tail[..bar]);
                rest = &tail[end + 2..];
            }
            _ => {
                out.push_str("[[");
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn unseen_takeover_articles_are_measured() {
    let files = [
        "dev/dev2-04",
        "test/test1-06",
        "test/test2-02",
        "next/u-05",
        "next/u-04",
    ];
    let texts: Vec<(String, String)> = files
        .iter()
        .map(|f| {
            let ann = std::fs::read_to_string(root().join("data/ner").join(format!("{f}.ann.txt"))).unwrap();
            (f.rsplit('/').next().unwrap().to_owned(), unmarked(&ann))
        })
        .collect();
    let refs: Vec<(&str, &str)> = texts.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let gold = gold("relations-unseen.tsv");
    let (p, r) = score("unseen (reported, no threshold)", &gold, &found(&corpus_of(&refs)));
    assert!((0.0..=1.0).contains(&p) && (0.0..=1.0).contains(&r));
    assert_eq!(gold.iter().map(|g| &g.0).collect::<BTreeSet<_>>().len(), files.len());
}

/// (type, subject, object, value) of every relation of one text.
fn relations_of(text: &str) -> Vec<(String, String, String, Option<String>)> {
    let corpus = corpus_of(&[("a", text)]);
    let name = |e: u32| corpus.entities.entities[e as usize].name.clone();
    relations::extract(&corpus)
        .into_iter()
        .map(|r| (r.kind.as_str().to_owned(), name(r.subject), name(r.object), r.value))
        .collect()
}

macro_rules! forms {
    ($($name:ident: $text:expr => [$(($kind:expr, $s:expr, $o:expr, $v:expr)),*];)*) => {$(
        #[test]
        fn $name() {
            let want: Vec<(String, String, String, Option<String>)> = vec![$(
                ($kind.to_owned(), $s.to_owned(), $o.to_owned(), Option::<&str>::from($v).map(str::to_owned))
            ),*];
            assert_eq!(relations_of($text), want, "{}", $text);
        }
    )*};
}

forms! {
    active_purchase: "Orange rachète Cloudwatt." => [("acquisition", "Orange", "Cloudwatt", None)];
    passive_stake_with_share: "Numergy, détenue à 47 % par SFR, change de cap." => [("stake", "SFR", "Numergy", "47 %")];
    nominal_purchase_with_par: "Le rachat de Cloudwatt par Orange est bouclé." => [("acquisition", "Orange", "Cloudwatt", None)];
    shares_listed_in_brackets: "Orange rachète les parts de Thales (22,2 %) et de la CDC (33,3 %) dans Cloudwatt." => [
        ("acquisition", "Orange", "Cloudwatt", None),
        ("stake", "Thales", "Cloudwatt", "22,2 %"),
        ("stake", "Caisse des Dépôts", "Cloudwatt", "33,3 %")
    ];
    founders_after_par: "Cloudwatt, créée par Orange, Thales et la CDC, est lancée." => [
        ("founding", "Orange", "Cloudwatt", None),
        ("founding", "Thales", "Cloudwatt", None),
        ("founding", "Caisse des Dépôts", "Cloudwatt", None)
    ];
    leaving_a_board: "Philippe Tavernier a quitté la présidence de Numergy." => [("exit", "Philippe Tavernier", "Numergy", None)];
    role_in_apposition: "Didier Renard, le nouveau président de Cloudwatt, parle." => [("leadership", "Didier Renard", "Cloudwatt", "président")];
    sum_invested_in: "L'État a investi 75 millions d'euros dans Numergy." => [("investment", "État français", "Numergy", "75 000 000 EUR")];
    merger_between: "La fusion entre Atos et Bull est achevée." => [("merger", "Atos", "Bull", None)];
    partnership_with: "Orange signe un partenariat avec Microsoft." => [("partnership", "Orange", "Microsoft", None)];
    shareholders_listed_before: "SFR et Bull, les actionnaires de Numergy, se taisent." => [
        ("stake", "SFR", "Numergy", None),
        ("stake", "Bull", "Numergy", None)
    ];
    a_pronoun_is_not_an_entity: "L'opérateur rachète Cloudwatt. Il détient 40 % de Numergy." => [];
    a_person_does_not_buy_in_passing: "Axelle Lemaire regrette les rachats de SFR et de Bull." => [];
}

#[test]
fn a_date_in_the_sentence_dates_the_relation_else_the_article() {
    let mut corpus = corpus_of(&[("a", "Orange rachète Cloudwatt en mars 2015. SFR rachète Numergy.")]);
    corpus.docs[0].date = loupe_engine::PubDate::parse("2016-02").ok();
    let found = relations::extract(&corpus);
    let dates: Vec<(String, bool)> = found
        .iter()
        .map(|r| (r.date.unwrap().to_string(), r.date_from_article))
        .collect();
    assert_eq!(dates, [("2015-03".to_owned(), false), ("2016-02".to_owned(), true)]);
    let text = &corpus.docs[0].text;
    assert_eq!(&text[found[1].evidence.clone()], "SFR rachète Numergy.");
}

#[test]
fn relations_come_in_document_then_text_order() {
    let corpus = corpus_of(&[
        ("b", "SFR rachète Numergy. Orange rachète Cloudwatt."),
        ("a", "Atos rachète Bull."),
    ]);
    let found = relations::extract(&corpus);
    let order: Vec<(usize, usize)> = found.iter().map(|r| (r.doc, r.evidence.start)).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order.len(), 3);
    assert_eq!(order, sorted);
    assert_eq!(relations::extract_doc(&corpus, 9), []);
}

const WORDS: &[&str] = &[
    "Orange",
    "SFR",
    "Numergy",
    "Cloudwatt",
    "CDC",
    "Thales",
    "Philippe Tavernier",
    "rachète",
    "racheté",
    "rachat",
    "détenue",
    "par",
    "de",
    "d’",
    "du",
    "dans",
    "(",
    ")",
    ",",
    "33 %",
    "75 millions d'euros",
    "actionnaires",
    "créée",
    "président",
    "la tête",
    "à",
    "et",
    "quitte",
    "fusion",
    "entre",
    "intégration",
    "partenariat",
    "avec",
    "en mars 2015",
    ".",
    "participation",
    "capital",
    "respectivement",
    "investi",
    "filiale",
    "se vend",
    "–",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_text_never_panics_and_gives_the_same_relations_twice(
        picks in proptest::collection::vec(0..WORDS.len(), 0..40),
        noise in "(?s).{0,60}",
    ) {
        let mut text: String = picks.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" ");
        text.push_str(&noise);
        let corpus = corpus_of(&[("a", &text)]);
        let once = relations::extract(&corpus);
        prop_assert_eq!(&once, &relations::extract(&corpus));
        for r in &once {
            prop_assert!(corpus.docs[0].text.get(r.evidence.clone()).is_some());
            prop_assert!(r.subject != r.object);
        }
    }
}
