//! The reader's own documents ("Mes documents"): added in the page, read,
//! analysed and indexed by the import worker (`worker/`, fetched on first
//! use so the explorer's first load does not carry it), kept by it in
//! IndexedDB. `assets/collection.js` runs the worker, takes the files (the
//! panel's inputs, its paste form, drops) and shows an import's progress;
//! this module hears the collection it ends with (a `loupe-collection`
//! event) and asks for the rest. The collection arrives as snapshot bytes,
//! which the page decodes as it decodes any corpus.

use js_sys::{Function, Reflect, Uint8Array};
use loupe_engine::Corpus;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

/// Set while a collection is stored, so a reload knows to open it.
const STORED_KEY: &str = "loupe-collection";

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Calls `f(corpus, added)` with each collection the worker sends (`None`
/// when it is empty or unreadable; `added` when documents were just added),
/// as long as the listener lives. Its snapshot is decoded a slice per task
/// ([`crate::corpus::decode_in_steps`]: a collection of 10 MB of articles
/// would hold the page for a tenth of a second in one); a collection that
/// arrives meanwhile replaces it (the older one is dropped when decoded).
pub fn listen(f: impl Fn(Option<Corpus>, bool) + 'static) -> Option<gloo_events::EventListener> {
    let window = web_sys::window()?;
    let f = Rc::new(f);
    let latest = Rc::new(Cell::new(0u32));
    Some(gloo_events::EventListener::new(&window, "loupe-collection", move |e| {
        let detail = get(e.as_ref(), "detail");
        if get(&detail, "op").as_string().as_deref() == Some("collection") {
            let this = latest.get().wrapping_add(1);
            latest.set(this);
            let added = get(&detail, "added").as_f64().is_some_and(|n| n > 0.0);
            let snapshot = get(&detail, "snapshot");
            if !snapshot.is_instance_of::<Uint8Array>() {
                return f(None, added);
            }
            let (f, latest) = (f.clone(), latest.clone());
            crate::corpus::decode_in_steps(Uint8Array::new(&snapshot).to_vec(), move |corpus| {
                if latest.get() == this {
                    f(corpus.ok(), added);
                }
            });
        }
    }))
}

/// Whether this page can add documents (not `loupe.html` from a file).
pub fn available() -> bool {
    web_sys::window().is_some_and(|w| get(&w, "loupeCollection").is_object())
}

/// Whether a collection was stored in this browser.
pub fn stored() -> bool {
    crate::app::stored(STORED_KEY).is_some_and(|v| v == "1")
}

/// Asks `assets/collection.js` to `method` (open, remove, clear, export).
pub fn call(method: &str, arg: &str) {
    let Some(window) = web_sys::window() else { return };
    let api = get(&window, "loupeCollection");
    if let Ok(f) = get(&api, method).dyn_into::<Function>() {
        let _ = f.call1(&api, &JsValue::from_str(arg));
    }
}
