//! Loupe's engine: everything about the corpus that does not need a browser.
//!
//! The pipeline has two ends. At build time (feature `fs`, on by default) a
//! directory of plain-text articles and its `catalog.toml` are read into a
//! [`Corpus`], which [`snapshot::encode`] turns into deterministic, versioned
//! bytes. In the browser the app embeds those bytes and calls
//! [`snapshot::decode`]; nothing else runs there.
//!
//! ```
//! use loupe_engine::{snapshot, Corpus, Document};
//!
//! let doc = Document::from_text("a", "a.txt", "Orange rachète Cloudwatt.\n\nFin.".into());
//! let corpus = Corpus::new(vec![doc]);
//! let bytes = snapshot::encode(&corpus).unwrap();
//! assert_eq!(snapshot::decode(&bytes).unwrap(), corpus);
//! ```

pub mod analysis;
pub mod base64;
pub mod cite;
mod corpus;
mod date;
mod document;
pub mod entities;
pub mod fuzzy;
pub mod index;
mod layout;
pub mod markup;
pub mod network;
pub mod offsets;
pub mod overview;
pub mod ownership;
pub mod query;
pub mod relations;
pub mod search;
pub mod shards;
pub mod snapshot;
pub mod snippet;
pub mod sort;
pub mod views;
mod words;

#[cfg(feature = "fs")]
pub mod catalog;
// The page's downloads, made in the import worker (which reads files, so
// has `fs`) and by the command line, never in the app.
#[cfg(feature = "fs")]
pub mod export;
#[cfg(feature = "fs")]
pub mod import;
#[cfg(feature = "fs")]
mod jsonl;
#[cfg(feature = "fs")]
mod load;

pub use corpus::{Corpus, Summary};
pub use date::{DateError, PubDate};
pub use document::{Block, BlockKind, Document};
pub use layout::excerpt;
pub use words::word_count;

#[cfg(feature = "fs")]
pub use jsonl::{is_jsonl, load_jsonl};
#[cfg(feature = "fs")]
pub use load::{decode_text, load_corpus, load_dir, load_dir_with, LoadError, LoadOptions, Loaded, Note};
