//! The seed corpus as the app reads it, checked natively: the snapshot
//! decodes with the app's decoder, it is exactly what `seeds/` says, and the
//! base64 the app reads from `loupe.html` gives the same bytes back.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

mod support;

use std::path::Path;

#[test]
fn the_page_carried_corpus_decodes_to_the_same_bytes() {
    let text = support::base64(support::SEEDS);
    assert_eq!(loupe_engine::base64::decode(&text).as_deref(), Some(support::SEEDS));
    assert_eq!(loupe::corpus::decode(support::SEEDS), Ok(support::seeds()));
    assert_eq!(
        loupe::corpus::decode(b"not a snapshot"),
        Err(loupe::corpus::Failure::Unreadable)
    );
}

#[test]
fn embedded_snapshot_decodes_to_the_seed_corpus() {
    let embedded = support::seeds();
    let seeds = loupe_engine::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")).unwrap();
    assert_eq!(embedded, seeds);
    assert_eq!(embedded.docs.len(), 5);
    let summary = embedded.summary();
    assert_eq!(
        summary.span.map(|(a, b)| (a.to_string(), b.to_string())),
        Some(("2015-01".into(), "2016-02".into()))
    );
}

#[test]
fn seed_catalog_carries_what_the_shared_catalog_establishes() {
    let corpus = support::seeds();
    let doc = |id: &str| corpus.doc(id).unwrap();
    let d = doc("004_4aea2465524ab3c5");
    assert_eq!(
        (d.publication.as_deref(), d.title.as_str(), d.title_derived),
        (Some("LeMagIT"), "SFR rachète la totalité de Numergy", false)
    );
    // "2 ou 3 décembre 2015, probablement le 3".
    assert_eq!(d.date.unwrap().to_string(), "2015-12-03");
    assert!(d.date_approximate);
    let d = doc("003_4db2dbfe3363038d");
    assert_eq!(
        (d.publication.as_deref(), d.title.as_str()),
        (Some("Solutions Numériques"), "Orange veut récupérer 100 % de Cloudwatt")
    );
    assert!(!d.title_derived && d.publication_certain && d.date_approximate);
    assert_eq!(d.date.unwrap().to_string(), "2015-01-13");
    // An IT Social opinion piece ("Tribune"), its title read from its address.
    let d = doc("002_f99381933566daf5");
    assert_eq!(
        (d.publication.as_deref(), d.source.as_deref(), d.title_derived),
        (Some("IT Social"), Some("itsocial"), false)
    );
    assert!(d.title.starts_with("Tribune : "), "{}", d.title);
    assert!(corpus.docs.iter().all(|d| d.date.is_some() && d.date_basis.is_some()));
    assert!(corpus
        .docs
        .iter()
        .all(|d| d.url.as_deref().is_some_and(|u| u.starts_with("https://"))));
}

/// `seeds/` keeps byte-identical copies of the shared corpus.
#[test]
fn seeds_are_byte_identical_to_the_shared_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/seeds");
    if !shared.is_dir() {
        eprintln!("note: {} is absent; nothing to compare against", shared.display());
        return;
    }
    let mut compared = 0;
    for entry in std::fs::read_dir(&shared).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let name = path.file_name().unwrap();
            let ours = std::fs::read(root.join("seeds").join(name)).unwrap_or_default();
            assert!(
                ours == std::fs::read(&path).unwrap(),
                "seeds/{} differs from the shared copy",
                name.to_string_lossy()
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 5);
}
