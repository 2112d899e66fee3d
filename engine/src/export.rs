//! Exports of a corpus for other tools: the current search results (CSV and
//! JSON), the entity table, every mention and every relation (CSV), and the
//! relations as JSON lines.
//!
//! The page's import worker calls these on the corpus it holds and hands the
//! text to the reader as a download; the `loupe` command line prints the
//! same writers' output (`search --json`, `relations --format jsonl`,
//! `export`), so one writer serves both and the shapes cannot drift apart.
//!
//! **JSON** is written by hand (the browser build has no JSON library): the
//! shapes are the command line's, documented in its module docs and below.
//! Offsets are Unicode code points of the document text, what JSON consumers
//! and spreadsheets count in (the engine's own are bytes).
//!
//! **CSV** follows RFC 4180, with what spreadsheets need to open it as
//! written:
//! - the text starts with a UTF-8 byte-order mark ([`BOM`]), without which
//!   Excel reads UTF-8 as Windows-1252 and "Dépôts" becomes "DÃ©pÃ´ts";
//! - a header row, then one row per record, each line ended by CRLF (the
//!   last one too);
//! - a field is put between double quotes when it holds a comma, a double
//!   quote, a CR or an LF, or starts or ends with a space (which some
//!   readers trim); a double quote inside is doubled;
//! - **formula guard**: a field that starts with `=`, `+`, `-`, `@`, a TAB or
//!   a CR would be run as a formula by a spreadsheet (a name such as
//!   `=HYPERLINK(…)` in an article is an attack on whoever opens the file),
//!   so it gets a leading `'`, which spreadsheets read as "this is text".
//!   A plain number (`-3`, `+2`, `-3,5`, `-3.5`) is left as it is: it is no
//!   formula, and a reader wants it as a number. The cost: a text field that
//!   merely starts with `-` ("-- fin --") shows the `'`.
//!
//! Empty fields stand for absent values (no date, no URL). Rows are in a
//! fixed order with ties broken by numbers, so the same corpus always gives
//! the same bytes.
//!
//! ```
//! use loupe_engine::export::{csv_field, BOM};
//! assert_eq!(csv_field("Caisse des Dépôts"), "Caisse des Dépôts");
//! assert_eq!(csv_field("Thalès, CDC"), "\"Thalès, CDC\"");
//! assert_eq!(csv_field("le \"cloud\""), "\"le \"\"cloud\"\"\"");
//! assert_eq!(csv_field("=1+1"), "'=1+1");
//! assert_eq!(csv_field("-3,5"), "\"-3,5\"");
//! assert_eq!(BOM, '\u{feff}');
//! ```

use crate::analysis::fold;
use crate::document::{Corpus, Document};
use crate::offsets::CodePoints;
use crate::search::Results;
use std::fmt::Write as _;

/// The byte-order mark every CSV export starts with: U+FEFF, three bytes in
/// UTF-8, the only sign by which a spreadsheet knows a CSV file is UTF-8.
pub const BOM: char = '\u{feff}';

/// Line end of CSV rows (RFC 4180).
const CRLF: &str = "\r\n";

/// Between the aliases of an entity in one field: a separator no alias of the
/// knowledge base contains, that reads as a list.
pub const ALIAS_SEPARATOR: &str = " | ";

/// The characters that make a spreadsheet read a cell as a formula (or, for
/// TAB and CR, that some strip before looking at the next one).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The search results as one JSON object, the shape `loupe search --json`
/// prints (without its final line break):
/// `{"total": N, "hits": [{"doc": "<file name>", "title": "…", "score":
/// 1.2345, "snippet": "…", "highlights": [[start, end], …]}], "warnings":
/// ["…"], "suggestion": "…" or null, "approximate": [{"word": "…", "matched":
/// ["…"]}], "rescue": null or {"per_word": [["word", N]], "nearest": [["word",
/// ["…"]]], "drops": [["query", N]]}}`, highlights in Unicode code points of
/// the document text (see [`Results`] for each field). A hit whose document
/// is not in the corpus is left out.
pub fn results_json(corpus: &Corpus, results: &Results) -> String {
    let mut out = format!("{{\"total\": {}, \"hits\": [", results.total);
    let mut first = true;
    for hit in &results.hits {
        let Some(doc) = corpus.docs.get(hit.doc) else { continue };
        let (snippet, _) = hit.snippet.render(&doc.text);
        let mut points = CodePoints::new(&doc.text);
        let highlights: Vec<String> = hit
            .highlights
            .iter()
            .map(|r| format!("[{}, {}]", points.at(r.start), points.at(r.end)))
            .collect();
        let _ = write!(
            out,
            "{}{{\"doc\": {}, \"title\": {}, \"score\": {:.4}, \"snippet\": {}, \"highlights\": [{}]}}",
            if first { "" } else { ", " },
            quote(&doc.file),
            quote(&doc.title),
            hit.score,
            quote(&snippet),
            highlights.join(", ")
        );
        first = false;
    }
    let warnings: Vec<String> = results.warnings.iter().map(|w| quote(&w.to_string())).collect();
    let _ = write!(out, "], \"warnings\": [{}]", warnings.join(", "));
    let list = |items: &[String]| items.iter().map(|s| quote(s)).collect::<Vec<_>>().join(", ");
    let counts = |items: &[(String, usize)]| {
        items
            .iter()
            .map(|(q, n)| format!("[{}, {n}]", quote(q)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let suggestion = results.suggestion.as_deref().map_or("null".to_owned(), quote);
    let approximate: Vec<String> = results
        .approximate
        .iter()
        .map(|a| format!("{{\"word\": {}, \"matched\": [{}]}}", quote(&a.word), list(&a.matched)))
        .collect();
    let rescue = results.rescue.as_ref().map_or("null".to_owned(), |r| {
        let nearest: Vec<String> = r
            .nearest
            .iter()
            .map(|(w, near)| format!("[{}, [{}]]", quote(w), list(near)))
            .collect();
        format!(
            "{{\"per_word\": [{}], \"nearest\": [{}], \"drops\": [{}]}}",
            counts(&r.per_word),
            nearest.join(", "),
            counts(&r.drops)
        )
    });
    let _ = write!(
        out,
        ", \"suggestion\": {suggestion}, \"approximate\": [{}], \"rescue\": {rescue}}}",
        approximate.join(", ")
    );
    out
}

/// The corpus's relations ([`Corpus::relations`], in document order), one
/// JSON object a line, each line ended by LF, the shape `loupe relations
/// --format jsonl` prints: `{"doc": "<file name>", "type": "stake",
/// "subject": "SFR", "object": "Numergy", "value": "47 %" or null, "date":
/// "2015-12" or null, "start": s, "end": e, "evidence": "…"}`, the evidence
/// the sentence that states it, `start`/`end` its range in Unicode code
/// points; the date is the sentence's, else the article's.
pub fn relations_jsonl(corpus: &Corpus) -> String {
    let mut out = String::new();
    let mut evidence = Evidence::new(corpus);
    for r in &corpus.relations {
        let Some((doc, start, end, text)) = evidence.of(r) else {
            continue;
        };
        let _ = writeln!(
            out,
            "{{\"doc\": {}, \"type\": \"{}\", \"subject\": {}, \"object\": {}, \"value\": {}, \"date\": {}, \"start\": {start}, \"end\": {end}, \"evidence\": {}}}",
            quote(&doc.file),
            r.kind.as_str(),
            quote(entity_name(corpus, r.subject)),
            quote(entity_name(corpus, r.object)),
            r.value.as_deref().map_or("null".to_owned(), quote),
            r.date.map_or("null".to_owned(), |d| quote(&d.to_string())),
            quote(text)
        );
    }
    out
}

/// The search results as CSV, one row per hit in rank order: `rank` (from
/// 1), `doc` (the file name, as in [`results_json`]), `id`, `title`, `date`
/// (ISO 8601 at its precision: `2015`, `2015-12` or `2015-12-03`),
/// `publication`, `url`, `score` (4 decimals), `snippet` (the passage as
/// plain text, "…" where it was cut).
pub fn results_csv(corpus: &Corpus, results: &Results) -> String {
    let mut csv = Csv::new(&[
        "rank",
        "doc",
        "id",
        "title",
        "date",
        "publication",
        "url",
        "score",
        "snippet",
    ]);
    for (i, hit) in results.hits.iter().enumerate() {
        let Some(doc) = corpus.docs.get(hit.doc) else { continue };
        let (snippet, _) = hit.snippet.render(&doc.text);
        csv.row(&[
            &(i + 1).to_string(),
            &doc.file,
            &doc.id,
            &doc.title,
            &date(doc),
            doc.publication.as_deref().unwrap_or(""),
            doc.url.as_deref().unwrap_or(""),
            &format!("{:.4}", hit.score),
            &snippet,
        ]);
    }
    csv.finish()
}

/// The entity table as CSV, one row per entity: `id`, `name`, `type` (`PER`,
/// `ORG`, …), `aliases` (joined with [`ALIAS_SEPARATOR`]), `articles` (the
/// documents that mention it), `mentions` (all its mentions), `description`,
/// `wikidata`; the most mentioned first, then by name (ignoring case and
/// accents, then as written), then by entity number.
pub fn entities_csv(corpus: &Corpus) -> String {
    let table = &corpus.entities;
    let n = table.entities.len();
    let (mut articles, mut mentions) = (vec![0usize; n], vec![0usize; n]);
    // The last document counted for each entity: its mentions of one
    // document come together, so each document counts once.
    let mut seen_in = vec![usize::MAX; n];
    for (d, ms) in table.mentions.iter().enumerate() {
        for m in ms {
            let e = m.entity as usize;
            if e >= n {
                continue;
            }
            mentions[e] += 1;
            if seen_in[e] != d {
                seen_in[e] = d;
                articles[e] += 1;
            }
        }
    }
    let folded: Vec<String> = table.entities.iter().map(|e| fold(&e.name)).collect();
    let mut order: Vec<usize> = (0..n).collect();
    crate::sort::by(&mut order, &|&a, &b| {
        mentions[b]
            .cmp(&mentions[a])
            .then_with(|| folded[a].cmp(&folded[b]))
            .then_with(|| table.entities[a].name.cmp(&table.entities[b].name))
            .then(a.cmp(&b))
    });
    let mut csv = Csv::new(&[
        "id",
        "name",
        "type",
        "aliases",
        "articles",
        "mentions",
        "description",
        "wikidata",
    ]);
    for e in order {
        let info = &table.entities[e];
        csv.row(&[
            &info.id,
            &info.name,
            info.kind.as_str(),
            &info.aliases.join(ALIAS_SEPARATOR),
            &articles[e].to_string(),
            &mentions[e].to_string(),
            info.description.as_deref().unwrap_or(""),
            info.wikidata.as_deref().unwrap_or(""),
        ]);
    }
    csv.finish()
}

/// Every mention as CSV, in document order then text order: `doc` (file
/// name), `id` (the document's), `title`, `start`, `end` (Unicode code
/// points of the document text), `text` (the mention as written), `type`,
/// `entity_id`, `canonical` (the entity's name), `source` (`kb`, `pattern`
/// or `heuristic`: how it was found).
pub fn mentions_csv(corpus: &Corpus) -> String {
    let mut csv = Csv::new(&[
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
    ]);
    for (doc, ms) in corpus.docs.iter().zip(&corpus.entities.mentions) {
        let mut points = CodePoints::new(&doc.text);
        for m in ms {
            let Some(info) = corpus.entities.entities.get(m.entity as usize) else {
                continue;
            };
            let (start, end) = (points.at(m.range.start), points.at(m.range.end));
            csv.row(&[
                &doc.file,
                &doc.id,
                &doc.title,
                &start.to_string(),
                &end.to_string(),
                doc.text.get(m.range.clone()).unwrap_or(""),
                info.kind.as_str(),
                &info.id,
                &info.name,
                m.source.as_str(),
            ]);
        }
    }
    csv.finish()
}

/// The corpus's relations as CSV, in document order: `doc` (file name), `id`
/// (the document's), `title`, `type` (`acquisition`, `stake`, …), `subject`
/// and `object` (entity names), `value` (a share or a sum, when given),
/// `date` (ISO 8601 at its precision), `date_from_article` (`true` when the
/// sentence gives no date and the article's stands in), `start`, `end` (the
/// evidence's range in Unicode code points), `evidence` (the sentence).
pub fn relations_csv(corpus: &Corpus) -> String {
    let mut csv = Csv::new(&[
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
    ]);
    let mut evidence = Evidence::new(corpus);
    for r in &corpus.relations {
        let Some((doc, start, end, text)) = evidence.of(r) else {
            continue;
        };
        csv.row(&[
            &doc.file,
            &doc.id,
            &doc.title,
            r.kind.as_str(),
            entity_name(corpus, r.subject),
            entity_name(corpus, r.object),
            r.value.as_deref().unwrap_or(""),
            &r.date.map_or(String::new(), |d| d.to_string()),
            if r.date_from_article { "true" } else { "false" },
            &start.to_string(),
            &end.to_string(),
            text,
        ]);
    }
    csv.finish()
}

/// A JSON string literal: `"`, `\` and control characters escaped, the rest
/// (accents included) as it is.
///
/// ```
/// use loupe_engine::export::quote;
/// assert_eq!(quote("État \"x\"\n"), r#""État \"x\"\n""#);
/// ```
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 || c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One CSV field as written in a row: the formula guard, then the quoting
/// (see the module docs).
pub fn csv_field(field: &str) -> String {
    let mut out = String::with_capacity(field.len() + 2);
    push_field(&mut out, field);
    out
}

/// Appends [`csv_field`] of `field` to `out`.
fn push_field(out: &mut String, field: &str) {
    let guard = field.starts_with(FORMULA_STARTS) && !plain_number(field);
    let quoted = field.contains([',', '"', '\r', '\n']) || field.starts_with(' ') || field.ends_with(' ');
    if quoted {
        out.push('"');
    }
    if guard {
        out.push('\'');
    }
    if quoted {
        for (i, part) in field.split('"').enumerate() {
            if i > 0 {
                out.push_str("\"\"");
            }
            out.push_str(part);
        }
        out.push('"');
    } else {
        out.push_str(field);
    }
}

/// True for a number as a person writes it: an optional sign, digits, and
/// optionally a decimal comma or point followed by digits (`-3`, `+2`,
/// `-3,5`, `0.25`).
fn plain_number(field: &str) -> bool {
    let unsigned = field.strip_prefix(['-', '+']).unwrap_or(field);
    let (whole, fraction) = match unsigned.split_once([',', '.']) {
        Some((w, f)) => (w, Some(f)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && fraction.is_none_or(digits)
}

/// A CSV text being written: the byte-order mark, the header, the rows.
struct Csv {
    out: String,
}

impl Csv {
    /// A CSV text with this header row.
    fn new(header: &[&str]) -> Csv {
        let mut csv = Csv { out: String::from(BOM) };
        csv.row(header);
        csv
    }

    /// Appends a row.
    fn row(&mut self, fields: &[&str]) {
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            push_field(&mut self.out, field);
        }
        self.out.push_str(CRLF);
    }

    /// The text.
    fn finish(self) -> String {
        self.out
    }
}

/// The date of a document, ISO 8601 at its precision, or nothing.
fn date(doc: &Document) -> String {
    doc.date.map_or(String::new(), |d| d.to_string())
}

/// An entity's name, or nothing for a number outside the table.
fn entity_name(corpus: &Corpus, entity: u32) -> &str {
    corpus
        .entities
        .entities
        .get(entity as usize)
        .map_or("", |e| e.name.as_str())
}

/// The evidence of relations taken in document order: one code-point cursor
/// per document, so a document's relations cost one walk over its text.
struct Evidence<'c> {
    corpus: &'c Corpus,
    cursor: Option<(usize, CodePoints<'c>)>,
}

impl<'c> Evidence<'c> {
    fn new(corpus: &'c Corpus) -> Self {
        Evidence { corpus, cursor: None }
    }

    /// The relation's document, its evidence's range in code points, and
    /// the evidence; `None` for a document outside the corpus.
    fn of(&mut self, r: &crate::relations::Relation) -> Option<(&'c Document, usize, usize, &'c str)> {
        let doc = self.corpus.docs.get(r.doc)?;
        let points = match &mut self.cursor {
            Some((n, points)) if *n == r.doc => points,
            cursor => &mut cursor.insert((r.doc, CodePoints::new(&doc.text))).1,
        };
        let (start, end) = (points.at(r.evidence.start), points.at(r.evidence.end));
        Some((doc, start, end, doc.text.get(r.evidence.clone()).unwrap_or("")))
    }
}
