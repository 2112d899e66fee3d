//! The masthead: the brand and the corpus at a glance.

use super::use_corpus;
use crate::app::{apply_theme, THEME_KEY};
use crate::format;
use yew::prelude::*;

/// The theme in effect: the reader's choice, else the system's.
fn current_theme() -> &'static str {
    let window = web_sys::window();
    let chosen = window
        .as_ref()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("data-theme"));
    match chosen.as_deref() {
        Some("dark") => "dark",
        Some("light") => "light",
        _ => {
            let dark = window
                .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
                .is_some_and(|m| m.matches());
            if dark {
                "dark"
            } else {
                "light"
            }
        }
    }
}

/// Brand and corpus summary (articles, words, date span).
#[component]
pub fn CorpusHeader() -> Html {
    let theme = use_state(current_theme);
    let Some(corpus) = use_corpus() else { return html! {} };
    let summary = corpus.0.summary();
    let toggle = {
        let theme = theme.clone();
        Callback::from(move |_: MouseEvent| {
            let next = if *theme == "dark" { "light" } else { "dark" };
            apply_theme(Some(next));
            if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
                let _ = storage.set_item(THEME_KEY, next);
            }
            theme.set(next);
        })
    };
    let (label, icon) = if *theme == "dark" {
        ("Passer au thème clair", "☀")
    } else {
        ("Passer au thème sombre", "☾")
    };
    let articles = summary.articles as u64;
    html! {
        <header class="masthead">
            <div class="masthead-inner">
                <a class="brand" href="#/" aria-label="Loupe, accueil">
                    <svg class="brand-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                        <circle cx="10" cy="10" r="6.5" fill="none" stroke="currentColor" stroke-width="2.2" />
                        <path d="M15 15l5.5 5.5" stroke="currentColor" stroke-width="2.6" stroke-linecap="round" />
                    </svg>
                    <span class="brand-name">{ "Loupe" }</span>
                </a>
                <p class="corpus-stats" aria-label="Le corpus">
                    <span class="stat" data-stat="articles"><strong>{ format::number(articles) }</strong>{ if articles > 1 { " articles" } else { " article" } }</span>
                    <span class="stat" data-stat="words"><strong>{ format::number(summary.words) }</strong>{ " mots" }</span>
                    if let Some((from, to)) = summary.span {
                        <span class="stat" data-stat="span">{ format::span(&from, &to) }</span>
                    }
                </p>
                <button type="button" class="theme-toggle" onclick={toggle} aria-label={label} title={label}>
                    <span aria-hidden="true">{ icon }</span>
                </button>
            </div>
        </header>
    }
}
