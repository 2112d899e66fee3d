//! Exports of a corpus for other tools: the current search results (CSV and
//! JSON), the entity table, every mention and every relation (CSV), and the
//! relations as JSON lines.
//!
//! The page's import worker calls these on the corpus it holds and hands the
//! text to the reader as a download; the `loupe` command line prints the
//! same writers' output (`search --json`, `relations --format jsonl`,
//! `export`), so one writer serves both and the shapes cannot drift apart.
//!
//! **JSON** is written by `serde_json` (this module is built with the `fs`
//! feature only: the import worker and the command line have it, the app
//! does not), in the shapes documented in the command line's module docs
//! and below, byte for byte as they were first published (other tools
//! compare them), through one [`json`] writer: a space after each `,` and
//! `:` between values, scores with 4 decimals, and control characters
//! escaped as `\u00XX` (see [`json`]). Offsets are Unicode code points of
//! the document text, what JSON consumers and spreadsheets count in (the
//! engine's own are bytes).
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
use crate::corpus::Corpus;
use crate::document::Document;
use crate::offsets::CodePoints;
use crate::search::Results;
use serde::Serialize;
use std::io;

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
    let hits = results
        .hits
        .iter()
        .filter_map(|hit| {
            let doc = corpus.docs.get(hit.doc)?;
            let (snippet, _) = hit.snippet.render(&doc.text);
            let mut points = CodePoints::new(&doc.text);
            Some(HitShape {
                doc: &doc.file,
                title: &doc.title,
                score: hit.score,
                snippet,
                highlights: hit
                    .highlights
                    .iter()
                    .map(|r| [points.at(r.start), points.at(r.end)])
                    .collect(),
            })
        })
        .collect();
    json(&ResultsShape {
        total: results.total,
        hits,
        warnings: results.warnings.iter().map(ToString::to_string).collect(),
        suggestion: results.suggestion.as_deref(),
        approximate: results
            .approximate
            .iter()
            .map(|a| ApproximateShape {
                word: &a.word,
                matched: &a.matched,
            })
            .collect(),
        rescue: results.rescue.as_ref().map(|r| RescueShape {
            per_word: &r.per_word,
            nearest: &r.nearest,
            drops: &r.drops,
        }),
    })
}

/// The object [`results_json`] writes, its fields in the documented order.
#[derive(Serialize)]
struct ResultsShape<'a> {
    total: usize,
    hits: Vec<HitShape<'a>>,
    warnings: Vec<String>,
    suggestion: Option<&'a str>,
    approximate: Vec<ApproximateShape<'a>>,
    rescue: Option<RescueShape<'a>>,
}

/// One hit of [`ResultsShape`]: `highlights` are `[start, end]` pairs in
/// code points; `score` is written with 4 decimals (see [`json`]).
#[derive(Serialize)]
struct HitShape<'a> {
    doc: &'a str,
    title: &'a str,
    score: f32,
    snippet: String,
    highlights: Vec<[usize; 2]>,
}

/// `{"word": …, "matched": […]}`.
#[derive(Serialize)]
struct ApproximateShape<'a> {
    word: &'a str,
    matched: &'a [String],
}

/// The rescue of an empty result: pairs are written as two-element arrays.
#[derive(Serialize)]
struct RescueShape<'a> {
    per_word: &'a [(String, usize)],
    nearest: &'a [(String, Vec<String>)],
    drops: &'a [(String, usize)],
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
        out.push_str(&json(&RelationShape {
            doc: &doc.file,
            kind: r.kind.as_str(),
            subject: entity_name(corpus, r.subject),
            object: entity_name(corpus, r.object),
            value: r.value.as_deref(),
            date: r.date.map(|d| d.to_string()),
            start,
            end,
            evidence: text,
        }));
        out.push('\n');
    }
    out
}

/// One line of [`relations_jsonl`], its fields in the documented order.
#[derive(Serialize)]
struct RelationShape<'a> {
    doc: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    subject: &'a str,
    object: &'a str,
    value: Option<&'a str>,
    date: Option<String>,
    start: usize,
    end: usize,
    evidence: &'a str,
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

/// `value` as JSON in the shapes of this module: serde_json's compact
/// output with a space after each `,` and `:` between values (`{"total": 4,
/// "hits": [1, 2]}`), every float with 4 decimals (the only floats of these
/// shapes are scores, written so since the first release), and, besides
/// the characters JSON requires escaping, every control character as
/// `\u00XX` (`\b` and `\f` too, and DEL and the C1 controls, which JSON
/// allows raw but some terminals obey: `\u009b` starts an escape sequence).
/// Not-a-number and infinite floats are written `null`. The command line
/// writes its other JSON lines (`entities --format jsonl`) with it.
///
/// ```
/// use loupe_engine::export::json;
/// assert_eq!(json(&(1, [0.5f32], "é\u{9b}")), r#"[1, [0.5000], "é\u009b"]"#);
/// ```
pub fn json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, nor can the serialization of these
    // shapes (no map with keys that are not strings): an error would
    // leave the text written so far.
    let _ = value.serialize(&mut serde_json::Serializer::with_formatter(&mut out, Spaced));
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A JSON string literal, as [`json`] writes it: `"`, `\` and control
/// characters escaped, the rest (accents included) as it is.
///
/// ```
/// use loupe_engine::export::quote;
/// assert_eq!(quote("État \"x\"\n\u{8}"), r#""État \"x\"\n\u0008""#);
/// ```
pub fn quote(s: &str) -> String {
    json(s)
}

/// The formatter of [`json`]: [`serde_json::ser::CompactFormatter`] with
/// the spacing, the float precision and the escapes described there.
struct Spaced;

impl serde_json::ser::Formatter for Spaced {
    fn begin_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_key<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.begin_array_value(writer, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn write_f32<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        write!(writer, "{value:.4}")
    }

    fn write_f64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        write!(writer, "{value:.4}")
    }

    /// DEL and the C1 controls, which serde_json leaves in the text.
    fn write_string_fragment<W: ?Sized + io::Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        let mut rest = fragment;
        while let Some((at, c)) = rest.char_indices().find(|(_, c)| c.is_control()) {
            let (before, after) = rest.split_at(at);
            writer.write_all(before.as_bytes())?;
            write!(writer, "\\u{:04x}", u32::from(c))?;
            rest = after.get(c.len_utf8()..).unwrap_or("");
        }
        writer.write_all(rest.as_bytes())
    }

    /// `\u0008` and `\u000c` rather than `\b` and `\f`, like every other
    /// control character.
    fn write_char_escape<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        escape: serde_json::ser::CharEscape,
    ) -> io::Result<()> {
        use serde_json::ser::CharEscape;
        match escape {
            CharEscape::Backspace => writer.write_all(b"\\u0008"),
            CharEscape::FormFeed => writer.write_all(b"\\u000c"),
            other => serde_json::ser::CompactFormatter.write_char_escape(writer, other),
        }
    }
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
