//! The snapshot format: golden bytes, determinism, round-trips, corrupted input.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

use loupe_engine::snapshot::{self, SnapshotError};
use loupe_engine::{load_dir, Block, BlockKind, Corpus, Document, PubDate};
use proptest::prelude::*;
use std::path::Path;

fn manifest(path: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The fixture corpus must encode to exactly the committed bytes: any change
/// to the format shows up here and must come with a FORMAT_VERSION bump.
/// Regenerate after a deliberate change with `LOUPE_BLESS=1 cargo test -p loupe-engine`.
#[test]
fn fixture_corpus_encodes_to_the_golden_bytes() {
    let bytes = snapshot::encode(&load_dir(&manifest("tests/fixtures/mini")).unwrap()).unwrap();
    let golden = manifest("tests/fixtures/mini.snapshot");
    if std::env::var_os("LOUPE_BLESS").is_some() {
        std::fs::write(&golden, &bytes).unwrap();
    }
    let want = std::fs::read(&golden).unwrap();
    assert_eq!(
        bytes, want,
        "snapshot bytes changed; bump FORMAT_VERSION if the layout changed"
    );
    assert_eq!(&want[..8], b"LOUPESNP");
    assert_eq!(u16::from_le_bytes([want[8], want[9]]), snapshot::FORMAT_VERSION);
}

#[test]
fn seed_snapshot_is_deterministic_and_round_trips() {
    let seeds = manifest("../seeds");
    let first = snapshot::encode(&load_dir(&seeds).unwrap()).unwrap();
    let second = snapshot::encode(&load_dir(&seeds).unwrap()).unwrap();
    assert_eq!(first, second);
    let corpus = snapshot::decode(&first).unwrap();
    assert_eq!(corpus.docs.len(), 5);
    assert_eq!(snapshot::encode(&corpus).unwrap(), first);
    // The relations travel with the corpus, evidence and all.
    assert_eq!(corpus, load_dir(&seeds).unwrap());
    assert!(corpus.relations.len() >= 30, "{} relations", corpus.relations.len());
}

#[test]
fn relations_naming_what_is_not_there_are_refused() {
    let mut corpus = load_dir(&manifest("../seeds")).unwrap();
    let good = corpus.relations[0].clone();
    for broken in [
        loupe_engine::relations::Relation {
            subject: 9_999,
            ..good.clone()
        },
        loupe_engine::relations::Relation { doc: 5, ..good.clone() },
        loupe_engine::relations::Relation {
            evidence: 0..1_000_000,
            ..good.clone()
        },
    ] {
        corpus.relations[0] = broken;
        // The encoder decodes what it wrote and refuses what the decoder would.
        assert!(snapshot::encode(&corpus).is_err());
    }
}

#[test]
fn document_order_does_not_depend_on_input_order() {
    let a = Document::from_text("a", "a.txt", "Un.".into());
    let b = Document::from_text("b", "b.txt", "Deux.".into());
    let forward = snapshot::encode(&Corpus::new(vec![a.clone(), b.clone()])).unwrap();
    let backward = snapshot::encode(&Corpus::new(vec![b, a])).unwrap();
    assert_eq!(forward, backward);
}

fn arb_date() -> impl Strategy<Value = Option<PubDate>> {
    prop_oneof![
        Just(None),
        (1900u16..2100).prop_map(|year| Some(PubDate {
            year,
            month: None,
            day: None
        })),
        (1900u16..2100, 1u8..=12, 1u8..=28).prop_map(|(year, m, d)| Some(PubDate {
            year,
            month: Some(m),
            day: Some(d)
        })),
    ]
}

prop_compose! {
    fn arb_doc()(
        id in "[a-z0-9_]{1,12}",
        text in "\\PC{0,200}",
        title in "\\PC{0,40}",
        publication in proptest::option::of("\\PC{0,20}"),
        url in proptest::option::of("https?://\\PC{0,30}"),
        date in arb_date(),
        flags in any::<(bool, bool, bool)>(),
        cuts in proptest::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), 0u8..5), 0..6),
    ) -> Document {
        let mut doc = Document::from_text(&id, &format!("{id}.txt"), text);
        doc.title = title;
        doc.publication = publication;
        doc.url = url;
        doc.date = date;
        (doc.title_derived, doc.publication_certain, doc.date_approximate) = flags;
        let boundaries: Vec<usize> = doc.text.char_indices().map(|(i, _)| i).chain([doc.text.len()]).collect();
        for (a, b, kind) in cuts {
            let (a, b) = (a.get(&boundaries), b.get(&boundaries));
            let kind = [BlockKind::Paragraph, BlockKind::Heading, BlockKind::Title, BlockKind::Lead, BlockKind::Credit][kind as usize];
            doc.blocks.push(Block { kind, range: *a.min(b)..*a.max(b) });
        }
        doc
    }
}

proptest! {
    #[test]
    fn any_corpus_round_trips(docs in proptest::collection::vec(arb_doc(), 0..4)) {
        let corpus = Corpus::new(docs);
        prop_assert_eq!(snapshot::decode(&snapshot::encode(&corpus).unwrap()).unwrap(), corpus);
    }

    #[test]
    fn corrupted_bytes_give_an_error_never_a_panic(
        docs in proptest::collection::vec(arb_doc(), 1..3),
        flips in proptest::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 1..4),
    ) {
        let original = snapshot::encode(&Corpus::new(docs)).unwrap();
        let mut bytes = original.clone();
        for (at, mask) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= mask;
        }
        prop_assume!(bytes != original, "two flips of one byte cancelled out");
        prop_assert!(snapshot::decode(&bytes).is_err());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = snapshot::decode(&bytes);
    }

    /// Past the checksum, a payload with a bad field is still refused cleanly:
    /// rewrite the checksum after corrupting so the decoder's own checks run.
    #[test]
    fn corrupt_payload_with_valid_checksum_never_panics(
        docs in proptest::collection::vec(arb_doc(), 1..3),
        at in any::<prop::sample::Index>(),
        mask in 1u8..=255,
    ) {
        let mut bytes = snapshot::encode(&Corpus::new(docs)).unwrap();
        let payload = 14..bytes.len() - 4;
        let i = payload.start + at.index(payload.len());
        bytes[i] ^= mask;
        let body = bytes.len() - 4;
        let crc = snapshot::crc32(&bytes[..body]).to_le_bytes();
        bytes[body..].copy_from_slice(&crc);
        let whole = snapshot::decode(&bytes);
        // A slice at a time, the same checks give the same answer.
        prop_assert_eq!(stepped(&bytes, 7), whole);
    }

    #[test]
    fn a_snapshot_decoded_a_slice_at_a_time_is_the_snapshot_decoded_whole(
        docs in proptest::collection::vec(arb_doc(), 0..4),
        budget in 1usize..400,
    ) {
        let corpus = Corpus::new(docs);
        let bytes = snapshot::encode(&corpus).unwrap();
        prop_assert_eq!(stepped(&bytes, budget), Ok(corpus));
    }
}

/// [`snapshot::Decoding`] with steps of `budget` bytes, to its end.
fn stepped(bytes: &[u8], budget: usize) -> Result<Corpus, SnapshotError> {
    let mut decoding = snapshot::Decoding::new(bytes.to_vec())?;
    loop {
        if let Some(corpus) = decoding.step(budget)? {
            return Ok(corpus);
        }
    }
}

#[test]
fn the_seeds_decoded_in_small_steps_take_many_steps_and_give_the_corpus() {
    let bytes = snapshot::encode(&load_dir(&manifest("../seeds")).unwrap()).unwrap();
    let whole = snapshot::decode(&bytes).unwrap();
    let mut steps_by_budget = Vec::new();
    for budget in [1, 64, 4096, usize::MAX] {
        let mut decoding = snapshot::Decoding::new(bytes.clone()).unwrap();
        let mut steps = 1;
        let corpus = loop {
            if let Some(corpus) = decoding.step(budget).unwrap() {
                break corpus;
            }
            steps += 1;
        };
        assert_eq!(corpus, whole, "budget {budget}");
        steps_by_budget.push(steps);
    }
    // Smaller budgets, more steps; one step for an unbounded one. With a
    // budget of one byte each step is one piece: a document, a slice of the
    // postings (one term), a document's field lengths, its mentions.
    assert!(steps_by_budget.windows(2).all(|w| w[0] > w[1]), "{steps_by_budget:?}");
    assert_eq!(steps_by_budget[3], 1);
    let terms = whole.index.term_count();
    assert!(
        steps_by_budget[0] > 3 * whole.docs.len() + terms,
        "{steps_by_budget:?}, {terms} terms"
    );
}

#[test]
fn version_errors_say_what_was_expected() {
    let mut bytes = snapshot::encode(&Corpus::default()).unwrap();
    bytes[8] = 9;
    let err = snapshot::decode(&bytes).unwrap_err();
    assert_eq!(
        err,
        SnapshotError::Version {
            expected: snapshot::FORMAT_VERSION,
            got: 9
        }
    );
    assert_eq!(
        err.to_string(),
        format!(
            "snapshot format version 9 cannot be read by this build, which reads version {}",
            snapshot::FORMAT_VERSION
        )
    );
}
