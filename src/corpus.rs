//! Where the corpus comes from. The app is the same bytes for every corpus:
//! a site written by `loupe site` carries the corpus as [`CORPUS_FILE`]
//! beside the app, fetched at start; the single-file `loupe.html` carries it
//! in the page, base64 in `<script type="application/octet-stream"
//! id="loupe-corpus">`, for `file://` where nothing can be fetched. Either
//! way the bytes are a snapshot the engine wrote, and the browser only
//! decodes it.

use loupe_engine::snapshot::{self, SnapshotError};
use loupe_engine::Corpus;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The corpus file beside the app, relative to the page (any sub-path works).
pub const CORPUS_FILE: &str = "corpus.loupe";
/// The id of the element that carries the corpus inside the page.
pub const CORPUS_ELEMENT: &str = "loupe-corpus";

/// Why the corpus could not be opened, for a message the reader can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The corpus file could not be fetched (HTTP status, 0 for a network error).
    Missing(u16),
    /// A snapshot of another format version: the site and the app differ.
    Version {
        /// The version of the file.
        got: u16,
        /// The version this app reads.
        expected: u16,
    },
    /// Not a snapshot, or damaged.
    Unreadable,
}

/// Decodes snapshot bytes. (The error's own text is not formatted: its debug
/// forms would cost the app kilobytes of Unicode tables.)
pub fn decode(bytes: &[u8]) -> Result<Corpus, Failure> {
    snapshot::decode(bytes).map_err(|e| match e {
        SnapshotError::Version { got, expected } => Failure::Version { got, expected },
        _ => Failure::Unreadable,
    })
}

/// Opens the corpus: from the page when it carries one, else by fetching
/// [`CORPUS_FILE`]. `done` is called once, possibly before this returns.
pub fn load(done: impl FnOnce(Result<Corpus, Failure>) + 'static) {
    let Some(window) = web_sys::window() else {
        return done(Err(Failure::Missing(0)));
    };
    let inline = window
        .document()
        .and_then(|d| d.get_element_by_id(CORPUS_ELEMENT))
        .and_then(|e| e.text_content())
        .filter(|t| !t.trim().is_empty());
    if let Some(text) = inline {
        return done(
            loupe_engine::base64::decode(&text)
                .ok_or(Failure::Unreadable)
                .and_then(|b| decode(&b)),
        );
    }
    // fetch → Response → ArrayBuffer, with two one-shot callbacks and no
    // async runtime in the wasm.
    let done = std::rc::Rc::new(std::cell::RefCell::new(Some(done)));
    let finish = move |result: Result<Corpus, Failure>| {
        if let Some(done) = done.borrow_mut().take() {
            done(result);
        }
    };
    let finish = std::rc::Rc::new(finish);
    let (on_response, on_error) = {
        let (ok, failed) = (finish.clone(), finish.clone());
        let on_bytes = Closure::once(move |buffer: JsValue| {
            ok(decode(&js_sys::Uint8Array::new(&buffer).to_vec()));
        });
        let failed_body = failed.clone();
        let on_body_error = Closure::once(move |_: JsValue| failed_body(Err(Failure::Missing(0))));
        let on_response = Closure::once(move |response: JsValue| {
            let Ok(response) = response.dyn_into::<web_sys::Response>() else {
                return failed(Err(Failure::Missing(0)));
            };
            if !response.ok() {
                return failed(Err(Failure::Missing(response.status())));
            }
            match response.array_buffer() {
                Ok(body) => drop(body.then(&on_bytes).catch(&on_body_error)),
                Err(_) => failed(Err(Failure::Missing(0))),
            }
            // Each callback runs at most once, and the page lives as long as the app.
            on_bytes.forget();
            on_body_error.forget();
        });
        let failed = finish.clone();
        let on_error = Closure::once(move |_: JsValue| failed(Err(Failure::Missing(0))));
        (on_response, on_error)
    };
    drop(window.fetch_with_str(CORPUS_FILE).then(&on_response).catch(&on_error));
    on_response.forget();
    on_error.forget();
}
