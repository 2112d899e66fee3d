//! `loupe`: the engine on the command line.
//!
//! ```text
//! loupe list [--corpus DIR]                  articles with their metadata
//! loupe snapshot [--corpus DIR] --out FILE   write the binary snapshot
//! ```

use loupe_engine::{load_dir, snapshot, Corpus};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage:
  loupe list [--corpus DIR]                 list the articles of a corpus (default: seeds/)
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
}

fn parse(args: Vec<String>) -> Result<Args, String> {
    let mut it = args.into_iter();
    let command = it.next().ok_or_else(|| USAGE.to_owned())?;
    let mut parsed = Args {
        command,
        corpus: PathBuf::from("seeds"),
        out: None,
    };
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value\n{USAGE}"));
        match arg.as_str() {
            "--corpus" => parsed.corpus = value("--corpus")?.into(),
            "--out" => parsed.out = Some(value("--out")?.into()),
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Ok(parsed)
}

fn run(args: Vec<String>) -> Result<(), String> {
    let args = parse(args)?;
    let load = || load_dir(&args.corpus).map_err(|e| e.to_string());
    match args.command.as_str() {
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
