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
//! The arguments are parsed by clap (feature `cli`, which only this binary
//! uses): `loupe --help`, `loupe help COMMAND` and `loupe COMMAND --help`
//! say all of the above and more; `-h` gives a summary. Wrong arguments
//! get clap's message naming the argument, the usage, and exit status 2;
//! a command that fails prints `loupe: …` and exits with 2 as well.
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

// The doc comments of the arguments below are their help text, plain text
// for a terminal (`"doc": "<file name>"`), not Markdown.
#![allow(rustdoc::invalid_html_tags)]

use clap::builder::{OsStringValueParser, TypedValueParser};
use clap::error::ErrorKind;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum, ValueHint};
use loupe_engine::catalog::Catalog;
use loupe_engine::entities::{kb::KnowledgeBase, Recognizer};
use loupe_engine::export;
use loupe_engine::offsets::CodePoints;
use loupe_engine::search::{Options, Results, Sort};
use loupe_engine::shards;
use loupe_engine::{decode_text, load_corpus, snapshot, Corpus, Document, LoadOptions, PubDate};
use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Loupe: explore a corpus of French news from the command line
///
/// Search the articles, list them, find the people, companies and places
/// they name and who bought, holds, founded, funds or leads whom; export
/// all of it for spreadsheets and other tools, or build the web site that
/// serves the corpus in a browser.
///
/// A corpus (--corpus) is a directory of .txt articles, described by its
/// catalog.toml, or a .jsonl file with one article per line, a JSON object
/// {"text", "id", "title", "date", "publication", "source", "url"} of which
/// only "text" is required. Without --corpus, commands read seeds/: five
/// articles of 2015 and 2016 on the French "cloud souverain".
///
/// Errors go to standard error, prefixed with "loupe:"; the exit status is
/// then 2.
//
// The help texts are wrapped by hand (clap's `wrap_help` would bring a
// terminal-size crate) to fit 80 columns, checked by a test; `term_width`
// makes clap lay them out for 80 columns too.
#[derive(Parser)]
#[command(
    name = "loupe",
    version,
    verbatim_doc_comment,
    arg_required_else_help = true,
    help_expected = true,
    term_width = 80,
    after_help = "Run `loupe help COMMAND` for a command's options and more.",
    after_long_help = EXAMPLES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Shown at the end of `loupe --help`.
const EXAMPLES: &str = "Examples:
  loupe search \"cloud souverain\" --sort date
  loupe search 'entity:\"Caisse des Dépôts\" -sfr' --json
  loupe list --corpus my-articles/
  loupe entities seeds/003_4db2dbfe3363038d.txt
  loupe relations --corpus seeds --format jsonl
  loupe export --what mentions > mentions.csv
  loupe site --corpus my-articles/ --out public/";

#[derive(Subcommand)]
enum Command {
    /// Search a corpus: the best articles, each with its best passage
    ///
    /// The query is in Loupe's query language: every word must match (in
    /// any case, with or without accents, in any form: "souverain" finds
    /// "souveraine"; a word that matches nothing as written matches words
    /// a typo away), "an exact phrase", orange OR sfr, -excluded, numer*
    /// for a prefix, (grouping), and the filters source:lemagit,
    /// date:2015-01..2015-06, type:ORG and entity:"Caisse des Dépôts".
    /// What cannot be understood is a note, never an error.
    ///
    /// A terminal shows each article's title, publication, date and score,
    /// and its passage with the matches [between brackets]; --json prints
    /// one object in the shape other tools rely on.
    #[command(verbatim_doc_comment)]
    Search(SearchArgs),
    /// Find the people, organizations, places and sums that articles name
    ///
    /// Each mention of a person (PER), organization (ORG), place (LOC),
    /// other name (MISC), sum (MONEY), share (PERCENT) or date (DATE), with
    /// the entity it names in the knowledge base ("Etat" is "État
    /// français") and how it was found: kb (the knowledge base), pattern
    /// (sums, shares, dates) or heuristic (capitalized names).
    #[command(verbatim_doc_comment)]
    Entities(EntitiesArgs),
    /// Find who bought, holds, founded, funds, leads or left whom
    ///
    /// Each relation the prose states between two entities: acquisition,
    /// stake, founding, investment, merger, exit, leadership, partnership,
    /// with its value (a share or a sum) and date when the sentence gives
    /// them, and the sentence itself as evidence. Read from the articles
    /// named (FILE...) or from a whole corpus (--corpus).
    #[command(verbatim_doc_comment)]
    Relations(RelationsArgs),
    /// List the articles of a corpus with their metadata and address
    ///
    /// One article a paragraph: its id, date ("~" when inferred from what
    /// it reports, "undated" when unknown), word count and publication, the
    /// address of the original when the catalog gives it, then its title
    /// ("[derived title]" when written from the text). A last line sums
    /// up the corpus.
    #[command(verbatim_doc_comment)]
    List(CorpusArgs),
    /// Print the page's downloads (CSV, JSON) on standard output
    ///
    /// The same writers as the page's downloads. CSV is UTF-8 with a
    /// byte-order mark (so that spreadsheets read accents right), CRLF line
    /// ends, and a ' before any field a spreadsheet would run as a formula.
    /// Offsets (start, end) are in Unicode characters of the article text.
    #[command(verbatim_doc_comment)]
    Export(ExportArgs),
    /// Write a corpus as the binary snapshot the app reads
    ///
    /// The articles, their index, entities and relations in one file of
    /// deterministic bytes (the same corpus always gives the same file),
    /// written whole or not at all.
    #[command(verbatim_doc_comment)]
    Snapshot(SnapshotArgs),
    /// Write a web site: the app build with this corpus, ready to serve
    ///
    /// Copies every file of the app build and adds the corpus:
    /// corpus.loupe (the snapshot) and its .gz, and loupe.html, the whole
    /// explorer in one file to share. A corpus that would take the first
    /// load (the app and the corpus) over 250 KB gzip is written sharded
    /// instead: corpus.idx and shards/, which queries fetch as they need
    /// them (see --shards).
    ///
    /// An existing site at SITE is replaced whole, never a directory that
    /// is not a Loupe site, nor the app build or the corpus.
    #[command(verbatim_doc_comment)]
    Site(SiteArgs),
}

/// Where a command reads its corpus.
#[derive(Args)]
struct CorpusArgs {
    /// The corpus: a directory of .txt articles or a
    /// .jsonl file
    #[arg(
        long,
        value_name = "PATH",
        default_value = "seeds",
        value_hint = ValueHint::AnyPath,
        verbatim_doc_comment
    )]
    corpus: PathBuf,
    /// Skip the articles or lines that cannot be read,
    /// naming each on standard error
    ///
    /// Without it, the first article or JSONL line that cannot be read
    /// (a broken link, a name or text that is not UTF-8, a line that is
    /// not JSON) stops the command. Either way, every file left out is
    /// named on standard error.
    #[arg(long, verbatim_doc_comment)]
    skip_bad: bool,
}

impl CorpusArgs {
    /// Reads the corpus, saying on standard error what was left out.
    fn load(&self) -> Result<Corpus, String> {
        load(&self.corpus, self.skip_bad)
    }
}

/// How many results, in which order (`search` and `export --what results`).
#[derive(Args)]
struct Ranking {
    /// Most articles shown
    ///
    /// The total counts them all.
    #[arg(long, value_name = "N", default_value_t = 20)]
    limit: usize,
    /// The order: relevance, date (newest first) or
    /// oldest
    ///
    /// relevance: the best match first; date: the newest first; oldest:
    /// the oldest first (undated articles last, the best match first
    /// among articles of the same date).
    #[arg(
        long,
        value_name = "ORDER",
        value_enum,
        default_value_t = SortBy::Relevance,
        hide_possible_values = true,
        verbatim_doc_comment
    )]
    sort: SortBy,
}

impl Ranking {
    fn options(&self) -> Options {
        Options {
            sort: match self.sort {
                SortBy::Relevance => Sort::Relevance,
                SortBy::Date => Sort::Date,
                SortBy::Oldest => Sort::Oldest,
            },
            limit: self.limit,
        }
    }
}

/// `--sort`.
#[derive(Clone, Copy, ValueEnum)]
enum SortBy {
    /// Best match first
    Relevance,
    /// Newest first, undated articles last
    Date,
    /// Oldest first, undated articles last
    Oldest,
}

#[derive(Args)]
struct SearchArgs {
    /// The query ("" finds every article)
    #[arg(value_parser = text())]
    query: String,
    #[command(flatten)]
    corpus: CorpusArgs,
    /// Print one JSON object instead of text
    ///
    /// {"total": N, "hits": [{"doc": "<file name>", "title": "…",
    /// "score": 1.2345, "snippet": "…",
    /// "highlights": [[start, end], …]}], "warnings": ["…"],
    /// "suggestion": "…" or null,
    /// "approximate": [{"word": "…", "matched": ["…"]}],
    /// "rescue": null or {"per_word": [["word", N]],
    /// "nearest": [["word", ["…"]]], "drops": [["query", N]]}}
    /// with highlights in Unicode characters of the article text.
    #[arg(long, verbatim_doc_comment)]
    json: bool,
    #[command(flatten)]
    ranking: Ranking,
}

#[derive(Args)]
struct EntitiesArgs {
    /// The articles (.txt; a catalog.toml beside them gives their dates)
    #[arg(required = true, value_name = "FILE", value_hint = ValueHint::FilePath)]
    files: Vec<PathBuf>,
    /// table (for a terminal) or jsonl
    ///
    /// One line per mention. jsonl: {"doc": "<file name>", "start": s,
    /// "end": e, "byte_start": bs, "byte_end": be, "text": "…",
    /// "type": "ORG", "canonical": "…", "source": "kb"}, start and end in
    /// Unicode characters.
    #[arg(
        long,
        value_enum,
        default_value_t = Lines::Table,
        hide_possible_values = true,
        verbatim_doc_comment
    )]
    format: Lines,
    /// The knowledge base: the entities to recognize
    /// and their aliases
    #[arg(
        long,
        value_name = "FILE",
        default_value = "seeds/entities.toml",
        value_hint = ValueHint::FilePath,
        verbatim_doc_comment
    )]
    kb: PathBuf,
}

#[derive(Args)]
#[command(group(clap::ArgGroup::new("articles").required(true).args(["files", "corpus"])))]
struct RelationsArgs {
    /// The articles (.txt; a catalog.toml beside them gives their dates)
    #[arg(value_name = "FILE", value_hint = ValueHint::FilePath)]
    files: Vec<PathBuf>,
    /// Or a whole corpus: a directory of .txt articles
    /// or a .jsonl file
    #[arg(
        long,
        value_name = "PATH",
        value_hint = ValueHint::AnyPath,
        verbatim_doc_comment
    )]
    corpus: Option<PathBuf>,
    /// With --corpus: skip the articles or lines that
    /// cannot be read, naming each on standard error
    #[arg(long, requires = "corpus", verbatim_doc_comment)]
    skip_bad: bool,
    /// table (for a terminal) or jsonl
    ///
    /// One line per relation. jsonl: {"doc": "<file name>",
    /// "type": "stake", "subject": "SFR", "object": "Numergy",
    /// "value": "47 %" or null, "date": "2015-12" or null, "start": s,
    /// "end": e, "evidence": "…"}, the evidence the sentence that states
    /// it, start and end its place in Unicode characters; the date is the
    /// sentence's, else the article's.
    #[arg(
        long,
        value_enum,
        default_value_t = Lines::Table,
        hide_possible_values = true,
        verbatim_doc_comment
    )]
    format: Lines,
    /// With FILE: the knowledge base (a corpus has its
    /// own beside it)
    #[arg(
        long,
        value_name = "FILE",
        default_value = "seeds/entities.toml",
        conflicts_with = "corpus",
        value_hint = ValueHint::FilePath,
        verbatim_doc_comment
    )]
    kb: PathBuf,
}

/// `entities --format` and `relations --format`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Lines {
    /// For a terminal
    Table,
    /// One JSON object a line
    Jsonl,
}

#[derive(Args)]
struct ExportArgs {
    /// results, entities, mentions or relations
    ///
    /// results    the results of --query: rank, doc, id, title, date,
    ///            publication, url, score, snippet
    /// entities   the entity table: id, name, type, aliases, articles,
    ///            mentions, description, wikidata
    /// mentions   every mention: doc, id, title, start, end, text, type,
    ///            entity_id, canonical, source
    /// relations  every relation: doc, id, title, type, subject, object,
    ///            value, date, date_from_article, start, end, evidence
    #[arg(long, value_enum, hide_possible_values = true, verbatim_doc_comment)]
    what: What,
    #[command(flatten)]
    corpus: CorpusArgs,
    /// csv for all; json for results, jsonl for
    /// relations
    ///
    /// json: the object of `search --json`; jsonl: the lines of
    /// `relations --format jsonl`.
    #[arg(
        long,
        value_enum,
        default_value_t = Format::Csv,
        hide_possible_values = true,
        verbatim_doc_comment
    )]
    format: Format,
    /// With --what results: the query (by default,
    /// every article)
    #[arg(long, value_parser = text(), verbatim_doc_comment)]
    query: Option<String>,
    #[command(flatten)]
    ranking: Ranking,
}

/// `export --what`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum What {
    /// The results of --query
    Results,
    /// The entity table
    Entities,
    /// Every mention
    Mentions,
    /// Every relation
    Relations,
}

impl What {
    /// The formats it is written in, the default first.
    fn formats(self) -> &'static [Format] {
        match self {
            What::Results => &[Format::Csv, Format::Json],
            What::Relations => &[Format::Csv, Format::Jsonl],
            What::Entities | What::Mentions => &[Format::Csv],
        }
    }
}

/// `export --format`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// For spreadsheets
    Csv,
    /// The `search --json` object
    Json,
    /// The lines of `relations --format jsonl`
    Jsonl,
}

#[derive(Args)]
struct SnapshotArgs {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// The file to write (never an article of the corpus)
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath, verbatim_doc_comment)]
    out: PathBuf,
}

#[derive(Args)]
struct SiteArgs {
    #[command(flatten)]
    corpus: CorpusArgs,
    /// The directory to write the site in
    #[arg(long, value_name = "SITE", value_hint = ValueHint::DirPath)]
    out: PathBuf,
    /// The app build to copy (default: app/ beside
    /// loupe, else dist/)
    ///
    /// An app build holds index.html and loupe.html: build one with
    /// `trunk build --release --offline` (it writes dist/).
    #[arg(long, value_name = "APPDIR", value_hint = ValueHint::DirPath, verbatim_doc_comment)]
    app: Option<PathBuf>,
    /// Whether to shard the corpus: auto, always or
    /// never
    ///
    /// auto: one corpus file while the app and the corpus fit the first
    /// load's 250 KB of gzip, else sharded; always: sharded, whatever the
    /// size; never: one file, whatever the size. loupe.html carries the
    /// whole corpus either way.
    #[arg(
        long,
        value_name = "WHEN",
        value_enum,
        default_value_t = Sharding::Auto,
        hide_possible_values = true,
        verbatim_doc_comment
    )]
    shards: Sharding,
}

/// `loupe site --shards`: one file for the corpus, or a sharded index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Sharding {
    /// Whole while the app and the corpus fit 250 KB of gzip, else sharded
    Auto,
    /// Sharded, whatever the size
    Always,
    /// Whole, whatever the size
    Never,
}

/// Bytes of gzip a first visit may download before the search field is
/// usable (the project's budget, checked by scripts/sizes). A whole corpus
/// is one request and then every query is answered at once, the fastest
/// while it fits; past the budget, a sharded corpus's entry is all the
/// first visit waits for, and each query fetches the few parts it needs.
const FIRST_LOAD_BUDGET: u64 = 250_000;

/// The parser of an argument that must be text (a query): one that is not
/// UTF-8 is refused with a message that names it, never a panic. (File
/// names may be any bytes: they are `PathBuf`s.)
fn text() -> impl TypedValueParser<Value = String> {
    OsStringValueParser::new().try_map(|arg| arg.into_string().map_err(|_| "not valid UTF-8 text"))
}

fn main() -> ExitCode {
    // Wrong arguments: clap's message and the usage, exit status 2
    // (`--help` and `--version` exit 0).
    let cli = Cli::parse();
    if let Err(e) = check(&cli) {
        e.exit();
    }
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("loupe: {message}");
            ExitCode::from(2)
        }
    }
}

/// What clap cannot say of the arguments: `export`'s combinations.
fn check(cli: &Cli) -> Result<(), clap::Error> {
    let Command::Export(args) = &cli.command else {
        return Ok(());
    };
    let formats = args.what.formats();
    let message = if !formats.contains(&args.format) {
        let names: Vec<String> = formats.iter().map(name).collect();
        format!(
            "--what {} is written as {}, not {}",
            name(&args.what),
            names.join(" or "),
            name(&args.format)
        )
    } else if args.query.is_some() && args.what != What::Results {
        format!("--query is for --what results, not {}", name(&args.what))
    } else {
        return Ok(());
    };
    let mut cli = Cli::command();
    cli.build();
    Err(match cli.find_subcommand_mut("export") {
        Some(export) => export.error(ErrorKind::ArgumentConflict, message),
        None => cli.error(ErrorKind::ArgumentConflict, message),
    })
}

/// The name of a value as typed on the command line.
fn name<T: ValueEnum>(value: &T) -> String {
    value
        .to_possible_value()
        .map(|v| v.get_name().to_owned())
        .unwrap_or_default()
}

/// Reads the corpus at `path`; nothing is skipped without a line saying so.
fn load(path: &Path, skip_bad: bool) -> Result<Corpus, String> {
    let loaded = load_corpus(path, LoadOptions { skip_bad }).map_err(|e| e.to_string())?;
    for note in &loaded.notes {
        eprintln!("loupe: {}", safe(&note.to_string()));
    }
    Ok(loaded.corpus)
}

fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Search(args) => {
            let corpus = args.corpus.load()?;
            let results = corpus.search(&args.query, &args.ranking.options());
            if args.json {
                emit(&format!("{}\n", export::results_json(&corpus, &results)));
            } else {
                emit(&readable(&corpus, &results));
            }
        }
        Command::Entities(args) => {
            let recognizer = Recognizer::new(knowledge_base(&args.kb)?);
            let mut out = String::new();
            for file in &args.files {
                let (name, text, published) = read_article(file)?;
                entity_lines(
                    &mut out,
                    &name,
                    &text,
                    &recognizer,
                    published,
                    args.format == Lines::Jsonl,
                );
            }
            emit(&out);
        }
        Command::Relations(args) => {
            let jsonl = args.format == Lines::Jsonl;
            if let Some(corpus) = &args.corpus {
                emit(&relation_lines(&load(corpus, args.skip_bad)?, jsonl));
                return Ok(());
            }
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
                out.push_str(&relation_lines(&one, jsonl));
            }
            emit(&out);
        }
        Command::List(corpus) => emit(&list(&corpus.load()?)),
        Command::Export(args) => {
            let corpus = args.corpus.load()?;
            let text = match (args.what, args.format) {
                (What::Results, format) => {
                    let results = corpus.search(args.query.as_deref().unwrap_or(""), &args.ranking.options());
                    if format == Format::Json {
                        format!("{}\n", export::results_json(&corpus, &results))
                    } else {
                        export::results_csv(&corpus, &results)
                    }
                }
                (What::Entities, _) => export::entities_csv(&corpus),
                (What::Mentions, _) => export::mentions_csv(&corpus),
                (What::Relations, Format::Jsonl) => export::relations_jsonl(&corpus),
                (What::Relations, _) => export::relations_csv(&corpus),
            };
            emit(&text);
        }
        Command::Snapshot(args) => {
            let out = &args.out;
            let corpus = args.corpus.load()?;
            // Never onto an article of the corpus being read, nor onto its JSONL file.
            if let Ok(target) = out.canonicalize() {
                if args.corpus.corpus.canonicalize().is_ok_and(|c| c == target) {
                    return Err(format!(
                        "refusing to write the snapshot over the corpus {}",
                        out.display()
                    ));
                }
                for doc in &corpus.docs {
                    if args
                        .corpus
                        .corpus
                        .join(&doc.file)
                        .canonicalize()
                        .is_ok_and(|a| a == target)
                    {
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
        }
        Command::Site(args) => site(&args)?,
    }
    Ok(())
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

/// One line per mention: JSON (`--format jsonl`, the shape in the module
/// docs) or an aligned table.
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
            out.push_str(&export::json(&MentionLine {
                doc,
                start,
                end: chars,
                byte_start: m.range.start,
                byte_end: m.range.end,
                text: shown,
                kind: m.kind.as_str(),
                canonical: &m.canonical,
                source: m.source.as_str(),
            }));
            out.push('\n');
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

/// One line of `entities --format jsonl`, its fields in the documented order.
#[derive(Serialize)]
struct MentionLine<'a> {
    doc: &'a str,
    start: usize,
    end: usize,
    byte_start: usize,
    byte_end: usize,
    text: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    canonical: &'a str,
    source: &'a str,
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
fn site(args: &SiteArgs) -> Result<(), String> {
    let out = &args.out;
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
    let out_abs = check_out(out, &app, &args.corpus.corpus)?;

    let corpus = args.corpus.load()?;
    let mentions: usize = corpus.entities.mentions.iter().map(<[_]>::len).sum();
    eprintln!(
        "loupe: read {} articles from {}",
        corpus.docs.len(),
        args.corpus.corpus.display()
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
                "  corpus        sharded: {} files, {total} bytes ({} dictionary, {} postings, {} id, {} article files)\n",
                parts.len(),
                count("dict"),
                count("post"),
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
    fn the_arguments_are_consistently_declared() {
        Cli::command().debug_assert();
    }

    #[test]
    fn placeholders_are_found_wherever_they_are() {
        assert_eq!(find_all(b"abcabc", b"bc"), [1, 4]);
        assert!(find_all(b"ab", b"abc").is_empty());
    }
}
