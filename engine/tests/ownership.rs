//! The ownership view (engine/src/ownership.rs): the seeds' two companies
//! tell their story, every figure links to the sentence that states it,
//! conflicting figures stay apart, and the markup is safe and deterministic.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

use loupe_engine::entities::{kb::KnowledgeBase, Recognizer};
use loupe_engine::ownership::{self, Ownership};
use loupe_engine::relations::RelationKind;
use loupe_engine::{Corpus, Document, PubDate};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn seeds() -> Corpus {
    loupe_engine::load_dir(&root().join("seeds")).unwrap()
}

fn recognizer() -> Recognizer {
    let path = root().join("seeds/entities.toml");
    Recognizer::new(KnowledgeBase::parse(&path, &std::fs::read_to_string(&path).unwrap()).unwrap())
}

/// A corpus of these (id, date, text) articles, entities and relations found
/// with the seeds' knowledge base.
fn corpus_of(articles: &[(&str, Option<&str>, &str)]) -> Corpus {
    let docs = articles
        .iter()
        .map(|(id, date, text)| {
            let mut d = Document::from_text(id, &format!("{id}.txt"), (*text).to_owned());
            d.date = date.map(|s| PubDate::parse(s).unwrap());
            d
        })
        .collect();
    let mut corpus = Corpus::new(docs);
    corpus.annotate(&recognizer());
    corpus
}

fn entity(corpus: &Corpus, name: &str) -> u32 {
    let found = corpus.entities.resolve(name);
    assert_eq!(found.len(), 1, "{name}: {found:?}");
    found[0]
}

fn name(corpus: &Corpus, e: u32) -> &str {
    &corpus.entities.entities[e as usize].name
}

/// (kind, share) of every fact of `holder`.
fn facts_of(corpus: &Corpus, view: &Ownership, holder: &str) -> Vec<(RelationKind, Option<String>)> {
    let e = entity(corpus, holder);
    let h = view
        .holders
        .iter()
        .find(|h| h.entity == e)
        .unwrap_or_else(|| panic!("{holder} is not a holder"));
    h.facts.iter().map(|f| (f.kind, f.share.clone())).collect()
}

fn has(facts: &[(RelationKind, Option<String>)], kind: RelationKind, share: Option<&str>) -> bool {
    facts.iter().any(|(k, s)| *k == kind && s.as_deref() == share)
}

/// The `<a …>…</a>` elements of some markup (links do not nest).
fn links(markup: &str) -> Vec<&str> {
    markup
        .match_indices("<a ")
        .map(|(i, _)| {
            let end = markup[i..].find("</a>").map_or(markup.len(), |e| i + e + 4);
            &markup[i..end]
        })
        .collect()
}

fn href(link: &str) -> &str {
    let start = link.find("href=\"").unwrap() + 6;
    &link[start..start + link[start..].find('"').unwrap()]
}

#[test]
fn the_seeds_companies_include_cloudwatt_and_numergy() {
    let corpus = seeds();
    let companies = ownership::companies(&corpus);
    assert!(companies.windows(2).all(|w| w[0] < w[1]), "{companies:?}");
    for c in ["Cloudwatt", "Numergy"] {
        assert!(companies.contains(&entity(&corpus, c)), "{c} missing");
    }
    let each: Vec<Ownership> = companies.iter().map(|&c| ownership::of(&corpus, c).unwrap()).collect();
    assert_eq!(ownership::all(&corpus), each, "all() is of() for every company");
}

#[test]
fn cloudwatt_founders_shares_and_orange_buying_them_out() {
    let corpus = seeds();
    let view = ownership::of(&corpus, entity(&corpus, "Cloudwatt")).unwrap();
    let orange = facts_of(&corpus, &view, "Orange");
    assert!(has(&orange, RelationKind::Acquisition, None), "{orange:?}");
    assert!(has(&orange, RelationKind::Founding, None), "{orange:?}");
    // "L'intégration de Cloudwatt dans Orange": the company folded into its holder.
    assert!(has(&orange, RelationKind::Merger, None), "{orange:?}");
    for (holder, share) in [("Thales", "22,2 %"), ("Caisse des Dépôts", "33,3 %")] {
        let facts = facts_of(&corpus, &view, holder);
        assert!(has(&facts, RelationKind::Stake, Some(share)), "{holder}: {facts:?}");
        assert!(has(&facts, RelationKind::Exit, None), "{holder} leaves: {facts:?}");
    }
    let html = view.markup(&corpus);
    for text in [">22,2 %<", ">33,3 %<", ">Orange<", ">Thales<", ">Caisse des Dépôts<"] {
        assert!(html.contains(text), "{text} not drawn");
    }
    assert!(html.contains("Actionnariat de Cloudwatt, d’après les articles"));
    assert!(html.contains("Ownership of Cloudwatt, as the articles state it"));
}

#[test]
fn numergy_holders_and_sfr_taking_it_over() {
    let corpus = seeds();
    let view = ownership::of(&corpus, entity(&corpus, "Numergy")).unwrap();
    let sfr = facts_of(&corpus, &view, "SFR");
    assert!(has(&sfr, RelationKind::Acquisition, None), "{sfr:?}");
    assert!(has(&sfr, RelationKind::Stake, None), "{sfr:?}");
    // 47 % wherever a share of SFR's is stated (the seeds' sentences give none).
    assert!(
        sfr.iter()
            .all(|(k, s)| *k != RelationKind::Stake || s.as_deref().is_none_or(|s| s == "47 %")),
        "{sfr:?}"
    );
    let bull = facts_of(&corpus, &view, "Bull");
    assert!(has(&bull, RelationKind::Stake, None), "{bull:?}");
    // Two articles, two figures for the Caisse des Dépôts: both kept.
    let cdc = facts_of(&corpus, &view, "Caisse des Dépôts");
    assert!(has(&cdc, RelationKind::Stake, Some("33,3 %")), "{cdc:?}");
    assert!(has(&cdc, RelationKind::Stake, Some("33 %")), "{cdc:?}");
    let atos = facts_of(&corpus, &view, "Atos");
    assert!(has(&atos, RelationKind::Stake, Some("20 %")), "{atos:?}");
    let html = view.markup(&corpus);
    for text in [">33,3 %<", ">33 %<", ">20 %<", ">SFR<", ">Bull<"] {
        assert!(html.contains(text), "{text} not drawn");
    }
}

#[test]
fn every_mark_and_row_links_to_the_holders_mention_in_its_sentence() {
    let corpus = seeds();
    for c in ["Cloudwatt", "Numergy"] {
        let view = ownership::of(&corpus, entity(&corpus, c)).unwrap();
        let html = view.markup(&corpus);
        let doc_links: Vec<&str> = links(&html)
            .into_iter()
            .map(href)
            .filter(|h| h.starts_with("#/doc/"))
            .collect();
        let mut expected = Vec::new();
        for h in &view.holders {
            for f in &h.facts {
                let r = &corpus.relations[f.relation];
                assert_eq!(
                    (r.subject, r.object, r.kind, r.doc),
                    (h.entity, view.company, f.kind, f.doc)
                );
                let at = f.at.unwrap_or_else(|| panic!("{c}: no anchor for {f:?}"));
                assert!(r.evidence.contains(&at), "{c}: {at} outside {:?}", r.evidence);
                let mention = corpus.entities.of(f.doc).iter().find(|m| m.range.start == at).unwrap();
                assert_eq!(mention.entity, h.entity, "{c}: the mention at {at} is not the holder's");
                assert!(mention.range.end <= r.evidence.end);
                let link = format!("#/doc/{}?at={at}", corpus.docs[f.doc].id);
                // A mark in each drawing, and the table's row.
                for _ in 0..3 {
                    expected.push(link.clone());
                }
            }
        }
        let mut got: Vec<String> = doc_links.iter().map(|s| (*s).to_owned()).collect();
        got.sort();
        expected.sort();
        assert_eq!(got, expected, "{c}: every fact linked three times, nothing else");
        // The table's source cells are exactly the facts' links.
        let table = &html[html.find("<table").unwrap()..];
        let rows = links(table)
            .into_iter()
            .filter(|l| href(l).starts_with("#/doc/"))
            .count();
        assert_eq!(rows, view.holders.iter().map(|h| h.facts.len()).sum::<usize>());
    }
}

#[test]
fn holders_come_by_first_dated_fact_then_name_and_facts_by_date() {
    let corpus = seeds();
    for c in ownership::companies(&corpus) {
        let view = ownership::of(&corpus, c).unwrap();
        let key = |h: &ownership::Holder| {
            let first = h.facts.first().and_then(|f| f.date);
            (
                first.is_none(),
                first,
                loupe_engine::analysis::fold(name(&corpus, h.entity)),
            )
        };
        assert!(
            view.holders.windows(2).all(|w| key(&w[0]) <= key(&w[1])),
            "{}",
            name(&corpus, c)
        );
        for h in &view.holders {
            let dates: Vec<_> = h.facts.iter().map(|f| (f.date.is_none(), f.date, f.doc)).collect();
            assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
        }
    }
}

#[test]
fn different_figures_for_the_same_holder_stay_side_by_side() {
    let corpus = corpus_of(&[
        (
            "a",
            Some("2015-06"),
            "Numergy, détenue à 33 % par la Caisse des Dépôts, change de cap.",
        ),
        (
            "b",
            Some("2015-06"),
            "Numergy, détenue à 33,3 % par la Caisse des Dépôts, change de cap.",
        ),
    ]);
    let view = ownership::of(&corpus, entity(&corpus, "Numergy")).unwrap();
    assert_eq!(view.holders.len(), 1);
    let cdc = &view.holders[0];
    let shares: Vec<Option<&str>> = cdc.facts.iter().map(|f| f.share.as_deref()).collect();
    assert_eq!(shares, [Some("33 %"), Some("33,3 %")]);
    assert_eq!(cdc.conflicts(), [(0, 1)]);
    let html = view.markup(&corpus);
    let marks = |doc: &str| -> Vec<&str> {
        links(&html)
            .into_iter()
            .filter(|l| href(l).starts_with(&format!("#/doc/{doc}?at=")))
            .collect()
    };
    for (doc, own, other) in [("a", ">33 %<", ">33,3 %<"), ("b", ">33,3 %<", ">33 %<")] {
        let found = marks(doc);
        assert_eq!(found.len(), 3, "{doc}: two marks and a row");
        for link in &found[..2] {
            assert!(link.contains(own) && !link.contains(other), "{doc}: {link}");
        }
    }
    assert_ne!(href(marks("a")[0]), href(marks("b")[0]));
    // The table says so beside each figure.
    assert!(html.contains("≠ autre article : 33,3 %") && html.contains("≠ other article: 33 %"));
    // Far apart in time, different figures tell a change, not a conflict.
    let later = corpus_of(&[
        (
            "a",
            Some("2014-01"),
            "Numergy, détenue à 33 % par la Caisse des Dépôts, change de cap.",
        ),
        (
            "b",
            Some("2016-01"),
            "Numergy, détenue à 33,3 % par la Caisse des Dépôts, change de cap.",
        ),
    ]);
    let view = ownership::of(&later, entity(&later, "Numergy")).unwrap();
    assert!(view.holders[0].conflicts().is_empty());
}

#[test]
fn undated_facts_get_their_own_column_and_rows() {
    let corpus = corpus_of(&[
        ("a", None, "Numergy, détenue à 47 % par SFR, change de cap."),
        ("b", None, "SFR rachète Numergy en mars 2015."),
    ]);
    let view = ownership::of(&corpus, entity(&corpus, "Numergy")).unwrap();
    let sfr = &view.holders[0];
    let facts: Vec<(RelationKind, Option<String>)> = sfr
        .facts
        .iter()
        .map(|f| (f.kind, f.date.map(|d| d.to_string())))
        .collect();
    assert_eq!(
        facts,
        [
            (RelationKind::Acquisition, Some("2015-03".to_owned())),
            (RelationKind::Stake, None)
        ],
        "dated first"
    );
    let html = view.markup(&corpus);
    assert!(html.contains("<tspan lang=\"fr\">sans date</tspan><tspan lang=\"en\">undated</tspan>"));
    assert!(html.contains("<span lang=\"fr\">sans date</span><span lang=\"en\">undated</span>"));
    assert!(html.contains(">2015<"), "a year tick for the dated fact");
    // Nothing dated at all: the column alone.
    let undated = corpus_of(&[("a", None, "Numergy, détenue à 47 % par SFR, change de cap.")]);
    let view = ownership::of(&undated, entity(&undated, "Numergy")).unwrap();
    let html = view.markup(&undated);
    assert!(html.contains(">47 %<") && html.contains("undated") && !html.contains("NaN"));
    assert!(
        !html.contains("class=\"ad"),
        "an undated mark is not drawn as dated by its article"
    );
}

#[test]
fn the_view_is_deterministic() {
    let corpus = seeds();
    let c = entity(&corpus, "Numergy");
    let once = ownership::of(&corpus, c).unwrap().markup(&corpus);
    assert_eq!(once, ownership::of(&seeds(), c).unwrap().markup(&seeds()));
    let articles = [
        (
            "a",
            Some("2015-06"),
            "Numergy, détenue à 33 % par la Caisse des Dépôts. SFR rachète Numergy.",
        ),
        ("b", None, "Bull et SFR, les actionnaires de Numergy, se taisent."),
    ];
    let forward = corpus_of(&articles);
    let backward = corpus_of(&[articles[1], articles[0]]);
    let view = |c: &Corpus| ownership::of(c, entity(c, "Numergy")).unwrap().markup(c);
    assert_eq!(view(&forward), view(&backward));
}

#[test]
fn names_titles_and_values_from_documents_stay_text() {
    let mut corpus = seeds();
    let orange = entity(&corpus, "Orange");
    corpus.entities.entities[orange as usize].name = "<script>alert(1)</script>".to_owned();
    for d in &mut corpus.docs {
        d.title = "\"><img src=x onerror=alert(1)>".to_owned();
    }
    for r in &mut corpus.relations {
        if r.kind == RelationKind::Stake && r.value.is_some() {
            r.value = Some("<b>9 %</b>".to_owned());
        }
    }
    let html = ownership::of(&corpus, entity(&corpus, "Cloudwatt"))
        .unwrap()
        .markup(&corpus);
    assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("<b>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("&lt;b&gt;9 %&lt;/b&gt;"));
}

#[test]
fn the_chart_is_for_the_eye_and_the_table_for_everyone() {
    let corpus = seeds();
    let html = ownership::of(&corpus, entity(&corpus, "Cloudwatt"))
        .unwrap()
        .markup(&corpus);
    // The style is the app's views.css (the page's policy refuses inline style).
    assert!(!html.contains("<style") && !html.contains(" style="));
    let css =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/views.css")).unwrap();
    let start = css.find("/* Ownership").unwrap();
    let style = &css[start..css[start + 1..].find("/* ").map_or(css.len(), |e| start + 1 + e)];
    let style = style[style.find("*/").unwrap() + 2..].to_owned();
    assert!(style.contains("html[lang=\"fr\"] .own [lang=\"en\"],html[lang=\"en\"] .own [lang=\"fr\"]{display:none}"));
    assert!(style.contains(":focus-visible"));
    // Every rule is scoped under .own.
    let rules = style.replace("@container (max-width:36rem){", "");
    for rule in rules.split('}').map(str::trim).filter(|r| !r.is_empty()) {
        let selectors = rule.split('{').next().unwrap();
        for s in selectors.split(',') {
            let s = s.trim();
            assert!(s.starts_with(".own") || s.starts_with("html[lang="), "unscoped: {s}");
        }
    }
    let body = html.as_str();
    assert!(body.starts_with("<section class=\"own\">") && body.ends_with("</section>"));
    let table_at = body.find("<table").unwrap();
    let (chart, table) = body.split_at(table_at);
    assert!(chart.contains("<figure class=\"own-chart\" aria-hidden=\"true\">"));
    assert!(
        links(chart).iter().all(|l| l.contains("tabindex=\"-1\"")),
        "chart links out of the tab order"
    );
    assert!(!table.contains("tabindex"));
    assert!(table.contains("<caption>"));
    for (fr, en) in [
        ("fondateur", "founder"),
        ("part", "stake"),
        ("rachat", "acquisition"),
        ("sortie", "exit"),
    ] {
        assert!(
            html.contains(&format!("<span lang=\"fr\">{fr}</span><span lang=\"en\">{en}</span>")),
            "{fr}/{en}"
        );
    }
    assert!(!html.contains("<script") && !html.contains(" onclick") && !html.contains("http://e"));
    // Holders and their entity pages.
    let orange = &corpus.entities.entities[entity(&corpus, "Orange") as usize].id;
    let page = format!("href=\"{}\"", loupe_engine::markup::entity_href(orange));
    assert_eq!(html.matches(&page).count(), 3, "a name in each drawing and the table");
    assert!(html.contains("data-type=\"ORG\""));
}

#[test]
fn only_ownership_facts_make_a_company() {
    let corpus = corpus_of(&[(
        "a",
        None,
        "La fusion entre Atos et Bull est achevée. Philippe Tavernier a quitté la présidence de Numergy. \
         Orange signe un partenariat avec Microsoft.",
    )]);
    assert!(ownership::companies(&corpus).is_empty());
    for e in 0..corpus.entities.entities.len() as u32 {
        assert_eq!(ownership::of(&corpus, e), None, "{}", name(&corpus, e));
    }
    let folded = corpus_of(&[("a", None, "L'intégration de Cloudwatt dans Orange est prévue.")]);
    let cloudwatt = entity(&folded, "Cloudwatt");
    assert_eq!(ownership::companies(&folded), [cloudwatt]);
    let view = ownership::of(&folded, cloudwatt).unwrap();
    assert_eq!(facts_of(&folded, &view, "Orange"), [(RelationKind::Merger, None)]);
    assert!(view.markup(&folded).contains("<span lang=\"fr\">intégration</span>"));
}

#[test]
fn one_fact_per_article_each_article_kept() {
    let text = "Orange rachète Cloudwatt. Le rachat de Cloudwatt par Orange est bouclé.";
    let corpus = corpus_of(&[("a", Some("2015-03"), text), ("b", Some("2015-03"), text)]);
    let view = ownership::of(&corpus, entity(&corpus, "Cloudwatt")).unwrap();
    let docs: Vec<usize> = view.holders[0].facts.iter().map(|f| f.doc).collect();
    assert_eq!(docs, [0, 1]);
}

#[test]
fn no_view_and_no_panic_without_facts() {
    let corpus = seeds();
    assert_eq!(ownership::of(&corpus, entity(&corpus, "Philippe Tavernier")), None);
    assert_eq!(ownership::of(&corpus, u32::MAX), None);
    assert_eq!(ownership::of(&corpus, corpus.entities.entities.len() as u32), None);
    let empty = Corpus::default();
    assert!(ownership::companies(&empty).is_empty());
    assert_eq!(ownership::of(&empty, 0), None);
    // A relation pointing outside the corpus (a damaged snapshot) is skipped.
    let mut broken = seeds();
    let cloudwatt = entity(&broken, "Cloudwatt");
    for r in &mut broken.relations {
        if r.object == cloudwatt {
            r.doc = 99;
        }
    }
    assert_eq!(ownership::of(&broken, cloudwatt), None);
    assert!(!ownership::companies(&broken).contains(&cloudwatt));
}

#[test]
fn a_stake_repeated_in_many_articles_draws_a_bounded_view() {
    // The same fact in 300 articles, with a few different figures among them.
    let texts: Vec<(String, String)> = (0..300)
        .map(|i| {
            let share = if i % 50 == 0 { "34" } else { "33" };
            (
                format!("a{i:03}"),
                format!("Numergy, détenue à {share} % par la Caisse des Dépôts, change de cap."),
            )
        })
        .collect();
    let articles: Vec<(&str, Option<&str>, &str)> = texts
        .iter()
        .map(|(id, t)| (id.as_str(), Some("2015-06"), t.as_str()))
        .collect();
    let corpus = corpus_of(&articles);
    let view = ownership::of(&corpus, entity(&corpus, "Numergy")).unwrap();
    let html = view.markup(&corpus);
    let cdc = &view.holders[0];
    assert_eq!(cdc.facts.len(), ownership::MAX_FACTS);
    // Both figures stay: the first of each share is always kept.
    let shares: std::collections::BTreeSet<_> = cdc.facts.iter().filter_map(|f| f.share.as_deref()).collect();
    assert_eq!(shares.into_iter().collect::<Vec<_>>(), ["33 %", "34 %"]);
    assert!(html.len() < 200_000, "{} bytes", html.len());
}
