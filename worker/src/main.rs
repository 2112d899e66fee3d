//! The import worker: reads the documents a reader adds in the page, builds
//! their corpus (analysis, entities, index) and keeps it in IndexedDB, off
//! the page's thread. The page loads it on first use (`assets/collection.js`),
//! so the explorer's first load does not carry it.
//!
//! Messages (plain objects, `op` says which):
//!
//! ```text
//! page → worker  {op: "open"}                          the stored collection
//!                {op: "add", files: [File | {name, text}]}   read, add, store
//!                {op: "remove", id}                    one document out, store
//!                {op: "edit", id, date, source}        one document's date and source
//!                {op: "clear"}                         the collection deleted
//!                {op: "export", what, format, query, sort, mine | source}
//!                     results (csv, json), entities, mentions (csv), relations (csv, jsonl)
//!                     of the collection (`mine: true`, as stored) or of the site's corpus
//!                     (`source`, the address of its corpus.loupe or corpus.idx: fetched
//!                     whole, once, with every part)
//! worker → page  {op: "ready"}                         listening (sent once)
//!                {op: "progress", phase, done, total, bytes, for}
//!                {op: "collection", snapshot, added, did, change, problems: [{file, line, fr, en}], duplicates: [name]}
//!                {op: "failed", fr, en, for}           nothing changed (`for`: the message's op)
//!                {op: "download", name, text, type}    an export, to save as a file
//! ```
//!
//! Messages are handled one at a time, in order: each change starts from
//! the collection the one before stored, and a worker started anew reads
//! the stored collection before its first change.
//!
//! `snapshot` is the collection in the engine's snapshot format (or `null`
//! when it is empty): the page decodes it as it decodes any corpus. The
//! collection is written to IndexedDB in one transaction before the page
//! hears of it, so a reload at any moment finds either the collection as
//! it was before an import or the whole of it; the page cancels an import
//! by terminating the worker, which never wrote anything half done.

use js_sys::{Array, Object, Reflect, Uint8Array};
use loupe_engine::entities::{kb::KnowledgeBase, Recognizer};
use loupe_engine::import::{self, Problem};
use loupe_engine::{shards, snapshot, Corpus, Document};
use std::cell::{Cell, RefCell};
use std::collections::{HashSet, VecDeque};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, IdbDatabase, IdbRequest, IdbTransactionMode, MessageEvent};

const DB: &str = "loupe";
const STORE: &str = "collection";
const KEY: &str = "snapshot";
/// The same documents as JSONL (`loupe_engine::import::to_jsonl`).
const DOCUMENTS: &str = "documents";

thread_local! {
    /// The collection's documents as last stored.
    static DOCS: RefCell<Vec<Document>> = const { RefCell::new(Vec::new()) };
    /// The stored collection has been read into `DOCS` (writes start from it).
    static LOADED: Cell<bool> = const { Cell::new(false) };
    /// One operation at a time: each starts from the collection the previous
    /// one stored. The others wait here.
    static BUSY: Cell<bool> = const { Cell::new(false) };
    static QUEUE: RefCell<VecDeque<JsValue>> = const { RefCell::new(VecDeque::new()) };
    /// The operation under way, named in its progress and failure messages
    /// (`for`), so the page shows them where that operation is shown.
    static CURRENT: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Files of one "add" read at most, in all (the worker's memory).
const ADD_BUDGET: f64 = 200.0 * 1024.0 * 1024.0;

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn main() {
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| handle(&e.data()));
    scope().set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    // Messages sent while the WebAssembly loaded found no listener: the page
    // holds them until this.
    post(&message(&[("op", "ready".into())]));
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn message(fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in fields {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

fn post(v: &JsValue) {
    let _ = scope().post_message(v);
}

/// Says nothing changed, and why; the operation is over.
fn failed(fr: &str, en: &str) {
    post(&message(&[
        ("op", "failed".into()),
        ("fr", fr.into()),
        ("en", en.into()),
        ("for", CURRENT.with(|c| c.borrow().clone()).into()),
    ]));
    next();
}

fn progress(phase: &str, done: usize, total: usize, bytes: f64) {
    post(&message(&[
        ("op", "progress".into()),
        ("phase", phase.into()),
        ("done", (done as f64).into()),
        ("total", (total as f64).into()),
        ("bytes", bytes.into()),
        ("for", CURRENT.with(|c| c.borrow().clone()).into()),
    ]));
}

/// Queues a message; runs it at once when nothing is under way.
fn handle(data: &JsValue) {
    QUEUE.with(|q| q.borrow_mut().push_back(data.clone()));
    if !BUSY.with(|b| b.replace(true)) {
        next();
    }
}

/// Runs the next queued message, or marks the worker idle.
fn next() {
    let Some(data) = QUEUE.with(|q| q.borrow_mut().pop_front()) else {
        BUSY.with(|b| b.set(false));
        return;
    };
    let op = get(&data, "op").as_string();
    CURRENT.with(|c| *c.borrow_mut() = op.clone().unwrap_or_default());
    match op.as_deref() {
        Some("open") => load(|bytes| match bytes {
            Some(bytes) => send(Some(&bytes), 0, "opened", false, &[], &[]),
            // No snapshot this version reads: the documents, indexed anew (or none).
            None => {
                let docs = DOCS.with(|d| d.borrow().clone());
                if docs.is_empty() {
                    send(None, 0, "opened", false, &[], &[]);
                } else {
                    store(docs, 0, "opened", false, Vec::new(), Vec::new());
                }
            }
        }),
        Some("add") => {
            let files = get(&data, "files");
            load(move |_| add(&files));
        }
        Some("remove") => {
            let id = get(&data, "id").as_string().unwrap_or_default();
            load(move |_| {
                let docs: Vec<Document> = DOCS.with(|d| d.borrow().iter().filter(|d| d.id != id).cloned().collect());
                store(docs, 0, "removed", true, Vec::new(), Vec::new());
            });
        }
        Some("edit") => {
            let field = |k: &str| get(&data, k).as_string().unwrap_or_default();
            let (id, date, source) = (field("id"), field("date"), field("source"));
            load(move |_| {
                let mut docs = DOCS.with(|d| d.borrow().clone());
                let Some(doc) = docs.iter_mut().find(|d| d.id == id) else {
                    return failed(
                        "Ce document n’est plus dans la collection.",
                        "This document is no longer in the collection.",
                    );
                };
                match import::edit(doc, &date, &source) {
                    Ok(()) => store(docs, 0, "edited", true, Vec::new(), Vec::new()),
                    Err(p) => failed(&p.reason_fr, &p.reason_en),
                }
            });
        }
        // Removing everything needs nothing read first (and works on a record
        // this version cannot read).
        Some("clear") => store(Vec::new(), 0, "cleared", true, Vec::new(), Vec::new()),
        Some("export") => export_request(&data),
        _ => failed("Message inconnu.", "Unknown message."),
    }
}

/// Reads the stored collection into `DOCS` once (a worker started anew, after
/// a cancel or a reload, reads it before any change, so no change starts
/// from nothing), then `then(the stored bytes)`. An unreadable record is
/// never overwritten by a change: only "clear" removes it.
fn load(then: impl FnOnce(Option<Vec<u8>>) + 'static) {
    database(move |db| {
        let read = db
            .transaction_with_str(STORE)
            .and_then(|tx| tx.object_store(STORE))
            .and_then(|s| s.get(&JsValue::from_str(KEY)));
        let Ok(request) = read else {
            return failed(
                "La collection n’a pas pu être lue.",
                "The collection could not be read.",
            );
        };
        let req = request.clone();
        let done = Closure::once_into_js(move || {
            let bytes = req.result().ok().filter(|v| v.is_instance_of::<Uint8Array>());
            let bytes = bytes.map(|v| Uint8Array::new(&v).to_vec());
            if LOADED.with(Cell::get) {
                return then(bytes);
            }
            match bytes.as_deref().map(snapshot::decode) {
                None => DOCS.with(|d| d.borrow_mut().clear()),
                Some(Ok(corpus)) => DOCS.with(|d| *d.borrow_mut() = corpus.docs),
                Some(Err(_)) => {
                    // A snapshot of another format: the documents kept beside
                    // it are read again (and indexed anew by the caller).
                    let Some(store) = req.transaction().and_then(|tx| tx.object_store(STORE).ok()) else {
                        return unreadable();
                    };
                    let Ok(again) = store.get(&JsValue::from_str(DOCUMENTS)) else {
                        return unreadable();
                    };
                    let req = again.clone();
                    let done = Closure::once_into_js(move || {
                        let Some(text) = req.result().ok().and_then(|v| v.as_string()) else {
                            return unreadable();
                        };
                        let docs = import::read_file("collection.jsonl", text.as_bytes()).docs;
                        if docs.is_empty() {
                            return unreadable();
                        }
                        DOCS.with(|d| *d.borrow_mut() = docs);
                        LOADED.with(|l| l.set(true));
                        then(None);
                    });
                    again.set_onsuccess(Some(done.unchecked_ref()));
                    again.set_onerror(Some(Closure::once_into_js(unreadable).unchecked_ref()));
                    return;
                }
            }
            LOADED.with(|l| l.set(true));
            then(bytes);
        });
        request.set_onsuccess(Some(done.unchecked_ref()));
        request.set_onerror(Some(
            Closure::once_into_js(|| {
                failed(
                    "La collection n’a pas pu être lue.",
                    "The collection could not be read.",
                )
            })
            .unchecked_ref(),
        ));
    });
}

fn unreadable() {
    failed(
        "La collection enregistrée est illisible (écrite par une autre version de Loupe ?) : rien n’a été changé. « Tout retirer » la supprime.",
        "The stored collection is unreadable (written by another version of Loupe?): nothing was changed. “Remove all” deletes it.",
    )
}

/// Reads the files, adds the new documents to the collection and stores it.
fn add(files: &JsValue) {
    let files = Array::from(files);
    let total = files.length() as usize;
    let existing = DOCS.with(|d| d.borrow().clone());
    let mut seen: HashSet<u64> = existing.iter().map(import::fingerprint).collect();
    let mut taken = import::Taken::of(&existing);
    let mut fresh = Vec::new();
    let mut problems = Vec::new();
    let mut duplicates = Vec::new();
    let mut bytes_done = 0.0;
    for (i, file) in files.iter().enumerate() {
        let name = get(&file, "name").as_string().unwrap_or_default();
        // Hidden files of a folder (.DS_Store…) are not articles.
        if name.starts_with('.') {
            progress("read", i + 1, total, bytes_done);
            continue;
        }
        // A `File` (a pick or a drop) is read here, off the page's thread;
        // pasted text comes as {name, text}.
        let size = file.dyn_ref::<web_sys::Blob>().map_or(0.0, |b| b.size());
        if bytes_done + size > ADD_BUDGET {
            problems.push((
                name,
                Problem {
                    entry: None,
                    line: None,
                    reason_fr: "plus de 200 Mo en un seul ajout : ce fichier et les suivants ne sont pas lus (ajoutez-les ensuite)".into(),
                    reason_en: "over 200 MB in one addition: this file and the next ones are not read (add them next)".into(),
                },
            ));
            break;
        }
        if let Some(refused) = import::too_large(size as usize) {
            // Refused from its size, before it is read.
            problems.extend(refused.problems.into_iter().map(|p| (name.clone(), p)));
            progress("read", i + 1, total, bytes_done);
            continue;
        }
        let bytes = match file.dyn_ref::<web_sys::Blob>() {
            Some(blob) => web_sys::FileReaderSync::new()
                .and_then(|r| r.read_as_array_buffer(blob))
                .map(|b| Uint8Array::new(&b).to_vec()),
            None => Ok(get(&file, "text").as_string().unwrap_or_default().into_bytes()),
        };
        let Ok(bytes) = bytes else {
            problems.push((
                name,
                Problem {
                    entry: None,
                    line: None,
                    reason_fr: "le fichier n’a pas pu être lu".into(),
                    reason_en: "the file could not be read".into(),
                },
            ));
            progress("read", i + 1, total, bytes_done);
            continue;
        };
        bytes_done += bytes.len() as f64;
        // A collection exported from Loupe gives its documents back, checked.
        let result = if name.to_lowercase().ends_with(".loupe") {
            import::read_collection(&bytes)
        } else {
            import::read_file(&name, &bytes)
        };
        problems.extend(result.problems.into_iter().map(|p| (name.clone(), p)));
        for mut doc in result.docs {
            let print = import::fingerprint(&doc);
            if !seen.insert(print) {
                duplicates.push(if doc.title.is_empty() {
                    name.clone()
                } else {
                    doc.title.clone()
                });
                continue;
            }
            taken.claim(&mut doc);
            fresh.push(doc);
        }
        progress("read", i + 1, total, bytes_done);
    }
    let added = fresh.len();
    let mut docs = existing;
    docs.extend(fresh);
    store(docs, added, "added", true, problems, duplicates);
}

/// Builds the corpus of `docs`, writes it to IndexedDB, and once written
/// keeps it and sends it.
fn store(
    docs: Vec<Document>,
    added: usize,
    did: &'static str,
    change: bool,
    problems: Vec<(String, Problem)>,
    duplicates: Vec<String>,
) {
    let count = docs.len();
    let bytes = if docs.is_empty() {
        None
    } else {
        progress("index", 0, count, 0.0);
        let recognizer = Recognizer::new(KnowledgeBase::default());
        let corpus = Corpus::annotated_with(docs, &recognizer, &|done| progress("entities", done, count, 0.0));
        match snapshot::encode(&corpus) {
            Ok(bytes) => Some((bytes, corpus.docs)),
            Err(_) => {
                return failed(
                    "La collection n’a pas pu être écrite.",
                    "The collection could not be written.",
                )
            }
        }
    };
    progress("store", count, count, 0.0);
    database(move |db| {
        let tx = match db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite) {
            Ok(tx) => tx,
            Err(_) => {
                return failed(
                    "Le stockage du navigateur est indisponible.",
                    "The browser's storage is unavailable.",
                )
            }
        };
        // The snapshot, and the documents as JSONL beside it (read again if
        // a later version cannot read this snapshot), in one transaction.
        let written = tx.object_store(STORE).and_then(|s| match &bytes {
            Some((b, docs)) => {
                s.put_with_key(&Uint8Array::from(b.as_slice()), &JsValue::from_str(KEY))?;
                s.put_with_key(
                    &JsValue::from_str(&import::to_jsonl(docs)),
                    &JsValue::from_str(DOCUMENTS),
                )
            }
            None => {
                s.delete(&JsValue::from_str(KEY))?;
                s.delete(&JsValue::from_str(DOCUMENTS))
            }
        });
        if written.is_err() {
            // A request refused on the spot (after another was queued): undo
            // the queued one too, so nothing of this import is committed.
            let _ = tx.abort();
            return failed(
                "La collection n’a pas pu être enregistrée.",
                "The collection could not be saved.",
            );
        }
        let abort = Closure::once_into_js(move |e: web_sys::Event| {
            let quota = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::IdbTransaction>().ok())
                .and_then(|tx| tx.error())
                .is_some_and(|err| err.name() == "QuotaExceededError");
            if quota {
                failed(
                    "Le navigateur n’a plus de place pour cette collection : rien n’a été ajouté. Libérez de l’espace ou ajoutez moins de documents.",
                    "The browser has no room left for this collection: nothing was added. Free some space or add fewer documents.",
                );
            } else {
                failed(
                    "La collection n’a pas pu être enregistrée : rien n’a changé.",
                    "The collection could not be saved: nothing changed.",
                );
            }
        });
        tx.set_onabort(Some(abort.unchecked_ref()));
        let complete = Closure::once_into_js(move || {
            let snapshot = bytes.map(|(b, docs)| {
                DOCS.with(|d| *d.borrow_mut() = docs);
                b
            });
            if snapshot.is_none() {
                DOCS.with(|d| d.borrow_mut().clear());
            }
            LOADED.with(|l| l.set(true));
            send(snapshot.as_deref(), added, did, change, &problems, &duplicates);
        });
        tx.set_oncomplete(Some(complete.unchecked_ref()));
    });
}

/// Sends the collection (its snapshot, `None` when empty) and what the last change did.
/// `change`: the answer to a change (add, remove, clear), not to "open".
fn send(
    snapshot: Option<&[u8]>,
    added: usize,
    did: &str,
    change: bool,
    problems: &[(String, Problem)],
    duplicates: &[String],
) {
    let list = Array::new();
    for (file, p) in problems {
        // A file inside an archive is named by both.
        let file = match &p.entry {
            Some(entry) => format!("{file} › {entry}"),
            None => file.clone(),
        };
        list.push(&message(&[
            ("file", file.as_str().into()),
            ("line", p.line.map_or(JsValue::NULL, |l| (l as f64).into())),
            ("fr", p.reason_fr.as_str().into()),
            ("en", p.reason_en.as_str().into()),
        ]));
    }
    let dups: Array = duplicates.iter().map(|d| JsValue::from_str(d)).collect();
    post(&message(&[
        ("op", "collection".into()),
        (
            "snapshot",
            snapshot.map_or(JsValue::NULL, |b| Uint8Array::from(b).into()),
        ),
        ("added", (added as f64).into()),
        ("did", did.into()),
        ("change", change.into()),
        ("problems", list.into()),
        ("duplicates", dups.into()),
    ]));
    next();
}

/// Opens the database (creating its store the first time) and calls `then`.
fn database(then: impl FnOnce(IdbDatabase) + 'static) {
    let fail = || {
        failed(
            "Le stockage du navigateur est indisponible.",
            "The browser's storage is unavailable.",
        )
    };
    let Ok(Some(factory)) = scope().indexed_db() else {
        return fail();
    };
    let Ok(request) = factory.open_with_u32(DB, 1) else {
        return fail();
    };
    let req: IdbRequest = request.clone().unchecked_into();
    let upgrade = Closure::once_into_js(move || {
        if let Ok(db) = req.result() {
            let db: IdbDatabase = db.unchecked_into();
            let _ = db.create_object_store(STORE);
        }
    });
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let req: IdbRequest = request.clone().unchecked_into();
    let success = Closure::once_into_js(move || match req.result() {
        Ok(db) => then(db.unchecked_into()),
        Err(_) => failed(
            "Le stockage du navigateur est indisponible.",
            "The browser's storage is unavailable.",
        ),
    });
    request.set_onsuccess(Some(success.unchecked_ref()));
    request.set_onerror(Some(Closure::once_into_js(fail).unchecked_ref()));
}

thread_local! {
    /// The site's corpus with every part, once an export fetched it, by the
    /// hash of its entry (or snapshot).
    static SITE: RefCell<Option<(u64, std::rc::Rc<Corpus>)>> = const { RefCell::new(None) };
}

/// What an export asks for.
struct Export {
    what: String,
    format: String,
    query: String,
    sort: String,
}

/// An export of the collection (as stored) or of
/// the site's corpus (fetched whole the first time).
fn export_request(data: &JsValue) {
    let field = |k: &str| get(data, k).as_string().unwrap_or_default();
    let job = Export {
        what: field("what"),
        format: field("format"),
        query: field("query"),
        sort: field("sort"),
    };
    if get(data, "mine").is_truthy() {
        return load(move |bytes| match bytes.as_deref().map(snapshot::decode) {
            Some(Ok(corpus)) => export(&corpus, &job),
            _ => failed(
                "Votre collection est vide ou illisible : rien n’a été exporté.",
                "Your collection is empty or unreadable: nothing was exported.",
            ),
        });
    }
    let source = field("source");
    wasm_bindgen_futures::spawn_local(async move {
        // The entry (or the snapshot) is asked again each time: a corpus
        // published anew since the last export is fetched anew.
        let Some(head) = fetch_all(std::slice::from_ref(&source)).await.and_then(|mut b| b.pop()) else {
            return failed(
                "Le corpus du site n’a pas pu être chargé : rien n’a été exporté.",
                "The site's corpus could not be loaded: nothing was exported.",
            );
        };
        let key = shards::hash(&head);
        if let Some(corpus) = SITE.with(|s| s.borrow().as_ref().filter(|(k, _)| *k == key).map(|(_, c)| c.clone())) {
            return export(&corpus, &job);
        }
        match site_corpus(&source, &head).await {
            Some(corpus) => {
                let corpus = std::rc::Rc::new(corpus);
                SITE.with(|s| *s.borrow_mut() = Some((key, corpus.clone())));
                export(&corpus, &job);
            }
            None => failed(
                "Le corpus du site n’a pas pu être chargé en entier : rien n’a été exporté.",
                "The site's corpus could not be loaded whole: nothing was exported.",
            ),
        }
    });
}

/// Fetches these addresses together: their bytes, in order (`None` if any fails).
async fn fetch_all(urls: &[String]) -> Option<Vec<Vec<u8>>> {
    use wasm_bindgen_futures::JsFuture;
    let fetches: Array = urls.iter().map(|u| JsValue::from(scope().fetch_with_str(u))).collect();
    let responses = JsFuture::from(js_sys::Promise::all(&fetches)).await.ok()?;
    let mut bodies = Array::new();
    for r in Array::from(&responses).iter() {
        let r: web_sys::Response = r.unchecked_into();
        if !r.ok() {
            return None;
        }
        bodies.push(&JsValue::from(r.array_buffer().ok()?));
    }
    bodies = Array::from(&JsFuture::from(js_sys::Promise::all(&bodies)).await.ok()?);
    Some(bodies.iter().map(|b| Uint8Array::new(&b).to_vec()).collect())
}

/// Parts fetched at once while a sharded corpus is fetched whole.
const FETCH_BATCH: usize = 32;

/// The site's corpus, whole: its snapshot, or its entry and then every part
/// (the entry names every part).
async fn site_corpus(source: &str, bytes: &[u8]) -> Option<Corpus> {
    if !source.ends_with(".idx") {
        return snapshot::decode(bytes).ok();
    }
    let base = &source[..source.rfind('/').map_or(0, |i| i + 1)];
    let mut corpus = shards::open(bytes).ok()?;
    loop {
        let parts = shards::all_parts(&corpus);
        if parts.is_empty() {
            return Some(corpus);
        }
        for batch in parts.chunks(FETCH_BATCH) {
            let urls: Vec<String> = batch
                .iter()
                .filter_map(|&p| shards::file(&corpus, p).map(|f| format!("{base}{f}")))
                .collect();
            let bodies = fetch_all(&urls).await?;
            for (&part, body) in batch.iter().zip(&bodies) {
                shards::add(&mut corpus, part, body).ok()?;
            }
            let (done, all) = shards::progress(&corpus);
            progress("fetch", done, all, 0.0);
        }
    }
}

/// Writes the export and hands it to the page.
fn export(corpus: &Corpus, job: &Export) {
    use loupe_engine::export as x;
    use loupe_engine::search::{Options, Sort};
    let results = || {
        let sort = match job.sort.as_str() {
            "date" => Sort::Date,
            "oldest" => Sort::Oldest,
            _ => Sort::Relevance,
        };
        corpus.search(
            &job.query,
            &Options {
                sort,
                limit: corpus.docs.len(),
            },
        )
    };
    let (text, name, kind) = match (job.what.as_str(), job.format.as_str()) {
        ("results", "json") => (
            x::results_json(corpus, &results()),
            "resultats.json",
            "application/json",
        ),
        ("results", _) => (x::results_csv(corpus, &results()), "resultats.csv", "text/csv"),
        ("entities", _) => (x::entities_csv(corpus), "entites.csv", "text/csv"),
        ("mentions", _) => (x::mentions_csv(corpus), "mentions.csv", "text/csv"),
        ("relations", "jsonl") => (x::relations_jsonl(corpus), "relations.jsonl", "application/jsonl"),
        ("relations", _) => (x::relations_csv(corpus), "relations.csv", "text/csv"),
        _ => return failed("Export inconnu.", "Unknown export."),
    };
    post(&message(&[
        ("op", "download".into()),
        ("name", name.into()),
        ("text", text.into()),
        ("type", format!("{kind};charset=utf-8").into()),
    ]));
    next();
}
