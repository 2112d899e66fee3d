//! `loupe`: the engine on the command line.
//!
//! ```text
//! loupe search QUERY [--corpus DIR] [--json] [--limit N] [--sort relevance|date|oldest]
//! loupe entities FILE... [--format jsonl] [--kb FILE]
//! loupe list [--corpus DIR]                  articles with their metadata and address
//! loupe snapshot [--corpus DIR] --out FILE   write the binary snapshot
//! ```
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

use loupe_engine::catalog::Catalog;
use loupe_engine::entities::{kb::KnowledgeBase, Recognizer};
use loupe_engine::offsets::CodePoints;
use loupe_engine::search::{Options, Results, Sort};
use loupe_engine::{decode_text, load_dir_with, snapshot, Corpus, LoadOptions, PubDate};
use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage:
  loupe search QUERY [--corpus DIR] [--json] [--limit N] [--sort relevance|date|oldest]
                                            search a corpus (default: seeds/)
  (with --corpus: --skip-bad skips articles that cannot be read, each listed)
  loupe entities FILE... [--format jsonl] [--kb FILE]
                                            entity mentions (default kb: seeds/entities.toml)
  loupe list [--corpus DIR]                 list the articles of a corpus
  loupe snapshot [--corpus DIR] --out FILE  write the corpus as a binary snapshot";

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
    limit: usize,
    sort: Sort,
    files: Vec<PathBuf>,
    jsonl: bool,
    kb: PathBuf,
    skip_bad: bool,
}

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
        limit: 20,
        sort: Sort::Relevance,
        files: Vec::new(),
        jsonl: false,
        kb: PathBuf::from("seeds/entities.toml"),
        skip_bad: false,
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
            None if parsed.command == "entities" => {
                parsed.files.push(PathBuf::from(raw));
                continue;
            }
            None => return Err(format!("argument {:?} is not valid UTF-8 text", raw.to_string_lossy())),
        };
        match arg.as_str() {
            "--corpus" => parsed.corpus = path("--corpus")?,
            "--out" => parsed.out = Some(path("--out")?),
            "--kb" => parsed.kb = path("--kb")?,
            _ => {}
        }
        if matches!(arg.as_str(), "--corpus" | "--out" | "--kb") {
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
            "--format" => match value("--format")?.as_str() {
                "jsonl" => parsed.jsonl = true,
                "table" => parsed.jsonl = false,
                other => return Err(format!("--format is jsonl or table, got {other:?}")),
            },
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other if parsed.command == "entities" && !other.starts_with("--") => parsed.files.push(other.into()),
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
        let loaded = load_dir_with(
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
                emit(&format!("{}\n", json(&corpus, &results)));
            } else {
                emit(&readable(&corpus, &results));
            }
            Ok(())
        }
        "entities" => {
            if args.files.is_empty() {
                return Err(format!("entities needs at least one FILE\n{USAGE}"));
            }
            let kb = match std::fs::read_to_string(&args.kb) {
                Ok(text) => KnowledgeBase::parse(&args.kb, &text).map_err(|e| e.to_string())?,
                Err(e) => return Err(format!("cannot read the knowledge base {}: {e}", args.kb.display())),
            };
            let recognizer = Recognizer::new(kb);
            let mut out = String::new();
            for file in &args.files {
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
                // Relative dates ("octobre dernier") need the publication date, from the catalog beside the file.
                let catalog = file.parent().map(|d| d.join("catalog.toml")).filter(|c| c.is_file());
                let published = match catalog {
                    Some(path) => {
                        let text = std::fs::read_to_string(&path)
                            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                        Catalog::parse(&path, &text)
                            .map_err(|e| e.to_string())?
                            .entries
                            .get(&name)
                            .and_then(|e| e.date)
                    }
                    None => None,
                };
                entity_lines(&mut out, &name, &text, &recognizer, published, args.jsonl);
            }
            emit(&out);
            Ok(())
        }
        "list" => {
            emit(&list(&load()?));
            Ok(())
        }
        "snapshot" => {
            let out = args
                .out
                .as_ref()
                .ok_or_else(|| format!("snapshot needs --out FILE\n{USAGE}"))?;
            let corpus = load()?;
            // Never onto an article of the corpus being read.
            if let Ok(target) = out.canonicalize() {
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

/// The `--json` shape (see the module docs), offsets in code points.
fn json(corpus: &Corpus, results: &Results) -> String {
    let mut out = format!("{{\"total\": {}, \"hits\": [", results.total);
    for (i, hit) in results.hits.iter().enumerate() {
        let doc = &corpus.docs[hit.doc];
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
            if i > 0 { ", " } else { "" },
            quote(&doc.file),
            quote(&doc.title),
            hit.score,
            quote(&snippet),
            highlights.join(", ")
        );
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

/// A JSON string literal.
fn quote(s: &str) -> String {
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
