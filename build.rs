//! Turns `seeds/` into a snapshot for the app's tests (`tests/support`):
//! the app itself carries no corpus (a site gives it `corpus.loupe`).

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=seeds");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let seeds = Path::new(&manifest).join("seeds");
    let corpus = match loupe_engine::load_dir(&seeds) {
        Ok(corpus) => corpus,
        Err(e) => {
            // A readable message instead of a backtrace: this is a data mistake, not a bug.
            eprintln!("error: the corpus cannot be built: {e}");
            std::process::exit(1);
        }
    };
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    let out = Path::new(&out_dir).join("corpus.snapshot");
    let bytes = match loupe_engine::snapshot::encode(&corpus) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("error: the corpus cannot be encoded: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = std::fs::write(&out, bytes) {
        eprintln!("error: cannot write {}: {e}", out.display());
        std::process::exit(1);
    }
}
