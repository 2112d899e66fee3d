//! The entity network ([`loupe_engine::network`]) on a large corpus: load
//! time, then the network's build time and its markup's time and size.
//!
//! `cargo run --release -p loupe-engine --example network_bench -- CORPUS.jsonl [TIMES]`
//!
//! With `TIMES`, the loaded corpus is also repeated that many times in
//! memory (documents, mentions and relations; recognition is not run
//! again) and the build timed on that: 10 000 generated articles ×10 is
//! the 100 000 articles and ~2 M mentions the engine must handle.
//!
//! The JSONL corpus (`gen_corpus` writes one) is read with
//! [`loupe_engine::load_jsonl`], which recognizes entities with the
//! `entities.toml` beside it when there is one (copy `seeds/entities.toml`
//! there for the knowledge base's names), and the learned recognizer
//! either way.
//!
//! `network_bench -- page [DIR] OUT.html` instead writes a page showing the
//! network of a corpus, a directory or a JSONL file (default: the seeds), with the site's
//! style sheet, `OUT.html` beside nothing else: a look at the drawing in a
//! browser (`--en`, `--dark` choose the page's language and theme).
#![allow(clippy::unwrap_used, clippy::expect_used)] // an example

use loupe_engine::network::{build, Limits};
use loupe_engine::{load_corpus, load_jsonl, Corpus, LoadOptions};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn gzip_len(s: &str) -> usize {
    use std::io::Write;
    let mut z = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(s.as_bytes()).unwrap();
    z.finish().unwrap().len()
}

/// `corpus` `times` over: its documents, their mentions and relations
/// (the index is left empty: the network does not read it).
fn repeated(corpus: &Corpus, times: usize) -> Corpus {
    let n = corpus.docs.len();
    let mut out = Corpus::default();
    out.entities.entities = corpus.entities.entities.clone();
    let mut lists = Vec::new();
    for t in 0..times {
        out.docs.extend(corpus.docs.iter().map(|d| {
            let mut d = d.clone();
            d.id = format!("{}-{t}", d.id);
            d
        }));
        lists.extend(corpus.entities.mentions.iter().map(<[_]>::to_vec));
        out.relations.extend(corpus.relations.iter().map(|r| {
            let mut r = r.clone();
            r.doc += t * n;
            r
        }));
    }
    out.entities.mentions = lists.into();
    out
}

fn page(args: &[String]) {
    let flags = |f: &str| args.iter().any(|a| a == f);
    let plain: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let (dir, out) = match plain.as_slice() {
        [out] => (
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds"),
            PathBuf::from(out),
        ),
        [dir, out, ..] => (PathBuf::from(dir), PathBuf::from(out)),
        [] => panic!("network_bench page [DIR] OUT.html"),
    };
    let corpus = load_corpus(&dir, LoadOptions::default()).unwrap().corpus;
    let net = build(&corpus, &Limits::default());
    let markup = net.markup(&corpus);
    let style = Path::new(env!("CARGO_MANIFEST_DIR")).join("../style.css");
    let html = format!(
        "<!doctype html><html lang=\"{}\" data-theme=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><link rel=\"stylesheet\" href=\"{}\"></head>\
         <body><main style=\"max-width:68rem;margin:auto;padding:1rem\">{markup}</main></body></html>",
        if flags("--en") { "en" } else { "fr" },
        if flags("--dark") { "dark" } else { "light" },
        style.canonicalize().unwrap().display()
    );
    std::fs::write(&out, html).unwrap();
    println!(
        "{} nodes, {} edges; markup {} bytes, {} gzipped",
        net.nodes.len(),
        net.edges.len(),
        markup.len(),
        gzip_len(&markup)
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("page") {
        page(&args[1..]);
        return;
    }
    let path = PathBuf::from(args.first().expect("network_bench CORPUS.jsonl [TIMES]"));
    let times: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1);
    let t = Instant::now();
    let corpus = load_jsonl(&path, LoadOptions::default()).unwrap().corpus;
    let mentions: usize = corpus.entities.mentions.iter().map(<[_]>::len).sum();
    println!(
        "loaded {} articles, {} entities, {} mentions, {} relations in {:.2} s",
        corpus.docs.len(),
        corpus.entities.entities.len(),
        mentions,
        corpus.relations.len(),
        t.elapsed().as_secs_f64()
    );
    let limits = Limits::default();
    if times > 1 {
        let corpus = repeated(&corpus, times);
        let mentions: usize = corpus.entities.mentions.iter().map(<[_]>::len).sum();
        let t = Instant::now();
        let net = build(&corpus, &limits);
        println!(
            "×{times}: {} articles, {} mentions, {} relations: {} nodes, {} edges, built in {:.0} ms",
            corpus.docs.len(),
            mentions,
            corpus.relations.len(),
            net.nodes.len(),
            net.edges.len(),
            t.elapsed().as_secs_f64() * 1e3
        );
    }
    let mut best = f64::MAX;
    let mut net = build(&corpus, &limits);
    for _ in 0..3 {
        let t = Instant::now();
        net = build(&corpus, &limits);
        best = best.min(t.elapsed().as_secs_f64());
    }
    let t = Instant::now();
    let markup = net.markup(&corpus);
    let draw = t.elapsed().as_secs_f64();
    println!(
        "network: {} nodes, {} edges, built in {:.0} ms (best of 3); markup {:.0} ms, {} bytes, {} gzipped",
        net.nodes.len(),
        net.edges.len(),
        best * 1e3,
        draw * 1e3,
        markup.len(),
        gzip_len(&markup)
    );
}
