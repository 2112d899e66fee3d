//! The engine as a JavaScript object, for the side-by-side browser benchmark
//! (bench/browser.mjs). The index is built in the browser, like the other
//! libraries' indexes, so build times compare.

use loupe_engine::search::Options;
use loupe_engine::{Corpus, Document};
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

    /// Ids of the documents matching a query, best first.
    pub fn ids(&self, query: &str) -> Vec<String> {
        let options = Options {
            limit: usize::MAX,
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
