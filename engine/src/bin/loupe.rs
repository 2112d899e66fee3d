//! `loupe`: the engine on the command line.
//!
//! ```text
//! loupe search QUERY [--corpus DIR] [--json] [--limit N] [--sort relevance|date]
//! loupe list [--corpus DIR]                  articles with their metadata
//! loupe snapshot [--corpus DIR] --out FILE   write the binary snapshot
//! ```
//!
//! `search --json` prints one object, a shape other tools rely on:
//! `{"total": N, "hits": [{"doc": "<file name>", "title": "…", "score": 1.23,
//! "snippet": "…", "highlights": [[start, end], …]}], "warnings": ["…"]}`,
//! highlights in Unicode code points of the document text.

use loupe_engine::search::{Options, Results, Sort};
use loupe_engine::{load_dir, snapshot, Corpus};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage:
  loupe search QUERY [--corpus DIR] [--json] [--limit N] [--sort relevance|date]
                                            search a corpus (default: seeds/)
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
            "-h" | "--help" => return Err(USAGE.to_owned()),
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
                println!("{}", json(&corpus, &results));
            } else {
                print!("{}", readable(&corpus, &results));
            }
            Ok(())
        }
        "list" => {
            print!("{}", list(&load()?));
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
