//! Exports read back as another program would: every CSV through a strict
//! RFC 4180 reader written here (not the writer's own code), every JSON line
//! through serde_json, each compared with the corpus it came from.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

use loupe_engine::entities::table::{DocMention, EntityInfo, EntityTable};
use loupe_engine::entities::{EntityType, Source};
use loupe_engine::export::{self, csv_field};
use loupe_engine::relations::{Relation, RelationKind};
use loupe_engine::search::{Options, Sort};
use loupe_engine::{load_dir, Corpus, Document, PubDate};
use std::path::Path;

/// Reads a CSV export: the byte-order mark first, then rows of fields,
/// every row ended by CRLF, quoted fields with doubled quotes. Panics on
/// anything RFC 4180 does not allow (a bare LF or quote in an unquoted
/// field, a row without its CRLF, rows of unequal length), and on an
/// unquoted field that starts or ends with a space (the writer quotes them).
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let body = text.strip_prefix('\u{feff}').expect("a byte-order mark first");
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row = Vec::new();
    let mut chars = body.chars().peekable();
    if chars.peek().is_none() {
        panic!("no header row");
    }
    loop {
        let mut field = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some('"') => break,
                    Some(c) => field.push(c),
                    None => panic!("a quoted field is not closed: {field:?}"),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' || c == '\r' {
                    break;
                }
                assert!(c != '"' && c != '\n', "{c:?} in an unquoted field {field:?}");
                field.push(c);
                chars.next();
            }
            assert!(
                !field.starts_with(' ') && !field.ends_with(' '),
                "unquoted field with an edge space: {field:?}"
            );
        }
        row.push(field);
        match chars.next() {
            Some(',') => {}
            Some('\r') => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF ending a row");
                rows.push(std::mem::take(&mut row));
                if chars.peek().is_none() {
                    break;
                }
            }
            None => panic!("the last row has no CRLF: {row:?}"),
            Some(c) => panic!("{c:?} after a quoted field"),
        }
    }
    let width = rows[0].len();
    for r in &rows {
        assert_eq!(r.len(), width, "row {r:?} against header {:?}", rows[0]);
    }
    rows
}

/// The rows of a CSV export as maps from header to field, checking the header.
fn records(text: &str, header: &[&str]) -> Vec<std::collections::BTreeMap<String, String>> {
    let rows = read_csv(text);
    assert_eq!(rows[0], header);
    rows[1..]
        .iter()
        .map(|r| header.iter().map(|h| h.to_string()).zip(r.iter().cloned()).collect())
        .collect()
}

/// A value as the formula guard writes it: with a leading `'` when it starts
/// like a formula and is not a plain number.
fn guarded(value: &str) -> String {
    let unsigned = value.strip_prefix(['-', '+']).unwrap_or(value);
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let number = match unsigned.split_once([',', '.']) {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(unsigned),
    };
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) && !number {
        format!("'{value}")
    } else {
        value.to_owned()
    }
}

const RESULTS: &[&str] = &[
    "rank",
    "doc",
    "id",
    "title",
    "date",
    "publication",
    "url",
    "score",
    "snippet",
];
const ENTITIES: &[&str] = &[
    "id",
    "name",
    "type",
    "aliases",
    "articles",
    "mentions",
    "description",
    "wikidata",
];
const MENTIONS: &[&str] = &[
    "doc",
    "id",
    "title",
    "start",
    "end",
    "text",
    "type",
    "entity_id",
    "canonical",
    "source",
];
const RELATIONS: &[&str] = &[
    "doc",
    "id",
    "title",
    "type",
    "subject",
    "object",
    "value",
    "date",
    "date_from_article",
    "start",
    "end",
    "evidence",
];

/// The sentence of the hand-made corpus whose evidence holds a comma, quotes,
/// a CRLF line break and accents.
const SENTENCE: &str = "Le rachat de Cloudwatt, dit \"cloud souverain\", par Orange\r\nest conclu à -3 % près.";

/// A corpus made by hand, so that names and evidence hold what breaks CSV:
/// commas, quotes, line breaks, accents, formulas (`=1+1`, `@x`), a
/// negative number (`-3`).
fn hand_made() -> Corpus {
    let a = format!(
        "{SENTENCE} La Caisse des Dépôts reste, selon =1+1 et @x.\n\nÉtat : Orange et Cloudwatt, encore Cloudwatt."
    );
    let b = "Orange, seul. -3 pour l'État, l'État.".to_owned();
    let mut doc_a = Document::from_text("a", "a.txt", a);
    doc_a.title = "=Cloudwatt, le \"cloud\" souverain".into();
    doc_a.title_derived = false;
    doc_a.date = Some(PubDate::parse("2015-01").unwrap());
    doc_a.publication = Some("Le Monde, éco".into());
    doc_a.url = Some("https://example.org/a?x=1,2".into());
    let mut doc_b = Document::from_text("b", "b.txt", b);
    doc_b.date = Some(PubDate::parse("2016-02-29").unwrap());
    let mut corpus = Corpus::new(vec![doc_b, doc_a]);
    let info =
        |id: &str, name: &str, kind, aliases: &[&str], description: Option<&str>, wikidata: Option<&str>| EntityInfo {
            id: id.into(),
            name: name.into(),
            kind,
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            description: description.map(Into::into),
            wikidata: wikidata.map(Into::into),
        };
    // Sorted by id, as the table keeps them.
    let entities = vec![
        info("loc:etat", "État", EntityType::Loc, &[], None, None), // 0
        info(
            "org:cdc",
            "Caisse des Dépôts",
            EntityType::Org,
            &["CDC", "Caisse des dépôts et consignations"],
            None,
            Some("Q1034"),
        ), // 1
        info(
            "org:cloudwatt",
            "Cloudwatt",
            EntityType::Org,
            &["CloudWatt", "Cloud \"Watt\", SA"],
            Some("Cloud « souverain »,\nlancé en 2012"),
            None,
        ), // 2
        info("org:orange", "Orange", EntityType::Org, &[], None, Some("Q1431486")), // 3
        info("org:x", "=1+1", EntityType::Misc, &[], Some("@x"), None), // 4
        info("per:x", "@x", EntityType::Per, &[], None, None),      // 5
        info("percent:-3", "-3", EntityType::Percent, &[], None, None), // 6
    ];
    let mut mentions = Vec::new();
    for doc in &corpus.docs {
        let mut found: Vec<DocMention> = Vec::new();
        for (needle, entity) in [
            ("Cloudwatt", 2),
            ("Orange", 3),
            ("Caisse des Dépôts", 1),
            ("=1+1", 4),
            ("@x", 5),
            ("-3", 6),
            ("État", 0),
        ] {
            for (at, _) in doc.text.match_indices(needle) {
                found.push(DocMention {
                    range: at..at + needle.len(),
                    entity,
                    source: if entity == 6 { Source::Pattern } else { Source::Kb },
                    confidence: 100,
                });
            }
        }
        found.sort_by_key(|m| m.range.start);
        mentions.push(found);
    }
    corpus.entities = EntityTable {
        entities,
        mentions: mentions.into(),
    };
    let a = &corpus.docs[0].text;
    let sentence = 0..SENTENCE.len();
    assert_eq!(&a[sentence.clone()], SENTENCE);
    let last = a.find("État").unwrap()..a.len();
    corpus.relations = vec![
        Relation {
            kind: RelationKind::Acquisition,
            subject: 3,
            object: 2,
            value: Some("-3".into()),
            date: Some(PubDate::parse("2015-01").unwrap()),
            date_from_article: true,
            doc: 0,
            evidence: sentence,
        },
        Relation {
            kind: RelationKind::Stake,
            subject: 4,
            object: 2,
            value: Some("=1+1".into()),
            date: None,
            date_from_article: false,
            doc: 0,
            evidence: last,
        },
        Relation {
            kind: RelationKind::Partnership,
            subject: 5,
            object: 0,
            value: None,
            date: Some(PubDate::parse("2016-02-29").unwrap()),
            date_from_article: false,
            doc: 1,
            evidence: 0..corpus.docs[1].text.len(),
        },
    ];
    corpus
}

fn seeds() -> Corpus {
    load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds")).unwrap()
}

fn chars(text: &str, start: &str, end: &str) -> String {
    let (s, e): (usize, usize) = (start.parse().unwrap(), end.parse().unwrap());
    text.chars().skip(s).take(e - s).collect()
}

#[test]
fn every_csv_starts_with_the_bom_and_has_its_header_and_crlf_rows() {
    for corpus in [hand_made(), seeds()] {
        let results = corpus.search("cloudwatt", &Options::default());
        for (text, header) in [
            (export::results_csv(&corpus, &results), RESULTS),
            (export::entities_csv(&corpus), ENTITIES),
            (export::mentions_csv(&corpus), MENTIONS),
            (export::relations_csv(&corpus), RELATIONS),
        ] {
            assert_eq!(&text.as_bytes()[..3], b"\xEF\xBB\xBF", "UTF-8 BOM first");
            assert!(text.ends_with("\r\n"));
            let rows = read_csv(&text);
            assert_eq!(rows[0], header);
            assert!(rows.len() > 1, "{header:?}: no rows");
        }
    }
}

#[test]
fn csv_fields_are_quoted_and_guarded_against_formulas() {
    let cases = [
        ("Caisse des Dépôts", "Caisse des Dépôts"),
        ("", ""),
        ("a,b", "\"a,b\""),
        ("le \"cloud\"", "\"le \"\"cloud\"\"\""),
        ("deux\nlignes", "\"deux\nlignes\""),
        ("deux\r\nlignes", "\"deux\r\nlignes\""),
        (" marge", "\" marge\""),
        ("marge ", "\"marge \""),
        ("=1+1", "'=1+1"),
        ("@x", "'@x"),
        ("+33 1 23 45 67 89", "'+33 1 23 45 67 89"),
        ("-", "'-"),
        ("-- fin --", "'-- fin --"),
        (
            "=HYPERLINK(\"http://x\",\"y\")",
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
        ),
        ("\tx", "'\tx"),
        ("\rx", "\"'\rx\""),
        ("-3", "-3"),
        ("+2", "+2"),
        ("-3.5", "-3.5"),
        ("-3,5", "\"-3,5\""),
        ("-3 %", "'-3 %"),
        ("-3,", "\"'-3,\""),
        ("12", "12"),
        ("a=1", "a=1"),
    ];
    for (field, written) in cases {
        assert_eq!(csv_field(field), written, "{field:?}");
        assert_eq!(
            guarded(field),
            read_csv(&format!("\u{feff}{written}\r\n"))[0][0],
            "{field:?}"
        );
    }
}

#[test]
fn entities_read_back_one_row_each_with_counts_aliases_and_guarded_names() {
    let corpus = hand_made();
    let rows = records(&export::entities_csv(&corpus), ENTITIES);
    assert_eq!(rows.len(), corpus.entities.entities.len());
    for e in &corpus.entities.entities {
        let row = rows.iter().find(|r| r["id"] == guarded(&e.id)).unwrap();
        assert_eq!(row["name"], guarded(&e.name));
        assert_eq!(row["type"], e.kind.as_str());
        assert_eq!(row["aliases"], e.aliases.join(" | "));
        assert_eq!(row["description"], guarded(e.description.as_deref().unwrap_or("")));
        assert_eq!(row["wikidata"], e.wikidata.as_deref().unwrap_or(""));
    }
    let row = |name: &str| rows.iter().find(|r| r["name"] == name).unwrap();
    assert_eq!(row("Cloudwatt")["aliases"], "CloudWatt | Cloud \"Watt\", SA");
    assert_eq!(row("Cloudwatt")["description"], "Cloud « souverain »,\nlancé en 2012");
    assert_eq!(
        (&*row("Cloudwatt")["articles"], &*row("Cloudwatt")["mentions"]),
        ("1", "3")
    );
    assert_eq!((&*row("Orange")["articles"], &*row("Orange")["mentions"]), ("2", "3"));
    assert_eq!((&*row("État")["articles"], &*row("État")["mentions"]), ("2", "3"));
    assert_eq!(row("Caisse des Dépôts")["mentions"], "1");
    assert_eq!(row("'=1+1")["description"], "'@x");
    assert_eq!(row("'@x")["type"], "PER");
    assert_eq!(row("-3")["articles"], "2", "a plain number is not guarded");
    // Most mentioned first, ties by name ignoring accents ("État" among the
    // E's, before "Orange"), then as written.
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str()).collect();
    assert_eq!(
        names,
        ["Cloudwatt", "État", "Orange", "-3", "'=1+1", "'@x", "Caisse des Dépôts"]
    );
}

#[test]
fn mentions_read_back_in_document_then_text_order_with_code_point_offsets() {
    let corpus = hand_made();
    let rows = records(&export::mentions_csv(&corpus), MENTIONS);
    let total: usize = corpus.entities.mentions.iter().map(<[_]>::len).sum();
    assert_eq!(rows.len(), total);
    let mut i = 0;
    for (doc, ms) in corpus.docs.iter().zip(&corpus.entities.mentions) {
        for m in ms {
            let row = &rows[i];
            let e = &corpus.entities.entities[m.entity as usize];
            assert_eq!(row["doc"], doc.file);
            assert_eq!(row["id"], doc.id);
            assert_eq!(row["title"], guarded(&doc.title));
            assert_eq!(row["text"], guarded(&doc.text[m.range.clone()]));
            assert_eq!(chars(&doc.text, &row["start"], &row["end"]), &doc.text[m.range.clone()]);
            assert_eq!(row["type"], e.kind.as_str());
            assert_eq!(row["entity_id"], guarded(&e.id));
            assert_eq!(row["canonical"], guarded(&e.name));
            assert_eq!(row["source"], if e.name == "-3" { "pattern" } else { "kb" });
            i += 1;
        }
    }
    let texts: Vec<&str> = rows.iter().map(|r| r["text"].as_str()).collect();
    assert!(texts.contains(&"Caisse des Dépôts") && texts.contains(&"État"));
    assert!(texts.contains(&"'=1+1") && texts.contains(&"'@x") && texts.contains(&"-3"));
    assert_eq!(rows[0]["title"], "'=Cloudwatt, le \"cloud\" souverain");
}

#[test]
fn relations_read_back_with_evidence_holding_commas_quotes_and_line_breaks() {
    let corpus = hand_made();
    let rows = records(&export::relations_csv(&corpus), RELATIONS);
    assert_eq!(rows.len(), corpus.relations.len());
    for (row, r) in rows.iter().zip(&corpus.relations) {
        let doc = &corpus.docs[r.doc];
        let name = |e: u32| guarded(&corpus.entities.entities[e as usize].name);
        assert_eq!(row["doc"], doc.file);
        assert_eq!(row["type"], r.kind.as_str());
        assert_eq!(row["subject"], name(r.subject));
        assert_eq!(row["object"], name(r.object));
        assert_eq!(row["value"], guarded(r.value.as_deref().unwrap_or("")));
        assert_eq!(row["evidence"], doc.text[r.evidence.clone()]);
        assert_eq!(
            chars(&doc.text, &row["start"], &row["end"]),
            &doc.text[r.evidence.clone()]
        );
    }
    assert_eq!(rows[0]["evidence"], SENTENCE, "comma, quotes, CRLF intact");
    assert_eq!(
        (&*rows[0]["subject"], &*rows[0]["object"], &*rows[0]["value"]),
        ("Orange", "Cloudwatt", "-3")
    );
    assert_eq!((&*rows[0]["date"], &*rows[0]["date_from_article"]), ("2015-01", "true"));
    assert_eq!((&*rows[1]["date"], &*rows[1]["date_from_article"]), ("", "false"));
    assert_eq!((&*rows[1]["subject"], &*rows[1]["value"]), ("'=1+1", "'=1+1"));
    assert_eq!(rows[1]["evidence"], "État : Orange et Cloudwatt, encore Cloudwatt.");
    assert_eq!((&*rows[2]["doc"], &*rows[2]["date"]), ("b.txt", "2016-02-29"));
    assert_eq!(rows[2]["subject"], "'@x");
    // The evidence's start in code points: the accents before it count once.
    let start: usize = rows[1]["start"].parse().unwrap();
    assert_eq!(
        start,
        corpus.docs[0].text.split("État :").next().unwrap().chars().count()
    );
}

#[test]
fn relations_jsonl_matches_the_csv_line_for_line() {
    for corpus in [hand_made(), seeds()] {
        let jsonl = export::relations_jsonl(&corpus);
        let rows = records(&export::relations_csv(&corpus), RELATIONS);
        let lines: Vec<&str> = jsonl.lines().collect();
        assert_eq!(lines.len(), corpus.relations.len());
        assert_eq!(rows.len(), lines.len());
        for (line, row) in lines.iter().zip(&rows) {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
            assert_eq!(
                keys,
                ["date", "doc", "end", "evidence", "object", "start", "subject", "type", "value"]
            );
            assert_eq!(v["doc"], row["doc"]);
            assert_eq!(v["evidence"], row["evidence"]);
            assert_eq!(guarded(v["subject"].as_str().unwrap()), row["subject"]);
            assert_eq!(v["start"].to_string(), row["start"]);
            assert_eq!(v["end"].to_string(), row["end"]);
            assert_eq!(v["date"].as_str().unwrap_or(""), row["date"]);
            assert_eq!(guarded(v["value"].as_str().unwrap_or("")), row["value"]);
        }
    }
}

#[test]
fn results_csv_has_one_row_per_hit_and_agrees_with_results_json() {
    for (corpus, query) in [(hand_made(), "cloudwatt"), (seeds(), "cloud souverain"), (seeds(), "")] {
        let results = corpus.search(
            query,
            &Options {
                sort: Sort::Relevance,
                limit: 50,
            },
        );
        assert!(!results.hits.is_empty(), "{query:?}");
        let rows = records(&export::results_csv(&corpus, &results), RESULTS);
        assert_eq!(rows.len(), results.hits.len());
        let json: serde_json::Value = serde_json::from_str(&export::results_json(&corpus, &results)).unwrap();
        assert_eq!(json["total"], results.total);
        let hits = json["hits"].as_array().unwrap();
        assert_eq!(hits.len(), rows.len());
        for (i, ((row, hit), h)) in rows.iter().zip(hits).zip(&results.hits).enumerate() {
            let doc = &corpus.docs[h.doc];
            assert_eq!(row["rank"], (i + 1).to_string());
            assert_eq!(row["doc"], hit["doc"].as_str().unwrap());
            assert_eq!(row["doc"], doc.file);
            assert_eq!(row["id"], doc.id);
            assert_eq!(row["title"], guarded(hit["title"].as_str().unwrap()));
            assert_eq!(row["snippet"], guarded(hit["snippet"].as_str().unwrap()));
            assert_eq!(row["score"], format!("{:.4}", h.score));
            assert_eq!(row["date"], doc.date.map_or(String::new(), |d| d.to_string()));
            assert_eq!(row["publication"], doc.publication.clone().unwrap_or_default());
            assert_eq!(row["url"], doc.url.clone().unwrap_or_default());
        }
    }
    let corpus = hand_made();
    let results = corpus.search("cloudwatt", &Options::default());
    let rows = records(&export::results_csv(&corpus, &results), RESULTS);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["title"], "'=Cloudwatt, le \"cloud\" souverain");
    assert_eq!(
        (&*rows[0]["date"], &*rows[0]["publication"], &*rows[0]["url"]),
        ("2015-01", "Le Monde, éco", "https://example.org/a?x=1,2")
    );
    assert!(rows[0]["snippet"].contains("Cloudwatt"));
}

#[test]
fn the_seeds_export_their_known_entities_mentions_and_relations() {
    let corpus = seeds();
    let entities = records(&export::entities_csv(&corpus), ENTITIES);
    assert_eq!(entities.len(), corpus.entities.entities.len());
    let cloudwatt = entities.iter().find(|r| r["name"] == "Cloudwatt").unwrap();
    assert_eq!(cloudwatt["type"], "ORG");
    assert_eq!(cloudwatt["aliases"], "CloudWatt");
    assert!(cloudwatt["description"].contains("Caisse des Dépôts"));
    let articles: usize = cloudwatt["articles"].parse().unwrap();
    let mentions: usize = cloudwatt["mentions"].parse().unwrap();
    assert!(
        articles >= 3 && mentions > articles,
        "{articles} articles, {mentions} mentions"
    );
    let counts: Vec<usize> = entities.iter().map(|r| r["mentions"].parse().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "most mentioned first");
    let orange = entities.iter().find(|r| r["name"] == "Orange").unwrap();
    assert_eq!(orange["wikidata"], "Q1431486");

    let mentions = records(&export::mentions_csv(&corpus), MENTIONS);
    let total: usize = corpus.entities.mentions.iter().map(<[_]>::len).sum();
    assert_eq!(mentions.len(), total);
    assert!(mentions
        .iter()
        .any(|m| m["text"] == "Caisse des Dépôts" && m["canonical"] == "Caisse des Dépôts"));
    for m in &mentions {
        let doc = corpus.docs.iter().find(|d| d.file == m["doc"]).unwrap();
        assert_eq!(guarded(&chars(&doc.text, &m["start"], &m["end"])), m["text"]);
    }

    let relations = records(&export::relations_csv(&corpus), RELATIONS);
    assert_eq!(relations.len(), corpus.relations.len());
    assert!(relations.iter().any(|r| r["type"] == "acquisition"
        && r["subject"] == "Orange"
        && r["object"] == "Cloudwatt"
        && r["evidence"].contains("Cloudwatt")));
    assert!(relations
        .iter()
        .any(|r| r["type"] == "stake" && r["subject"] == "Caisse des Dépôts" && r["value"] == "33 %"));
}

#[test]
fn exports_are_deterministic() {
    let all = |corpus: &Corpus| {
        let results = corpus.search("cloud souverain", &Options::default());
        [
            export::results_csv(corpus, &results),
            export::results_json(corpus, &results),
            export::entities_csv(corpus),
            export::mentions_csv(corpus),
            export::relations_csv(corpus),
            export::relations_jsonl(corpus),
        ]
    };
    assert_eq!(all(&seeds()), all(&seeds()));
    assert_eq!(all(&hand_made()), all(&hand_made()));
}

#[test]
fn an_empty_corpus_exports_headers_only() {
    let corpus = Corpus::new(vec![Document::from_text("a", "a.txt", "Rien.".into())]);
    let results = corpus.search("rien", &Options::default());
    assert_eq!(read_csv(&export::entities_csv(&corpus)).len(), 1);
    assert_eq!(read_csv(&export::mentions_csv(&corpus)).len(), 1);
    assert_eq!(read_csv(&export::relations_csv(&corpus)).len(), 1);
    assert_eq!(read_csv(&export::results_csv(&corpus, &results)).len(), 2);
    assert_eq!(export::relations_jsonl(&corpus), "");
}

/// The JSON string literal as the exports wrote it by hand before
/// serde_json: `"`, `\`, LF, CR and TAB by their short escapes, every
/// other control character (C0, DEL, C1) as `\u00XX` in lowercase.
fn quote_by_hand(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[test]
fn json_strings_are_written_as_they_were_by_hand() {
    let every_control: String = (0u32..0x20).chain(0x7f..0xa0).filter_map(char::from_u32).collect();
    for s in [
        "",
        "État \"x\" \\ y",
        "\u{8}\u{c}\u{7f}\u{85}\u{9b}[31m",
        "\u{2028}\u{2029}\u{feff}😀",
        &every_control,
    ] {
        assert_eq!(export::quote(s), quote_by_hand(s), "{s:?}");
        assert_eq!(serde_json::from_str::<String>(&export::quote(s)).unwrap(), s);
    }
}

proptest::proptest! {
    #[test]
    fn json_strings_of_any_text_are_written_as_by_hand(s in "\\PC*|[\\x00-\\x1f\\x7f-\\u{9f}\"\\\\a-zé]*") {
        proptest::prop_assert_eq!(export::quote(&s), quote_by_hand(&s));
    }
}
