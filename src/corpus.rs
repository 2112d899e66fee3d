//! The corpus embedded at build time: `build.rs` writes the snapshot into
//! `OUT_DIR` and the browser only decodes it.

use loupe_engine::{snapshot, Corpus};
use std::rc::Rc;

/// Snapshot bytes written by `build.rs` from `seeds/`.
pub static SNAPSHOT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/corpus.snapshot"));

/// The embedded corpus.
///
/// The bytes come from the same engine in the same build, so a failure here is
/// a build bug, not bad input: this is the one panic the app allows, and
/// `tests/embedded.rs` checks it holds.
/// (The message names no error detail: formatting the error's debug form
/// would cost the app kilobytes of Unicode tables; `tests/embedded.rs` names it.)
#[allow(clippy::panic)]
pub fn embedded() -> Rc<Corpus> {
    match snapshot::decode(SNAPSHOT) {
        Ok(corpus) => Rc::new(corpus),
        Err(_) => panic!("the embedded snapshot is written by build.rs with this engine version"),
    }
}
