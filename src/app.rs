//! The root component: one reducer for the view state, the hash as its source
//! of truth, and the corpus shared through context.

use crate::components::{ArticleList, CorpusHeader, NotFound, Reader};
use crate::corpus;
use crate::route::Route;
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
    /// The current view.
    pub route: Route,
    /// The view before it, to return focus where the reader left.
    pub previous: Option<Route>,
}

/// What can happen to the view state.
#[derive(Debug)]
pub enum Action {
    /// The URL hash changed (a link, back/forward, or a typed URL).
    Navigate(Route),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::Navigate(route) if route == self.route => self,
            Action::Navigate(route) => Rc::new(State {
                previous: Some(self.route.clone()),
                route,
            }),
        }
    }
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Mounts the app on `#loupe` (replacing its loading message), or on `<body>`.
pub fn mount() {
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
    let corpus = use_memo((), |_| CorpusContext(corpus::embedded()));
    let state = use_reducer(|| State {
        route: Route::from_hash(&current_hash()),
        previous: None,
    });

    {
        let dispatch = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                gloo_events::EventListener::new(&window, "hashchange", move |_| {
                    dispatch.dispatch(Action::Navigate(Route::from_hash(&current_hash())));
                })
            });
            move || drop(listener)
        });
    }

    {
        let corpus = corpus.0.clone();
        use_effect_with(state.clone(), move |state| after_navigation(&corpus, state));
    }

    let main = match &state.route {
        Route::Home => html! { <ArticleList /> },
        Route::Doc(id) => html! { <Reader id={AttrValue::from(id.clone())} /> },
        Route::Unknown(path) => html! { <NotFound path={AttrValue::from(path.clone())} /> },
    };
    html! {
        <ContextProvider<CorpusContext> context={(*corpus).clone()}>
            <CorpusHeader />
            <main id="contenu" class="page">{ main }</main>
            <footer class="colophon">
                <p>{ "Loupe fonctionne entièrement dans votre navigateur : aucune donnée ne le quitte." }</p>
            </footer>
        </ContextProvider<CorpusContext>>
    }
}

/// Page title, scroll and focus after the view changed: an opened article
/// starts at its top with focus on its title; back on the list, focus returns
/// to the article the reader came from.
fn after_navigation(corpus: &Corpus, state: &State) {
    let Some(window) = web_sys::window() else { return };
    let Some(document) = window.document() else { return };
    let focus = |selector: &str| {
        if let Some(el) = document
            .query_selector(selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    };
    match &state.route {
        Route::Doc(id) => {
            let title = corpus.doc(id).map_or("Article introuvable", |d| d.title.as_str());
            document.set_title(&format!("{title} — Loupe"));
            window.scroll_to_with_x_and_y(0.0, 0.0);
            focus("#reader-title");
        }
        Route::Home => {
            document.set_title("Loupe — explorateur de corpus");
            if let Some(Route::Doc(id)) = &state.previous {
                focus(&format!("[data-doc=\"{id}\"] a"));
            }
        }
        Route::Unknown(_) => document.set_title("Page introuvable — Loupe"),
    }
}
