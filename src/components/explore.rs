//! The start screen: the search field, the results (every article when the
//! field is empty) and the facets that narrow them.

use super::{date_label, marked, publication_label, use_corpus, warning_fr};
use crate::format;
use crate::route::{Route, Search, View};
use loupe_engine::search::{FacetCount, Options, Results, Sort};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Props of [`Explore`].
#[derive(Properties, PartialEq)]
pub struct ExploreProps {
    /// The query as typed.
    pub query: AttrValue,
    /// Result order.
    pub sort: Sort,
    /// The query changed.
    pub on_query: Callback<String>,
    /// The order changed.
    pub on_sort: Callback<Sort>,
}

/// Search field, results and facets.
#[component]
pub fn Explore(props: &ExploreProps) -> Html {
    let corpus = use_corpus();
    let results: Rc<Results> = {
        let corpus = corpus.clone();
        use_memo((props.query.clone(), props.sort), move |(query, sort)| {
            let options = Options {
                sort: *sort,
                limit: 100,
            };
            corpus.map_or_else(
                || Results {
                    total: 0,
                    hits: Vec::new(),
                    facets: Default::default(),
                    warnings: Vec::new(),
                },
                |c| c.0.search(query, &options),
            )
        })
    };
    let Some(corpus) = corpus else { return html! {} };
    let corpus = &corpus.0;

    let oninput = {
        let on_query = props.on_query.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                on_query.emit(input.value());
            }
        })
    };
    let onkeydown = {
        let on_query = props.on_query.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                on_query.emit(String::new());
            }
        })
    };
    let onchange = {
        let on_sort = props.on_sort.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) {
                on_sort.emit(if select.value() == "date" {
                    Sort::Date
                } else {
                    Sort::Relevance
                });
            }
        })
    };
    let query = props.query.as_str();
    let searching = !query.trim().is_empty();
    let count = match (results.total, searching) {
        (0, _) => "Aucun article ne correspond.".to_owned(),
        (1, true) => "1 article trouvé".to_owned(),
        (n, true) => format!("{} articles trouvés", format::number(n as u64)),
        (n, false) => format!("{} articles", format::number(n as u64)),
    };
    let search = Search {
        query: query.to_owned(),
        sort: props.sort,
    };

    html! {
        <div class="explore">
            <search class="search" role="search">
                <label class="search-label" for="search">{ "Rechercher dans le corpus" }</label>
                <div class="search-field">
                    <svg class="search-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                        <circle cx="10" cy="10" r="6.5" fill="none" stroke="currentColor" stroke-width="2" />
                        <path d="M15 15l5 5" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" />
                    </svg>
                    <input id="search" type="search" value={props.query.clone()} {oninput} {onkeydown}
                        placeholder="Cloudwatt, « cloud souverain », source:lemagit…"
                        autocomplete="off" spellcheck="false" aria-describedby="search-help" />
                    <kbd class="search-key" aria-hidden="true">{ "/" }</kbd>
                </div>
                <details class="search-help" id="search-help">
                    <summary>{ "Syntaxe" }</summary>
                    <dl>
                        <dt><code>{ "\"cloud souverain\"" }</code></dt><dd>{ "expression exacte" }</dd>
                        <dt><code>{ "orange OR sfr" }</code></dt><dd>{ "l’un ou l’autre" }</dd>
                        <dt><code>{ "orange -sfr" }</code></dt><dd>{ "sans le second" }</dd>
                        <dt><code>{ "numer*" }</code></dt><dd>{ "mots commençant ainsi" }</dd>
                        <dt><code>{ "source:lemagit" }</code></dt><dd>{ "une publication" }</dd>
                        <dt><code>{ "date:2015-01..2015-06" }</code></dt><dd>{ "une période" }</dd>
                        <dt><code>{ "type:ORG  entity:\"Caisse des Dépôts\"" }</code></dt><dd>{ "entités (bientôt)" }</dd>
                    </dl>
                </details>
            </search>

            <div class="explore-grid">
                <section class="results" aria-labelledby="results-title">
                    <div class="results-bar">
                        <h1 id="results-title" class="results-count" aria-live="polite">{ count }</h1>
                        <label class="sort">
                            { "Trier par " }
                            <select {onchange}>
                                <option value="relevance" selected={props.sort == Sort::Relevance}>{ "pertinence" }</option>
                                <option value="date" selected={props.sort == Sort::Date}>{ "date" }</option>
                            </select>
                        </label>
                    </div>
                    if !results.warnings.is_empty() {
                        <ul class="warnings" aria-label="Remarques sur la recherche">
                            for w in &results.warnings {
                                <li>{ warning_fr(w) }</li>
                            }
                        </ul>
                    }
                    <ol class="cards" role="list">
                        for hit in &results.hits {
                            {{
                                let doc = &corpus.docs[hit.doc];
                                let (snippet, marks) = hit.snippet.render(&doc.text);
                                let link = View { route: Route::Doc(doc.id.clone()), search: search.clone() }.to_hash();
                                html! {
                                    <li class="card" data-doc={doc.id.clone()} key={doc.id.clone()}>
                                        <p class="card-meta">
                                            <span class="publication">{ publication_label(doc) }</span>
                                            { date_label(doc) }
                                        </p>
                                        <h2 class="card-title">
                                            <a href={link}>{ marked(&doc.title, &hit.title_highlights) }</a>
                                        </h2>
                                        <p class="card-excerpt">{ marked(&snippet, &marks) }</p>
                                        <p class="card-foot">
                                            <span>{ format::words(u64::from(doc.words)) }</span>
                                            <span>{ format::reading_time(u64::from(doc.words)) }</span>
                                            if doc.title_derived {
                                                <span class="tag" title="Cet article n’a pas de titre publié : celui-ci est tiré de son texte.">{ "titre déduit" }</span>
                                            }
                                        </p>
                                    </li>
                                }
                            }}
                        }
                    </ol>
                </section>
                <aside class="facets" aria-label="Affiner">
                    { facet("Publications", "source", &results.facets.sources, query, &props.on_query) }
                    { facet("Années", "date", &results.facets.years, query, &props.on_query) }
                </aside>
            </div>
        </div>
    }
}

/// A facet: its values with counts over the results; a click adds (or removes) the filter.
fn facet(title: &str, field: &str, counts: &[FacetCount], query: &str, on_query: &Callback<String>) -> Html {
    if counts.is_empty() {
        return html! {};
    }
    html! {
        <section class="facet">
            <h2 class="facet-title">{ title }</h2>
            <ul role="list">
                for c in counts {
                    {{
                        let token = format!("{field}:{}", c.key);
                        let active = query.split_whitespace().any(|w| w == token);
                        let next = if active {
                            query.split_whitespace().filter(|w| *w != token).collect::<Vec<_>>().join(" ")
                        } else {
                            format!("{} {token}", query.trim()).trim_start().to_owned()
                        };
                        let on_query = on_query.clone();
                        let onclick = Callback::from(move |_| on_query.emit(format!("{next} ")));
                        html! {
                            <li>
                                <button type="button" class={classes!("facet-value", active.then_some("active"))}
                                    aria-pressed={active.to_string()} {onclick}>
                                    <span class="facet-label">{ c.label.clone() }</span>
                                    <span class="facet-count">{ c.count }</span>
                                </button>
                            </li>
                        }
                    }}
                }
            </ul>
        </section>
    }
}
