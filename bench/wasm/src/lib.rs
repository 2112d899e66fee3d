//! The engine as a JavaScript object, for the side-by-side browser benchmark
//! (bench/browser.mjs). The index is built in the browser, like the other
//! libraries' indexes, so build times compare.
//!
//! Two ways in: [`Bench::new`] indexes bare documents (the speed tables), and
//! [`Bench::directory`] / [`Bench::jsonl`] read a corpus the way the native
//! loaders do (`load_dir`, `load_jsonl`: catalog titles and dates, the
//! entities of `entities.toml`, the recognizer's patterns and learned
//! model), for the judged queries (`node bench/browser.mjs --judged`), whose
//! figures must be the relevance test's (engine/tests/relevance.rs).
//!
//! The engine's `fs` feature is on (as in the page's import worker) for its
//! TOML and JSON readers only: nothing here touches a file system.

use loupe_engine::catalog::Catalog;
use loupe_engine::entities::{kb::KnowledgeBase, Recognizer};
use loupe_engine::import;
use loupe_engine::search::Options;
use loupe_engine::{Corpus, Document};
use std::path::Path;
use wasm_bindgen::prelude::*;

/// An indexed corpus.
#[wasm_bindgen]
pub struct Bench {
    corpus: Corpus,
}

#[wasm_bindgen]
impl Bench {
    /// Indexes documents given as three parallel arrays.
    #[wasm_bindgen(constructor)]
    pub fn new(ids: Vec<String>, titles: Vec<String>, texts: Vec<String>) -> Bench {
        let docs = ids
            .into_iter()
            .zip(titles)
            .zip(texts)
            .map(|((id, title), text)| {
                let mut doc = Document::from_text(&id, &format!("{id}.txt"), text);
                doc.title = title;
                doc.title_derived = false;
                doc
            })
            .collect();
        Bench {
            corpus: Corpus::new(docs),
        }
    }

    /// A directory of articles as `load_dir` reads it: the `.txt` files
    /// (`files` their names, `texts` their contents), the text of its
    /// `catalog.toml` and of its `entities.toml` (each "" when there is
    /// none). Each article gets its catalog entry's title, date, publication,
    /// source and address, and is laid out again with its title (as the
    /// catalog's title does in `load_dir`); its entities are recognized.
    ///
    /// One difference: a photo credit that the catalog names but the layout
    /// would not find by its look is not marked here (the engine lays a text
    /// out with a catalog credit only while reading a directory); seeds/
    /// names one, "buchachon - Fotolia", which the layout finds anyway.
    pub fn directory(files: Vec<String>, texts: Vec<String>, catalog: &str, entities: &str) -> Result<Bench, String> {
        let catalog = Catalog::parse(Path::new("catalog.toml"), catalog).map_err(|e| e.to_string())?;
        let docs: Vec<Document> = files
            .into_iter()
            .zip(texts)
            .map(|(file, text)| {
                let id = file.strip_suffix(".txt").unwrap_or(&file).to_owned();
                let mut doc = Document::from_text(&id, &file, text);
                if let Some(entry) = catalog.entries.get(&file) {
                    doc.publication.clone_from(&entry.publication);
                    doc.source.clone_from(&entry.source);
                    doc.date = entry.date;
                    doc.url.clone_from(&entry.url);
                    if let Some(title) = &entry.title {
                        doc.title.clone_from(title);
                        doc.title_derived = entry.title_derived;
                    }
                }
                doc
            })
            .collect();
        // Read back as JSONL (`import::to_jsonl` gives what `read_file`
        // reads back as the same articles): a given title lays the text out
        // again, marking its title line and lead, as `load_dir` does.
        Bench::jsonl(&import::to_jsonl(&docs), entities)
    }

    /// A JSONL corpus as `load_jsonl` reads it (one article per line, the
    /// fields of `crate::jsonl`), with the text of the `entities.toml`
    /// beside it ("" when there is none): its entities are recognized.
    pub fn jsonl(text: &str, entities: &str) -> Result<Bench, String> {
        let read = import::read_file("corpus.jsonl", text.as_bytes());
        if let Some(problem) = read.problems.first() {
            return Err(problem.message_en());
        }
        let kb = if entities.trim().is_empty() {
            KnowledgeBase::default()
        } else {
            KnowledgeBase::parse(Path::new("entities.toml"), entities).map_err(|e| e.to_string())?
        };
        Ok(Bench {
            corpus: Corpus::annotated(read.docs, &Recognizer::new(kb)),
        })
    }

    /// Number of entities recognized.
    pub fn entities(&self) -> usize {
        self.corpus.entities.entities.len()
    }

    /// Ids of the documents matching a query, best first.
    pub fn ids(&self, query: &str) -> Vec<String> {
        self.first(query, usize::MAX)
    }

    /// Ids of the first `limit` documents matching a query, best first, as
    /// the results page asks for them (those hits also get highlights and a
    /// snippet).
    pub fn first(&self, query: &str, limit: usize) -> Vec<String> {
        let options = Options {
            limit,
            ..Options::default()
        };
        let results = self.corpus.search(query, &options);
        results
            .hits
            .iter()
            .map(|h| self.corpus.docs[h.doc].id.clone())
            .collect()
    }

    /// Runs a query; returns the number of matching documents. `limit` hits
    /// get highlights and a snippet (0: ranking only).
    pub fn search(&self, query: &str, limit: usize) -> usize {
        self.corpus
            .search(
                query,
                &Options {
                    limit,
                    ..Options::default()
                },
            )
            .total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Bench::directory` reads seeds/ into the corpus `load_dir` reads
    /// (the one the app embeds and the relevance test ranks), apart from the
    /// fields that only the catalog and a file system give and no search reads.
    #[test]
    fn a_directory_is_read_as_load_dir_reads_it() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
        let native = loupe_engine::load_dir(&dir).unwrap();
        let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
        let files: Vec<String> = native.docs.iter().map(|d| d.file.clone()).collect();
        let texts = files.iter().map(|f| read(f)).collect();
        let mut corpus = Bench::directory(files, texts, &read("catalog.toml"), &read("entities.toml"))
            .unwrap()
            .corpus;
        assert!(!corpus.entities.entities.is_empty());
        for (doc, want) in corpus.docs.iter_mut().zip(&native.docs) {
            doc.file.clone_from(&want.file);
            doc.publication_certain = want.publication_certain;
            doc.date_approximate = want.date_approximate;
            doc.date_basis.clone_from(&want.date_basis);
        }
        assert_eq!(corpus, native);
    }

    /// `Bench::jsonl` reads a JSONL corpus into the corpus `load_jsonl` reads.
    #[test]
    fn jsonl_is_read_as_load_jsonl_reads_it() {
        let seeds = loupe_engine::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds")).unwrap();
        let text = import::to_jsonl(&seeds.docs);
        // A directory of its own: load_jsonl reads an entities.toml beside the file.
        let dir = std::env::temp_dir().join(format!("loupe-bench-wasm-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("corpus.jsonl");
        std::fs::write(&path, &text).unwrap();
        let native = loupe_engine::load_jsonl(&path, loupe_engine::LoadOptions::default());
        std::fs::remove_dir_all(&dir).unwrap();
        let corpus = Bench::jsonl(&text, "").unwrap().corpus;
        assert_eq!(corpus, native.unwrap().corpus);
    }
}
