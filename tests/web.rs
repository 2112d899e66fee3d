//! Browser tests: the app mounted into a node of a real page in headless
//! Chromium (`cargo test --target wasm32-unknown-unknown`, see scripts/test).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

mod support;

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).unwrap()
}

/// Mounts a fresh app into its own node and lets it render, with the seed
/// corpus in the page as `loupe.html` carries it.
async fn mount() -> Element {
    if document().get_element_by_id(loupe::corpus::CORPUS_ELEMENT).is_none() {
        let data = document().create_element("script").unwrap();
        data.set_attribute("type", "application/octet-stream").unwrap();
        data.set_id(loupe::corpus::CORPUS_ELEMENT);
        data.set_text_content(Some(&support::base64(support::SEEDS)));
        document().body().unwrap().append_child(&data).unwrap();
    }
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<loupe::App>::with_root(root.clone()).render();
    // The first render asks for the corpus; the second shows it.
    yew::scheduler::flush().await;
    yew::scheduler::flush().await;
    root
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).unwrap();
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

/// Resolves at the next `hashchange`: the test waits for the event, never for time.
async fn set_hash(hash: &str) {
    let window = web_sys::window().unwrap();
    let changed = js_sys::Promise::new(&mut |resolve, _| {
        let options = web_sys::AddEventListenerOptions::new();
        options.set_once(true);
        window
            .add_event_listener_with_callback_and_add_event_listener_options("hashchange", &resolve, &options)
            .unwrap();
    });
    window.location().set_hash(hash).unwrap();
    wasm_bindgen_futures::JsFuture::from(changed).await.unwrap();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn app_renders_the_article_list_from_the_corpus_in_the_page() {
    web_sys::window().unwrap().location().set_hash("").unwrap();
    let root = mount().await;
    let corpus = support::seeds();
    let mut shown = texts(&root, ".card-title a");
    let mut titles: Vec<String> = corpus.docs.iter().map(|d| d.title.clone()).collect();
    assert_eq!(shown.len(), 5);
    shown.sort();
    titles.sort();
    assert_eq!(shown, titles);
    let stats = texts(&root, ".corpus-stats")[0].clone();
    assert!(stats.contains("5 articles"), "{stats}");
    root.remove();
}

#[wasm_bindgen_test]
async fn the_hash_opens_an_article_and_returning_shows_the_list() {
    set_hash("#/doc/003_4db2dbfe3363038d").await;
    let root = mount().await;
    assert_eq!(
        texts(&root, "#reader-title"),
        ["Orange veut récupérer 100 % de Cloudwatt"]
    );
    let headings = texts(&root, ".prose h2");
    assert_eq!(headings, ["Une vraie offre IaaS", "Le défi commercial"]);
    let focused = document()
        .active_element()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
        .map(|e| e.id());
    assert_eq!(
        focused.as_deref(),
        Some("reader-title"),
        "an opened article takes the focus"
    );

    set_hash("#/").await;
    assert_eq!(texts(&root, ".card").len(), 5);
    assert!(texts(&root, "#reader-title").is_empty());
    root.remove();
}

#[wasm_bindgen_test]
async fn the_search_in_the_hash_filters_and_marks_the_results() {
    set_hash("#/?q=etat%20souverain").await;
    let root = mount().await;
    assert_eq!(texts(&root, ".card").len(), 4);
    assert_eq!(texts(&root, "#results-title"), ["4 articles trouvés"]);
    let marks = texts(&root, ".cards mark[data-match]");
    assert!(marks.iter().any(|m| m == "État" || m == "Etat"), "{marks:?}");
    assert!(
        marks.iter().all(|m| {
            let m = m.to_lowercase();
            m.contains("tat") || m.starts_with("souverain")
        }),
        "{marks:?}"
    );
    root.remove();
    set_hash("#/").await;
}

/// The engine's recognizer is plain Rust: the same code that annotates the
/// corpus at build time runs here, in the browser, on text it has never seen.
#[wasm_bindgen_test]
fn the_recognizer_runs_in_the_browser_on_new_text() {
    use loupe_engine::entities::{kb::KnowledgeBase, Recognizer};
    let text =
        "Le groupe Zephyra, dirigé par Marc Delorme, a ouvert un site à Rennes le 3 mars 2016 pour 2 millions d'euros.";
    let found: Vec<(String, &str)> = Recognizer::new(KnowledgeBase::default())
        .recognize(text)
        .into_iter()
        .map(|m| (text[m.range].to_owned(), m.kind.as_str()))
        .collect();
    let want = [
        ("Zephyra", "ORG"),
        ("Marc Delorme", "PER"),
        ("Rennes", "LOC"),
        ("le 3 mars 2016", "DATE"),
        ("2 millions d'euros", "MONEY"),
    ];
    assert_eq!(found, want.map(|(t, k)| (t.to_owned(), k)));
}

/// In the browser the snapshot's checksum is the byte table's, computed a
/// slice per step (natively it is `crc32fast`'s, at once): the seeds decoded
/// in steps of 64 bytes are the seeds, and a changed byte is refused by the
/// checksum, not by a later check.
#[wasm_bindgen_test]
fn a_snapshot_decoded_in_steps_in_the_browser_is_checked_and_whole() {
    use loupe_engine::snapshot::{Decoding, SnapshotError};
    let run = |bytes: Vec<u8>| -> Result<loupe_engine::Corpus, SnapshotError> {
        let mut decoding = Decoding::new(bytes)?;
        loop {
            if let Some(corpus) = decoding.step(64)? {
                return Ok(corpus);
            }
        }
    };
    assert_eq!(run(support::SEEDS.to_vec()), Ok(support::seeds()));
    let mut broken = support::SEEDS.to_vec();
    let middle = broken.len() / 2;
    broken[middle] ^= 0x20;
    assert!(matches!(run(broken), Err(SnapshotError::Checksum { .. })));
}
