//! `loupe`: the engine on the command line.
//!
//! ```text
//! loupe search QUERY [--corpus DIR] [--json] [--limit N] [--sort relevance|date]
//! loupe entities FILE... [--format jsonl] [--kb FILE]
//! loupe list [--corpus DIR]                  articles with their metadata
//! loupe snapshot [--corpus DIR] --out FILE   write the binary snapshot
//! ```
//!
//! `search --json` prints one object, a shape other tools rely on:
//! `{"total": N, "hits": [{"doc": "<file name>", "title": "…", "score": 1.23,
//! "snippet": "…", "highlights": [[start, end], …]}], "warnings": ["…"]}`,
//! highlights in Unicode code points of the document text.
//!
//! `entities --format jsonl` prints one object per mention, in document order:
//! `{"doc": "<file base name>", "start": s, "end": e, "byte_start": bs,
//! "byte_end": be, "text": "…", "type": "ORG", "canonical": "…", "source": "kb"}`,
//! `start`/`end` in Unicode code points.

use loupe_engine::catalog::Catalog;
use loupe_engine::entities::{kb::KnowledgeBase, Recognizer};
use loupe_engine::search::{Options, Results, Sort};
use loupe_engine::{load_dir, snapshot, Corpus, PubDate};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage:
  loupe search QUERY [--corpus DIR] [--json] [--limit N] [--sort relevance|date]
                                            search a corpus (default: seeds/)
  loupe entities FILE... [--format jsonl] [--kb FILE]
                                            entity mentions (default kb: seeds/entities.toml)
  loupe list [--corpus DIR]                 list the articles of a corpus
  loupe snapshot [--corpus DIR] --out FILE  write the corpus as a binary snapshot";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
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
}

fn parse(args: Vec<String>) -> Result<Args, String> {
    let mut it = args.into_iter();
    let command = it.next().ok_or_else(|| USAGE.to_owned())?;
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
    };
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--corpus" => parsed.corpus = value("--corpus")?.into(),
            "--out" => parsed.out = Some(value("--out")?.into()),
            "--json" => parsed.json = true,
            "--limit" => {
                let v = value("--limit")?;
                parsed.limit = v.parse().map_err(|_| format!("--limit needs a number, got {v:?}"))?;
            }
            "--sort" => {
                parsed.sort = match value("--sort")?.as_str() {
                    "relevance" => Sort::Relevance,
                    "date" => Sort::Date,
                    other => return Err(format!("--sort is relevance or date, got {other:?}")),
                }
            }
            "--kb" => parsed.kb = value("--kb")?.into(),
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

fn run(args: Vec<String>) -> Result<(), String> {
    let args = parse(args)?;
    let load = || load_dir(&args.corpus).map_err(|e| e.to_string());
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
                let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
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
            let bytes = snapshot::encode(&load()?);
            std::fs::write(out, &bytes).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
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

fn list(corpus: &Corpus) -> String {
    let mut out = String::new();
    for doc in &corpus.docs {
        let date = doc.date.map_or("undated".to_owned(), |d| {
            format!("{d}{}", if doc.date_approximate { "~" } else { "" })
        });
        let publication = doc.publication.as_deref().unwrap_or("(unknown publication)");
        let derived = if doc.title_derived { " [derived title]" } else { "" };
        out.push_str(&format!(
            "{id}  {date:<11} {words:>5} words  {publication}\n    {title}{derived}\n",
            id = doc.id,
            words = doc.words,
            title = doc.title
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
        let points = |b: usize| doc.text[..b].chars().count();
        let highlights: Vec<String> = hit
            .highlights
            .iter()
            .map(|r| format!("[{}, {}]", points(r.start), points(r.end)))
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
    let _ = write!(out, "], \"warnings\": [{}]}}", warnings.join(", "));
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
            c if u32::from(c) < 0x20 => {
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
        let _ = writeln!(out, "note: {w}");
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
        let source = doc.publication.as_deref().unwrap_or("?");
        let _ = writeln!(
            out,
            "\n{}. {}  ({source}{date}, score {:.2})\n   {}\n   {shown}",
            i + 1,
            doc.title,
            hit.score,
            doc.file
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
    let mut chars = 0;
    let mut at = 0;
    for m in recognizer.recognize_dated(text, published) {
        // Code-point offsets, counted incrementally (mentions come in order).
        chars += text[at..m.range.start].chars().count();
        let start = chars;
        chars += text[m.range.clone()].chars().count();
        at = m.range.end;
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
                format!("  → {}", m.canonical)
            };
            let _ = writeln!(
                out,
                "{doc}  {start:>5}-{chars:<5} {:<7} {shown}{linked}  [{}]",
                m.kind.as_str(),
                m.source.as_str()
            );
        }
    }
}

/// Writes to standard output; a reader that stops early (`| head`) is not an error.
fn emit(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
