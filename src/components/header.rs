//! The masthead: the brand and the corpus at a glance.

use super::use_corpus;
use crate::app::{apply_theme, store, THEME_KEY};
use crate::format;
use crate::i18n::{use_lang, Lang};
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

/// Props of [`CorpusHeader`].
#[derive(Properties, PartialEq)]
pub struct CorpusHeaderProps {
    /// The reader switched the interface language.
    pub on_lang: Callback<Lang>,
}

/// Brand, corpus summary (articles, words, date span), language and theme switches.
#[component]
pub fn CorpusHeader(props: &CorpusHeaderProps) -> Html {
    let lang = use_lang();
    let theme = use_state(current_theme);
    let Some(corpus) = use_corpus() else { return html! {} };
    let summary = corpus.0.summary();
    let toggle = {
        let theme = theme.clone();
        Callback::from(move |_: MouseEvent| {
            let next = if *theme == "dark" { "light" } else { "dark" };
            apply_theme(Some(next));
            store(THEME_KEY, next);
            theme.set(next);
        })
    };
    let (label, icon) = if *theme == "dark" {
        (lang.t("Passer au thème clair", "Switch to the light theme"), "☀")
    } else {
        (lang.t("Passer au thème sombre", "Switch to the dark theme"), "☾")
    };
    let switch_lang = {
        let on_lang = props.on_lang.clone();
        Callback::from(move |_: MouseEvent| on_lang.emit(lang.other()))
    };
    // Each language names itself: a reader who does not read the current one still finds theirs.
    // The accessible name contains the visible "EN" / "FR", as speech control expects.
    let (lang_label, lang_short) = match lang {
        Lang::Fr => ("Read in English, EN", "EN"),
        Lang::En => ("Lire en français, FR", "FR"),
    };
    let articles = summary.articles as u64;
    html! {
        <header class="masthead">
            <div class="masthead-inner">
                <a class="brand" href="#/" aria-label={lang.t("Loupe, accueil", "Loupe, home")}>
                    <svg class="brand-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                        <circle cx="10" cy="10" r="6.5" fill="none" stroke="currentColor" stroke-width="2.2" />
                        <path d="M15 15l5.5 5.5" stroke="currentColor" stroke-width="2.6" stroke-linecap="round" />
                    </svg>
                    <span class="brand-name">{ "Loupe" }</span>
                </a>
                <p class="corpus-stats" aria-label={lang.t("Le corpus", "The corpus")}>
                    <span class="stat" data-stat="articles"><strong>{ format::number(articles, lang) }</strong>{ " " }{ lang.plural(articles as usize, "article", "article") }</span>
                    <span class="stat" data-stat="words"><strong>{ format::number(summary.words, lang) }</strong>{ " " }{ lang.plural(summary.words as usize, "mot", "word") }</span>
                    if let Some((from, to)) = summary.span {
                        <span class="stat" data-stat="span">{ format::span(&from, &to, lang) }</span>
                    }
                </p>
                <div class="switches">
                    <button type="button" class="lang-toggle" onclick={switch_lang} lang={lang.other().code()} aria-label={lang_label} title={lang_label}>
                        { lang_short }
                    </button>
                    <button type="button" class="theme-toggle" onclick={toggle} aria-label={label} title={label}>
                        <span aria-hidden="true">{ icon }</span>
                    </button>
                </div>
            </div>
        </header>
    }
}
