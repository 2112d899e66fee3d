//! The entity network (engine/src/network.rs): weights counted by hand on a
//! corpus whose mentions are written out, relations marking edges, limits,
//! the layout's box and spacing, and the markup's links and escaping.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

use loupe_engine::entities::table::{DocMention, EntityInfo, EntityTable};
use loupe_engine::entities::{EntityType, Source};
use loupe_engine::network::{build, Limits, Network, HEIGHT, MAX_LINKED, WIDTH};
use loupe_engine::relations::{Relation, RelationKind};
use loupe_engine::{load_dir, Block, BlockKind, Corpus, Document};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

const ALL: Limits = Limits {
    nodes: usize::MAX,
    edges: usize::MAX,
    samples: usize::MAX,
};

fn seeds() -> Corpus {
    load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds")).unwrap()
}

/// Byte ranges of the lines of `text`.
fn lines(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split('\n') {
        if !line.is_empty() {
            out.push(at..at + line.len());
        }
        at += line.len() + 1;
    }
    out
}

/// A corpus whose entity table is written by hand: `names` (with their
/// types) are its entities, numbered in that order, and every occurrence
/// of a name in a text is a mention. Each document is its lines, each a
/// block of the kind given (`None`: no blocks at all).
fn hand_corpus(names: &[(&str, EntityType)], docs: &[(&str, Option<&[BlockKind]>)]) -> Corpus {
    let documents: Vec<Document> = docs
        .iter()
        .enumerate()
        .map(|(i, (text, kinds))| {
            let mut d = Document::from_text(&format!("d{i}"), &format!("d{i}.txt"), (*text).to_owned());
            d.blocks = match kinds {
                None => Vec::new(),
                Some(kinds) => {
                    let ls = lines(text);
                    assert_eq!(ls.len(), kinds.len(), "one kind per line");
                    ls.into_iter()
                        .zip(kinds.iter())
                        .map(|(range, &kind)| Block { kind, range })
                        .collect()
                }
            };
            d
        })
        .collect();
    let mut corpus = Corpus::new(documents);
    corpus.entities = EntityTable {
        entities: names
            .iter()
            .enumerate()
            .map(|(i, (name, kind))| EntityInfo {
                id: format!("e{i:03}"),
                name: (*name).to_owned(),
                kind: *kind,
                aliases: Vec::new(),
                description: None,
                wikidata: None,
            })
            .collect(),
        mentions: corpus
            .docs
            .iter()
            .map(|d| {
                let mut found: Vec<DocMention> = Vec::new();
                for (e, (name, _)) in names.iter().enumerate() {
                    for (at, _) in d.text.match_indices(name) {
                        found.push(DocMention {
                            range: at..at + name.len(),
                            entity: e as u32,
                            source: Source::Kb,
                            confidence: 100,
                        });
                    }
                }
                found.sort_by_key(|m| m.range.start);
                found
            })
            .collect(),
    };
    corpus
}

/// (name, name) → (passages, kinds) of every edge, names in node order.
fn edges_by_name(net: &Network, corpus: &Corpus) -> BTreeMap<(String, String), (u32, Vec<RelationKind>)> {
    let name = |n: usize| corpus.entities.entities[net.nodes[n].entity as usize].name.clone();
    net.edges
        .iter()
        .map(|e| {
            let (a, b) = (name(e.a), name(e.b));
            let pair = if a < b { (a, b) } else { (b, a) };
            (pair, (e.passages, e.kinds.clone()))
        })
        .collect()
}

fn pair(a: &str, b: &str) -> (String, String) {
    if a < b {
        (a.to_owned(), b.to_owned())
    } else {
        (b.to_owned(), a.to_owned())
    }
}

fn entity(corpus: &Corpus, name: &str) -> u32 {
    corpus.entities.entities.iter().position(|e| e.name == name).unwrap() as u32
}

use BlockKind::{Credit, Heading, Lead, Paragraph, Title};
use EntityType::{Loc, Misc, Money, Org, Per};

/// Two articles whose passages are counted below.
fn counted() -> Corpus {
    hand_corpus(
        &[
            ("Alpha", Org),
            ("Bravo", Org),
            ("Charlie", Per),
            ("Delta", Loc),
            ("Echo", Misc),
            ("100 euros", Money),
        ],
        &[
            (
                "Alpha et Bravo, le titre\n\
                 Bravo, Bravo et encore Bravo avec Alpha pour 100 euros.\n\
                 Charlie parle.\n\
                 Charlie rejoint Alpha.\n\
                 Photo Bravo et Charlie\n\
                 Echo\n\
                 © Delta et Echo",
                Some(&[Title, Paragraph, Heading, Lead, Credit, Paragraph, Credit]),
            ),
            ("Alpha, Bravo et Delta.\n\nDelta encore.", None),
        ],
    )
}

#[test]
fn weights_are_passages_counted_by_hand() {
    let corpus = counted();
    let net = build(&corpus, &ALL);
    let edges = edges_by_name(&net, &corpus);
    let expected: BTreeMap<(String, String), (u32, Vec<RelationKind>)> = [
        // Title and paragraph of the first article (Bravo four times in the
        // paragraph: once), the whole second one (no blocks).
        (pair("Alpha", "Bravo"), (3, vec![])),
        (pair("Alpha", "Charlie"), (1, vec![])),
        (pair("Alpha", "Delta"), (1, vec![])),
        (pair("Bravo", "Delta"), (1, vec![])),
        // Bravo and Charlie meet only in the credit line; Echo is alone; the
        // sum is not a node; Delta and Echo meet in a credit line too.
    ]
    .into_iter()
    .collect();
    assert_eq!(edges, expected);
    let passages: BTreeMap<String, u32> = net
        .nodes
        .iter()
        .map(|n| (corpus.entities.entities[n.entity as usize].name.clone(), n.passages))
        .collect();
    let want: BTreeMap<String, u32> = [("Alpha", 4), ("Bravo", 3), ("Charlie", 2), ("Delta", 1)]
        .into_iter()
        .map(|(n, p)| (n.to_owned(), p))
        .collect();
    assert_eq!(passages, want, "Echo has no edge: not a node");
    // Heaviest first: Alpha has the greatest weighted degree (5).
    assert_eq!(net.nodes[0].entity, entity(&corpus, "Alpha"));
    assert_eq!(net.edges[0].passages, 3);
}

#[test]
fn relations_make_or_mark_edges_once_per_passage() {
    let mut corpus = counted();
    let (alpha, bravo, charlie, delta, echo) = (
        entity(&corpus, "Alpha"),
        entity(&corpus, "Bravo"),
        entity(&corpus, "Charlie"),
        entity(&corpus, "Delta"),
        entity(&corpus, "Echo"),
    );
    let blocks: Vec<Range<usize>> = corpus.docs[0].blocks.iter().map(|b| b.range.clone()).collect();
    let rel = |kind, subject, object, evidence: Range<usize>| Relation {
        kind,
        subject,
        object,
        value: None,
        date: None,
        date_from_article: true,
        doc: 0,
        evidence,
    };
    corpus.relations = vec![
        // In a passage where the two co-occur: marks, does not add.
        rel(
            RelationKind::Acquisition,
            alpha,
            bravo,
            blocks[1].start..blocks[1].start + 20,
        ),
        // Twice the same pair in one passage: still one passage.
        rel(RelationKind::Stake, bravo, alpha, blocks[1].start + 21..blocks[1].end),
        // Charlie and Delta never co-occur: the relations make the edge, one
        // passage for the two.
        rel(RelationKind::Partnership, delta, charlie, blocks[3].clone()),
        rel(RelationKind::Leadership, charlie, delta, blocks[3].clone()),
        // Evidence in a credit line, in no passage: its own passage (before
        // the last passage, and after it).
        rel(RelationKind::Exit, charlie, bravo, blocks[4].clone()),
        rel(RelationKind::Founding, echo, delta, blocks[6].clone()),
    ];
    let net = build(&corpus, &ALL);
    let edges = edges_by_name(&net, &corpus);
    assert_eq!(
        edges[&pair("Alpha", "Bravo")],
        (3, vec![RelationKind::Acquisition, RelationKind::Stake])
    );
    assert_eq!(
        edges[&pair("Charlie", "Delta")],
        (1, vec![RelationKind::Leadership, RelationKind::Partnership])
    );
    assert_eq!(edges[&pair("Bravo", "Charlie")], (1, vec![RelationKind::Exit]));
    assert_eq!(edges[&pair("Delta", "Echo")], (1, vec![RelationKind::Founding]));
    assert_eq!(edges.len(), 7);
    // The passage stating a relation comes first among the samples.
    let ab = net
        .edges
        .iter()
        .find(|e| e.kinds.contains(&RelationKind::Acquisition))
        .unwrap();
    assert_eq!(ab.samples[0].range, blocks[1]);
    assert_eq!(ab.samples.len(), 3);
    let markup = net.markup(&corpus);
    assert!(
        markup.contains("a racheté") && markup.contains("holds a stake in"),
        "relation words"
    );
}

#[test]
fn seeds_relations_mark_their_edges() {
    let corpus = seeds();
    let net = build(&corpus, &ALL);
    let edges = edges_by_name(&net, &corpus);
    let (passages, kinds) = &edges[&pair("Orange", "Cloudwatt")];
    assert!(kinds.contains(&RelationKind::Acquisition), "{kinds:?}");
    assert!(*passages >= 5, "{passages}");
    // Every relation the seeds state between two nodes' entities is on an edge.
    assert!(!corpus.relations.is_empty());
    for r in &corpus.relations {
        let name = |e: u32| corpus.entities.entities[e as usize].name.clone();
        let kind = |e: u32| corpus.entities.entities[e as usize].kind;
        if [r.subject, r.object]
            .iter()
            .all(|&e| matches!(kind(e), Per | Org | Loc | Misc))
        {
            let (_, kinds) = &edges[&pair(&name(r.subject), &name(r.object))];
            assert!(
                kinds.contains(&r.kind),
                "{} {:?} {}",
                name(r.subject),
                r.kind,
                name(r.object)
            );
        }
    }
}

#[test]
fn the_seeds_network_has_the_main_actors() {
    let corpus = seeds();
    let net = build(&corpus, &Limits::default());
    let names: Vec<&str> = net
        .nodes
        .iter()
        .map(|n| corpus.entities.entities[n.entity as usize].name.as_str())
        .collect();
    for want in ["Cloudwatt", "Numergy", "Orange", "SFR", "Caisse des Dépôts"] {
        assert!(names.contains(&want), "{want} missing from {names:?}");
    }
}

#[test]
fn limits_keep_the_heaviest_and_drop_isolated_nodes() {
    let corpus = seeds();
    let all = build(&corpus, &ALL);
    // Weighted degree of every entity, from the full network.
    let mut degree: BTreeMap<u32, u64> = BTreeMap::new();
    for e in &all.edges {
        for n in [e.a, e.b] {
            *degree.entry(all.nodes[n].entity).or_default() += u64::from(e.passages);
        }
    }
    let mut ranked: Vec<(u32, u64)> = degree.into_iter().collect();
    ranked.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));

    for limits in [
        Limits {
            nodes: 5,
            edges: 6,
            samples: 2,
        },
        Limits {
            nodes: 12,
            edges: 3,
            samples: 1,
        },
        Limits {
            nodes: 2,
            edges: 100,
            samples: 0,
        },
    ] {
        let net = build(&corpus, &limits);
        assert!(net.nodes.len() <= limits.nodes && net.edges.len() <= limits.edges);
        assert!(!net.edges.is_empty());
        let top: Vec<u32> = ranked.iter().take(limits.nodes).map(|r| r.0).collect();
        for n in &net.nodes {
            assert!(top.contains(&n.entity), "node outside the top {}", limits.nodes);
        }
        for (i, _) in net.nodes.iter().enumerate() {
            assert!(net.edges.iter().any(|e| e.a == i || e.b == i), "isolated node {i}");
        }
        for e in &net.edges {
            assert!(e.a < e.b && e.b < net.nodes.len());
            assert!(e.samples.len() <= limits.samples && e.samples.len() <= e.passages as usize);
        }
        assert!(
            net.edges.windows(2).all(|w| w[0].passages >= w[1].passages),
            "heaviest first"
        );
        // The kept edges are the heaviest among the top nodes.
        let mut among: Vec<u32> = all
            .edges
            .iter()
            .filter(|e| top.contains(&all.nodes[e.a].entity) && top.contains(&all.nodes[e.b].entity))
            .map(|e| e.passages)
            .collect();
        among.truncate(limits.edges);
        assert_eq!(net.edges.iter().map(|e| e.passages).collect::<Vec<_>>(), among);
    }
    // One edge: its two ends, nothing else.
    let one = build(
        &corpus,
        &Limits {
            nodes: 40,
            edges: 1,
            samples: 8,
        },
    );
    assert_eq!((one.nodes.len(), one.edges.len()), (2, 1));
    assert_eq!(
        build(
            &corpus,
            &Limits {
                nodes: 0,
                ..Limits::default()
            }
        ),
        Network::default()
    );
}

#[test]
fn a_crowded_passage_links_only_its_first_entities() {
    let names: Vec<String> = (0..MAX_LINKED + 6).map(|i| format!("Nom{i:02}x")).collect();
    let typed: Vec<(&str, EntityType)> = names.iter().map(|n| (n.as_str(), Org)).collect();
    let text = names.join(" ");
    let corpus = hand_corpus(&typed, &[(&text, Some(&[Paragraph]))]);
    let net = build(&corpus, &ALL);
    let k = MAX_LINKED;
    assert_eq!(net.edges.len(), k * (k - 1) / 2);
    assert!(net.nodes.iter().all(|n| (n.entity as usize) < k));
}

/// The network's circles: (x, y, r).
fn circles(net: &Network) -> Vec<(f32, f32, f32)> {
    net.nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.x, n.y, net.radius(i)))
        .collect()
}

fn assert_laid_out(net: &Network) {
    let c = circles(net);
    for &(x, y, r) in &c {
        assert!(r > 0.0);
        assert!(
            x - r >= 0.0 && x + r <= WIDTH && y - r >= 0.0 && y + r <= HEIGHT,
            "({x}, {y}) r {r} outside"
        );
    }
    for i in 0..c.len() {
        for j in i + 1..c.len() {
            let d = ((c[i].0 - c[j].0).powi(2) + (c[i].1 - c[j].1).powi(2)).sqrt();
            assert!(
                d >= c[i].2 + c[j].2,
                "nodes {i} and {j} overlap: {d} < {} + {}",
                c[i].2,
                c[j].2
            );
        }
    }
}

#[test]
fn nodes_lie_in_the_box_without_overlapping() {
    let corpus = seeds();
    for limits in [
        Limits::default(),
        ALL,
        Limits {
            nodes: 3,
            edges: 2,
            samples: 1,
        },
    ] {
        assert_laid_out(&build(&corpus, &limits));
    }
    // Many nodes: a ring of 150 entities, each named with the next.
    let names: Vec<String> = (0..150).map(|i| format!("Société{i:03}x")).collect();
    let typed: Vec<(&str, EntityType)> = names.iter().map(|n| (n.as_str(), Org)).collect();
    let text: Vec<String> = (0..150)
        .map(|i| format!("{} {}", names[i], names[(i + 1) % 150]))
        .collect();
    let kinds = vec![Paragraph; 150];
    let corpus = hand_corpus(&typed, &[(&text.join("\n"), Some(&kinds))]);
    let net = build(
        &corpus,
        &Limits {
            nodes: 150,
            edges: 500,
            samples: 1,
        },
    );
    assert_eq!(net.nodes.len(), 150);
    assert_laid_out(&net);
    // Two nodes only.
    let corpus = hand_corpus(&[("Alpha", Org), ("Bravo", Per)], &[("Alpha Bravo", None)]);
    assert_laid_out(&build(&corpus, &Limits::default()));
}

#[test]
fn the_same_corpus_gives_the_same_bytes() {
    let corpus = seeds();
    let a = build(&corpus, &Limits::default());
    let b = build(&corpus, &Limits::default());
    assert_eq!(a, b);
    assert_eq!(a.markup(&corpus), b.markup(&seeds()));
}

/// Percent-decoding of the app's routes.
fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// The values of every `href="…"` in `markup` starting with `prefix`.
fn hrefs<'a>(markup: &'a str, prefix: &str) -> Vec<&'a str> {
    let needle = format!("href=\"{prefix}");
    markup
        .match_indices(&needle)
        .map(|(at, _)| {
            let rest = &markup[at + needle.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

#[test]
fn links_name_existing_entities_and_mention_starts() {
    let corpus = seeds();
    let net = build(&corpus, &Limits::default());
    let markup = net.markup(&corpus);
    let entities = hrefs(&markup, "#/entity/");
    assert!(entities.len() >= net.nodes.len() + 2 * net.edges.len());
    for id in entities {
        assert!(corpus.entities.by_id(&decode(id)).is_some(), "no entity {id}");
    }
    let docs = hrefs(&markup, "#/doc/");
    assert!(!docs.is_empty());
    let mut with_at = 0;
    for link in docs {
        let (id, at) = match link.split_once("?at=") {
            Some((id, at)) => (id, Some(at.parse::<usize>().unwrap())),
            None => (link, None),
        };
        let n = corpus.docs.iter().position(|d| d.id == decode(id)).unwrap();
        if let Some(at) = at {
            with_at += 1;
            assert!(
                corpus.entities.of(n).iter().any(|m| m.range.start == at),
                "{link}: not a mention start"
            );
        }
    }
    assert!(with_at > 0);
    // Every sample's `at` is a mention of the edge's first entity, in the passage.
    for e in &net.edges {
        for p in &e.samples {
            if let Some(at) = p.at {
                assert!(p.range.contains(&at));
                let m = corpus.entities.of(p.doc).iter().find(|m| m.range.start == at).unwrap();
                assert_eq!(m.entity, net.nodes[e.a].entity);
            }
        }
    }
    assert!(markup.contains("href=\"#/network/0\"") && markup.contains("data-edge=\"0\""));
}

#[test]
fn excerpts_are_short_and_whole_words() {
    let corpus = seeds();
    let markup = build(&corpus, &Limits::default()).markup(&corpus);
    let mut n = 0;
    for (at, _) in markup.match_indices("<q>") {
        let rest = &markup[at + 3..];
        let inner = &rest[..rest.find("</q>").unwrap()];
        let text = inner.replace("</mark>", "");
        let mut plain = String::new();
        let mut in_tag = false;
        for c in text.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => plain.push(c),
                _ => {}
            }
        }
        let plain = plain
            .replace("&amp;", "&")
            .replace("&#39;", "'")
            .replace("&quot;", "\"");
        let chars = plain.chars().count();
        assert!(chars > 0 && chars <= 220 + 5, "{chars}: {plain}");
        assert!(inner.contains("<mark"), "no name marked: {plain}");
        n += 1;
    }
    assert!(n > 50);
}

#[test]
fn names_and_texts_never_open_markup() {
    let evil = "<img src=x onerror=alert(1)>";
    let corpus = hand_corpus(
        &[(evil, Org), ("Bravo\"'&", Per)],
        &[(
            "<img src=x onerror=alert(1)> et Bravo\"'& <script>alert(2)</script>\n<img src=x onerror=alert(1)> Bravo\"'&",
            Some(&[Paragraph, Paragraph]),
        )],
    );
    let net = build(&corpus, &Limits::default());
    assert_eq!(net.edges.len(), 1);
    let markup = net.markup(&corpus);
    assert!(!markup.contains("<img") && !markup.contains("<script"), "{markup}");
    assert!(markup.contains("&lt;img src=x onerror=alert(1)&gt;"));
}

#[test]
fn empty_corpora_give_a_sentence() {
    let text_only = Corpus::new(vec![Document::from_text(
        "a",
        "a.txt",
        "Orange rachète Cloudwatt.".into(),
    )]);
    let values_only = hand_corpus(&[("10 %", Money), ("20 euros", Money)], &[("10 % et 20 euros", None)]);
    let alone = hand_corpus(&[("Alpha", Org)], &[("Alpha, Alpha.", None)]);
    let blank = hand_corpus(
        &[("Alpha", Org), ("Bravo", Org)],
        &[("Alpha\nBravo", Some(&[Credit, Credit]))],
    );
    for corpus in [Corpus::default(), text_only, values_only, alone, blank] {
        let net = build(&corpus, &Limits::default());
        assert!(net.nodes.is_empty() && net.edges.is_empty());
        let markup = net.markup(&corpus);
        assert!(markup.contains("net-empty") && !markup.contains("<svg"), "{markup}");
        assert!(markup.contains("lang=\"fr\"") && markup.contains("lang=\"en\""));
    }
}

#[test]
fn the_style_is_scoped_and_bilingual() {
    let corpus = seeds();
    let markup = build(&corpus, &Limits::default()).markup(&corpus);
    // The style is the app's views.css (the page's policy refuses inline style).
    assert!(markup.starts_with("<div class=\"net\">") && !markup.contains("<style") && !markup.contains(" style="));
    let file =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/views.css")).unwrap();
    let start = file.find("/* The entity network */").unwrap();
    let mut css = file[start..].to_owned();
    while let Some(open) = css.find("/*") {
        let close = css[open..].find("*/").unwrap() + open + 2;
        css.replace_range(open..close, "");
    }
    // A hovered node's edges stand out, for every node the drawing can have.
    for i in 0..Limits::default().nodes {
        assert!(
            css.contains(&format!(":has(.n{i}:hover,.n{i}:focus-visible) .x{i} .v")),
            "node {i}"
        );
    }
    let css = css.as_str();
    assert!(css.contains("html[lang=\"fr\"] .net [lang=\"en\"],html[lang=\"en\"] .net [lang=\"fr\"]{display:none}"));
    assert!(
        css.contains("@media (max-width:40rem){.net .net-fig{display:none}"),
        "{css}"
    );
    assert!(css.contains(":focus-visible") && css.contains("var(--focus)"));
    // Every selector of every rule is under .net.
    let mut rest = css.replace("@media (max-width:40rem){", "");
    while let Some(open) = rest.find('{') {
        // Selectors are split on the commas outside parentheses.
        let (mut depth, mut from) = (0, 0);
        let head = &rest[..open];
        let mut selectors = Vec::new();
        for (i, c) in head.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth == 0 => {
                    selectors.push(&head[from..i]);
                    from = i + 1;
                }
                _ => {}
            }
        }
        selectors.push(&head[from..]);
        for sel in selectors {
            let sel = sel.trim();
            assert!(
                sel.starts_with(".net") || sel.starts_with("html[lang="),
                "unscoped: {sel}"
            );
        }
        let close = rest.find('}').unwrap();
        rest = rest[close + 1..]
            .trim_start_matches(|c: char| c == '}' || c.is_whitespace())
            .to_owned();
    }
    assert!(!markup.contains("<script"), "no script");
    // No event handler attribute: ` on…="` never follows a tag's name.
    for (at, _) in markup.match_indices(" on") {
        let word: String = markup[at + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let tail = &markup[at + 1 + word.len()..];
        assert!(!tail.starts_with("=\""), "handler attribute {word}");
    }
    for ty in ["data-type=\"ORG\"", "data-type=\"PER\""] {
        assert!(markup.contains(ty));
    }
}

#[test]
fn a_network_out_of_step_with_its_corpus_draws_without_panicking() {
    let corpus = seeds();
    let net = build(&corpus, &Limits::default());
    // Another corpus: its entities are not the network's.
    let markup = net.markup(&Corpus::default());
    assert!(markup.contains("net-empty"));
    // Edges naming nodes that are not there, samples outside the texts.
    let mut broken = net.clone();
    broken.edges[0].b = 999;
    broken.edges[1].samples[0].range = 1_000_000..2_000_000;
    broken.edges[1].samples[0].doc = 999;
    #[allow(clippy::reversed_empty_ranges)] // a backwards range on purpose
    {
        broken.edges[2].samples[0].range = 5..3;
    }
    let markup = broken.markup(&corpus);
    assert!(markup.contains("<svg") && !markup.contains("data-edge=\"0\""));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Texts of names, accented words, long words and line breaks: building
    /// and drawing never panic, and the network keeps its invariants.
    #[test]
    fn any_text_builds_and_draws(words in proptest::collection::vec(0usize..9, 0..400)) {
        const VOCAB: [&str; 9] = ["Alpha", "Bravo", "Charlie", "déjà", "œuvre", "\n", "\n\n", "x", "anticonstitutionnellement"];
        let text: String = words.iter().map(|&w| VOCAB[w]).collect::<Vec<_>>().join(" ");
        let kinds = vec![Paragraph; lines(&text).len()];
        let corpus = hand_corpus(
            &[("Alpha", Org), ("Bravo", Per), ("Charlie", Loc)],
            &[(&text, None), (&text, Some(&kinds))],
        );
        let net = build(&corpus, &Limits::default());
        prop_assert!(net.edges.len() <= 3);
        for e in &net.edges {
            prop_assert!(e.a < e.b && e.passages >= 1 && !e.samples.is_empty());
        }
        let markup = net.markup(&corpus);
        prop_assert!(markup.starts_with("<div class=\"net\">") && markup.ends_with("</div>"));
        assert_laid_out(&net);
    }
}
