//! The corpus embedded at build time: `build.rs` writes the snapshot into
//! `OUT_DIR` and the browser only decodes it.

use loupe_engine::{snapshot, Corpus};
use std::rc::Rc;

/// Snapshot bytes written by `build.rs` from `seeds/`.
pub static SNAPSHOT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/corpus.snapshot"));

/// The embedded corpus.
///
/// The bytes come from the same engine in the same build, so a failure here is
/// a build bug, not bad input: this is the one `expect` the app allows, and
/// `tests/embedded.rs` checks it holds.
#[allow(clippy::expect_used)]
pub fn embedded() -> Rc<Corpus> {
    Rc::new(snapshot::decode(SNAPSHOT).expect("the embedded snapshot is written by build.rs with this engine version"))
}
