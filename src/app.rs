//! The root component: one reducer for the view state, the hash as its source
//! of truth, and the corpus shared through context.

use crate::components::{Collection, CorpusHeader, EntityList, EntityPage, Explore, NotFound, Reader, Timeline};
use crate::corpus;
use crate::format;
use crate::i18n::{Lang, LANG_KEY};
use crate::route::{Route, Search, View};
use loupe_engine::search::Sort;
use loupe_engine::Corpus;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The corpus, shared with every component that reads it.
#[derive(Clone, Debug)]
pub struct CorpusContext(pub Rc<Corpus>);

impl PartialEq for CorpusContext {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// What the reader is looking at.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The current screen.
    pub route: Route,
    /// The current search (shown on the list, highlighted in the reader).
    pub search: Search,
    /// The screen before, to return focus where the reader left.
    pub previous: Option<Route>,
    /// In an article, the mention to scroll to.
    pub at: Option<usize>,
    /// The last change was a navigation (a facet, a chip, the order): the URL
    /// gets a new history entry. Typing replaces the current one.
    pub push: bool,
}

/// What can happen to the view state.
#[derive(Debug)]
pub enum Action {
    /// The URL hash changed (a link, back/forward, or a typed URL).
    Navigate(View),
    /// The search field changed (typing: the history entry is replaced).
    Query(String),
    /// The query changed by a choice (a facet, a chip, clearing it): a new
    /// history entry, so Back returns to the query before.
    Refine(String),
    /// The result order changed (a new history entry).
    Sort(Sort),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = match action {
            Action::Navigate(view) => State {
                previous: (view.route != self.route)
                    .then(|| self.route.clone())
                    .or(self.previous.clone()),
                route: view.route,
                search: view.search,
                at: view.at,
                push: false,
            },
            Action::Query(query) => State {
                push: false,
                search: Search {
                    query,
                    ..self.search.clone()
                },
                ..(*self).clone()
            },
            Action::Refine(query) => State {
                push: true,
                search: Search {
                    query,
                    ..self.search.clone()
                },
                ..(*self).clone()
            },
            Action::Sort(sort) => State {
                push: true,
                search: Search {
                    sort,
                    ..self.search.clone()
                },
                ..(*self).clone()
            },
        };
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

/// How long typing pauses before the URL takes the typed query.
const URL_PAUSE_MS: i32 = 300;

thread_local! {
    /// The typed query's URL, not yet written ([`URL_PAUSE_MS`]).
    static PENDING_URL: std::cell::Cell<Option<String>> = const { std::cell::Cell::new(None) };
}

/// Writes the typed query's URL now: a click (a result opened adds an entry
/// after the typed query's), Escape.
pub(crate) fn flush_url() {
    if let Some(hash) = PENDING_URL.take() {
        write_url(false, &hash);
    }
}

/// Adds (`push`) or replaces the history entry with `hash`.
fn write_url(push: bool, hash: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let null = wasm_bindgen::JsValue::NULL;
        let _ = if push {
            history.push_state_with_url(&null, "", Some(hash))
        } else {
            history.replace_state_with_url(&null, "", Some(hash))
        };
    }
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// A remembered choice (theme, language) from localStorage.
pub(crate) fn stored(key: &str) -> Option<String> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(key).ok().flatten())
}

/// Remembers a choice; a browser that refuses storage (private mode, file://) just forgets it.
pub(crate) fn store(key: &str, value: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(key, value);
    }
}

/// Sets `<html lang>`, so assistive technologies read the interface in its language.
fn apply_lang(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.code());
    }
}

/// Mounts the app on `#loupe` (replacing its loading message), or on `<body>`.
pub fn mount() {
    apply_theme(stored(THEME_KEY).as_deref());
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("loupe"));
    match root {
        Some(root) => {
            root.set_text_content(None);
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}

/// The explorer.
#[component]
pub fn App() -> Html {
    // The corpus arrives after the first render: from the page, or fetched.
    let loaded = use_state(|| None::<Result<CorpusContext, corpus::Failure>>);
    {
        let loaded = loaded.setter();
        use_effect_with((), move |_| {
            corpus::load(move |result| {
                let result = result.map(Rc::new);
                if let Ok(corpus) = &result {
                    // A sharded corpus grows as its parts arrive.
                    let loaded = loaded.clone();
                    corpus::attach(corpus.clone(), move |next| loaded.set(Some(Ok(CorpusContext(next)))));
                }
                loaded.set(Some(result.map(CorpusContext)));
            });
        });
    }
    // The reader's own documents ("Mes documents"), from the import worker.
    let mine = use_state(|| None::<CorpusContext>);
    let showing_mine = use_state(|| stored(VIEW_KEY).is_some_and(|v| v == "mine"));
    {
        let (mine, showing) = (mine.setter(), showing_mine.setter());
        use_effect_with((), move |_| {
            let listener = crate::collection::listen(move |corpus, added| {
                let corpus = corpus.map(|c| CorpusContext(Rc::new(c)));
                if corpus.is_none() {
                    showing.set(false);
                    store(VIEW_KEY, "site");
                } else if added {
                    showing.set(true);
                    store(VIEW_KEY, "mine");
                }
                mine.set(corpus);
            });
            if crate::collection::stored() {
                crate::collection::call("open", "");
            }
            move || drop(listener)
        });
    }
    let ready = matches!(*loaded, Some(Ok(_)));
    let lang = use_state(|| Lang::parse(stored(LANG_KEY).as_deref()));
    use_effect_with(*lang, |lang| apply_lang(*lang));
    // Callbacks that stay the same from one render to the next, so the
    // components that take them are not drawn again on every keystroke.
    let on_lang = {
        let lang = lang.setter();
        use_callback((), move |next: Lang, _| {
            store(LANG_KEY, next.code());
            lang.set(next);
        })
    };
    let state = use_reducer(|| {
        let view = View::from_hash(&current_hash());
        State {
            route: view.route,
            search: view.search,
            previous: None,
            at: view.at,
            push: false,
        }
    });

    {
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            let window = web_sys::window();
            let hash = window.as_ref().map(|window| {
                let dispatch = dispatch.clone();
                gloo_events::EventListener::new(window, "hashchange", move |_| {
                    dispatch.dispatch(Action::Navigate(View::from_hash(&current_hash())));
                })
            });
            // The explorer's keys, wherever the focus is but in a text field.
            // Non-passive: "/" and the walking keys must prevent their default.
            let keys = window.as_ref().and_then(|w| w.document()).map(|document| {
                let options = gloo_events::EventListenerOptions::enable_prevent_default();
                gloo_events::EventListener::new_with_options(&document, "keydown", options, move |event| {
                    if let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() {
                        on_key(event, &dispatch);
                    }
                })
            });
            // A click anywhere (a result, a facet, the header's home link)
            // comes after the typed query: its URL is written first.
            let clicks = window.map(|window| gloo_events::EventListener::new(&window, "click", |_| flush_url()));
            move || drop((hash, keys, clicks))
        });
    }

    // The URL follows the view, so it is shareable. Typing replaces the
    // current history entry (no entry per keystroke) once the typing pauses:
    // `replaceState` costs about a millisecond of a keystroke's frame. A
    // choice (facet, chip, order, clearing) adds an entry at once, after the
    // typed query it follows, so Back walks every view the reader saw.
    {
        let view = View {
            route: state.route.clone(),
            search: state.search.clone(),
            at: state.at,
        };
        let push = state.push;
        use_effect_with(view, move |view| {
            let typed = PENDING_URL.take();
            if View::from_hash(&current_hash()) == *view {
                return;
            }
            let hash = view.to_hash();
            if push {
                if let Some(typed) = typed {
                    write_url(false, &typed);
                }
                write_url(true, &hash);
            } else {
                PENDING_URL.set(Some(hash.clone()));
                corpus::later(
                    URL_PAUSE_MS,
                    Box::new(move || {
                        // Unless a later view took its place.
                        let pending = PENDING_URL.take();
                        if pending.as_ref() == Some(&hash) {
                            write_url(false, &hash);
                        } else {
                            PENDING_URL.set(pending);
                        }
                    }),
                );
            }
        });
    }

    // On a sharded corpus the entities come in a part of their own: the
    // pages made of them wait for it (and take the focus when it arrives).
    let entities_ready = match &*loaded {
        Some(Ok(c)) => c.0.shards.as_ref().is_none_or(|s| s.has_entities()),
        _ => false,
    };
    let of_entities = matches!(state.route, Route::Entity(_) | Route::Entities(_) | Route::Timeline);
    {
        let key = (
            state.route.clone(),
            state.previous.clone(),
            state.at,
            ready,
            of_entities && entities_ready,
        );
        let searching = !state.search.query.trim().is_empty();
        use_effect_with(key, move |(route, previous, at, ready, _)| {
            if *ready {
                after_navigation(route, previous.as_ref(), *at, searching)
            }
        });
    }
    {
        let corpus = match &*loaded {
            Some(Ok(c)) => Some(c.0.clone()),
            _ => None,
        };
        let key = (
            state.route.clone(),
            state.search.query.clone(),
            *lang,
            ready,
            entities_ready,
        );
        use_effect_with(key, move |(route, query, lang, _, _)| {
            if let (Some(document), Some(corpus)) = (web_sys::window().and_then(|w| w.document()), corpus) {
                document.set_title(&page_title(&corpus, route, query, *lang));
            }
        });
    }

    // sw-register.js announces a newer version; the reader decides when to switch.
    let update_ready = use_state(|| false);
    {
        let update_ready = update_ready.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                gloo_events::EventListener::new(&window, "loupe-update-ready", move |_| update_ready.set(true))
            });
            move || drop(listener)
        });
    }
    let apply_update = Callback::from(|_: MouseEvent| {
        if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new("loupe-apply-update")) {
            let _ = window.dispatch_event(&event);
        }
    });
    let dismiss_update = {
        let update_ready = update_ready.clone();
        Callback::from(move |_: MouseEvent| update_ready.set(false))
    };

    let on_query = {
        let dispatch = state.dispatcher();
        use_callback((), move |q: String, _| dispatch.dispatch(Action::Query(q)))
    };
    let on_refine = {
        let dispatch = state.dispatcher();
        use_callback((), move |q: String, _| dispatch.dispatch(Action::Refine(q)))
    };
    let on_sort = {
        let dispatch = state.dispatcher();
        use_callback((), move |s: Sort, _| dispatch.dispatch(Action::Sort(s)))
    };
    let query = AttrValue::from(state.search.query.clone());
    let site_articles = match &*loaded {
        Some(Ok(c)) => c.0.summary().articles,
        _ => 0,
    };
    let panel = {
        let on_show = {
            let showing = showing_mine.setter();
            Callback::from(move |m: bool| {
                store(VIEW_KEY, if m { "mine" } else { "site" });
                showing.set(m);
            })
        };
        html! {
            <Collection site={site_articles} mine={mine.as_ref().map(|m| m.0.docs.len())}
                showing_mine={*showing_mine && mine.is_some()} {on_show} />
        }
    };
    let main = match &state.route {
        _ if of_entities && !entities_ready => {
            let failed = matches!(&*loaded, Some(Ok(_))) && corpus::want_entities(true) == corpus::Need::Failed;
            html! {
                <section class="loading" aria-busy={(!failed).to_string()}>
                    <p class="boot" role="status">{ if failed {
                        lang.t("Les entités du corpus n’ont pas pu être chargées.", "The corpus's entities could not be loaded.")
                    } else {
                        lang.t("Chargement des entités…", "Loading the entities…")
                    } }</p>
                </section>
            }
        }
        Route::Home => {
            html! { <>{ panel }<Explore query={query} sort={state.search.sort} {on_query} {on_refine} {on_sort} /></> }
        }
        Route::Doc(id) => {
            // One of the reader's own documents can be taken out of the collection.
            let remove = mine.as_ref().filter(|_| *showing_mine).map(|m| {
                let doc = m.0.doc(id);
                let date = doc.and_then(|d| d.date).map(|d| d.to_string());
                let source = doc.and_then(|d| d.publication.clone().or_else(|| d.source.clone()));
                let edit = id.clone();
                let id = id.clone();
                let onclick = Callback::from(move |_: MouseEvent| {
                    crate::collection::call("remove", &id);
                    if let Some(l) = web_sys::window().map(|w| w.location()) {
                        let _ = l.set_hash("#/");
                    }
                });
                html! {
                    <div class="mine-note">{ lang.t("Un de vos documents. ", "One of your documents. ") }
                        <button type="button" class="link-button" data-loupe-edit={edit} data-date={date} data-source={source}>
                            { lang.t("Date et source", "Date and source") }
                        </button>
                        { " · " }
                        <button type="button" class="link-button" {onclick}>{ lang.t("Le retirer", "Remove it") }</button>
                        <div class="mine-edit"></div>
                    </div>
                }
            });
            html! { <>{ remove }<Reader id={AttrValue::from(id.clone())} query={query} sort={state.search.sort} at={state.at} /></> }
        }
        Route::Entity(id) => {
            html! { <EntityPage id={AttrValue::from(id.clone())} query={query} sort={state.search.sort} /> }
        }
        Route::Timeline => html! { <Timeline query={query} sort={state.search.sort} /> },
        // Drawn below, with the corpus shown.
        Route::Network(_) => html! {},
        Route::Entities(kind) => {
            html! { <EntityList kind={AttrValue::from(kind.clone())} query={query} sort={state.search.sort} /> }
        }
        Route::Unknown(path) => html! { <NotFound path={AttrValue::from(path.clone())} /> },
    };
    let lang = *lang;
    let corpus = match (&*loaded, &*mine) {
        (_, Some(mine)) if *showing_mine => mine.clone(),
        (Some(Ok(corpus)), _) => corpus.clone(),
        (None, _) => {
            return html! { <p class="boot" role="status">{ lang.t("Chargement du corpus…", "Loading the corpus…") }</p> }
        }
        (Some(Err(failure)), _) => return failure_notice(failure, lang),
    };
    let main = match &state.route {
        Route::Network(_) => crate::components::network(
            &corpus.0,
            View {
                route: Route::Home,
                search: state.search.clone(),
                at: None,
            }
            .to_hash(),
            &state.search.query,
            lang,
        ),
        _ => main,
    };
    html! {
        <ContextProvider<CorpusContext> context={corpus.clone()}>
        <ContextProvider<Lang> context={lang}>
            <CorpusHeader {on_lang} />
            if *update_ready {
                <div class="update" role="status">
                    <p>{ lang.t("Une nouvelle version de Loupe est prête.", "A new version of Loupe is ready.") }</p>
                    <button type="button" class="button" onclick={apply_update}>{ lang.t("Recharger", "Reload") }</button>
                    <button type="button" class="link-button" onclick={dismiss_update}>{ lang.t("Plus tard", "Later") }</button>
                </div>
            }
            <main id="contenu" class="page">{ main }</main>
            <footer class="colophon">
                <p>{ lang.t(
                    "Loupe fonctionne entièrement dans votre navigateur\u{202f}: aucune donnée ne le quitte.",
                    "Loupe runs entirely in your browser: no data ever leaves it.",
                ) }</p>
                { offline(&corpus.0, lang) }
            </footer>
        </ContextProvider<Lang>>
        </ContextProvider<CorpusContext>>
    }
}

/// The reader's choice of corpus: the site's ("site") or their own ("mine").
const VIEW_KEY: &str = "loupe-view";

/// On a sharded corpus, the parts arrive as views need them: "keep offline"
/// fetches them all (the service worker keeps them), with its progress; a
/// small one is kept at once. Nothing for a corpus in one file (kept whole).
fn offline(corpus: &Corpus, lang: Lang) -> Html {
    let Some(shards) = &corpus.shards else { return html! {} };
    match corpus::keeping() {
        Some((done, all)) if done >= all => html! {
            <p class="offline" data-offline="kept">{ lang.t("Tout le corpus est disponible hors ligne.", "The whole corpus is available offline.") }</p>
        },
        Some((done, all)) => html! {
            <p class="offline" data-offline="keeping" role="status">
                <label for="offline-progress">{ lang.t("Mise hors ligne du corpus\u{202f}: ", "Keeping the corpus offline: ") }</label>
                <progress id="offline-progress" max={all.to_string()} value={done.to_string()}></progress>
                { format!(" {} / {} {}", format::number(done as u64, lang), format::number(all as u64, lang), lang.t("fichiers", "files")) }
            </p>
        },
        None => {
            let onclick = Callback::from(|_: MouseEvent| corpus::keep_offline());
            // Tenths of a megabyte in integers: float formatting would cost the wasm kilobytes.
            let tenths = shards.total_bytes().div_ceil(100_000);
            let megabytes = match lang {
                Lang::Fr => format!("{},{}\u{a0}Mo", tenths / 10, tenths % 10),
                Lang::En => format!("{}.{}\u{a0}MB", tenths / 10, tenths % 10),
            };
            html! {
                <p class="offline" data-offline="partial">
                    { lang.t("Les articles se chargent à la demande. ", "Articles load on demand. ") }
                    <button type="button" class="link-button" {onclick}>
                        { format!("{} ({megabytes})", lang.t("Garder tout le corpus hors ligne", "Keep the whole corpus offline")) }
                    </button>
                </p>
            }
        }
    }
}

/// What the reader sees when the corpus cannot be opened, and what to do.
fn failure_notice(failure: &corpus::Failure, lang: Lang) -> Html {
    let reason = match failure {
        corpus::Failure::Missing(0) => lang
            .t(
                "Le fichier du corpus n’a pas pu être chargé (réseau indisponible ?).",
                "The corpus file could not be loaded (network unavailable?).",
            )
            .to_owned(),
        corpus::Failure::Missing(status) => format!(
            "{} {} ({}).",
            lang.t(
                "Le fichier du corpus est introuvable sur ce site\u{202f}:",
                "The corpus file is missing from this site:"
            ),
            corpus::CORPUS_FILE,
            status
        ),
        corpus::Failure::Version { got, expected } => format!(
            "{} {got}, {} {expected}\u{202f}: {}",
            lang.t("Ce corpus a été écrit au format", "This corpus was written in format"),
            lang.t(
                "cette version de Loupe lit le format",
                "this version of Loupe reads format"
            ),
            lang.t(
                "reconstruisez le site avec le même loupe.",
                "rebuild the site with the same loupe."
            ),
        ),
        corpus::Failure::Unreadable => lang
            .t(
                "Le fichier du corpus est illisible ou endommagé.",
                "The corpus file is unreadable or damaged.",
            )
            .to_owned(),
    };
    html! {
        <main id="contenu" class="page">
            <section class="notice" role="alert">
                <h1>{ lang.t("Le corpus n’a pas pu être ouvert", "The corpus could not be opened") }</h1>
                <p>{ reason }</p>
                <p>{ lang.t(
                    "Un site Loupe s’écrit avec « loupe site --corpus DOSSIER --out SITE », qui place le corpus à côté de l’application.",
                    "A Loupe site is written with “loupe site --corpus DIR --out SITE”, which puts the corpus beside the app.",
                ) }</p>
            </section>
        </main>
    }
}

/// Moves focus to the next (`step` 1) or previous (-1) result link; false when there is none.
fn move_through_results(step: i32) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let Ok(links) = document.query_selector_all(".cards .card-title a") else {
        return false;
    };
    let count = links.length() as i32;
    if count == 0 {
        return false;
    }
    let active = document.active_element();
    let current = (0..count).find(|&i| {
        links.item(i as u32).zip(active.as_ref()).is_some_and(|(l, a)| {
            let a: &web_sys::Node = a.as_ref();
            l.is_same_node(Some(a))
        })
    });
    let next = match current {
        Some(i) => (i + step).clamp(0, count - 1),
        None if step > 0 => 0,
        None => return false,
    };
    match links
        .item(next as u32)
        .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
    {
        Some(link) => link.focus().is_ok(),
        None => false,
    }
}

/// The theme the reader chose (`light` or `dark`), remembered in localStorage.
pub(crate) const THEME_KEY: &str = "loupe-theme";

/// Applies a remembered theme choice to the page.
pub(crate) fn apply_theme(theme: Option<&str>) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match theme {
        Some(t @ ("light" | "dark")) => root.set_attribute("data-theme", t),
        _ => root.remove_attribute("data-theme"),
    };
}

/// The element matching `selector`, as `T`.
pub(crate) fn element<T: JsCast>(selector: &str) -> Option<T> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<T>().ok())
}

/// The page title of a screen, in the interface language: the search on the
/// list ("numergy — Loupe"), an article's or entity's name elsewhere.
fn page_title(corpus: &Corpus, route: &Route, query: &str, lang: Lang) -> String {
    let name = match route {
        Route::Home if !query.trim().is_empty() => query.trim(),
        Route::Home => {
            return lang
                .t("Loupe — explorateur de corpus", "Loupe — corpus explorer")
                .to_owned()
        }
        Route::Doc(id) => corpus
            .doc(id)
            .map_or(lang.t("Article introuvable", "Article not found"), |d| d.title.as_str()),
        Route::Entity(id) => {
            return format!(
                "{} — Loupe",
                corpus.entities.by_id(id).map_or_else(
                    || lang.t("Entité introuvable", "Entity not found").to_owned(),
                    |(_, e)| crate::components::entity_label(e, lang)
                )
            )
        }
        Route::Timeline => lang.t("Chronologie", "Timeline"),
        Route::Network(_) => lang.t("Réseau des entités", "Entity network"),
        Route::Entities(_) => lang.t("Entités", "Entities"),
        Route::Unknown(_) => lang.t("Page introuvable", "Page not found"),
    };
    format!("{name} — Loupe")
}

/// Scroll and focus after the screen changed: an opened article starts at its
/// top with focus on its title (the reader then scrolls to its first match or
/// the linked mention); back on the list, focus returns to the article the
/// reader came from, or else goes to the search field on the empty start
/// screen only (elsewhere the single-key shortcuts must keep working).
pub(crate) fn after_navigation(route: &Route, previous: Option<&Route>, at: Option<usize>, searching: bool) {
    let Some(window) = web_sys::window() else { return };
    let focus = |selector: &str| {
        if let Some(el) = element::<web_sys::HtmlElement>(selector) {
            let _ = el.focus();
        }
    };
    match route {
        Route::Doc(_) => {
            window.scroll_to_with_x_and_y(0.0, 0.0);
            focus("#reader-title");
            // A link to a mention (`?at=`) opens the article at that place, marked.
            if let Some(mark) =
                at.and_then(|at| element::<web_sys::HtmlElement>(&format!("mark.entity[data-at=\"{at}\"]")))
            {
                let _ = mark.class_list().add_1("target");
                bring_into_view(&mark);
            } else if let Some(first) = element::<web_sys::Element>(".prose mark[data-match]") {
                // Opened from a search: at its first match.
                bring_into_view(&first);
            }
        }
        Route::Entity(_) => {
            window.scroll_to_with_x_and_y(0.0, 0.0);
            focus("#entity-title");
        }
        Route::Entities(_) => {
            window.scroll_to_with_x_and_y(0.0, 0.0);
            focus("#entities-title");
        }
        Route::Timeline => {
            window.scroll_to_with_x_and_y(0.0, 0.0);
            focus("#timeline-title");
        }
        // A link of the drawing: its passages open and in view.
        Route::Network(Some(e)) => {
            if let Some(el) = element::<web_sys::Element>(&format!(".net [data-edge=\"{e}\"]")) {
                let _ = el.set_attribute("open", "");
                bring_into_view(&el);
                focus(&format!(".net [data-edge=\"{e}\"] summary"));
            }
        }
        Route::Network(None) => {
            window.scroll_to_with_x_and_y(0.0, 0.0);
            focus("#network-title");
        }
        Route::Home => match previous {
            Some(Route::Doc(id)) => focus(&format!("[data-doc=\"{id}\"] a")),
            _ if !searching => focus("#search"),
            _ => {}
        },
        Route::Unknown(_) => {}
    }
}

/// Scrolls so that `el` stands about a third down the window: read in its
/// context, not at an edge.
pub(crate) fn bring_into_view(el: &web_sys::Element) {
    let Some(window) = web_sys::window() else { return };
    let height = window.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
    let y = window.scroll_y().unwrap_or(0.0) + el.get_bounding_client_rect().top() - height / 3.0;
    window.scroll_to_with_x_and_y(0.0, y.max(0.0));
}

/// The element a key event started from is a text field.
pub(crate) fn in_text_field(event: &web_sys::KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

/// The explorer's keys: `/` to search, `j`/`k` and the arrows through the
/// results, Esc (outside the field) to clear the search, one Back away.
/// Keys with a modifier belong to the browser.
fn on_key(event: &web_sys::KeyboardEvent, dispatch: &UseReducerDispatcher<State>) {
    if event.ctrl_key() || event.meta_key() || event.alt_key() {
        return;
    }
    let typing = in_text_field(event);
    let in_search = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|e| e.id() == "search");
    let key = event.key();
    if key == "/" && !typing {
        if let Some(field) = element::<web_sys::HtmlElement>("#search") {
            event.prevent_default();
            let _ = field.focus();
        }
        return;
    }
    if key == "Escape" && !typing {
        // The query typed a moment ago, not yet in the URL, is the one to clear.
        flush_url();
        let view = View::from_hash(&current_hash());
        if view.route == Route::Home
            && !view.search.query.is_empty()
            && element::<web_sys::Element>(".mention-card").is_none()
        {
            dispatch.dispatch(Action::Refine(String::new()));
        }
        return;
    }
    // j/k or the arrows walk through the results; Enter opens (a link's own behaviour).
    let step = match key.as_str() {
        "j" if !typing => Some(1),
        "k" if !typing => Some(-1),
        "ArrowDown" if !typing || in_search => Some(1),
        "ArrowUp" if !typing => Some(-1),
        _ => None,
    };
    if let Some(step) = step {
        if move_through_results(step) {
            event.prevent_default();
        }
    }
}
