//! The list of articles, newest first.

use super::{date_label, publication_label, use_corpus};
use crate::format;
use crate::route::Route;
use loupe_engine::excerpt;
use yew::prelude::*;

/// Characters of opening text shown under each title.
const EXCERPT_CHARS: usize = 240;

/// Every article as a card: publication, date, title, opening lines, length.
#[component]
pub fn ArticleList() -> Html {
    let Some(corpus) = use_corpus() else { return html! {} };
    let docs = corpus.0.by_date_desc();
    html! {
        <section class="articles" aria-labelledby="articles-title">
            <h1 id="articles-title" class="section-title">{ "Articles" }</h1>
            <ol class="cards" role="list">
                for doc in docs {
                    <li class="card" data-doc={doc.id.clone()} key={doc.id.clone()}>
                        <p class="card-meta">
                            <span class="publication">{ publication_label(doc) }</span>
                            { date_label(doc) }
                        </p>
                        <h2 class="card-title">
                            <a href={Route::Doc(doc.id.clone()).to_hash()}>{ &doc.title }</a>
                        </h2>
                        <p class="card-excerpt">{ excerpt(doc, EXCERPT_CHARS) }</p>
                        <p class="card-foot">
                            <span>{ format::words(u64::from(doc.words)) }</span>
                            <span>{ format::reading_time(u64::from(doc.words)) }</span>
                            if doc.title_derived {
                                <span class="tag" title="Cet article n’a pas de titre publié : celui-ci est tiré de son texte.">{ "titre déduit" }</span>
                            }
                        </p>
                    </li>
                }
            </ol>
        </section>
    }
}
