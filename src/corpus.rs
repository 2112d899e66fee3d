//! Where the corpus comes from. The app is the same bytes for every corpus:
//! a site written by `loupe site` carries the corpus beside the app, named
//! by `<meta name="loupe-corpus">` in its page: [`CORPUS_FILE`], a snapshot
//! fetched whole at start, or the entry of a sharded corpus
//! (`loupe_engine::shards`), whose parts are fetched when a view needs
//! them ([`want`], [`want_docs`]). The single-file `loupe.html` carries a
//! snapshot in the page, base64 in `<script type="application/octet-stream"
//! id="loupe-corpus">`, for `file://` where nothing can be fetched. Either
//! way the bytes are what the engine wrote, and the browser only decodes.

use loupe_engine::shards::{self, Part};
use loupe_engine::snapshot::{self, SnapshotError};
use loupe_engine::Corpus;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// The whole corpus's file beside the app, relative to the page (any
/// sub-path works), when the page names no other.
pub const CORPUS_FILE: &str = "corpus.loupe";

/// The corpus file the page names, else [`CORPUS_FILE`].
pub fn corpus_file() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(r#"meta[name="loupe-corpus"]"#).ok().flatten())
        .and_then(|m| m.get_attribute("content"))
        .filter(|f| !f.is_empty() && !f.contains(':') && !f.starts_with('/'))
        .unwrap_or_else(|| CORPUS_FILE.to_owned())
}
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
    snapshot::decode(bytes).map_err(failure)
}

/// Bytes of snapshot decoded per task by [`decode_in_steps`]: about 5 ms
/// natively, well under the 50 ms of a long task in the browser
/// (`cargo run --release -p loupe-engine --example decode_cost`).
const STEP_BYTES: usize = 1 << 20;

/// Decodes snapshot bytes a slice at a time, one slice per task, so that a
/// large snapshot (a reader's collection of thousands of articles) never
/// holds the page: `done` gets the corpus.
pub fn decode_in_steps(bytes: Vec<u8>, done: impl FnOnce(Result<Corpus, Failure>) + 'static) {
    match snapshot::Decoding::new(bytes) {
        Err(e) => done(Err(failure(e))),
        Ok(decoding) => decode_step(decoding, Box::new(done)),
    }
}

fn decode_step(mut decoding: snapshot::Decoding, done: Box<dyn FnOnce(Result<Corpus, Failure>)>) {
    match decoding.step(STEP_BYTES) {
        Err(e) => done(Err(failure(e))),
        Ok(Some(corpus)) => done(Ok(corpus)),
        Ok(None) => later(0, Box::new(move || decode_step(decoding, done))),
    }
}

fn failure(e: SnapshotError) -> Failure {
    match e {
        SnapshotError::Version { got, expected } => Failure::Version { got, expected },
        _ => Failure::Unreadable,
    }
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
    let file = corpus_file();
    let sharded = file.ends_with(".idx");
    fetch_bytes(&file, move |result| {
        done(match result {
            Err(status) => Err(Failure::Missing(status)),
            Ok(bytes) if sharded => shards::open(&bytes).map_err(failure),
            Ok(bytes) => decode(&bytes),
        })
    });
}

/// Fetches a file of the site: its bytes, or the HTTP status (0 for a
/// network error). `done` is called once. fetch → Response → ArrayBuffer,
/// with one-shot callbacks and no async runtime in the wasm.
fn fetch_bytes(url: &str, done: impl FnOnce(Result<Vec<u8>, u16>) + 'static) {
    let Some(window) = web_sys::window() else {
        return done(Err(0));
    };
    let done = Rc::new(RefCell::new(Some(done)));
    let finish = move |result: Result<Vec<u8>, u16>| {
        if let Some(done) = done.borrow_mut().take() {
            done(result);
        }
    };
    let finish = Rc::new(finish);
    let (on_response, on_error) = {
        let (ok, failed) = (finish.clone(), finish.clone());
        let on_bytes = Closure::once(move |buffer: JsValue| ok(Ok(js_sys::Uint8Array::new(&buffer).to_vec())));
        let failed_body = failed.clone();
        let on_body_error = Closure::once(move |_: JsValue| failed_body(Err(0)));
        let on_response = Closure::once(move |response: JsValue| {
            let Ok(response) = response.dyn_into::<web_sys::Response>() else {
                return failed(Err(0));
            };
            if !response.ok() {
                return failed(Err(response.status()));
            }
            match response.array_buffer() {
                Ok(body) => drop(body.then(&on_bytes).catch(&on_body_error)),
                Err(_) => failed(Err(0)),
            }
            // Each callback runs at most once, and the page lives as long as the app.
            on_bytes.forget();
            on_body_error.forget();
        });
        let failed = finish.clone();
        let on_error = Closure::once(move |_: JsValue| failed(Err(0)));
        (on_response, on_error)
    };
    drop(window.fetch_with_str(url).then(&on_response).catch(&on_error));
    on_response.forget();
    on_error.forget();
}

/// The parts of a sharded corpus on their way: what views asked for, what
/// is being fetched, what arrived and waits to be added, what failed.
#[derive(Default)]
struct Parts {
    current: Option<Rc<Corpus>>,
    /// The corpus published before `current`, and the parts `current` has
    /// that it lacks: once the views let go of it, it takes those and the
    /// next arrivals, instead of a copy of `current` (at 100,000 articles a
    /// copy costs tens of milliseconds, and a query's parts arrive in several
    /// batches). While `building`, it is that corpus.
    previous: Option<Rc<Corpus>>,
    replay: Vec<(Part, Vec<u8>)>,
    /// Parts no view waits for are added a slice of a task at a time
    /// ([`SLICE_MS`], a hundred entity parts at 100,000 articles are 4 MB to
    /// read): the corpus they go to, published once they are all in.
    building: Option<(Rc<Corpus>, f64)>,
    /// A task is due to add the parts left by the last slice ([`go_on`]).
    continuing: bool,
    publish: Option<Rc<dyn Fn(Rc<Corpus>)>>,
    // Vectors, not sets: a handful of parts at a time, and no tree code in the wasm.
    wanted: Vec<Part>,
    in_flight: Vec<Part>,
    failed: Vec<Part>,
    arrived: Vec<(Part, Vec<u8>)>,
    /// A flush is due at once.
    scheduled: bool,
    /// A flush is due with the next batch (keeping offline, or parts in
    /// the background).
    batch_due: bool,
    /// A fetch failed since the last flush: the views are drawn again (to
    /// say so) even if nothing arrived.
    failures: bool,
    /// Fetch every part, after what views ask for ("keep offline").
    keep: bool,
    /// Parts views asked for, on their way (the others are kept in batches).
    asked: Vec<Part>,
    /// Of those, the parts a view cannot be drawn without: while one is on
    /// its way, the others that arrive wait for it (each addition draws the
    /// views again, and a search on a large corpus costs milliseconds), for
    /// [`HOLD_MS`] at most. A part leaves it when it arrives or fails (one
    /// asked and never fetched stays, holding nothing back: only parts in
    /// flight are looked at).
    gating: Vec<Part>,
    /// While keeping offline: the parts to fetch next (the last first), with their files.
    queue: Vec<(Part, String)>,
    /// The end of keeping was announced.
    kept: bool,
}

/// A sharded corpus this small is fetched whole after the first paint,
/// what views ask for first: then every query is answered at once, and the
/// site works offline after one visit, as with a corpus in one file.
const KEEP_SMALL: u64 = 2_000_000;

/// Entity parts up to this size together (raw bytes; about a third of that
/// once gzipped, a query's budget) are fetched at start.
const ENTITIES_AT_START: u64 = shards::LIGHT_ENTITIES;

/// Parts fetched at once at most while keeping the corpus offline.
const IN_FLIGHT: usize = 64;

/// The time a task adds parts no view waits for, before it leaves the
/// rest to the next task (the page stays responsive to keys meanwhile).
const SLICE_MS: f64 = 8.0;

impl Parts {
    /// Whether a part is on its way, failed, or came and waits to be added
    /// or published: not to be fetched again.
    fn here(&self, part: &Part) -> bool {
        self.in_flight.contains(part)
            || self.failed.contains(part)
            || self.arrived.iter().any(|(q, _)| q == part)
            || self.building.as_ref().is_some_and(|(b, _)| shards::has(b, *part))
    }
}

thread_local! {
    static PARTS: RefCell<Parts> = RefCell::default();
}

/// Starts serving the parts of `corpus` (a sharded one): `publish` gets the
/// corpus again, with the parts that arrived, or the same one when a part
/// failed (so that views say so).
pub fn attach(corpus: Rc<Corpus>, publish: impl Fn(Rc<Corpus>) + 'static) {
    if corpus.shards.is_none() {
        return;
    }
    let small = corpus.shards.as_ref().is_some_and(|s| s.total_bytes() <= KEEP_SMALL);
    PARTS.with(|p| {
        let mut p = p.borrow_mut();
        p.current = Some(corpus.clone());
        (p.previous, p.replay, p.building) = (None, Vec::new(), None);
        p.publish = Some(Rc::new(publish));
        p.keep = small;
    });
    // Every search needs the columns, the start screen its overview: asked
    // at once, not at the first key. The entities too when they are light
    // (the start screen's facets show them); heavy ones (4.3 MB, 1.4 MB of
    // gzip, at 100,000 articles) wait for what needs them: [`want_entities`].
    want(&corpus);
    want_part(Part::Overview);
    if corpus
        .shards
        .as_ref()
        .is_some_and(|s| s.entities_bytes() <= ENTITIES_AT_START)
    {
        let _ = want_entities(false);
    }
}

/// Where a view stands with the parts it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Everything is there (always, for a whole corpus).
    Ready,
    /// Parts are on their way; the view is drawn again when they arrive.
    Loading,
    /// A part could not be fetched or read.
    Failed,
}

/// After a search or a lookup: asks for the parts it missed (and the
/// columns every search needs). Call right after the engine call.
pub fn want(corpus: &Corpus) -> Need {
    if corpus.shards.is_none() {
        return Need::Ready;
    }
    let (needed, ahead) = shards::needs_apart(corpus);
    let need = ask(needed);
    // The postings chunks foreseen with a word's dictionary shard: asked
    // with it; one that failed fails no query (the word may not need it;
    // if it does, the next round asks for it as missed).
    let _ = ask(ahead);
    need
}

/// Asks for the files of these documents (title, text and marks):
/// `Ready` once they are all there. Unless `gating`, a view draws them as
/// they come, not waiting for them (the cards after a screen's first ones):
/// their arrival alone does not draw the views again while a view waits
/// for other parts.
pub fn want_docs(corpus: &Corpus, docs: &[usize], gating: bool) -> Need {
    if corpus.shards.is_none() {
        return Need::Ready;
    }
    ask_as(shards::for_docs(corpus, docs), gating)
}

/// Fetches every part of the corpus, after what views ask for, so that it
/// works offline (the service worker keeps what was fetched).
pub fn keep_offline() {
    PARTS.with(|p| {
        let mut p = p.borrow_mut();
        p.keep = true;
        schedule(&mut p);
    });
}

/// While the corpus is being kept offline: parts there and parts in all.
pub fn keeping() -> Option<(usize, usize)> {
    PARTS.with(|p| {
        let p = p.borrow();
        let corpus = p.current.as_ref()?;
        p.keep.then(|| shards::progress(corpus))
    })
}

/// Asks for the entities: `wait` for a view that cannot be drawn without
/// them (an entity page, a link to a mention); else a search's entity
/// facets and the marks of the texts shown come when they arrive, their
/// parts added in batches (a heavy table is a hundred parts).
pub fn want_entities(wait: bool) -> Need {
    // Called after every search: once they are in, nothing to ask (no
    // flush scheduled per keystroke).
    let missing = PARTS
        .with(|p| p.borrow().current.as_ref().map(|c| shards::entity_parts(c)))
        .unwrap_or_default();
    if wait || missing.is_empty() {
        return ask(missing);
    }
    PARTS.with(|p| {
        let mut p = p.borrow_mut();
        if missing.iter().any(|part| p.failed.contains(part)) {
            return Need::Failed;
        }
        let mut new = false;
        for part in missing {
            if !p.wanted.contains(&part) && !p.here(&part) {
                p.wanted.push(part);
                new = true;
            }
        }
        if new {
            schedule(&mut p);
        }
        Need::Loading
    })
}

/// Where the entities stand, without asking for them: for a note while
/// they come, or that they could not.
pub fn entities_need() -> Need {
    PARTS.with(|p| {
        let p = p.borrow();
        let Some(c) = p.current.as_ref() else {
            return Need::Ready;
        };
        let missing = shards::entity_parts(c);
        if missing.is_empty() {
            Need::Ready
        } else if missing.iter().any(|part| p.failed.contains(part)) {
            Need::Failed
        } else {
            Need::Loading
        }
    })
}

/// Asks for one part (an id bucket before an article's number is known).
pub fn want_part(part: Part) -> Need {
    ask(vec![part])
}

fn ask(parts: Vec<Part>) -> Need {
    ask_as(parts, true)
}

/// Asks for parts a view waits for (`gating`: it is not drawn without them)
/// or draws as they come.
fn ask_as(parts: Vec<Part>, gating: bool) -> Need {
    if parts.is_empty() {
        return Need::Ready;
    }
    PARTS.with(|p| {
        let mut p = p.borrow_mut();
        if parts.iter().any(|part| p.failed.contains(part)) {
            return Need::Failed;
        }
        for part in parts {
            if !p.wanted.contains(&part) {
                p.wanted.push(part);
            }
            if !p.asked.contains(&part) {
                p.asked.push(part);
            }
            if gating && !p.gating.contains(&part) {
                p.gating.push(part);
            }
        }
        schedule(&mut p);
        Need::Loading
    })
}

/// Runs [`flush`] once the current render is over ([`soon`]).
fn schedule(p: &mut Parts) {
    schedule_in(p, 0);
}

/// Runs [`flush`] in `ms` milliseconds: at once (a microtask), after a
/// part's hold ([`HOLD_MS`]: a timer of its own each time, never one
/// batch's later timer), or with the next batch (unless one is due). A
/// timer made useless by an earlier flush finds little to do.
fn schedule_in(p: &mut Parts, ms: i32) {
    if p.scheduled || (ms > HOLD_MS && p.batch_due) {
        return;
    }
    if ms > 0 {
        p.batch_due |= ms > HOLD_MS;
        later(ms, Box::new(flush));
    } else {
        p.scheduled = true;
        soon(Box::new(flush));
    }
}

/// Runs `f` once the current task's code is over (a microtask: after the
/// render under way, before the frame is painted), so that the fetches a
/// search asks for start in the keystroke's own task, and a card's files
/// in the task where its word's postings arrived.
fn soon(f: Box<dyn FnOnce()>) {
    let Some(window) = web_sys::window() else { return };
    let callback = Closure::once_into_js(f);
    window.queue_microtask(callback.unchecked_ref());
}

/// Runs `f` in a task of its own, after `ms` milliseconds; with `ms` below
/// zero, once the next frame is painted (the task after its animation
/// frame). (One closure type for every caller: each type is its own copy of
/// the glue in the wasm.)
pub(crate) fn later(ms: i32, f: Box<dyn FnOnce()>) {
    let Some(window) = web_sys::window() else { return };
    if ms < 0 {
        let callback = Closure::once_into_js(move || later(0, f));
        let _ = window.request_animation_frame(callback.unchecked_ref());
        return;
    }
    let callback = Closure::once_into_js(f);
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms);
}

/// While the corpus is kept offline and no view waits, arrivals are added
/// in batches this far apart: each batch copies the corpus once.
const KEEP_BATCH_MS: i32 = 1000;

/// The same for parts fetched in the background (a heavy entity table
/// after the first results): shorter, as the facets wait for them.
const BACKGROUND_BATCH_MS: i32 = 250;

/// A part a view asked for waits this long at most for the other parts a
/// view cannot be drawn without (a word's dictionary shard for its postings,
/// a card's file for the other first cards'), so that they are added, and
/// the views drawn, once.
const HOLD_MS: i32 = 40;

/// Tells the page (sw-register.js) that every part was fetched, so that the
/// service worker keeps those fetched before it took over.
/// The page says so too: `<html data-corpus="complete">`.
fn announce_kept() {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-corpus", "complete");
    }
    if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new("loupe-parts-kept")) {
        let _ = window.dispatch_event(&event);
    }
}

/// Adds what arrived (one copy of the corpus for all of it), publishes it,
/// and starts fetching what is wanted and not on its way; while keeping the
/// corpus offline, queues every other part.
fn flush() {
    let (publish, next, fetches) = PARTS.with(|p| {
        let mut p = p.borrow_mut();
        // (A batch's timer that fires after this finds little to do.)
        p.scheduled = false;
        p.batch_due = false;
        let Some(current) = p.current.clone() else {
            return (None, None, Vec::new());
        };
        let mut next = None;
        let mut changed = std::mem::take(&mut p.failures);
        if !p.arrived.is_empty() {
            let (mut fresh, since) = p.building.take().unwrap_or_else(|| {
                let replay = std::mem::take(&mut p.replay);
                let reused = p.previous.take().and_then(|mut previous| {
                    // The same bytes, already read once into `current`.
                    shards::catch_up(Rc::get_mut(&mut previous)?, &current, &replay);
                    Some(previous)
                });
                (
                    reused.unwrap_or_else(|| Rc::new((*current).clone())),
                    js_sys::Date::now(),
                )
            });
            // A part a view asks for that is already in: published now.
            let asked = p.asked.len();
            p.asked.retain(|q| !shards::has(&fresh, *q));
            let mut waited = p.asked.len() < asked;
            // Every part a view waits for; the others a slice at a time.
            let end = js_sys::Date::now() + SLICE_MS;
            for (part, bytes) in std::mem::take(&mut p.arrived) {
                let asked = p.asked.contains(&part);
                if !asked && (!p.arrived.is_empty() || js_sys::Date::now() > end) {
                    p.arrived.push((part, bytes));
                    continue;
                }
                waited |= asked;
                p.asked.retain(|&q| q != part);
                match Rc::get_mut(&mut fresh).map(|corpus| shards::add(corpus, part, &bytes)) {
                    Some(Ok(())) => p.replay.push((part, bytes)),
                    _ => p.failed.push(part),
                }
            }
            // Published when a view waits, when all are in, or a batch's
            // time after the first (keeping offline, parts keep coming).
            let publish = waited || p.arrived.is_empty() || js_sys::Date::now() - since > f64::from(KEEP_BATCH_MS);
            if !p.arrived.is_empty() && !p.continuing {
                // The rest in a task of its own (one chain of them): after
                // the views are drawn if they are, else at once.
                p.continuing = true;
                later(if publish { -1 } else { 0 }, Box::new(go_on));
            }
            if publish {
                p.previous = Some(current.clone());
                next = Some(fresh);
                changed = true;
            } else {
                p.building = Some((fresh, since));
            }
        }
        let corpus = next.clone().unwrap_or(current);
        p.current = Some(corpus.clone());
        let mut fetches = Vec::new();
        let wanted: Vec<Part> = std::mem::take(&mut p.wanted)
            .into_iter()
            .filter(|part| !p.here(part) && !shards::has(&corpus, *part))
            .collect();
        for part in wanted {
            match shards::file(&corpus, part) {
                Some(name) => {
                    p.in_flight.push(part);
                    fetches.push((part, name));
                }
                None => {
                    p.failed.push(part);
                    changed = true;
                }
            }
        }
        if p.keep {
            // What views asked for first; then the rest, refilled as parts
            // arrive.
            // (Not made again while as many are on their way as can be.)
            if p.in_flight.len() < IN_FLIGHT {
                let queue: Vec<(Part, String)> = shards::all_parts(&corpus)
                    .into_iter()
                    .filter(|part| !p.here(part))
                    .filter_map(|part| shards::file(&corpus, part).map(|name| (part, name)))
                    .rev()
                    .collect();
                p.queue = queue;
            }
            while p.in_flight.len() < IN_FLIGHT {
                let Some((part, name)) = p.queue.pop() else { break };
                p.in_flight.push(part);
                fetches.push((part, name));
            }
            if p.queue.is_empty() && p.in_flight.is_empty() && p.arrived.is_empty() && p.building.is_none() && !p.kept {
                p.kept = true;
                changed = true;
                announce_kept();
            }
        }
        // A failure alone changes no part: a new copy still draws the views again.
        if changed && next.is_none() {
            next = Some(Rc::new((*corpus).clone()));
            p.current = next.clone();
        }
        let publish = changed.then(|| p.publish.clone()).flatten();
        (publish, next, fetches)
    });
    for (part, name) in fetches {
        start(part, name);
    }
    if let (Some(publish), Some(corpus)) = (publish, next) {
        publish(corpus);
        later(-1, Box::new(catch_up));
    }
}

/// Adds the parts the last slice left ([`flush`]).
fn go_on() {
    PARTS.with(|p| p.borrow_mut().continuing = false);
    flush();
}

/// Once the frame after a batch is painted (the views drawn with the new
/// corpus, the previous one let go): the previous corpus takes the parts
/// it lacks ([`shards::catch_up`]: the entity parts shared with the
/// current one, not read again). The next arrival then adds only its own
/// parts.
fn catch_up() {
    PARTS.with(|p| {
        let mut p = p.borrow_mut();
        if p.replay.is_empty() {
            return;
        }
        let (Some(mut previous), Some(current)) = (p.previous.take(), p.current.clone()) else {
            return;
        };
        if let Some(corpus) = Rc::get_mut(&mut previous) {
            shards::catch_up(corpus, &current, &std::mem::take(&mut p.replay));
        }
        p.previous = Some(previous);
    });
}

/// Fetches a part (already counted in flight); when it arrives, starts the
/// next queued one, and has it added: at once when a view waits for it
/// (once the other parts a view cannot be drawn without are in too, or
/// [`HOLD_MS`] later), else with the next batch.
fn start(part: Part, name: String) {
    fetch_bytes(&name, move |result| {
        let next = PARTS.with(|p| {
            let mut p = p.borrow_mut();
            p.in_flight.retain(|&q| q != part);
            p.gating.retain(|&q| q != part);
            match result {
                Ok(bytes) => p.arrived.push((part, bytes)),
                Err(_) => {
                    p.failed.push(part);
                    p.failures = true;
                }
            }
            let waiting = p.asked.contains(&part) || p.in_flight.iter().any(|q| p.asked.contains(q));
            // Parts no view waits for are added in batches (each copies the
            // corpus and draws the views again), the last one at once; those
            // a view waits for, once the others it cannot be drawn without
            // are in too.
            let held = p.in_flight.iter().any(|q| p.gating.contains(q));
            let background = p.in_flight.iter().any(|q| !p.asked.contains(q)) || !p.queue.is_empty();
            let ms = match (waiting || !background, p.keep) {
                (true, _) if held => HOLD_MS,
                (true, _) => 0,
                (false, true) => KEEP_BATCH_MS,
                (false, false) => BACKGROUND_BATCH_MS,
            };
            schedule_in(&mut p, ms);
            let next = p.queue.pop();
            if let Some((part, _)) = &next {
                p.in_flight.push(*part);
            }
            next
        });
        if let Some((part, name)) = next {
            start(part, name);
        }
    });
}
