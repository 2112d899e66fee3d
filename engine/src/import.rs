//! Files a reader drops in the page, read into documents.
//!
//! Pure functions: no I/O, no threads (this runs in a Web Worker compiled to
//! wasm32). [`read_file`] takes a file's name and bytes and returns what it
//! holds as a [`FileResult`]: the documents read, and the problems met, each
//! told in French and in English. A refused file is a result with no
//! document and one problem.
//!
//! By extension, in any case:
//!
//! - **`.txt`, `.text`, `.md`**: the text, decoded by [`crate::decode_text`]
//!   (UTF-8, UTF-16 with a byte-order mark, else Windows-1252). The id is the
//!   file name without its extension, slugged; the file is the name. In a
//!   `.md` file, a first non-blank line `# Titre` gives the title (the `# `
//!   is dropped from the text, so the line is laid out as the title); the
//!   rest of the Markdown is read as plain text.
//! - **`.html`, `.htm`**: the article's plain text, found by a small scanner
//!   (no HTML parser): scripts, styles, navigation, headers, footers, asides,
//!   forms, SVG and comments are dropped; block elements end lines and
//!   paragraphs are separated by a blank line; character references are
//!   decoded. The title is the `<title>` (without a trailing " - Site"),
//!   else the first `<h1>`; the date comes from `article:published_time`,
//!   a `date` meta or the first `<time datetime>`; `og:site_name` gives the
//!   publication; `<link rel="canonical">` or `og:url` the address.
//! - **`.jsonl`, `.ndjson`**: one JSON object per line with the fields of a
//!   JSONL corpus (`text` required; `title`, `date`, `source`, `publication`,
//!   `url`, `id`; see `crate::jsonl`). A bad line is a problem naming its line;
//!   the good lines are kept.
//! - **`.json`**: an array of such objects (a problem names the line where
//!   the bad element starts), or one object.
//! - **`.zip`**: every file of the archive read as above (by its own
//!   extension; folders, `__MACOSX/` and hidden files skipped), each problem
//!   naming its file in the archive ([`Problem::entry`]); an archive inside
//!   the archive is not opened, and the files decompressed count against
//!   [`ZIP_BYTES`] in all (an archive that inflates past it stops there).
//! - Every other extension is refused, saying what is accepted.
//!
//! Empty files, binary content and files over [`MAX_BYTES`] are refused.

use crate::analysis::folding::slug;
use crate::catalog::check_url;
use crate::date::PubDate;
use crate::document::Document;
use crate::load::decode_text;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The largest file read, in bytes (50 MiB); a larger one is refused before decoding.
pub const MAX_BYTES: usize = 50 * 1024 * 1024;

/// The extensions read, as told to the reader.
pub const ACCEPTED: &str = ".txt, .md, .text, .html, .htm, .json, .jsonl, .ndjson, .zip";

/// Something wrong with a file, or with one line of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file inside a `.zip` archive it is about (`None`: the file itself).
    pub entry: Option<String>,
    /// The 1-based line it is about, when it is about one line.
    pub line: Option<usize>,
    /// What is wrong, in French (one sentence, no line number).
    pub reason_fr: String,
    /// What is wrong, in English (one sentence, no line number).
    pub reason_en: String,
}

impl Problem {
    fn new(line: Option<usize>, fr: impl Into<String>, en: impl Into<String>) -> Self {
        Problem {
            entry: None,
            line,
            reason_fr: fr.into(),
            reason_en: en.into(),
        }
    }

    /// The reason in French, after its line: "ligne 12 : JSON invalide (colonne 3)".
    pub fn message_fr(&self) -> String {
        match self.line {
            Some(line) => format!("ligne {line} : {}", self.reason_fr),
            None => self.reason_fr.clone(),
        }
    }

    /// The reason in English, after its line: "line 12: invalid JSON at column 3: …".
    pub fn message_en(&self) -> String {
        match self.line {
            Some(line) => format!("line {line}: {}", self.reason_en),
            None => self.reason_en.clone(),
        }
    }
}

/// What one file gave.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileResult {
    /// The documents read, in the file's order.
    pub docs: Vec<Document>,
    /// What was refused: the whole file (then `docs` is empty), or lines of it.
    pub problems: Vec<Problem>,
    /// The encoding the text was decoded from when it was not UTF-8
    /// ("windows-1252", "UTF-16LE"…).
    pub encoding: Option<&'static str>,
}

impl FileResult {
    fn refused(fr: impl Into<String>, en: impl Into<String>) -> Self {
        FileResult {
            problems: vec![Problem::new(None, fr, en)],
            ..FileResult::default()
        }
    }

    /// True when nothing of the file was kept.
    pub fn is_refused(&self) -> bool {
        self.docs.is_empty()
    }
}

/// How a file is read, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Markdown,
    Html,
    Jsonl,
    Json,
}

/// The refusal of a file of `len` bytes, over [`MAX_BYTES`] (`None`
/// within it): what [`read_file`] says, and what a caller that has not read
/// the file yet (the page's worker, from its size) says before reading it.
pub fn too_large(len: usize) -> Option<FileResult> {
    if len <= MAX_BYTES {
        return None;
    }
    let size = format!("{:.1}", len as f64 / (1024.0 * 1024.0));
    Some(FileResult::refused(
        format!(
            "fichier trop volumineux ({} Mo) : la limite est de {} Mo",
            size.replace('.', ","),
            MAX_BYTES >> 20
        ),
        format!("file too large ({size} MB): the limit is {} MB", MAX_BYTES >> 20),
    ))
}

/// What the files of one `.zip` archive may hold in all, decompressed.
pub const ZIP_BYTES: usize = 4 * MAX_BYTES;

/// The files of a `.zip` archive, each read by [`read_file`].
fn read_zip(bytes: &[u8]) -> FileResult {
    use std::io::Read;
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return FileResult::refused(
            "archive .zip illisible ou endommagée",
            "unreadable or damaged .zip archive",
        );
    };
    let mut out = FileResult::default();
    let mut inflated = 0usize;
    for i in 0..archive.len() {
        let Ok(mut entry) = archive.by_index(i) else {
            out.problems.push(Problem::new(
                None,
                format!(
                    "fichier n° {} de l'archive illisible (chiffré ou compressé d'une manière non prise en charge)",
                    i + 1
                ),
                format!(
                    "file {} of the archive is unreadable (encrypted or compressed in an unsupported way)",
                    i + 1
                ),
            ));
            continue;
        };
        let name = entry.name().to_owned();
        let base = name.rsplit('/').next().unwrap_or(&name);
        if entry.is_dir() || name.starts_with("__MACOSX/") || base.starts_with('.') || base.is_empty() {
            continue;
        }
        let problem = |fr: String, en: String| {
            let mut p = Problem::new(None, fr, en);
            p.entry = Some(name.clone());
            p
        };
        if base.to_lowercase().ends_with(".zip") {
            out.problems.push(problem(
                "archive dans l'archive : décompressez-la d'abord".into(),
                "an archive inside the archive: unzip it first".into(),
            ));
            continue;
        }
        let size = usize::try_from(entry.size()).unwrap_or(usize::MAX);
        if let Some(refused) = too_large(size) {
            out.problems.extend(refused.problems.into_iter().map(|mut p| {
                p.entry = Some(name.clone());
                p
            }));
            continue;
        }
        if inflated.saturating_add(size) > ZIP_BYTES {
            out.problems.push(problem(
                format!(
                    "l'archive dépasse {} Mo une fois décompressée : ce fichier et les suivants ne sont pas lus",
                    ZIP_BYTES >> 20
                ),
                format!(
                    "the archive inflates past {} MB: this file and the next ones are not read",
                    ZIP_BYTES >> 20
                ),
            ));
            break;
        }
        // The size the archive states is checked against what comes out.
        let mut data = Vec::with_capacity(size.min(MAX_BYTES));
        let read = entry.by_ref().take(MAX_BYTES as u64 + 1).read_to_end(&mut data);
        inflated = inflated.saturating_add(data.len());
        if read.is_err() || data.len() > MAX_BYTES {
            out.problems.push(problem(
                "fichier de l'archive illisible ou endommagé".into(),
                "a file of the archive is unreadable or damaged".into(),
            ));
            continue;
        }
        let result = read_file(&name, &data);
        out.docs.extend(result.docs);
        out.problems.extend(result.problems.into_iter().map(|mut p| {
            p.entry.get_or_insert_with(|| name.clone());
            p
        }));
    }
    if out.docs.is_empty() && out.problems.is_empty() {
        return FileResult::refused("archive vide", "empty archive");
    }
    out
}

/// Reads the file `name` (a file name; a leading path is ignored) holding `bytes`.
pub fn read_file(name: &str, bytes: &[u8]) -> FileResult {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (stem, ext) = match file.rsplit_once('.') {
        Some((stem, ext)) if !ext.is_empty() => (stem, Some(ext.to_lowercase())),
        _ => (file, None),
    };
    let kind = match ext.as_deref() {
        Some("txt" | "text") => Kind::Text,
        Some("md") => Kind::Markdown,
        Some("html" | "htm") => Kind::Html,
        Some("jsonl" | "ndjson") => Kind::Jsonl,
        Some("json") => Kind::Json,
        Some("zip") => return read_zip(bytes),
        Some(other) => {
            return FileResult::refused(
                format!("les fichiers .{other} ne sont pas acceptés (acceptés : {ACCEPTED})"),
                format!("files ending in .{other} are not accepted (accepted: {ACCEPTED})"),
            )
        }
        None => {
            return FileResult::refused(
                format!("« {file} » n'a pas d'extension, son format est inconnu (acceptés : {ACCEPTED})"),
                format!("\"{file}\" has no extension, so its format is unknown (accepted: {ACCEPTED})"),
            )
        }
    };
    if let Some(refused) = too_large(bytes.len()) {
        return refused;
    }
    let empty = || FileResult::refused("fichier vide", "empty file");
    let binary = || {
        FileResult::refused(
            "ce n'est pas un fichier texte (données binaires)",
            "not a text file (binary data)",
        )
    };
    if bytes.is_empty() {
        return empty();
    }
    let Ok((mut text, mut encoding)) = decode_text(bytes) else {
        return binary();
    };
    if kind == Kind::Html && encoding == Some(encoding_rs::WINDOWS_1252.name()) {
        if let Some(declared) = declared_charset(bytes) {
            let (decoded, _) = declared.decode_without_bom_handling(bytes);
            text = one_line_end(decoded.into_owned());
            encoding = Some(declared.name());
        }
    }
    if encoding.is_some() && mostly_control(&text) {
        return binary();
    }
    if text.trim().is_empty() {
        return empty();
    }
    let id = id_from(stem);
    let mut result = match kind {
        Kind::Text => FileResult {
            docs: vec![Document::from_text(&id, file, text)],
            ..FileResult::default()
        },
        Kind::Markdown => FileResult {
            docs: vec![markdown(&id, file, text)],
            ..FileResult::default()
        },
        Kind::Html => match html(&id, file, &text) {
            Some(doc) => FileResult {
                docs: vec![doc],
                ..FileResult::default()
            },
            None => FileResult::refused(
                "aucun texte d'article trouvé dans la page",
                "no article text found in the page",
            ),
        },
        Kind::Jsonl => {
            if encoding == Some(encoding_rs::WINDOWS_1252.name()) {
                // Not UTF-8 as a whole: each line is decoded on its own, so
                // that its UTF-8 lines are not read as Windows-1252.
                let lines = bytes
                    .split(|&b| b == b'\n')
                    .map(|raw| decode_text(raw).map(|(t, _)| t).map_err(|_| ()))
                    .collect();
                jsonl(lines)
            } else {
                jsonl(text.split('\n').map(|l| Ok(l.to_owned())).collect())
            }
        }
        Kind::Json => json(&text, &id),
    };
    result.encoding = encoding;
    result
}

/// FNV-1a (64 bits) of the document's text with its whitespace collapsed:
/// the same text spaced or broken differently has the same fingerprint.
pub fn fingerprint(doc: &Document) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(PRIME);
        }
    };
    for (i, word) in doc.text.split_whitespace().enumerate() {
        if i > 0 {
            eat(b" ");
        }
        eat(word.as_bytes());
    }
    hash
}

/// The ids and file names already used by a corpus.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Taken {
    /// Document ids in use.
    pub ids: BTreeSet<String>,
    /// File names in use.
    pub files: BTreeSet<String>,
    /// Per name made unique, the next suffix to try: a thousand `index.html`
    /// are numbered in one pass, not each from 2 again.
    next: BTreeMap<String, usize>,
}

impl Taken {
    /// The ids and files of these documents.
    pub fn of<'a>(docs: impl IntoIterator<Item = &'a Document>) -> Self {
        let mut taken = Taken::default();
        for doc in docs {
            taken.ids.insert(doc.id.clone());
            taken.files.insert(doc.file.clone());
        }
        taken
    }

    /// Gives `doc` an id and a file name not yet taken, and takes them: a
    /// used id gets `-2`, `-3`… (`a` → `a-2`), a used file name the same
    /// before its extension (`a.txt` → `a-2.txt`).
    pub fn claim(&mut self, doc: &mut Document) {
        if self.ids.contains(&doc.id) {
            let next = self.next.entry(format!("id {}", doc.id)).or_insert(2);
            doc.id = fresh(&self.ids, next, |n| format!("{}-{n}", doc.id));
        }
        self.ids.insert(doc.id.clone());
        if self.files.contains(&doc.file) {
            let (stem, ext) = match doc.file.rsplit_once('.') {
                Some((stem, ext)) if !stem.is_empty() => (stem, Some(ext)),
                _ => (doc.file.as_str(), None),
            };
            let next = self.next.entry(format!("file {}", doc.file)).or_insert(2);
            doc.file = fresh(&self.files, next, |n| match ext {
                Some(ext) => format!("{stem}-{n}.{ext}"),
                None => format!("{stem}-{n}"),
            });
        }
        self.files.insert(doc.file.clone());
    }
}

/// Makes the ids and file names of `docs` unique against `taken` and each
/// other (see [`Taken::claim`]), in order; `taken` then holds them too.
pub fn make_unique(docs: &mut [Document], taken: &mut Taken) {
    for doc in docs {
        taken.claim(doc);
    }
}

/// The first `name(n)` not in `used`, n from `next` on (which moves past it).
fn fresh(used: &BTreeSet<String>, next: &mut usize, name: impl Fn(usize) -> String) -> String {
    loop {
        let candidate = name(*next);
        *next += 1;
        if !used.contains(&candidate) {
            return candidate;
        }
    }
}

/// The documents of a collection exported from Loupe (a `.loupe` file: a
/// snapshot), each checked as an imported article is, since the file may
/// come from anyone: an address that is not `http(s)` is dropped, an id
/// that is not a plain name is made one from the title.
pub fn read_collection(bytes: &[u8]) -> FileResult {
    let Ok(corpus) = crate::snapshot::decode(bytes) else {
        return FileResult::refused(
            "ce n'est pas une collection Loupe lisible (ou elle vient d'une autre version de Loupe)",
            "not a readable Loupe collection (or one from another version of Loupe)",
        );
    };
    let mut docs = corpus.docs;
    for doc in &mut docs {
        doc.url = doc.url.take().filter(|u| check_url(u).is_ok());
        if doc.id.is_empty() || doc.id.contains('/') || doc.id.chars().any(char::is_control) {
            doc.id = id_from(&doc.title);
        }
        doc.anchors.clear();
    }
    if docs.is_empty() {
        return FileResult::refused("collection vide", "empty collection");
    }
    FileResult {
        docs,
        ..FileResult::default()
    }
}

/// Sets a document's date and source as a reader typed them after the
/// import (an empty field clears it), by the rules of an imported article's
/// fields: the date `AAAA`, `AAAA-MM` or `AAAA-MM-JJ`; the source a key
/// (`lemonde`) or a name ("Le Monde", whose key is its slug). Nothing
/// changes when either is refused.
pub fn edit(doc: &mut Document, date: &str, source: &str) -> Result<(), Problem> {
    let date = match date.trim() {
        "" => None,
        d => Some(PubDate::parse(d).map_err(|_| {
            Problem::new(
                None,
                format!("« {d} » n'est pas une date AAAA, AAAA-MM ou AAAA-MM-JJ"),
                format!("\"{d}\" is not a date YYYY, YYYY-MM or YYYY-MM-DD"),
            )
        })?),
    };
    let (source, publication) = match source.trim() {
        "" => (None, None),
        s if slug(s) == s => (Some(s.to_owned()), doc.publication.clone().filter(|p| slug(p) == s)),
        s if slug(s).is_empty() => {
            return Err(Problem::new(
                None,
                format!("« {s} » n'a ni lettre ni chiffre pour en faire une source"),
                format!("\"{s}\" has no letter or digit to make a source of"),
            ))
        }
        s => (Some(slug(s)), Some(s.to_owned())),
    };
    doc.date = date;
    doc.date_approximate = false;
    doc.source = source;
    doc.publication = publication;
    Ok(())
}

/// The documents as JSONL, one object per line (`id`, `title` when it was
/// given rather than derived, `text`, `date`, `publication`, `source`,
/// `url`): what [`read_file`] reads back as the same articles. The page's
/// import worker keeps it beside the collection's snapshot, a form that
/// outlives a change of the snapshot format.
pub fn to_jsonl(docs: &[Document]) -> String {
    let mut out = String::new();
    for d in docs {
        let mut o = Map::new();
        o.insert("id".into(), Value::String(d.id.clone()));
        if !d.title_derived {
            o.insert("title".into(), Value::String(d.title.clone()));
        }
        o.insert("text".into(), Value::String(d.text.clone()));
        let mut put = |key: &str, value: Option<String>| {
            if let Some(v) = value {
                o.insert(key.into(), Value::String(v));
            }
        };
        put("date", d.date.map(|t| t.to_string()));
        put("publication", d.publication.clone());
        put("source", d.source.clone());
        put("url", d.url.clone());
        out.push_str(&Value::Object(o).to_string());
        out.push('\n');
    }
    out
}

/// An id from a file name's stem: "L'été 2015_v2" → "l-ete-2015-v2".
fn id_from(stem: &str) -> String {
    let spaced: String = stem
        .chars()
        .map(|c| {
            if c.is_whitespace() || matches!(c, '_' | '.' | '\'' | '’' | '+') {
                '-'
            } else {
                c
            }
        })
        .collect();
    let id = slug(&spaced)
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if id.is_empty() {
        "document".to_owned()
    } else {
        id
    }
}

/// True when more than 1 % of the characters are C0 control characters
/// other than tab and line ends: binary data decoded as a single-byte text.
fn mostly_control(text: &str) -> bool {
    let (mut all, mut control) = (0usize, 0usize);
    for c in text.chars() {
        all += 1;
        if c < ' ' && !matches!(c, '\t' | '\n' | '\r') {
            control += 1;
        }
    }
    control * 100 > all
}

/// `\r\n` and `\r` made `\n`, as [`decode_text`] does.
fn one_line_end(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

/// The single-byte encoding a page declares (`<meta charset="iso-8859-15">`,
/// `content="text/html; charset=…"`) in its first 1024 bytes, when it is
/// neither UTF-8 nor UTF-16.
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head: String = bytes
        .iter()
        .take(1024)
        .map(|&b| {
            if b.is_ascii() {
                char::from(b.to_ascii_lowercase())
            } else {
                ' '
            }
        })
        .collect();
    let at = head.find("charset=")? + "charset=".len();
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    let encoding = encoding_rs::Encoding::for_label(label.as_bytes())?;
    (encoding.is_ascii_compatible() && encoding != encoding_rs::UTF_8).then_some(encoding)
}

/// A `.md` document: a first line `# Titre` is its title.
fn markdown(id: &str, file: &str, mut text: String) -> Document {
    // The first non-blank line: where it starts and its trimmed text.
    let blank = text.len() - text.trim_start().len();
    let first = text[blank..].lines().next().unwrap_or("").trim_end();
    let heading = first
        .strip_prefix("# ")
        // A closing sequence ("# Titre #") is not part of the title.
        .map(|rest| rest.trim().trim_end_matches('#').trim_end().to_owned())
        .filter(|h| !h.is_empty());
    let end = blank + first.len();
    let title = heading.inspect(|h| text.replace_range(blank..end, h));
    let mut doc = Document::from_text(id, file, text);
    if let Some(title) = title {
        doc.title = title;
        doc.title_derived = false;
        doc.relayout(None);
    }
    doc
}

// ---------------------------------------------------------------------------
// JSON and JSONL

/// The documents of a JSONL file's lines (each decoded, or `Err` when it is
/// binary): one object per non-blank line.
fn jsonl(lines: Vec<Result<String, ()>>) -> FileResult {
    let mut result = FileResult::default();
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    for (i, line) in lines.into_iter().enumerate() {
        let n = i + 1;
        let Ok(line) = line else {
            result.problems.push(Problem::new(
                Some(n),
                "données binaires, pas du texte",
                "binary content, not text",
            ));
            continue;
        };
        if line.trim().is_empty() {
            continue;
        }
        let value = match serde_json::from_str::<Value>(&line) {
            Ok(value) => value,
            Err(e) => {
                result.problems.push(invalid_json(n, &e));
                continue;
            }
        };
        match article(value, &format!("line-{n}")) {
            Ok(doc) => keep(&mut result, &mut ids, doc, n),
            Err((fr, en)) => result.problems.push(Problem::new(Some(n), fr, en)),
        }
    }
    no_article(result)
}

/// The documents of a `.json` file: an array of objects, or one object
/// (whose id defaults to `id`, the file's).
fn json(text: &str, id: &str) -> FileResult {
    let mut result = FileResult::default();
    let start = text.len() - text.trim_start().len();
    if !text[start..].starts_with('[') {
        match serde_json::from_str::<Value>(text) {
            Ok(value @ Value::Object(_)) => match article(value, id) {
                Ok(doc) => result.docs.push(doc),
                Err((fr, en)) => result.problems.push(Problem::new(None, fr, en)),
            },
            Ok(_) => result.problems.push(Problem::new(
                None,
                "le fichier JSON doit contenir un objet ({\"text\": …}) ou un tableau d'objets",
                "the JSON file must hold an object ({\"text\": …}) or an array of objects",
            )),
            Err(e) => result.problems.push(invalid_json(e.line(), &e)),
        }
        return no_article(result);
    }
    // An array: its elements one by one, so that a bad one names its line
    // and the good ones before and after it are kept.
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut lines = Lines {
        text: text.as_bytes(),
        pos: 0,
        line: 1,
    };
    let mut pos = skip_space(text, start + 1);
    let mut n = 0;
    while !text[pos..].starts_with(']') {
        let line = lines.at(pos);
        let mut stream = serde_json::Deserializer::from_str(&text[pos..]).into_iter::<Value>();
        let value = match stream.next() {
            Some(Ok(value)) => value,
            Some(Err(e)) => {
                result.problems.push(invalid_json(line + e.line().max(1) - 1, &e));
                break;
            }
            None => {
                result.problems.push(Problem::new(
                    Some(line),
                    "JSON invalide : le tableau n'est pas fermé par « ] »",
                    "invalid JSON: the array is not closed by ']'",
                ));
                break;
            }
        };
        pos = skip_space(text, pos + stream.byte_offset());
        n += 1;
        match article(value, &format!("{id}-{n}")) {
            Ok(doc) => keep(&mut result, &mut ids, doc, line),
            Err((fr, en)) => result.problems.push(Problem::new(
                Some(line),
                format!("élément n° {n} : {fr}"),
                format!("element {n}: {en}"),
            )),
        }
        if text[pos..].starts_with(',') {
            pos = skip_space(text, pos + 1);
        } else if !text[pos..].starts_with(']') {
            result.problems.push(Problem::new(
                Some(lines.at(pos)),
                "JSON invalide : « , » ou « ] » attendu après un élément",
                "invalid JSON: expected ',' or ']' after an element",
            ));
            break;
        }
    }
    no_article(result)
}

/// Adds `doc` unless its id is already used in the same file.
fn keep(result: &mut FileResult, ids: &mut BTreeMap<String, usize>, doc: Document, line: usize) {
    if let Some(first) = ids.get(&doc.id) {
        result.problems.push(Problem::new(
            Some(line),
            format!("l'identifiant « {} » est déjà utilisé ligne {first}", doc.id),
            format!("id {:?} is already used on line {first}", doc.id),
        ));
    } else {
        ids.insert(doc.id.clone(), line);
        result.docs.push(doc);
    }
}

/// A file of JSON that gave no document and no problem says so.
fn no_article(mut result: FileResult) -> FileResult {
    if result.docs.is_empty() && result.problems.is_empty() {
        result.problems.push(Problem::new(
            None,
            "aucun article : il faut des objets JSON avec un champ \"text\"",
            "no article: expected JSON objects with a \"text\" field",
        ));
    }
    result
}

/// A JSON syntax error; `line` is the file's line where the error is.
fn invalid_json(line: usize, e: &serde_json::Error) -> Problem {
    let message = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = message.strip_suffix(&suffix).unwrap_or(&message);
    Problem::new(
        (line > 0).then_some(line),
        format!("JSON invalide (colonne {})", e.column()),
        format!("invalid JSON at column {}: {message}", e.column()),
    )
}

fn skip_space(text: &str, pos: usize) -> usize {
    let rest = &text[pos..];
    pos + rest.len() - rest.trim_start().len()
}

/// Line numbers of increasing byte positions, counted as they go.
struct Lines<'a> {
    text: &'a [u8],
    pos: usize,
    line: usize,
}

impl Lines<'_> {
    /// The 1-based line of byte `pos` (not before the last one asked).
    fn at(&mut self, pos: usize) -> usize {
        let pos = pos.clamp(self.pos, self.text.len());
        self.line += self.text[self.pos..pos].iter().filter(|&&b| b == b'\n').count();
        self.pos = pos;
        self.line
    }
}

/// The article of one JSON value, by the rules of a JSONL corpus's lines;
/// `default_id` when it has no `id`. Else why not, in French and English.
/// A JSON object's article by the rules of a JSONL corpus (`crate::jsonl`
/// reads its lines with it), or why not (in French, in English).
pub(crate) fn article(value: Value, default_id: &str) -> Result<Document, (String, String)> {
    let Value::Object(fields) = value else {
        return Err((
            "ce n'est pas un objet JSON ({\"text\": …})".to_owned(),
            "expected a JSON object ({\"text\": …})".to_owned(),
        ));
    };
    let body = match fields.get("text") {
        Some(Value::String(s)) if s.trim().is_empty() => {
            return Err(("`text` est vide".to_owned(), "`text` is empty".to_owned()))
        }
        Some(Value::String(s)) => s,
        None | Some(Value::Null) => return Err(("`text` manque".to_owned(), "`text` is missing".to_owned())),
        Some(_) => {
            return Err((
                "`text` doit être une chaîne".to_owned(),
                "`text` must be a string".to_owned(),
            ))
        }
    };
    let id = match fields.get("id") {
        None | Some(Value::Null) => default_id.to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => n.to_string(),
        Some(_) => {
            return Err((
                "`id` doit être une chaîne ou un entier".to_owned(),
                "`id` must be a string or an integer".to_owned(),
            ))
        }
    };
    if id.is_empty() || id.contains('/') || id.chars().any(char::is_control) {
        return Err((
            format!("`id` doit être non vide, sans « / » ni caractère de contrôle : {id:?}"),
            format!("`id` must be non-empty, without '/' or control characters, found {id:?}"),
        ));
    }
    let title = string(&fields, "title")?.filter(|t| !t.trim().is_empty());
    let mut publication = string(&fields, "publication")?.filter(|p| !p.trim().is_empty());
    // An export's `source` is often the publication's name ("Le Monde"):
    // then it is the name shown, and its slug the filter key.
    let source = match string(&fields, "source")?.filter(|s| !s.trim().is_empty()) {
        None => publication.as_deref().map(slug),
        Some(s) if slug(&s) == s => Some(s),
        Some(s) if slug(&s).is_empty() => {
            return Err((
                format!("`source` {s:?} n'a ni lettre ni chiffre pour en faire une clé de filtre"),
                format!("`source` {s:?} has no letter or digit to make a filter key from"),
            ))
        }
        Some(s) => {
            let key = slug(&s);
            publication.get_or_insert(s);
            Some(key)
        }
    };
    let date = match string(&fields, "date")? {
        None => None,
        Some(d) => Some(PubDate::parse(&d).map_err(|e| {
            (
                format!("`date` : {d:?} n'est pas une date AAAA, AAAA-MM ou AAAA-MM-JJ"),
                format!("`date`: {e}"),
            )
        })?),
    };
    let url = match string(&fields, "url")? {
        None => None,
        Some(u) => Some(
            check_url(&u)
                .map_err(|e| {
                    (
                        format!("`url` doit être une adresse complète http:// ou https:// : {u:?}"),
                        e,
                    )
                })?
                .to_owned(),
        ),
    };
    // The same reading as a .txt file's bytes: one line end, no BOM, no NUL.
    let (body, _) = decode_text(body.as_bytes()).map_err(|e| {
        (
            "`text` : données binaires, pas du texte".to_owned(),
            format!("`text`: {e}"),
        )
    })?;
    let mut doc = Document::from_text(&id, &id, body);
    doc.publication = publication;
    doc.source = source;
    doc.date = date;
    doc.url = url;
    if let Some(title) = title {
        doc.title = title;
        doc.title_derived = false;
        doc.relayout(None);
    }
    Ok(doc)
}

/// An optional string field (`null` counts as absent).
fn string(fields: &Map<String, Value>, name: &str) -> Result<Option<String>, (String, String)> {
    match fields.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err((
            format!("`{name}` doit être une chaîne"),
            format!("`{name}` must be a string"),
        )),
    }
}

// ---------------------------------------------------------------------------
// HTML

/// Elements whose content is never article text.
const DROPPED: &[&str] = &[
    "nav", "header", "footer", "aside", "form", "svg", "template", "iframe", "select", "button", "math",
];
/// Elements whose content is raw text, dropped up to their end tag.
const RAW: &[&str] = &["script", "style", "noscript", "textarea", "xmp"];
/// Elements that end a paragraph: a blank line follows.
const PARAGRAPH: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "div",
    "blockquote",
    "article",
    "section",
    "main",
    "ul",
    "ol",
    "dl",
    "table",
    "figure",
    "figcaption",
    "pre",
    "hr",
    "address",
    "center",
    "details",
    "summary",
    "body",
];
/// Elements that end a line.
const LINE: &[&str] = &["br", "li", "tr", "dt", "dd", "caption"];
/// Elements separated from their neighbours by a space.
const SPACE: &[&str] = &["td", "th", "img"];

/// A document from an HTML page, or `None` when it has no text.
fn html(id: &str, file: &str, source: &str) -> Option<Document> {
    let mut page = scan(source, true);
    if contains_ignore_case(source, "<form") {
        // Some sites wrap the whole page in a form: then keep its content.
        let with_forms = scan(source, false);
        if page.body.len() * 2 < with_forms.body.len() {
            page = with_forms;
        }
    }
    let h1 = page.h1.as_deref().map(collapse).filter(|h| !h.is_empty());
    let site = page.site.as_deref().map(collapse).filter(|s| !s.is_empty());
    let mut title = page.title.as_deref().map(collapse).filter(|t| !t.is_empty());
    if let (Some(t), Some(site)) = (&mut title, &site) {
        if let Some(rest) = t.strip_suffix(site.as_str()) {
            let rest = rest.trim_end();
            if let Some(rest) = rest.strip_suffix(['-', '|', '–', '—', ':', '·']) {
                if !rest.trim().is_empty() {
                    *t = rest.trim().to_owned();
                }
            }
        }
    }
    if let (Some(t), Some(h)) = (&mut title, &h1) {
        // "Titre - Site" when the site's name is not given: the h1 is the title.
        if let Some(rest) = t.strip_prefix(h.as_str()) {
            if rest.trim_start().starts_with(['-', '|', '–', '—', ':', '·']) {
                *t = h.clone();
            }
        }
    }
    let title = title.or_else(|| h1.clone());

    let mut lines = body_lines(&page.body);
    if let (Some(first), Some(h), Some(t)) = (lines.first(), &h1, &title) {
        if first == h && h == t {
            lines.remove(0);
            if lines.first().is_some_and(String::is_empty) {
                lines.remove(0);
            }
        }
    }
    let text = lines.join("\n");
    if text.trim().is_empty() {
        return None;
    }
    let mut doc = Document::from_text(id, file, text);
    doc.date = page.date.map(|(_, d)| d);
    if let Some(site) = site {
        let key = slug(&site);
        doc.source = (!key.is_empty()).then_some(key);
        doc.publication = Some(site);
    }
    doc.url = page.canonical.or(page.og_url).filter(|u| check_url(u).is_ok());
    if let Some(title) = title {
        doc.title = title;
        doc.title_derived = false;
        doc.relayout(None);
    }
    Some(doc)
}

/// What the scanner found in a page.
#[derive(Debug, Default)]
struct Page {
    /// The text, with `\n` for line ends and `\n\n` between paragraphs.
    body: String,
    /// The first `<title>`, as written.
    title: Option<String>,
    /// The first `<h1>`'s text.
    h1: Option<String>,
    /// The best date found, with its rank (higher is better).
    date: Option<(u8, PubDate)>,
    /// `og:site_name`.
    site: Option<String>,
    /// `<link rel="canonical">`.
    canonical: Option<String>,
    /// `og:url`.
    og_url: Option<String>,
}

/// A start or end tag.
#[derive(Debug)]
struct Tag {
    name: String,
    end: bool,
    self_closing: bool,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// The scanner's state while it walks a page.
#[derive(Debug, Default)]
struct Scanner {
    page: Page,
    /// The dropped element being skipped and how deep in it (same name).
    skip: Option<(String, usize)>,
    /// The first `<h1>`'s text while it is read.
    h1: Option<String>,
    /// A break waiting for the next text: 1 a line end, 2 a blank line.
    pending: u8,
}

impl Scanner {
    fn text(&mut self, s: &str) {
        if let Some(h1) = &mut self.h1 {
            h1.push_str(s);
        }
        if self.skip.is_some() {
            return;
        }
        for c in s.chars() {
            if c.is_whitespace() {
                if self.pending == 0 && !self.page.body.is_empty() {
                    // A non-breaking space stays (French typography).
                    self.page
                        .body
                        .push(if matches!(c, '\u{a0}' | '\u{202f}') { c } else { ' ' });
                }
                continue;
            }
            if self.pending > 0 && !self.page.body.is_empty() {
                self.page.body.push_str(if self.pending > 1 { "\n\n" } else { "\n" });
            }
            self.pending = 0;
            self.page.body.push(c);
        }
    }

    fn brk(&mut self, level: u8) {
        if self.skip.is_none() {
            self.pending = self.pending.max(level);
        }
    }

    fn date(&mut self, rank: u8, value: &str) {
        if self.page.date.is_some_and(|(r, _)| r >= rank) {
            return;
        }
        let value = value.trim();
        let day: String = value.chars().take(10).collect();
        if let Ok(date) = PubDate::parse(&day) {
            self.page.date = Some((rank, date));
        }
    }

    /// What the tag says of the page, wherever it is.
    fn metadata(&mut self, tag: &Tag) {
        match tag.name.as_str() {
            "meta" => {
                let Some(content) = tag.attr("content") else {
                    return;
                };
                let key = tag
                    .attr("property")
                    .or_else(|| tag.attr("name"))
                    .or_else(|| tag.attr("itemprop"))
                    .unwrap_or("")
                    .to_ascii_lowercase();
                match key.as_str() {
                    "article:published_time" => self.date(3, content),
                    "date" | "dc.date" | "dc.date.issued" | "dcterms.date" | "dcterms.created" | "pubdate"
                    | "publishdate" | "datepublished" => self.date(2, content),
                    "og:site_name" if self.page.site.is_none() => self.page.site = Some(content.to_owned()),
                    "og:url" if self.page.og_url.is_none() => self.page.og_url = Some(content.trim().to_owned()),
                    _ => {}
                }
            }
            "link" => {
                let canonical = tag
                    .attr("rel")
                    .is_some_and(|r| r.split_whitespace().any(|r| r.eq_ignore_ascii_case("canonical")));
                if canonical && self.page.canonical.is_none() {
                    self.page.canonical = tag.attr("href").map(|h| h.trim().to_owned());
                }
            }
            "time" => {
                if let Some(datetime) = tag.attr("datetime") {
                    self.date(1, datetime);
                }
            }
            _ => {}
        }
    }

    fn tag(&mut self, tag: &Tag, drop_forms: bool) {
        self.metadata(tag);
        let name = tag.name.as_str();
        if name == "h1" {
            if tag.end {
                if let Some(h1) = self.h1.take() {
                    if !h1.trim().is_empty() {
                        self.page.h1 = Some(h1);
                    }
                }
            } else if self.page.h1.is_none() {
                self.h1 = Some(String::new());
            }
        }
        if let Some((skipped, depth)) = &mut self.skip {
            if name == skipped.as_str() && !tag.self_closing {
                if tag.end {
                    *depth -= 1;
                } else {
                    *depth += 1;
                }
            }
            // An element left open does not hide the rest of the page.
            if *depth == 0 || (tag.end && matches!(name, "body" | "html")) {
                self.skip = None;
            }
            return;
        }
        let dropped = DROPPED.contains(&name) && (name != "form" || drop_forms);
        if dropped && !tag.end && !tag.self_closing {
            self.skip = Some((name.to_owned(), 1));
        } else if PARAGRAPH.contains(&name) {
            self.brk(2);
        } else if LINE.contains(&name) {
            self.brk(1);
        } else if SPACE.contains(&name) {
            self.text(" ");
        }
    }
}

/// Scans an HTML page for its text and metadata (`drop_forms`: drop `<form>`s).
fn scan(html: &str, drop_forms: bool) -> Page {
    let bytes = html.as_bytes();
    let mut s = Scanner::default();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => {
                let rest = &html[i..];
                let skip_to = |from: usize, end: &str| find_from(html, from, end).map_or(html.len(), |e| e + end.len());
                if rest.starts_with("<!--") {
                    i = skip_to(i + 4, "-->");
                } else if rest.len() >= 9 && rest.as_bytes()[..9].eq_ignore_ascii_case(b"<![cdata[") {
                    i = skip_to(i + 9, "]]>");
                } else if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</>") {
                    i = skip_to(i + 2, ">");
                } else if let Some((tag, end)) = parse_tag(html, i) {
                    i = end;
                    if !tag.end && !tag.self_closing && (RAW.contains(&tag.name.as_str()) || tag.name == "title") {
                        // Raw text up to the end tag: never markup, never text
                        // (but a title's is the title).
                        let close = find_ignore_case(html, i, &format!("</{}", tag.name)).unwrap_or(html.len());
                        if tag.name == "title" && s.skip.is_none() && s.page.title.is_none() {
                            s.page.title = Some(decode_entities(&html[i..close]));
                        }
                        i = find_from(html, close, ">").map_or(html.len(), |e| e + 1);
                    } else {
                        s.tag(&tag, drop_forms);
                    }
                } else {
                    s.text("<");
                    i += 1;
                }
            }
            b'&' => match entity(&html[i..]) {
                Some((decoded, len)) => {
                    s.text(decoded.as_str());
                    i += len;
                }
                None => {
                    s.text("&");
                    i += 1;
                }
            },
            _ => {
                let end = bytes[i..]
                    .iter()
                    .position(|&b| b == b'<' || b == b'&')
                    .map_or(bytes.len(), |p| i + p);
                s.text(&html[i..end]);
                i = end;
            }
        }
    }
    s.page
}

/// The tag starting at byte `at` (a `<`) and the byte after it, or `None`
/// when the `<` does not start a tag.
fn parse_tag(html: &str, at: usize) -> Option<(Tag, usize)> {
    let bytes = html.as_bytes();
    let mut i = at + 1;
    let end = bytes.get(i) == Some(&b'/');
    if end {
        i += 1;
    }
    if !bytes.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    let start = i;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'-' | b':' | b'_')) {
        i += 1;
    }
    let mut tag = Tag {
        name: html[start..i].to_ascii_lowercase(),
        end,
        self_closing: false,
        attrs: Vec::new(),
    };
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            tag.self_closing = bytes[i] == b'/';
            i += 1;
        }
        match bytes.get(i) {
            None => return Some((tag, bytes.len())),
            Some(b'>') => return Some((tag, i + 1)),
            Some(_) => {}
        }
        tag.self_closing = false;
        let name_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        // A lone '=' (`<a =x>`) is taken as part of the name.
        if i == name_start {
            i += 1;
        }
        let name = html[name_start..i].to_ascii_lowercase();
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        let mut value = String::new();
        if bytes.get(j) == Some(&b'=') {
            j += 1;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            match bytes.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let close = bytes[j + 1..]
                        .iter()
                        .position(|&b| b == q)
                        .map_or(bytes.len(), |p| j + 1 + p);
                    value = decode_entities(&html[j + 1..close]);
                    j = (close + 1).min(bytes.len());
                }
                _ => {
                    let from = j;
                    while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>' {
                        j += 1;
                    }
                    value = decode_entities(&html[from..j]);
                }
            }
            i = j;
        }
        tag.attrs.push((name, value));
    }
}

fn find_from(html: &str, from: usize, needle: &str) -> Option<usize> {
    html.get(from..)?.find(needle).map(|p| from + p)
}

/// Where `needle` (ASCII) is next, in any case, from byte `from`.
fn find_ignore_case(html: &str, from: usize, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    html.as_bytes()
        .get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

fn contains_ignore_case(html: &str, needle: &str) -> bool {
    find_ignore_case(html, 0, needle).is_some()
}

/// Text with its character references decoded.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match entity(rest) {
            Some((decoded, len)) => {
                out.push_str(&decoded);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character reference at the start of `s` (which starts with `&`):
/// what it stands for and its length, or `None` for an unknown one.
fn entity(s: &str) -> Option<(String, usize)> {
    let semi = s.as_bytes().iter().take(12).position(|&b| b == b';')?;
    let body = &s[1..semi];
    let decoded = if let Some(number) = body.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
                u32::from_str_radix(hex, 16).ok()?
            }
            _ if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) => number.parse().ok()?,
            _ => return None,
        };
        let c = match code {
            // The HTML standard reads 128–159 as Windows-1252 (&#146; is ’).
            0x80..=0x9f => {
                let byte = [u8::try_from(code).ok()?];
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(&byte)
                    .0
                    .chars()
                    .next()?
            }
            _ => char::from_u32(code)?,
        };
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
            return None;
        }
        c.to_string()
    } else {
        named(body)?.to_owned()
    };
    Some((decoded, semi + 1))
}

/// The text of a named character reference (without `&` and `;`).
fn named(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" | "AMP" => "&",
        "lt" | "LT" => "<",
        "gt" | "GT" => ">",
        "quot" | "QUOT" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "eacute" => "é",
        "Eacute" => "É",
        "egrave" => "è",
        "Egrave" => "È",
        "ecirc" => "ê",
        "Ecirc" => "Ê",
        "euml" => "ë",
        "Euml" => "Ë",
        "agrave" => "à",
        "Agrave" => "À",
        "acirc" => "â",
        "Acirc" => "Â",
        "auml" => "ä",
        "Auml" => "Ä",
        "aacute" => "á",
        "ccedil" => "ç",
        "Ccedil" => "Ç",
        "ocirc" => "ô",
        "Ocirc" => "Ô",
        "ouml" => "ö",
        "Ouml" => "Ö",
        "oacute" => "ó",
        "ucirc" => "û",
        "Ucirc" => "Û",
        "ugrave" => "ù",
        "Ugrave" => "Ù",
        "uuml" => "ü",
        "Uuml" => "Ü",
        "uacute" => "ú",
        "icirc" => "î",
        "Icirc" => "Î",
        "iuml" => "ï",
        "Iuml" => "Ï",
        "iacute" => "í",
        "yuml" => "ÿ",
        "Yuml" => "Ÿ",
        "ntilde" => "ñ",
        "szlig" => "ß",
        "oelig" => "œ",
        "OElig" => "Œ",
        "aelig" => "æ",
        "AElig" => "Æ",
        "laquo" => "«",
        "raquo" => "»",
        "lsquo" => "‘",
        "rsquo" => "’",
        "sbquo" => "‚",
        "ldquo" => "“",
        "rdquo" => "”",
        "bdquo" => "„",
        "hellip" => "…",
        "mdash" => "—",
        "ndash" => "–",
        "euro" => "€",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "deg" => "°",
        "middot" => "·",
        "bull" => "•",
        "times" => "×",
        "sect" => "§",
        "thinsp" => "\u{2009}",
        "ensp" => "\u{2002}",
        "emsp" => "\u{2003}",
        // A soft hyphen is only where a line may break.
        "shy" => "",
        _ => return None,
    })
}

/// Runs of whitespace made one space (a run of non-breaking spaces stays
/// one non-breaking space), the ends trimmed.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run: Option<char> = None;
    for c in s.chars() {
        if c.is_whitespace() {
            let hard = matches!(c, '\u{a0}' | '\u{202f}');
            run = Some(match run {
                None if hard => c,
                Some(r) if hard && r == c => c,
                _ => ' ',
            });
            continue;
        }
        if let Some(r) = run.take() {
            if !out.is_empty() {
                out.push(r);
            }
        }
        out.push(c);
    }
    out
}

/// The body's lines, collapsed and trimmed, at most one blank line between two.
fn body_lines(body: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut gap = false;
    for raw in body.split('\n') {
        let line = collapse(raw);
        if line.is_empty() {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push(String::new());
        }
        gap = false;
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(name: &str, bytes: &[u8]) -> Document {
        let result = read_file(name, bytes);
        assert!(result.problems.is_empty(), "{name}: {:?}", result.problems);
        assert_eq!(result.docs.len(), 1, "{name}");
        result.docs.into_iter().next().unwrap()
    }

    fn refusal(name: &str, bytes: &[u8]) -> Problem {
        let result = read_file(name, bytes);
        assert!(result.docs.is_empty() && result.is_refused(), "{name} must be refused");
        assert_eq!(result.problems.len(), 1, "{name}: {:?}", result.problems);
        result.problems.into_iter().next().unwrap()
    }

    #[test]
    fn text_files_are_decoded_by_their_encoding() {
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("Été\r\nLa suite.".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let cases: [(&str, Vec<u8>, &str, Option<&str>); 4] = [
            (
                "Mon Article.txt",
                "Orange rachète Cloudwatt.\n\nFin.".into(),
                "Orange rachète Cloudwatt.\n\nFin.",
                None,
            ),
            (
                "a/b/note.TEXT",
                b"\xef\xbb\xbfSans BOM.\r\n".to_vec(),
                "Sans BOM.\n",
                None,
            ),
            ("utf16.txt", utf16, "Été\nLa suite.", Some("UTF-16LE")),
            (
                "cp.txt",
                b"Le caf\xe9 est servi.".to_vec(),
                "Le café est servi.",
                Some("windows-1252"),
            ),
        ];
        for (name, bytes, text, encoding) in cases {
            let result = read_file(name, &bytes);
            assert_eq!(result.encoding, encoding, "{name}");
            assert_eq!(result.docs.len(), 1, "{name}: {:?}", result.problems);
            assert_eq!(result.docs[0].text, text, "{name}");
            assert!(result.docs[0].title_derived, "{name}");
        }
        let doc = one("Mon Article.txt", b"x");
        assert_eq!((doc.id.as_str(), doc.file.as_str()), ("mon-article", "Mon Article.txt"));
        assert_eq!(one("a/b/note.TEXT", b"x").file, "note.TEXT");
    }

    #[test]
    fn ids_are_slugs_of_the_file_name() {
        for (stem, id) in [
            ("Mon Article", "mon-article"),
            ("L'été 2015_v2", "l-ete-2015-v2"),
            ("œuvre--complète", "oeuvre-complete"),
            ("…", "document"),
            ("", "document"),
        ] {
            assert_eq!(id_from(stem), id, "{stem:?}");
        }
    }

    #[test]
    fn markdown_title_from_its_first_heading() {
        let doc = one(
            "note.md",
            "\n# Orange rachète Cloudwatt #\n\nLe texte de l'article.\n".as_bytes(),
        );
        assert_eq!(doc.title, "Orange rachète Cloudwatt");
        assert!(!doc.title_derived);
        assert_eq!(doc.text, "\nOrange rachète Cloudwatt\n\nLe texte de l'article.\n");
        assert_eq!(doc.blocks[0].kind, crate::BlockKind::Title);
        // Without a heading, the title is derived as for a .txt file.
        let doc = one("note.md", b"## Section\n\nTexte.");
        assert!(doc.title_derived);
        assert_eq!(doc.text, "## Section\n\nTexte.");
    }

    const PAGE: &str = r#"<!DOCTYPE html>
<html lang="fr"><head>
<meta charset="utf-8">
<title>SFR rach&egrave;te Numergy | LeMagIT</title>
<meta property="og:site_name" content="LeMagIT">
<meta property="article:published_time" content="2016-01-12T08:30:00+01:00">
<link rel="canonical" href="https://www.lemagit.fr/actualites/sfr-numergy">
<style>p { color: red; }</style>
<script>var x = "<p>pas du texte</p>";</script>
</head><body>
<header><a href="/">Accueil</a><time datetime="2020-01-01">hier</time></header>
<nav><ul><li>Cloud</li><li>Réseaux</li></ul></nav>
<article>
  <h1>SFR rachète Numergy</h1>
  <!-- un commentaire <p>caché</p> -->
  <p>Le second cloud   souverain
     passe sous le contr&ocirc;le de SFR &amp; d&#39;Altice.</p>
  <p>&laquo;&nbsp;Une &eacute;tape&nbsp;&raquo;, dit l&rsquo;op&eacute;rateur &#x2014; &#8364;&nbsp;: 12&hellip; &unknown; &amp</p>
  <ul><li>un</li><li>deux<br>trois</li></ul>
  <aside>Lire aussi : autre chose</aside>
</article>
<footer>© LeMagIT</footer>
<svg><title>icône</title><path d="M0"/></svg>
</body></html>"#;

    #[test]
    fn html_page_gives_its_article_text_and_metadata() {
        let doc = one("Page SFR.html", PAGE.as_bytes());
        assert_eq!(
            doc.text,
            "Le second cloud souverain passe sous le contrôle de SFR & d'Altice.\n\
             \n\
             «\u{a0}Une étape\u{a0}», dit l’opérateur — €\u{a0}: 12… &unknown; &amp\n\
             \n\
             un\n\
             deux\n\
             trois"
        );
        assert_eq!(doc.title, "SFR rachète Numergy");
        assert!(!doc.title_derived);
        assert_eq!(doc.date.map(|d| d.to_string()).as_deref(), Some("2016-01-12"));
        assert_eq!(doc.publication.as_deref(), Some("LeMagIT"));
        assert_eq!(doc.source.as_deref(), Some("lemagit"));
        assert_eq!(
            doc.url.as_deref(),
            Some("https://www.lemagit.fr/actualites/sfr-numergy")
        );
        assert_eq!((doc.id.as_str(), doc.file.as_str()), ("page-sfr", "Page SFR.html"));
        assert!(doc.blocks.len() >= 5);
    }

    #[test]
    fn html_title_falls_back_to_h1_and_dates_to_time() {
        let page = "<html><body><div><h1>Le titre</h1><p>Premier paragraphe.</p>\
                    <p>Publié le <time datetime='2015-03'>mars</time></p></div></body></html>";
        let doc = one("a.htm", page.as_bytes());
        assert_eq!(doc.title, "Le titre");
        assert_eq!(doc.text, "Premier paragraphe.\n\nPublié le mars");
        assert_eq!(doc.date.map(|d| d.to_string()).as_deref(), Some("2015-03"));
        assert_eq!(doc.publication, None);
        // A title that is not the h1: the h1 stays in the text.
        let doc = one("b.html", b"<title>Autre</title><h1>Le titre</h1><p>Texte.</p>");
        assert_eq!((doc.title.as_str(), doc.text.as_str()), ("Autre", "Le titre\n\nTexte."));
        // "Titre - Site" with no og:site_name: the h1 is the title.
        let doc = one(
            "c.html",
            b"<title>Le titre - Le Site</title><h1>Le titre</h1><p>Texte.</p>",
        );
        assert_eq!((doc.title.as_str(), doc.text.as_str()), ("Le titre", "Texte."));
    }

    #[test]
    fn html_in_a_declared_single_byte_charset() {
        let page = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-15\">\
                     <p>Caf\xe9 \xe0 2 \xa4</p>";
        let result = read_file("p.html", page);
        assert_eq!(result.encoding, Some("ISO-8859-15"));
        assert_eq!(result.docs[0].text, "Café à 2 €");
        let result = read_file("p.html", b"<meta charset=\"windows-1252\"><p>Caf\xe9 \x80</p>");
        assert_eq!(result.docs[0].text, "Café €");
    }

    #[test]
    fn html_form_wrapping_the_page_is_kept() {
        let page = "<body><form id=aspnetForm><article><p>Un long article qui est tout dans le formulaire.</p>\
                    </article></form><p>Pied.</p></body>";
        assert_eq!(
            one("f.html", page.as_bytes()).text,
            "Un long article qui est tout dans le formulaire.\n\nPied."
        );
        let page = "<p>Un long article hors du formulaire de recherche.</p><form><label>Chercher</label></form>";
        assert_eq!(
            one("g.html", page.as_bytes()).text,
            "Un long article hors du formulaire de recherche."
        );
        let problem = refusal("h.html", b"<html><script>x()</script><nav>menu</nav></html>");
        assert_eq!(problem.reason_fr, "aucun texte d'article trouvé dans la page");
    }

    #[test]
    fn entities_table() {
        for (written, read) in [
            ("&eacute;&Eacute;&OElig;&oelig;", "éÉŒœ"),
            ("&#233;&#xE9;&#Xe9;", "ééé"),
            ("&#146;&#150;", "’–"),
            ("&#0;&#xD800;&#99999999;&#x;", "&#0;&#xD800;&#99999999;&#x;"),
            ("a&shy;b &lt;&gt;&quot;&apos;", "ab <>\"'"),
            ("&Eacute &nope; & ;", "&Eacute &nope; & ;"),
        ] {
            assert_eq!(decode_entities(written), read, "{written}");
        }
    }

    #[test]
    fn jsonl_keeps_good_lines_and_names_bad_ones() {
        let file = "{\"id\": \"a1\", \"title\": \"SFR rachète Numergy\", \"text\": \"Le second cloud.\", \
                    \"date\": \"2015-12\", \"source\": \"Le Monde\", \"url\": \"https://a.fr/x\"}\n\
                    {\"text\": \"oops\"\n\
                    \n\
                    {\"title\": \"Sans texte\"}\n\
                    {\"text\": \"Sans id.\"}\n\
                    {\"id\": \"a1\", \"text\": \"Doublon.\"}\n";
        let result = read_file("export.ndjson", file.as_bytes());
        let ids: Vec<&str> = result.docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a1", "line-5"]);
        let a1 = &result.docs[0];
        assert_eq!((a1.title.as_str(), a1.title_derived), ("SFR rachète Numergy", false));
        assert_eq!(
            (a1.publication.as_deref(), a1.source.as_deref()),
            (Some("Le Monde"), Some("lemonde"))
        );
        assert_eq!(a1.date.map(|d| d.to_string()).as_deref(), Some("2015-12"));
        assert_eq!(a1.url.as_deref(), Some("https://a.fr/x"));
        assert_eq!(result.docs[1].file, "line-5");
        let problems: Vec<(Option<usize>, String)> = result.problems.iter().map(|p| (p.line, p.message_fr())).collect();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert_eq!(problems[0].0, Some(2));
        assert!(problems[0].1.starts_with("ligne 2 : JSON invalide"), "{problems:?}");
        assert_eq!(problems[1], (Some(4), "ligne 4 : `text` manque".to_owned()));
        assert_eq!(problems[2].0, Some(6));
        assert!(result.problems[0]
            .message_en()
            .starts_with("line 2: invalid JSON at column"));
        assert!(!result.is_refused());
    }

    #[test]
    fn jsonl_lines_not_in_utf8_are_read_one_by_one() {
        let file = b"{\"text\": \"D\xc3\xa9j\xc3\xa0\"}\n{\"text\": \"caf\xe9\"}\n";
        let result = read_file("x.jsonl", file);
        let texts: Vec<&str> = result.docs.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(texts, ["Déjà", "café"]);
    }

    #[test]
    fn json_array_or_one_object() {
        let file = "[\n  {\"text\": \"Premier.\", \"publication\": \"LeMagIT\"},\n  {\"text\": 3},\n  \
                    {\"id\": 9, \"text\": \"Troisième.\", \"date\": \"2016-01-12\"}\n]\n";
        let result = read_file("Lot.json", file.as_bytes());
        let ids: Vec<&str> = result.docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["lot-1", "9"]);
        assert_eq!(result.docs[0].source.as_deref(), Some("lemagit"));
        assert_eq!(result.problems.len(), 1);
        assert_eq!(result.problems[0].line, Some(3));
        assert_eq!(
            result.problems[0].message_fr(),
            "ligne 3 : élément n° 2 : `text` doit être une chaîne"
        );

        let doc = one("seul.json", br#"{"title": "Un titre", "text": "Le texte."}"#);
        assert_eq!((doc.id.as_str(), doc.title.as_str()), ("seul", "Un titre"));

        // A broken array keeps what came before the break.
        let result = read_file("b.json", b"[{\"text\": \"a\"},\n{\"text\": ");
        assert_eq!(result.docs.len(), 1);
        assert_eq!(result.problems[0].line, Some(2));
        for (bytes, needle) in [
            (&b"[]"[..], "aucun article"),
            (b"42", "un objet"),
            (b"{\"text\": ", "JSON invalide"),
        ] {
            let problem = refusal("c.json", bytes);
            assert!(problem.reason_fr.contains(needle), "{problem:?}");
        }
    }

    #[test]
    fn refusals_say_why() {
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend((0u8..=255).cycle().take(600));
        // The same header without NUL bytes: decoded, but full of control characters.
        let png_no_nul: Vec<u8> = png.iter().map(|&b| if b == 0 { 1 } else { b }).collect();
        let binary = "ce n'est pas un fichier texte (données binaires)";
        for (name, bytes, fr) in [
            ("vide.txt", Vec::new(), "fichier vide"),
            ("blanc.md", b" \r\n\t\n".to_vec(), "fichier vide"),
            ("blanc.jsonl", b"\n\n".to_vec(), "fichier vide"),
            ("image.txt", png.clone(), binary),
            ("image.txt", png_no_nul, binary),
            ("image.jsonl", png, binary),
            (
                "corpus.ZIP",
                b"PK\x03\x04".to_vec(),
                "archive .zip illisible ou endommagée",
            ),
        ] {
            assert_eq!(refusal(name, &bytes).reason_fr, fr, "{name}");
        }
        let problem = refusal("photo.jpeg", b"x");
        assert!(problem.reason_fr.contains(".jpeg") && problem.reason_fr.contains(ACCEPTED));
        assert!(problem.reason_en.contains(".jpeg") && problem.reason_en.contains(ACCEPTED));
        assert!(refusal("LISEZMOI", b"x").reason_fr.contains("pas d'extension"));
        // A few control characters in a long Windows-1252 text are not binary.
        let mut text = b"Caf\xe9 ".repeat(100);
        text.push(0x1a);
        assert_eq!(read_file("dos.txt", &text).docs.len(), 1);
    }

    /// A .zip of the files given, stored or deflated by turns.
    fn zipped(files: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (i, (name, bytes)) in files.iter().enumerate() {
            let method = if i % 2 == 0 {
                zip::CompressionMethod::Deflated
            } else {
                zip::CompressionMethod::Stored
            };
            if name.ends_with('/') {
                w.add_directory(*name, zip::write::SimpleFileOptions::default())
                    .unwrap();
                continue;
            }
            w.start_file(
                *name,
                zip::write::SimpleFileOptions::default().compression_method(method),
            )
            .unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn zip_archives_give_their_files_each_problem_naming_its_file() {
        let archive = zipped(&[
            ("presse/", b""),
            ("presse/un.txt", "Premier article\n\nLe texte du premier.".as_bytes()),
            (
                "presse/deux.html",
                b"<title>Deux</title><p>Le second &eacute;tait l\xe0.</p>",
            ),
            ("presse/lignes.jsonl", b"{\"text\": \"Une ligne.\"}\n{\"text\": "),
            ("presse/vide.txt", b""),
            ("__MACOSX/presse/._un.txt", b"\x00\x05\x16\x07"),
            ("presse/.DS_Store", b"\x00\x00"),
            ("presse/dedans.zip", b"PK\x03\x04"),
            ("presse/photo.png", b"\x89PNG"),
        ]);
        let result = read_file("export.zip", &archive);
        let titles: Vec<&str> = result.docs.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles.len(), 3, "{titles:?}");
        assert!(
            titles.contains(&"Premier article") && titles.contains(&"Deux"),
            "{titles:?}"
        );
        assert!(result.docs.iter().any(|d| d.text.contains("Le second était là.")));
        let problems: Vec<(Option<&str>, Option<usize>)> =
            result.problems.iter().map(|p| (p.entry.as_deref(), p.line)).collect();
        assert_eq!(
            problems,
            [
                (Some("presse/lignes.jsonl"), Some(2)),
                (Some("presse/vide.txt"), None),
                (Some("presse/dedans.zip"), None),
                (Some("presse/photo.png"), None),
            ],
            "macOS forks and hidden files are skipped, every other problem names its file"
        );
        assert_eq!(
            refusal("rien.zip", &zipped(&[("dossier/", b"")])).reason_fr,
            "archive vide"
        );
        assert_eq!(
            refusal("coupé.zip", &archive[..archive.len() / 2]).reason_fr,
            "archive .zip illisible ou endommagée"
        );
    }

    #[test]
    fn a_date_and_a_source_typed_after_the_import() {
        let mut doc = Document::from_text("a", "a.txt", "Un texte.".into());
        edit(&mut doc, " 2019-03 ", "Le Monde").unwrap();
        assert_eq!(doc.date.map(|d| d.to_string()).as_deref(), Some("2019-03"));
        assert_eq!(
            (doc.source.as_deref(), doc.publication.as_deref()),
            (Some("lemonde"), Some("Le Monde"))
        );
        edit(&mut doc, "2019-03", "lemonde").unwrap();
        assert_eq!(doc.publication.as_deref(), Some("Le Monde"), "the key keeps its name");
        let before = doc.clone();
        assert!(edit(&mut doc, "mars 2019", "x")
            .unwrap_err()
            .reason_fr
            .contains("mars 2019"));
        assert!(edit(&mut doc, "2019", "«»").is_err());
        assert_eq!(doc, before, "nothing changes when refused");
        edit(&mut doc, "", "").unwrap();
        assert_eq!((doc.date, doc.source.as_deref()), (None, None));
    }

    #[test]
    fn documents_as_jsonl_read_back_as_the_same_articles() {
        let html = read_file(
            "page.html",
            "<title>Le port</title><meta property=\"article:published_time\" content=\"2021-06-15\"><meta property=\"og:site_name\" content=\"La Provence\"><p>Le port s’agrandit.</p><p>Deux lignes.</p>".as_bytes(),
        );
        let text = read_file("note.txt", "Une note\n\nSans titre donné.".as_bytes());
        let docs: Vec<Document> = html.docs.into_iter().chain(text.docs).collect();
        let back = read_file("collection.jsonl", to_jsonl(&docs).as_bytes());
        assert!(back.problems.is_empty(), "{:?}", back.problems);
        assert_eq!(back.docs.len(), 2);
        for (a, b) in docs.iter().zip(&back.docs) {
            assert_eq!(
                (
                    &a.id,
                    &a.title,
                    &a.text,
                    a.date,
                    &a.publication,
                    &a.source,
                    &a.url,
                    &a.blocks
                ),
                (
                    &b.id,
                    &b.title,
                    &b.text,
                    b.date,
                    &b.publication,
                    &b.source,
                    &b.url,
                    &b.blocks
                )
            );
        }
    }

    #[test]
    fn an_exported_collection_comes_back_checked() {
        let mut docs = vec![
            Document::from_text("bon", "bon.txt", "Un article sûr.".into()),
            Document::from_text("a/b", "piege.txt", "Un article piégé.".into()),
        ];
        docs[0].url = Some("https://exemple.fr/a".into());
        docs[1].url = Some("javascript:alert(1)".into());
        docs[1].title = "Titre piégé".into();
        let bytes = crate::snapshot::encode(&crate::Corpus::new(docs)).unwrap();
        let result = read_collection(&bytes);
        assert!(result.problems.is_empty());
        let by_file = |f: &str| result.docs.iter().find(|d| d.file == f).unwrap();
        assert_eq!(by_file("bon.txt").url.as_deref(), Some("https://exemple.fr/a"));
        assert_eq!(by_file("piege.txt").url, None, "a script address is dropped");
        assert_eq!(by_file("piege.txt").id, "titre-piege");
        assert!(read_collection(b"LOUPESNP").is_refused());
    }

    #[test]
    fn too_large_is_refused_before_decoding() {
        let bytes = vec![b'a'; MAX_BYTES + 1];
        let problem = refusal("gros.txt", &bytes);
        assert_eq!(
            problem.reason_fr,
            "fichier trop volumineux (50,0 Mo) : la limite est de 50 Mo"
        );
        assert_eq!(problem.reason_en, "file too large (50.0 MB): the limit is 50 MB");
    }

    #[test]
    fn fingerprint_ignores_spacing() {
        let a = Document::from_text("a", "a.txt", "Orange rachète\n\nCloudwatt.  ".into());
        let b = Document::from_text("b", "b.txt", "  Orange   rachète Cloudwatt.".into());
        let c = Document::from_text("c", "c.txt", "Orange rachète Cloudwatt !".into());
        assert_eq!(fingerprint(&a), fingerprint(&b));
        assert_ne!(fingerprint(&a), fingerprint(&c));
        // FNV-1a 64 of "a".
        let one = Document::from_text("x", "x", " a ".into());
        assert_eq!(fingerprint(&one), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn ids_and_files_are_made_unique() {
        let existing = [Document::from_text("a", "a.txt", "x".into())];
        let mut taken = Taken::of(&existing);
        let mut docs = vec![
            Document::from_text("a", "a.txt", "y".into()),
            Document::from_text("a", "a.txt", "z".into()),
            Document::from_text("b", "b", "w".into()),
            Document::from_text("b", "b", "v".into()),
            Document::from_text("a-2", "a-2.txt", "u".into()),
        ];
        make_unique(&mut docs, &mut taken);
        let got: Vec<(&str, &str)> = docs.iter().map(|d| (d.id.as_str(), d.file.as_str())).collect();
        assert_eq!(
            got,
            [
                ("a-2", "a-2.txt"),
                ("a-3", "a-3.txt"),
                ("b", "b"),
                ("b-2", "b-2"),
                ("a-2-2", "a-2-2.txt")
            ]
        );
        assert_eq!(taken.ids.len(), 6);
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_keeps_text_plain(
            text in "([<>/&;#!\\-='\" \n]|p|h1|br|x|é|nav|script|title|amp|\\[|\\{|\\}|:|,|text|[0-9])*",
            ext in "(txt|md|html|json|jsonl)",
        ) {
            let result = read_file(&format!("f.{ext}"), text.as_bytes());
            for doc in &result.docs {
                proptest::prop_assert!(!doc.text.trim().is_empty());
            }
            proptest::prop_assert!(!result.docs.is_empty() || !result.problems.is_empty());
        }
    }
}
