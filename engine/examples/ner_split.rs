//! Writes a split of the annotated news (`data/ner/dev` or `data/ner/test`)
//! as plain articles and a gold JSONL, for tools that read text files (the
//! spaCy comparison of docs/QUALITY.md):
//!
//! ```sh
//! cargo run -p loupe-engine --example ner_split -- dev /tmp/dev
//! # /tmp/dev/*.txt, /tmp/dev/gold.jsonl, /tmp/dev/subjects.tsv
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)] // a developer's command-line tool

use loupe_engine::entities::eval::parse_inline;
use loupe_engine::offsets::CodePoints;
use std::fmt::Write as _;
use std::path::Path;

fn json(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [split, out] = args.as_slice() else {
        eprintln!("usage: ner_split dev|test OUT_DIR");
        std::process::exit(2);
    };
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/ner");
    let out = Path::new(out);
    std::fs::create_dir_all(out).unwrap();
    let mut subjects = String::new();
    for line in std::fs::read_to_string(data.join("manifest.tsv"))
        .unwrap()
        .lines()
        .skip(1)
    {
        let cols: Vec<&str> = line.split('\t').collect();
        if let Some(file) = cols[0].strip_prefix(&format!("{split}/")) {
            let _ = writeln!(subjects, "{}\t{}", file.replace(".ann.txt", ".txt"), cols[1]);
        }
    }
    let mut gold = String::new();
    let mut files: Vec<_> = std::fs::read_dir(data.join(split))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().replace(".ann.txt", ".txt");
        let a = parse_inline(&std::fs::read_to_string(&path).unwrap()).unwrap();
        std::fs::write(out.join(&name), &a.text).unwrap();
        let mut points = CodePoints::new(&a.text);
        for (r, kind) in &a.mentions {
            let (start, end) = (points.at(r.start), points.at(r.end));
            let _ = writeln!(
                gold,
                "{{\"doc\": {}, \"start\": {start}, \"end\": {end}, \"byte_start\": {}, \"byte_end\": {}, \"text\": {}, \"type\": \"{kind}\", \"canonical\": {}, \"source\": \"gold\"}}",
                json(&name),
                r.start,
                r.end,
                json(&a.text[r.clone()]),
                json(&a.text[r.clone()])
            );
        }
    }
    std::fs::write(out.join("gold.jsonl"), gold).unwrap();
    std::fs::write(out.join("subjects.tsv"), subjects).unwrap();
}
