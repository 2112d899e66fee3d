//! The masthead: the brand and the corpus at a glance.

use super::use_corpus;
use crate::format;
use yew::prelude::*;

/// Brand and corpus summary (articles, words, date span).
#[component]
pub fn CorpusHeader() -> Html {
    let Some(corpus) = use_corpus() else { return html! {} };
    let summary = corpus.0.summary();
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
            </div>
        </header>
    }
}
