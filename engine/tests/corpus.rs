//! Loading corpus directories and their catalogs, end to end.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

use loupe_engine::{load_dir, BlockKind, LoadError};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// A scratch corpus directory under the target dir, emptied first.
fn scratch(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, bytes) in files {
        std::fs::write(dir.join(file), bytes).unwrap();
    }
    dir
}

#[test]
fn catalog_metadata_is_applied_and_missing_entries_get_defaults() {
    let corpus = load_dir(&fixture("mini")).unwrap();
    let a = corpus.doc("a").unwrap();
    assert_eq!(a.title, "SFR rachète Numergy");
    assert!(!a.title_derived);
    assert_eq!(a.publication.as_deref(), Some("LeMagIT"));
    assert_eq!(a.source.as_deref(), Some("lemagit"));
    assert_eq!(a.date.unwrap().to_string(), "2015-12");
    assert_eq!(
        a.url.as_deref(),
        Some("https://lemagit.fr/actualites/4500259920/SFR-rachete-la-totalite-de-Numergy")
    );
    let kinds: Vec<BlockKind> = a.blocks.iter().map(|b| b.kind).collect();
    use BlockKind::*;
    assert_eq!(kinds, [Credit, Title, Lead, Paragraph, Heading, Paragraph]);

    let b = corpus.doc("b").unwrap();
    assert_eq!(b.title, "Un article sans entrée au catalogue");
    assert!(b.title_derived);
    assert_eq!((b.publication.as_deref(), b.date, b.url.as_deref()), (None, None, None));
}

fn seeds() -> loupe_engine::Corpus {
    load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds")).unwrap()
}

/// Names inside a block, and names of the entities mentioned there.
fn names_in(corpus: &loupe_engine::Corpus, doc: usize, kind: BlockKind) -> Vec<String> {
    let d = &corpus.docs[doc];
    corpus
        .entities
        .of(doc)
        .iter()
        .filter(|m| {
            d.blocks
                .iter()
                .any(|b| b.kind == kind && b.range.start < m.range.end && m.range.start < b.range.end)
        })
        .map(|m| corpus.entities.entities[m.entity as usize].name.clone())
        .collect()
}

#[test]
fn the_catalog_credit_of_a_seed_is_not_among_its_people() {
    let corpus = seeds();
    let n = corpus.docs.iter().position(|d| d.id == "004_4aea2465524ab3c5").unwrap();
    let doc = &corpus.docs[n];
    let credit: Vec<&str> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Credit)
        .map(|b| doc.block_text(b))
        .collect();
    assert_eq!(credit, ["buchachon - Fotolia"]);
    // The recognizer still sees the names (its model is unchanged)…
    let recognizer = loupe_engine::entities::Recognizer::new(
        loupe_engine::entities::kb::KnowledgeBase::parse(
            "entities.toml".as_ref(),
            &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds/entities.toml")).unwrap(),
        )
        .unwrap(),
    );
    let seen: Vec<&str> = recognizer
        .recognize(&doc.text)
        .into_iter()
        .filter(|m| m.range.end <= "buchachon - Fotolia".len())
        .map(|m| &doc.text[m.range])
        .collect();
    assert_eq!(seen, ["buchachon", "Fotolia"]);
    // …but they are not the article's mentions, nor entities of the corpus.
    assert!(names_in(&corpus, n, BlockKind::Credit).is_empty());
    assert!(corpus.entities.resolve("buchachon").is_empty());
    assert!(corpus.entities.resolve("Fotolia").is_empty());
    assert!(!names_in(&corpus, n, BlockKind::Paragraph).is_empty());
}

#[test]
fn credit_lines_without_a_catalog_entry_are_not_mentions_either() {
    let dir = scratch(
        "credits",
        &[
            (
                "a.txt",
                "Crédit photo : Didier Renard\n\nDidier Renard préside Tasker, dit Jean Dupont.\n\nSuite.\n".as_bytes(),
            ),
            ("b.txt", "Jean Dupont / AFP\n\nOrange rachète Cloudwatt.\n".as_bytes()),
            (
                "entities.toml",
                b"[[entity]]\nname = \"Didier Renard\"\ntype = \"PER\"\n\n[[entity]]\nname = \"Jean Dupont\"\ntype = \"PER\"\n",
            ),
        ],
    );
    let corpus = load_dir(&dir).unwrap();
    let (a, b) = (&corpus.docs[0], &corpus.docs[1]);
    assert_eq!(a.blocks[0].kind, BlockKind::Credit);
    assert_eq!(b.blocks[0].kind, BlockKind::Credit);
    // Each person is counted once: in a's text, never in a credit line.
    for name in ["Didier Renard", "Jean Dupont"] {
        let found = corpus.entities.resolve(name);
        assert_eq!(found.len(), 1, "{name}");
        let mentions: Vec<usize> = (0..corpus.docs.len())
            .map(|d| corpus.entities.of(d).iter().filter(|m| m.entity == found[0]).count())
            .collect();
        assert_eq!(mentions, [1, 0], "{name}");
    }
    assert!(names_in(&corpus, 0, BlockKind::Credit).is_empty());
    assert!(names_in(&corpus, 1, BlockKind::Credit).is_empty());
    // The derived titles come from the text, not from the credit.
    assert_eq!(b.title, "Orange rachète Cloudwatt");
}

#[test]
fn text_is_kept_byte_identical() {
    let corpus = load_dir(&fixture("mini")).unwrap();
    let on_disk = std::fs::read_to_string(fixture("mini/a.txt")).unwrap();
    assert_eq!(corpus.doc("a").unwrap().text, on_disk);
}

#[test]
fn a_malformed_catalog_is_reported_with_file_and_line() {
    let dir = scratch(
        "malformed",
        &[
            ("a.txt", b"Texte."),
            ("catalog.toml", b"[[article]]\nfile = \"a.txt\"\n\ndate = 2015-01\n"),
        ],
    );
    let err = load_dir(&dir).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, LoadError::Catalog(ref e) if e.line == 4), "{message}");
    assert!(
        message.starts_with(&format!("{}:4:", dir.join("catalog.toml").display())),
        "{message}"
    );
}

#[test]
fn a_catalog_entry_for_a_missing_file_is_an_error() {
    let dir = scratch(
        "unknown",
        &[
            ("a.txt", b"Texte."),
            (
                "catalog.toml",
                b"[[article]]\nfile = \"a.txt\"\n\n[[article]]\nfile = \"zz.txt\"\n",
            ),
        ],
    );
    let message = load_dir(&dir).unwrap_err().to_string();
    assert!(
        message.contains("catalog.toml:5: the catalog describes zz.txt"),
        "{message}"
    );
}

#[test]
fn latin1_articles_are_decoded_and_binary_ones_and_empty_directories_refused_clearly() {
    let dir = scratch("latin1", &[("a.txt", b"caf\xe9")]);
    let loaded = loupe_engine::load_dir_with(&dir, Default::default()).unwrap();
    assert_eq!(loaded.corpus.docs[0].text, "café");
    assert_eq!(loaded.notes.len(), 1);
    assert!(loaded.notes[0]
        .to_string()
        .ends_with("a.txt: read as windows-1252 (not UTF-8)"));

    let dir = scratch("binary", &[("a.txt", b"\x00\x01\x02ELF"), ("b.txt", b"ok")]);
    let message = load_dir(&dir).unwrap_err().to_string();
    assert!(message.contains("a.txt: binary content"), "{message}");

    let dir = scratch("empty", &[("notes.md", b"# pas un article")]);
    assert!(matches!(load_dir(&dir), Err(LoadError::NoArticles { .. })));
    assert!(matches!(load_dir(&dir.join("absent")), Err(LoadError::Io { .. })));
}

#[test]
fn a_knowledge_base_beside_the_articles_annotates_them() {
    let corpus = load_dir(&fixture("mini")).unwrap();
    let a = corpus.docs.iter().position(|d| d.id == "a").unwrap();
    let text = &corpus.docs[a].text;
    let found: Vec<(&str, &str, &str)> = corpus
        .entities
        .of(a)
        .iter()
        .map(|m| {
            let e = &corpus.entities.entities[m.entity as usize];
            (&text[m.range.clone()], e.kind.as_str(), e.name.as_str())
        })
        .collect();
    assert_eq!(
        found,
        [
            ("SFR", "ORG", "SFR"),
            ("Numergy", "ORG", "Numergy"),
            ("33 %", "PERCENT", "33 %"),
            ("État", "ORG", "État français")
        ]
    );
    assert_eq!(
        corpus.entities.by_id("numergy").map(|(_, e)| e.description.as_deref()),
        Some(Some("Cloud souverain."))
    );
    assert_eq!(
        corpus.entities.resolve("etat"),
        corpus.entities.resolve("État français"),
        "any alias, any accents"
    );
}
