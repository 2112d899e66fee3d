//! Reading a corpus from a JSONL file: one article per line, as JSON.
//!
//! ```text
//! {"id": "a1", "title": "SFR rachète Numergy", "text": "Le second cloud…", "date": "2015-12",
//!  "publication": "LeMagIT", "source": "lemagit", "url": "https://lemagit.fr/…"}
//! ```
//!
//! - **Every non-blank line** is one JSON object (read by `crate::import`'s rules,
//!   the same for a file added in the page). Only `text` is required (and not empty);
//!   other fields are ignored, and `null` is the same as leaving a field out.
//! - `id` (a string or an integer) defaults to the line number, `"line-12"`;
//!   ids are unique. The article's file name (used where a directory corpus
//!   shows its `.txt` name) is its id.
//! - The other fields follow `catalog.toml`'s rules: without `title` the title
//!   is derived from the text; `source` defaults to the slug of `publication`,
//!   and a `source` written as a name ("Le Monde") is the publication's name
//!   (when `publication` is absent) and gives its slug ("lemonde") as the key;
//!   `date` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, its precision given by its
//!   form; `url` is an absolute `http(s)` address.
//! - The text is read as a `.txt` article's would be (a leading byte-order
//!   mark dropped, `\r\n` and `\r` made `\n`), then laid out and analysed the
//!   same way. Entities are recognized with the knowledge base in an
//!   `entities.toml` beside the file when there is one, else with none.
//! - **A bad line** (invalid JSON, no `text`, a bad date or address, an id
//!   already used) fails the load with every bad line listed by file and
//!   line, unless the caller asked to skip them: then each is listed as a
//!   [`Note::SkippedLine`].

use crate::corpus::Corpus;
use crate::document::Document;
use crate::entities::{kb::KnowledgeBase, Recognizer};
use crate::load::{LoadError, LoadOptions, Loaded, Note};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// True when `path` names a JSONL corpus: its extension is `.jsonl`, in any case.
pub fn is_jsonl(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl"))
}

/// Loads the corpus in the JSONL file `path` by the module's rule.
pub fn load_jsonl(path: &Path, options: LoadOptions) -> Result<Loaded, LoadError> {
    let io = |at: &Path| {
        let at = at.to_owned();
        move |source| LoadError::Io { path: at, source }
    };
    let bytes = std::fs::read(path).map_err(io(path))?;
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);

    let mut docs = Vec::new();
    let mut bad: Vec<(usize, String)> = Vec::new();
    // Id → line that used it first.
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = i + 1;
        let Ok(text) = std::str::from_utf8(raw) else {
            bad.push((line, "not valid UTF-8".to_owned()));
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        match article(text, line) {
            Ok(doc) => {
                if let Some(first) = ids.get(&doc.id) {
                    bad.push((line, format!("id {:?} is already used on line {first}", doc.id)));
                    continue;
                }
                ids.insert(doc.id.clone(), line);
                docs.push(doc);
            }
            Err(reason) => bad.push((line, reason)),
        }
    }
    let mut notes = Vec::new();
    if !bad.is_empty() {
        if !options.skip_bad {
            return Err(LoadError::BadLines {
                path: path.to_owned(),
                lines: bad,
            });
        }
        notes.extend(bad.into_iter().map(|(line, reason)| Note::SkippedLine {
            path: path.to_owned(),
            line,
            reason,
        }));
    }
    if docs.is_empty() {
        return Err(LoadError::NoLines { path: path.to_owned() });
    }
    let kb_path = path.parent().unwrap_or(Path::new("")).join("entities.toml");
    let kb = match std::fs::read_to_string(&kb_path) {
        Ok(text) => KnowledgeBase::parse(&kb_path, &text)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => KnowledgeBase::default(),
        Err(e) => return Err(io(&kb_path)(e)),
    };
    let corpus = Corpus::annotated(docs, &Recognizer::new(kb));
    Ok(Loaded { corpus, notes })
}

/// The article on one line, or why the line is bad.
fn article(text: &str, line: usize) -> Result<Document, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let message = message.strip_suffix(&suffix).unwrap_or(&message);
        format!("invalid JSON at column {}: {message}", e.column())
    })?;
    // One set of field rules for a JSONL corpus and a file added in the
    // page (crate::import), in English here.
    crate::import::article(value, &format!("line-{line}")).map_err(|(_, en)| en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_fill_the_document_as_the_catalog_would() {
        let doc = article(
            r#"{"id": 7, "title": "SFR rachète Numergy", "text": "SFR rachète Numergy\r\n\r\nLe second cloud.", "date": "2015-12", "publication": "Solutions Numériques", "url": "https://a.fr/x"}"#,
            3,
        )
        .unwrap();
        assert_eq!((doc.id.as_str(), doc.file.as_str()), ("7", "7"));
        assert_eq!(doc.title, "SFR rachète Numergy");
        assert!(!doc.title_derived);
        assert_eq!(doc.source.as_deref(), Some("solutionsnumeriques"));
        assert_eq!(doc.date.map(|d| d.to_string()).as_deref(), Some("2015-12"));
        assert_eq!(doc.url.as_deref(), Some("https://a.fr/x"));
        assert_eq!(doc.text, "SFR rachète Numergy\n\nLe second cloud.");
        // Laid out as the same text in a .txt file with that title in the catalog.
        let mut same = Document::from_text("7", "7", doc.text.clone());
        same.title = doc.title.clone();
        same.title_derived = false;
        same.relayout(None);
        assert_eq!(doc.blocks, same.blocks);
    }

    #[test]
    fn defaults_id_from_the_line_and_title_from_the_text() {
        let doc = article(r#"{"text": "Orange rachète Cloudwatt.\n\nFin.", "title": null}"#, 12).unwrap();
        assert_eq!(doc.id, "line-12");
        assert!(doc.title_derived);
        assert_eq!(doc, Document::from_text("line-12", "line-12", doc.text.clone()));
    }

    #[test]
    fn bad_lines_say_which_field() {
        for (line, needle) in [
            (r#"{"text": "x""#, "invalid JSON at column"),
            (r#"["x"]"#, "expected a JSON object"),
            (r#"{"title": "x"}"#, "`text` is missing"),
            (r#"{"text": 3}"#, "`text` must be a string"),
            (r#"{"text": "x", "date": "2015-13"}"#, "`date`"),
            (r#"{"text": "x", "url": "www.a.fr"}"#, "`url`"),
            (r#"{"text": "x", "source": "…"}"#, "`source`"),
            (r#"{"text": "x", "title": 1}"#, "`title` must be a string"),
            (r#"{"text": "x", "id": "a/b"}"#, "`id`"),
            (r#"{"text": "a\u0000b"}"#, "`text`: binary"),
        ] {
            let err = article(line, 1).unwrap_err();
            assert!(err.contains(needle), "{line} gave {err}");
        }
    }

    #[test]
    fn jsonl_is_told_by_its_extension_in_any_case() {
        assert!(is_jsonl(Path::new("a/b.jsonl")) && is_jsonl(Path::new("B.JSONL")));
        assert!(!is_jsonl(Path::new("seeds")) && !is_jsonl(Path::new("a.json")));
    }

    #[test]
    fn a_source_written_as_a_name_is_the_publication() {
        let doc = article(r#"{"text": "x", "source": "Le Monde"}"#, 1).unwrap();
        assert_eq!(
            (doc.publication.as_deref(), doc.source.as_deref()),
            (Some("Le Monde"), Some("lemonde"))
        );
        let doc = article(
            r#"{"text": "x", "source": "Le Monde", "publication": "Le Monde (édition abonnés)"}"#,
            1,
        )
        .unwrap();
        assert_eq!(doc.publication.as_deref(), Some("Le Monde (édition abonnés)"));
        assert_eq!(doc.source.as_deref(), Some("lemonde"));
    }
}
