//! `loupe`: the engine on the command line.
//!
//! ```text
//! loupe search QUERY [--corpus DIR] [--json] [--limit N] [--sort relevance|date|oldest]
//! loupe entities FILE... [--format jsonl] [--kb FILE]
//! loupe relations FILE... [--format jsonl] [--kb FILE]   (or --corpus DIR|FILE.jsonl)
//! loupe list [--corpus DIR]                  articles with their metadata and address
//! loupe export --what results|entities|mentions|relations [--corpus DIR|FILE.jsonl]
//!              [--format csv|json|jsonl] [--query Q] [--limit N] [--sort …]
//!                                            the page's downloads, on standard output
//! loupe snapshot [--corpus DIR] --out FILE   write the binary snapshot
//! loupe site --corpus DIR --out SITE [--app APPDIR] [--shards auto|always|never]
//!                                            the app build plus this corpus, ready to serve
//! ```
//!
//! Wherever a command takes `--corpus`, it may name a directory of `.txt`
//! articles or a `.jsonl` file, one article per line (see
//! `loupe_engine::load_jsonl`).
//!
//! `site` copies every file of the app build (Trunk's output) and adds
//! `corpus.loupe` (the snapshot), `corpus.loupe.gz`, and `loupe.html` with
//! the snapshot in base64 in its `<script id="loupe-corpus">` placeholder
//! (and a fresh `loupe.html.gz`). An existing site at `SITE` is replaced
//! whole, never a directory that is not a Loupe site. A corpus that would
//! take the first load (the app and the corpus) over 250 KB gzip (or any,
//! with `--shards always`) is written sharded instead of as `corpus.loupe`: `corpus.idx` and
//! `shards/` (see `loupe_engine::shards`), and `index.html` names
//! `corpus.idx` in its `<meta name="loupe-corpus">`; `loupe.html` still
//! carries the whole snapshot.
//!
//! `search --json` prints one object, a shape other tools rely on:
//! `{"total": N, "hits": [{"doc": "<file name>", "title": "…", "score": 1.23,
//! "snippet": "…", "highlights": [[start, end], …]}], "warnings": ["…"],
//! "suggestion": "…" or null, "approximate": [{"word": "…", "matched": ["…"]}],
//! "rescue": null or {"per_word": [["word", N]], "nearest": [["word", ["…"]]],
//! "drops": [["query", N]]}}`, highlights in Unicode code points of the
//! document text (see `loupe_engine::search::Results` for each field).
//!
//! `entities --format jsonl` prints one object per mention, in document order:
//! `{"doc": "<file base name>", "start": s, "end": e, "byte_start": bs,
//! "byte_end": be, "text": "…", "type": "ORG", "canonical": "…", "source": "kb"}`,
//! `start`/`end` in Unicode code points.
//!
//! `export` prints what the page offers as downloads, from the same writers
//! (`loupe_engine::export`, where each column is documented): `--what
//! results` the results of `--query` (default: every article, at most
//! `--limit`) as CSV or, with `--format json`, the `search --json` object;
//! `--what entities` the entity table, `--what mentions` every mention,
//! `--what relations` every relation, as CSV (UTF-8 with a byte-order mark,
//! CRLF line ends, fields that would start a spreadsheet formula prefixed
//! with `'`), or for relations with `--format jsonl` the lines of
//! `relations --format jsonl`.
//!
//! `relations --format jsonl` prints one object per relation, in document
//! order: `{"doc": "<file base name>", "type": "stake", "subject": "SFR",
//! "object": "Numergy", "value": "47 %" or null, "date": "2015-12" or null,
//! "start": s, "end": e, "evidence": "…"}`, the evidence the sentence that
//! states it, `start`/`end` its range in Unicode code points (see
//! `loupe_engine::relations`). The date is the sentence's, else the
//! article's.

use loupe_engine::catalog::Catalog;
use loupe_engine::entities::{kb::KnowledgeBase, Recognizer};
use loupe_engine::export::{self, quote};
use loupe_engine::offsets::CodePoints;
use loupe_engine::search::{Options, Results, Sort};
use loupe_engine::shards;
use loupe_engine::{decode_text, load_corpus, snapshot, Corpus, Document, LoadOptions, PubDate};
use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage:
  loupe search QUERY [--corpus DIR] [--json] [--limit N] [--sort relevance|date|oldest]
                                            search a corpus (default: seeds/)
  (with --corpus: --skip-bad skips articles or lines that cannot be read, each listed)
  loupe entities FILE... [--format jsonl] [--kb FILE]
                                            entity mentions (default kb: seeds/entities.toml)
  loupe relations FILE... [--format jsonl] [--kb FILE]
  loupe relations --corpus DIR|FILE.jsonl [--format jsonl]
                                            who bought, holds, founded, funds, leads whom
  loupe list [--corpus DIR]                 list the articles of a corpus
  loupe export --what results|entities|mentions|relations [--corpus DIR]
               [--format csv|json|jsonl] [--query Q] [--limit N] [--sort …]
                                            CSV for spreadsheets (results also json,
                                            relations also jsonl), on standard output
  loupe snapshot [--corpus DIR] --out FILE  write the corpus as a binary snapshot
  loupe site --corpus DIR --out SITE [--app APPDIR] [--shards auto|always|never]
                                            write a site: the app build with this corpus
      the app build is --app, else app/ beside the loupe executable, else dist/
      (build one with `trunk build --release --offline`); an existing SITE is
      replaced only if it is a Loupe site (index.html and corpus.loupe or corpus.idx);
      a corpus that would take the first load over 250 KB gzip is sharded
      (corpus.idx and shards/, fetched as queries need them) unless --shards never
  --corpus DIR is a directory of .txt articles or a FILE.jsonl, one JSON
  object per line: {\"text\", \"id\", \"title\", \"date\", \"publication\", \"source\", \"url\"}";

fn main() -> ExitCode {
    // Arguments as the system gives them: a file name need not be UTF-8.
    match run(std::env::args_os().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("loupe: {message}");
            ExitCode::from(2)
        }
    }
}

struct Args {
    command: String,
    corpus: PathBuf,
    out: Option<PathBuf>,
    query: Option<String>,
    json: bool,
    /// `export --what`.
    what: Option<String>,
    /// `export --format` (the other commands' `--format` sets `jsonl`).
    format: Option<String>,
    limit: usize,
    sort: Sort,
    files: Vec<PathBuf>,
    jsonl: bool,
    kb: PathBuf,
    skip_bad: bool,
    app: Option<PathBuf>,
    corpus_given: bool,
    shards: Sharding,
}

/// `loupe site --shards`: one file for the corpus, or a sharded index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sharding {
    /// Whole while the app and the corpus fit [`FIRST_LOAD_BUDGET`], else sharded.
    Auto,
    Always,
    Never,
}

/// Bytes of gzip a first visit may download before the search field is
/// usable (the project's budget, checked by scripts/sizes). A whole corpus
/// is one request and then every query is answered at once, the fastest
/// while it fits; past the budget, a sharded corpus's entry is all the
/// first visit waits for, and each query fetches the few parts it needs.
const FIRST_LOAD_BUDGET: u64 = 250_000;

/// An argument that must be text (a command, a flag, a query): one that is
/// not UTF-8 is refused with a message, never a panic.
fn text_arg(arg: OsString) -> Result<String, String> {
    arg.into_string()
        .map_err(|a| format!("argument {:?} is not valid UTF-8 text", a.to_string_lossy()))
}

fn parse(args: Vec<OsString>) -> Result<Args, String> {
    let mut it = args.into_iter();
    let command = text_arg(it.next().ok_or_else(|| USAGE.to_owned())?)?;
    let mut parsed = Args {
        command,
        corpus: PathBuf::from("seeds"),
        out: None,
        query: None,
        json: false,
        what: None,
        format: None,
        limit: 20,
        sort: Sort::Relevance,
        files: Vec::new(),
        jsonl: false,
        kb: PathBuf::from("seeds/entities.toml"),
        skip_bad: false,
        app: None,
        corpus_given: false,
        shards: Sharding::Auto,
    };
    while let Some(raw) = it.next() {
        let mut path = |name: &str| {
            it.next()
                .map(PathBuf::from)
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        // File names may be any bytes; everything else must be text.
        let arg = match raw.to_str() {
            Some(a) => a.to_owned(),
            None if matches!(parsed.command.as_str(), "entities" | "relations") => {
                parsed.files.push(PathBuf::from(raw));
                continue;
            }
            None => return Err(format!("argument {:?} is not valid UTF-8 text", raw.to_string_lossy())),
        };
        match arg.as_str() {
            "--corpus" => {
                parsed.corpus = path("--corpus")?;
                parsed.corpus_given = true;
            }
            "--out" => parsed.out = Some(path("--out")?),
            "--kb" => parsed.kb = path("--kb")?,
            "--app" => parsed.app = Some(path("--app")?),
            _ => {}
        }
        if matches!(arg.as_str(), "--corpus" | "--out" | "--kb" | "--app") {
            continue;
        }
        let mut value = |name: &str| text_arg(it.next().ok_or_else(|| format!("{name} needs a value\n{USAGE}"))?);
        match arg.as_str() {
            "--json" => parsed.json = true,
            "--skip-bad" => parsed.skip_bad = true,
            "--limit" => {
                let v = value("--limit")?;
                parsed.limit = v.parse().map_err(|_| format!("--limit needs a number, got {v:?}"))?;
            }
            "--sort" => {
                parsed.sort = match value("--sort")?.as_str() {
                    "relevance" => Sort::Relevance,
                    "date" => Sort::Date,
                    "oldest" => Sort::Oldest,
                    other => return Err(format!("--sort is relevance, date or oldest, got {other:?}")),
                }
            }
            "--shards" => {
                parsed.shards = match value("--shards")?.as_str() {
                    "auto" => Sharding::Auto,
                    "always" => Sharding::Always,
                    "never" => Sharding::Never,
                    other => return Err(format!("--shards is auto, always or never, got {other:?}")),
                }
            }
            "--format" if parsed.command == "export" => parsed.format = Some(value("--format")?),
            "--format" => match value("--format")?.as_str() {
                "jsonl" => parsed.jsonl = true,
                "table" => parsed.jsonl = false,
                other => return Err(format!("--format is jsonl or table, got {other:?}")),
            },
            "--what" if parsed.command == "export" => parsed.what = Some(value("--what")?),
            "--query" if parsed.command == "export" => parsed.query = Some(value("--query")?),
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other if matches!(parsed.command.as_str(), "entities" | "relations") && !other.starts_with("--") => {
                parsed.files.push(other.into())
            }
            other if parsed.query.is_none() && parsed.command == "search" && !other.starts_with("--") => {
                parsed.query = Some(other.to_owned());
            }
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Ok(parsed)
}

fn run(args: Vec<OsString>) -> Result<(), String> {
    let args = parse(args)?;
    let load = || {
        let loaded = load_corpus(
            &args.corpus,
            LoadOptions {
                skip_bad: args.skip_bad,
            },
        )
        .map_err(|e| e.to_string())?;
        // Nothing is skipped without a line saying so.
        for note in &loaded.notes {
            eprintln!("loupe: {}", safe(&note.to_string()));
        }
        Ok::<Corpus, String>(loaded.corpus)
    };
    match args.command.as_str() {
        "search" => {
            let query = args
                .query
                .as_deref()
                .ok_or_else(|| format!("search needs a QUERY\n{USAGE}"))?;
            let corpus = load()?;
            let results = corpus.search(
                query,
                &Options {
                    sort: args.sort,
                    limit: args.limit,
                },
            );
            if args.json {
                emit(&format!("{}\n", export::results_json(&corpus, &results)));
            } else {
                emit(&readable(&corpus, &results));
            }
            Ok(())
        }
        "entities" => {
            if args.files.is_empty() {
                return Err(format!("entities needs at least one FILE\n{USAGE}"));
            }
            let recognizer = Recognizer::new(knowledge_base(&args.kb)?);
            let mut out = String::new();
            for file in &args.files {
                let (name, text, published) = read_article(file)?;
                entity_lines(&mut out, &name, &text, &recognizer, published, args.jsonl);
            }
            emit(&out);
            Ok(())
        }
        "relations" => {
            let corpus = if args.files.is_empty() {
                if !args.corpus_given {
                    return Err(format!("relations needs FILE... or --corpus\n{USAGE}"));
                }
                load()?
            } else {
                let recognizer = Recognizer::new(knowledge_base(&args.kb)?);
                let mut docs = Vec::new();
                for file in &args.files {
                    let (name, text, published) = read_article(file)?;
                    let mut doc = Document::from_text(&name, &name, text);
                    doc.date = published;
                    docs.push(doc);
                }
                // Documents in the order given, each with its own entities.
                let mut out = String::new();
                for doc in docs {
                    let mut one = Corpus::new(vec![doc]);
                    one.annotate(&recognizer);
                    out.push_str(&relation_lines(&one, args.jsonl));
                }
                emit(&out);
                return Ok(());
            };
            emit(&relation_lines(&corpus, args.jsonl));
            Ok(())
        }
        "list" => {
            emit(&list(&load()?));
            Ok(())
        }
        "export" => {
            let what = args
                .what
                .as_deref()
                .ok_or_else(|| format!("export needs --what results|entities|mentions|relations\n{USAGE}"))?;
            let format = args.format.as_deref().unwrap_or("csv");
            let formats: &[&str] = match what {
                "results" => &["csv", "json"],
                "relations" => &["csv", "jsonl"],
                "entities" | "mentions" => &["csv"],
                other => {
                    return Err(format!(
                        "--what is results, entities, mentions or relations, got {other:?}"
                    ))
                }
            };
            if !formats.contains(&format) {
                return Err(format!(
                    "--what {what} is written as {}, not {format:?}",
                    formats.join(" or ")
                ));
            }
            if args.query.is_some() && what != "results" {
                return Err(format!("--query is for --what results, not {what}"));
            }
            let corpus = load()?;
            let text = match (what, format) {
                ("results", _) => {
                    let results = corpus.search(
                        args.query.as_deref().unwrap_or(""),
                        &Options {
                            sort: args.sort,
                            limit: args.limit,
                        },
                    );
                    if format == "json" {
                        format!("{}\n", export::results_json(&corpus, &results))
                    } else {
                        export::results_csv(&corpus, &results)
                    }
                }
                ("entities", _) => export::entities_csv(&corpus),
                ("mentions", _) => export::mentions_csv(&corpus),
                (_, "jsonl") => export::relations_jsonl(&corpus),
                _ => export::relations_csv(&corpus),
            };
            emit(&text);
            Ok(())
        }
        "snapshot" => {
            let out = args
                .out
                .as_ref()
                .ok_or_else(|| format!("snapshot needs --out FILE\n{USAGE}"))?;
            let corpus = load()?;
            // Never onto an article of the corpus being read, nor onto its JSONL file.
            if let Ok(target) = out.canonicalize() {
                if args.corpus.canonicalize().is_ok_and(|c| c == target) {
                    return Err(format!(
                        "refusing to write the snapshot over the corpus {}",
                        out.display()
                    ));
                }
                for doc in &corpus.docs {
                    if args.corpus.join(&doc.file).canonicalize().is_ok_and(|a| a == target) {
                        return Err(format!(
                            "refusing to write the snapshot over the article {}",
                            out.display()
                        ));
                    }
                }
            }
            let bytes = snapshot::encode(&corpus).map_err(|e| format!("the snapshot cannot be written: {e}"))?;
            write_atomically(out, &bytes)?;
            println!("{} bytes written to {}", bytes.len(), out.display());
            Ok(())
        }
        "site" => {
            let out = args
                .out
                .as_ref()
                .ok_or_else(|| format!("site needs --out SITE\n{USAGE}"))?;
            site(&args, out, &load)
        }
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command {other:?}\n{USAGE}")),
    }
}

/// Text from an article made safe for a terminal: control characters (an
/// escape sequence could set the title or clear the screen) become "�", and
/// line breaks spaces.
fn safe(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect()
}

fn list(corpus: &Corpus) -> String {
    let mut out = String::new();
    for doc in &corpus.docs {
        let date = doc.date.map_or("undated".to_owned(), |d| {
            format!("{d}{}", if doc.date_approximate { "~" } else { "" })
        });
        let publication = doc.publication.as_deref().unwrap_or("(unknown publication)");
        let derived = if doc.title_derived { " [derived title]" } else { "" };
        // The original's address under the publication's line, when the catalog gives it.
        let url = doc
            .url
            .as_deref()
            .map_or(String::new(), |u| format!("\n    {}", safe(u)));
        out.push_str(&format!(
            "{id}  {date:<11} {words:>5} words  {publication}{url}\n    {title}{derived}\n",
            id = safe(&doc.id),
            words = doc.words,
            publication = safe(publication),
            title = safe(&doc.title)
        ));
    }
    let s = corpus.summary();
    let span = s.span.map_or("no dates".to_owned(), |(a, b)| format!("{a} .. {b}"));
    out.push_str(&format!("{} articles, {} words, {span}\n", s.articles, s.words));
    out
}

/// Results for a terminal: matches in the snippet between [ and ].
fn readable(corpus: &Corpus, results: &Results) -> String {
    let mut out = String::new();
    for w in &results.warnings {
        let _ = writeln!(out, "note: {}", safe(&w.to_string()));
    }
    if let Some(suggestion) = &results.suggestion {
        let _ = writeln!(out, "did you mean: {}", safe(suggestion.trim_end()));
    }
    for a in &results.approximate {
        let _ = writeln!(
            out,
            "approximate: {} matched {}",
            safe(&a.word),
            safe(&a.matched.join(", "))
        );
    }
    if let Some(rescue) = &results.rescue {
        for (word, n) in &rescue.per_word {
            let _ = writeln!(out, "alone: {} finds {n}", safe(word));
        }
        for (word, near) in &rescue.nearest {
            let _ = writeln!(out, "instead of {}: {}", safe(word), safe(&near.join(", ")));
        }
        for (query, n) in &rescue.drops {
            let _ = writeln!(out, "try: {} ({n})", safe(query.trim_end()));
        }
    }
    let _ = writeln!(
        out,
        "{} matching article{}",
        results.total,
        if results.total == 1 { "" } else { "s" }
    );
    for (i, hit) in results.hits.iter().enumerate() {
        let doc = &corpus.docs[hit.doc];
        let (snippet, marks) = hit.snippet.render(&doc.text);
        let mut shown = String::new();
        let mut at = 0;
        for m in &marks {
            shown.push_str(&snippet[at..m.start]);
            let _ = write!(shown, "[{}]", &snippet[m.clone()]);
            at = m.end;
        }
        shown.push_str(&snippet[at..]);
        let date = doc.date.map_or(String::new(), |d| format!(" {d}"));
        let source = safe(doc.publication.as_deref().unwrap_or("?"));
        let _ = writeln!(
            out,
            "\n{}. {}  ({source}{date}, score {:.2})\n   {}\n   {}",
            i + 1,
            safe(&doc.title),
            hit.score,
            safe(&doc.file),
            safe(&shown)
        );
    }
    out
}

/// One line per mention: JSON (`--format jsonl`) or an aligned table.
/// The knowledge base at `path`.
fn knowledge_base(path: &Path) -> Result<KnowledgeBase, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => KnowledgeBase::parse(path, &text).map_err(|e| e.to_string()),
        Err(e) => Err(format!("cannot read the knowledge base {}: {e}", path.display())),
    }
}

/// An article named on the command line: its base name, its text, and its
/// publication date from the catalog beside it (relative dates such as
/// "octobre dernier" need it).
fn read_article(file: &Path) -> Result<(String, String, Option<PubDate>), String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let (text, encoding) = decode_text(&bytes).map_err(|e| format!("{}: {e}", file.display()))?;
    if let Some(encoding) = encoding {
        eprintln!(
            "loupe: {}: read as {encoding} (not UTF-8)",
            safe(&file.display().to_string())
        );
    }
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let catalog = file.parent().map(|d| d.join("catalog.toml")).filter(|c| c.is_file());
    let published = match catalog {
        Some(path) => {
            let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            Catalog::parse(&path, &text)
                .map_err(|e| e.to_string())?
                .entries
                .get(&name)
                .and_then(|e| e.date)
        }
        None => None,
    };
    Ok((name, text, published))
}

/// The relations of `corpus` ([`Corpus::relations`]), one JSON object a
/// line (`loupe_engine::export::relations_jsonl`, the shape in the module
/// docs) or a table for a terminal.
fn relation_lines(corpus: &Corpus, jsonl: bool) -> String {
    if jsonl {
        return export::relations_jsonl(corpus);
    }
    let mut out = String::new();
    let name = |e: u32| corpus.entities.entities.get(e as usize).map_or("", |i| i.name.as_str());
    for r in &corpus.relations {
        let Some(doc) = corpus.docs.get(r.doc) else { continue };
        let mut points = CodePoints::new(&doc.text);
        let (start, end) = (points.at(r.evidence.start), points.at(r.evidence.end));
        let evidence = doc.text.get(r.evidence.clone()).unwrap_or("");
        let value = r.value.as_deref().map_or(String::new(), |v| format!(" ({})", safe(v)));
        let date = r.date.map_or("undated".to_owned(), |d| {
            format!("{d}{}", if r.date_from_article { " (article)" } else { "" })
        });
        let _ = writeln!(
            out,
            "{}  {:<11} {} → {}{value}  {date}\n    {start}-{end}: {}",
            safe(&doc.file),
            r.kind.as_str(),
            safe(name(r.subject)),
            safe(name(r.object)),
            safe(evidence)
        );
    }
    out
}

fn entity_lines(
    out: &mut String,
    doc: &str,
    text: &str,
    recognizer: &Recognizer,
    published: Option<PubDate>,
    jsonl: bool,
) {
    let mut points = CodePoints::new(text);
    for m in recognizer.recognize_dated(text, published) {
        let start = points.at(m.range.start);
        let chars = points.at(m.range.end);
        let shown = &text[m.range.clone()];
        if jsonl {
            let _ = writeln!(
                out,
                "{{\"doc\": {}, \"start\": {start}, \"end\": {chars}, \"byte_start\": {}, \"byte_end\": {}, \"text\": {}, \"type\": \"{}\", \"canonical\": {}, \"source\": \"{}\"}}",
                quote(doc),
                m.range.start,
                m.range.end,
                quote(shown),
                m.kind.as_str(),
                quote(&m.canonical),
                m.source.as_str()
            );
        } else {
            let linked = if m.canonical == shown {
                String::new()
            } else {
                format!("  → {}", safe(&m.canonical))
            };
            let _ = writeln!(
                out,
                "{}  {start:>5}-{chars:<5} {:<7} {}{linked}  [{}]",
                safe(doc),
                m.kind.as_str(),
                safe(shown),
                m.source.as_str()
            );
        }
    }
}

/// Writes `bytes` to `path` whole or not at all: into a temporary file
/// beside it, then renamed over it, so a crash never leaves half a file.
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    std::fs::write(&tmp, bytes).map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e)
    })
}

/// Writes to standard output; a reader that stops early (`| head`) is not an error.
fn emit(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// The element of the app's `loupe.html` that `site` fills with the corpus.
const PLACEHOLDER: &str = r#"<script type="application/octet-stream" id="loupe-corpus"></script>"#;

/// `loupe site`: checks everything it can before reading the corpus, builds
/// the site beside `out`, then puts it in place in one rename.
fn site(args: &Args, out: &Path, load: &dyn Fn() -> Result<Corpus, String>) -> Result<(), String> {
    let app = find_app(args.app.as_deref())?;
    eprintln!("loupe: app build: {}", app.display());
    let html_path = app.join("loupe.html");
    let html = std::fs::read(&html_path).map_err(|e| format!("cannot read {}: {e}", html_path.display()))?;
    let placeholders = find_all(&html, PLACEHOLDER.as_bytes());
    let [at] = placeholders[..] else {
        let found = match placeholders.len() {
            0 => "no corpus placeholder".to_owned(),
            n => format!("{n} corpus placeholders, not one,"),
        };
        return Err(format!(
            "the app in {} has {found} in loupe.html: is it a Loupe app build of this version?",
            app.display()
        ));
    };
    let out_abs = check_out(out, &app, &args.corpus)?;

    let corpus = load()?;
    let mentions: usize = corpus.entities.mentions.iter().map(Vec::len).sum();
    eprintln!(
        "loupe: read {} articles from {}",
        corpus.docs.len(),
        args.corpus.display()
    );
    eprintln!(
        "loupe: found {} entities ({mentions} mentions)",
        corpus.entities.entities.len()
    );
    let bytes = snapshot::encode(&corpus).map_err(|e| format!("the snapshot cannot be written: {e}"))?;
    // The whole snapshot compressed, where it may be the site's corpus file:
    // not for `--shards always`, nor past 20 times the budget, which no
    // gzip brings within it (a 100k corpus's 330 MB would take a minute).
    let whole_gz = match args.shards {
        Sharding::Always => None,
        Sharding::Auto if bytes.len() as u64 > 20 * FIRST_LOAD_BUDGET => None,
        _ => Some(gzip(&bytes).map_err(|e| format!("cannot compress: {e}"))?),
    };
    let sharded = match (&args.shards, &whole_gz) {
        (Sharding::Never, _) => false,
        (Sharding::Auto, Some(gz)) => first_load(&app)? + gz.len() as u64 > FIRST_LOAD_BUDGET,
        _ => true,
    };
    let parts = if sharded {
        let parts = shards::write(&corpus, &shards::Targets::default())
            .map_err(|e| format!("the sharded index cannot be written: {e}"))?;
        eprintln!(
            "loupe: indexed {} terms in {} files",
            corpus.index.term_count(),
            parts.len()
        );
        Some(parts)
    } else {
        None
    };
    let mut page = Vec::with_capacity(html.len() + bytes.len() * 4 / 3 + 4);
    page.extend_from_slice(&html[..at]);
    // Compressed before base64, which gzip compresses poorly: the page's boot
    // code inflates it (DecompressionStream) before the app reads it.
    page.extend_from_slice(
        br#"<script type="application/octet-stream" id="loupe-corpus" data-encoding="deflate-raw">"#,
    );
    page.extend_from_slice(loupe_engine::base64::encode(&deflate_raw(&bytes).map_err(|e| e.to_string())?).as_bytes());
    page.extend_from_slice(b"</script>");
    page.extend_from_slice(&html[at + PLACEHOLDER.len()..]);

    let name = out_abs
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = out_abs.with_file_name(format!("{name}.tmp-{}", std::process::id()));
    let build = || -> Result<(), String> {
        if let Some(parent) = tmp.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::create_dir(&tmp).map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
        copy_app(&app, &tmp, true)?;
        let write = |file: &str, data: &[u8]| {
            let path = tmp.join(file);
            std::fs::write(&path, data).map_err(|e| format!("cannot write {}: {e}", path.display()))
        };
        let gz = |data: &[u8]| gzip(data).map_err(|e| format!("cannot compress: {e}"));
        match &parts {
            None => {
                write(CORPUS_FILE, &bytes)?;
                if let Some(gz) = &whole_gz {
                    write("corpus.loupe.gz", gz)?;
                }
            }
            Some(parts) => {
                let dir = tmp.join("shards");
                std::fs::create_dir(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                let mut written = 0u64;
                for (i, (file, data)) in parts.iter().enumerate() {
                    write(file, data)?;
                    written += data.len() as u64;
                    if (i + 1) % 5000 == 0 {
                        eprintln!("loupe: wrote {} of {} files ({written} bytes)", i + 1, parts.len());
                    }
                }
                write("corpus.idx.gz", &gz(&parts[0].1)?)?;
                // index.html names the entry instead of corpus.loupe.
                let index = tmp.join("index.html");
                let html =
                    std::fs::read_to_string(&index).map_err(|e| format!("cannot read {}: {e}", index.display()))?;
                let named = html.replace(
                    &format!(r#"<meta name="loupe-corpus" content="{CORPUS_FILE}">"#),
                    &format!(r#"<meta name="loupe-corpus" content="{}">"#, shards::ENTRY),
                );
                if named == html {
                    return Err(format!(
                        "the app in {} has no <meta name=\"loupe-corpus\"> in index.html: is it a Loupe app build of this version?",
                        app.display()
                    ));
                }
                write("index.html", named.as_bytes())?;
                write("index.html.gz", &gz(named.as_bytes())?)?;
                let _ = std::fs::remove_file(tmp.join("index.html.br"));
            }
        }
        write("loupe.html", &page)?;
        write("loupe.html.gz", &gz(&page)?)
    };
    if let Err(e) = build() {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    replace_dir(&tmp, &out_abs)?;

    let (files, on_disk) = disk_usage(&out_abs).map_err(|e| format!("cannot read {}: {e}", out.display()))?;
    eprintln!("loupe: wrote {on_disk} bytes in {files} files to {}", out.display());
    let first = first_load(&out_abs)?;
    let layout = match &parts {
        None => format!(
            "  corpus        one file, {} bytes gzip\n",
            whole_gz.as_ref().map_or(0, Vec::len)
        ),
        Some(parts) => {
            let count = |kind: &str| {
                parts
                    .iter()
                    .filter(|(f, _)| f.starts_with(&format!("shards/{kind}-")))
                    .count()
            };
            let total: usize = parts.iter().map(|(_, d)| d.len()).sum();
            format!(
                "  corpus        sharded: {} files, {total} bytes ({} dictionary, {} postings, {} metadata, {} id, {} article files)\n",
                parts.len(),
                count("dict"),
                count("post"),
                count("meta"),
                count("ids"),
                count("doc"),
            )
        }
    };
    let entry = if parts.is_some() { shards::ENTRY } else { CORPUS_FILE };
    emit(&format!(
        "site {}\n  articles      {}\n  entities      {}\n  mentions      {mentions}\n{layout}  on disk       {on_disk} bytes\n  first load    {first} bytes gzip (index.html, app .js, _bg.wasm, .css, sw-register.js, collection.js, {entry})\n",
        out.display(),
        corpus.docs.len(),
        corpus.entities.entities.len(),
    ));
    Ok(())
}

/// The whole corpus's file beside the app.
const CORPUS_FILE: &str = "corpus.loupe";

/// The app build `site` copies: `--app`, else `app/` beside this executable,
/// else `dist/` here. An app build holds `index.html` and `loupe.html`.
fn find_app(explicit: Option<&Path>) -> Result<PathBuf, String> {
    const HOW: &str = "build one with `trunk build --release --offline` (it writes dist/) or name one with --app DIR";
    let is_app = |dir: &Path| dir.join("index.html").is_file() && dir.join("loupe.html").is_file();
    if let Some(dir) = explicit {
        return if is_app(dir) {
            Ok(dir.to_owned())
        } else {
            Err(format!(
                "--app {} is not a Loupe app build (no index.html and loupe.html): {HOW}",
                dir.display()
            ))
        };
    }
    let beside = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("app")));
    let tried: Vec<PathBuf> = beside.into_iter().chain([PathBuf::from("dist")]).collect();
    if let Some(dir) = tried.iter().find(|d| is_app(d)) {
        return Ok(dir.clone());
    }
    let places: Vec<String> = tried.iter().map(|d| d.display().to_string()).collect();
    Err(format!(
        "no Loupe app build found (looked for index.html and loupe.html in {}): {HOW}",
        places.join(" and ")
    ))
}

/// `out` made absolute (it need not exist yet), after checking that a site
/// may be written there: not in or over the app or the corpus, and not over
/// a directory that is not a Loupe site.
fn check_out(out: &Path, app: &Path, corpus: &Path) -> Result<PathBuf, String> {
    let out_abs = absolute(out).map_err(|e| format!("--out {}: {e}", out.display()))?;
    for (what, dir) in [("the app directory", app), ("the corpus", corpus)] {
        let Ok(dir) = dir.canonicalize() else { continue };
        if out_abs.starts_with(&dir) {
            return Err(format!(
                "refusing to write the site {} inside {what} {}",
                out.display(),
                dir.display()
            ));
        }
        if dir.starts_with(&out_abs) {
            return Err(format!(
                "refusing to write the site {}: replacing it would delete {what} {}",
                out.display(),
                dir.display()
            ));
        }
    }
    match std::fs::symlink_metadata(&out_abs) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(out_abs),
        Err(e) => Err(format!("cannot read {}: {e}", out.display())),
        Ok(m) if !m.is_dir() => Err(format!(
            "refusing to write the site over {}: it exists and is not a directory",
            out.display()
        )),
        Ok(_) => {
            let empty = std::fs::read_dir(&out_abs)
                .map_err(|e| format!("cannot read {}: {e}", out.display()))?
                .next()
                .is_none();
            let a_site = out_abs.join("index.html").is_file()
                && (out_abs.join(CORPUS_FILE).is_file() || out_abs.join(shards::ENTRY).is_file());
            if empty || a_site {
                Ok(out_abs)
            } else {
                Err(format!(
                    "refusing to replace {}: it is not empty and not a Loupe site (no index.html and corpus.loupe or corpus.idx)",
                    out.display()
                ))
            }
        }
    }
}

/// `path` absolute with its existing part canonical (links resolved), so
/// that "inside" comparisons see through `..` and links.
fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    let path = if path.is_absolute() {
        path.to_owned()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut rest = Vec::new();
    let mut existing = path.as_path();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            return Ok(rest.iter().rev().fold(canonical, |p, c| p.join(c)));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "not a usable directory name",
                ))
            }
        }
    }
}

/// Copies the app build into the new site, leaving out what `site` writes
/// itself: any `corpus.loupe*` and `loupe.html*` at the top.
fn copy_app(from: &Path, to: &Path, top: bool) -> Result<(), String> {
    let read = |e: std::io::Error| format!("cannot read {}: {e}", from.display());
    let mut entries: Vec<PathBuf> = std::fs::read_dir(from)
        .map_err(read)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(read)?;
    entries.sort();
    for path in entries {
        let Some(name) = path.file_name() else { continue };
        let text = name.to_string_lossy();
        let data = ["corpus.loupe", "corpus.idx", "loupe.html", "shards"];
        if top && data.iter().any(|d| text.starts_with(d)) {
            continue;
        }
        let target = to.join(name);
        let meta = std::fs::metadata(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if meta.is_dir() {
            std::fs::create_dir(&target).map_err(|e| format!("cannot create {}: {e}", target.display()))?;
            copy_app(&path, &target, false)?;
        } else if meta.is_file() {
            std::fs::copy(&path, &target)
                .map_err(|e| format!("cannot copy {} to {}: {e}", path.display(), target.display()))?;
        } else {
            eprintln!(
                "loupe: {}: not copied (not a regular file)",
                safe(&path.display().to_string())
            );
        }
    }
    Ok(())
}

/// Puts the finished site `tmp` at `out`; an old site there is moved aside
/// first and put back if the new one cannot take its place.
fn replace_dir(tmp: &Path, out: &Path) -> Result<(), String> {
    let fail = |e: std::io::Error| {
        let _ = std::fs::remove_dir_all(tmp);
        format!("cannot write the site {}: {e}", out.display())
    };
    if !out.exists() {
        return std::fs::rename(tmp, out).map_err(fail);
    }
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let old = out.with_file_name(format!("{name}.old-{}", std::process::id()));
    std::fs::rename(out, &old).map_err(fail)?;
    if let Err(e) = std::fs::rename(tmp, out) {
        let _ = std::fs::rename(&old, out);
        return Err(fail(e));
    }
    if let Err(e) = std::fs::remove_dir_all(&old) {
        eprintln!("loupe: the old site was kept in {}: {e}", old.display());
    }
    Ok(())
}

/// Files and bytes under `dir`.
fn disk_usage(dir: &Path) -> std::io::Result<(usize, u64)> {
    let mut total = (0, 0);
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let meta = entry.metadata()?;
        if meta.is_dir() {
            let (files, bytes) = disk_usage(&entry.path())?;
            total = (total.0 + files, total.1 + bytes);
        } else {
            total = (total.0 + 1, total.1 + meta.len());
        }
    }
    Ok(total)
}

/// What a first visit downloads, gzip -9: the files `scripts/sizes` counts
/// (index.html, the app's .js, _bg.wasm and .css, sw-register.js,
/// collection.js), plus the corpus.
fn first_load(site: &Path) -> Result<u64, String> {
    let read = |e: std::io::Error| format!("cannot read {}: {e}", site.display());
    let mut total = 0;
    for entry in std::fs::read_dir(site).map_err(read)? {
        let path = entry.map_err(read)?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let counted = matches!(
            name.as_str(),
            "index.html" | "sw-register.js" | "collection.js" | "corpus.loupe" | "corpus.idx"
        ) || (name.starts_with("loupe-app-") && (name.ends_with(".js") || name.ends_with("_bg.wasm")))
            || (name.starts_with("style-") && name.ends_with(".css"));
        if counted && path.is_file() {
            let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            total += gzip(&bytes).map_err(|e| format!("cannot compress: {e}"))?.len() as u64;
        }
    }
    Ok(total)
}

/// `data` gzipped at the best compression (`gzip -9`) up to 8 MB, at
/// gzip's default level past that (on the 10k site's 46 MB `loupe.html`,
/// -9 saves 0.1 % and costs time); no name or time in the header, so
/// the same input gives the same bytes.
fn gzip(data: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    let level = if data.len() > 8 << 20 {
        flate2::Compression::default()
    } else {
        flate2::Compression::best()
    };
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), level);
    encoder.write_all(data)?;
    encoder.finish()
}

/// Raw DEFLATE (no header), as the browser's `DecompressionStream("deflate-raw")` reads it.
fn deflate_raw(data: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data)?;
    encoder.finish()
}

/// Every start of `needle` in `haystack`.
fn find_all(haystack: &[u8], needle: &[u8]) -> Vec<usize> {
    haystack
        .windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_wherever_they_are() {
        assert_eq!(find_all(b"abcabc", b"bc"), [1, 4]);
        assert!(find_all(b"ab", b"abc").is_empty());
    }
}
