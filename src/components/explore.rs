//! The start screen: the search field, the results (every article when the
//! field is empty) and the facets that narrow them.

use super::{
    annotated, date_label, entity_label, marked, mentions_in, publication_label, type_label, use_corpus, warning_text,
};
use crate::corpus::Need;
use crate::format;
use crate::i18n::{use_lang, Lang};
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
    /// The query changed by typing.
    pub on_query: Callback<String>,
    /// The query changed by a choice (facet, chip, clearing): a history entry.
    pub on_refine: Callback<String>,
    /// The order changed.
    pub on_sort: Callback<Sort>,
}

/// Hits drawn at a time: a screen or two. The count and the facets are
/// always over every match; snippets and highlights only for drawn hits.
pub const PAGE: usize = 10;

/// Hits drawn in the frame of a keystroke: what a screen shows of them.
const FIRST: usize = 3;

thread_local! {
    /// The last search's (query, order, hits drawn).
    static LAST_SHOWN: std::cell::RefCell<Option<(String, Sort, usize)>> = const { std::cell::RefCell::new(None) };
}

/// Search field, results and facets.
#[component]
pub fn Explore(props: &ExploreProps) -> Html {
    let lang = use_lang();
    let corpus = use_corpus();
    // On a phone the facets fold into a panel, opened by a button.
    let facets_open = use_state(|| false);
    // Hits drawn: a page, more on request; a new search starts again at one
    // page. Remembered for the search across the list's unmounting, so Back
    // from an article opened after "Afficher plus" finds it drawn.
    let shown = {
        let (query, sort) = (props.query.to_string(), props.sort);
        use_state(move || {
            LAST_SHOWN.with(|l| {
                l.borrow()
                    .as_ref()
                    .filter(|l| l.0 == query && l.1 == sort)
                    .map_or(PAGE, |l| l.2)
            })
        })
    };
    {
        let shown = shown.clone();
        use_effect_with((props.query.clone(), props.sort), move |(query, sort)| {
            let same = LAST_SHOWN.with(|l| {
                l.borrow()
                    .as_ref()
                    .is_some_and(|l| l.0 == query.as_str() && l.1 == *sort)
            });
            if !same {
                shown.set(PAGE);
            }
        });
    }
    {
        let key = (props.query.clone(), props.sort, *shown);
        use_effect_with(key, |(query, sort, shown)| {
            LAST_SHOWN.with(|l| *l.borrow_mut() = Some((query.to_string(), *sort, *shown)));
        });
    }
    // On a sharded corpus a search may miss parts: it asks for them, and is
    // run again when they arrive (the corpus changes); meanwhile the last
    // complete results stay on screen.
    let searched: Rc<(Rc<Results>, Need)> = {
        let corpus = corpus.clone();
        use_memo(
            (props.query.clone(), props.sort, *shown, corpus.clone()),
            move |(query, sort, shown, _)| {
                let options = Options {
                    sort: *sort,
                    limit: *shown,
                };
                let Some(c) = corpus else {
                    return (Rc::new(Results::default()), Need::Ready);
                };
                let results = c.0.search(query, &options);
                let need = match crate::corpus::want(&c.0) {
                    Need::Ready => {
                        // A keystroke's first cards are what it paints: their
                        // files are asked first and are all it waits for (a
                        // host serving six files at a time serves them
                        // first); the others are drawn as theirs come.
                        let docs: Vec<usize> = results.hits.iter().map(|h| h.doc).collect();
                        let first = if *shown == PAGE {
                            docs.len().min(FIRST)
                        } else {
                            docs.len()
                        };
                        let need = crate::corpus::want_docs(&c.0, &docs[..first], true);
                        let rest = crate::corpus::want_docs(&c.0, &docs[first..], false);
                        match (need, rest) {
                            (Need::Ready, Need::Failed) => Need::Failed,
                            (need, _) => need,
                        }
                    }
                    need => need,
                };
                // The entity facets and marks, once the results have what
                // they need: a heavy entities part never holds a query back.
                if need == Need::Ready && !query.trim().is_empty() {
                    let _ = crate::corpus::want_entities(false);
                }
                (Rc::new(results), need)
            },
        )
    };
    let last_ready = use_mut_ref(|| None::<Rc<Results>>);
    let need = searched.1;
    let results: Rc<Results> = match need {
        Need::Ready => {
            *last_ready.borrow_mut() = Some(searched.0.clone());
            searched.0.clone()
        }
        // Nothing yet: no half-known hits (no titles) drawn meanwhile.
        _ => last_ready.borrow().clone().unwrap_or_default(),
    };
    // Other hits than those drawn (a keystroke's, a filter's; not "Afficher
    // plus", not the same hits as parts of the corpus arrive) draw their
    // first cards (a screen) in that frame and the rest once it is painted,
    // unless newer results came (`data-partial` meanwhile). A list drawn
    // anew (the first, Back from an article) is drawn whole, so focus finds
    // its card.
    let whole = use_mut_ref(|| None::<Rc<Results>>);
    let partial = *shown == PAGE
        && results.hits.len() > FIRST
        && whole.borrow().as_ref().is_some_and(|w| {
            !w.hits.is_empty()
                && !Rc::ptr_eq(w, &results)
                && !w.hits.iter().map(|h| h.doc).eq(results.hits.iter().map(|h| h.doc))
        });
    // (And no card before its file: the first ones are there, others follow.)
    let titled = results
        .hits
        .iter()
        .take_while(|h| {
            corpus
                .as_ref()
                .is_none_or(|c| c.0.shards.as_ref().is_none_or(|s| s.has_text(h.doc)))
        })
        .count();
    let drawn = if partial { FIRST } else { results.hits.len() }.min(titled.max(FIRST));
    if partial {
        let (latest, shown, these) = (last_ready.clone(), shown.clone(), results.clone());
        crate::corpus::later(
            -1,
            Box::new(move || {
                if latest.borrow().as_ref().is_some_and(|l| Rc::ptr_eq(l, &these)) {
                    whole.replace(Some(these));
                    // Drawn again: the same hits, all of them.
                    shown.set(*shown);
                }
            }),
        );
    } else {
        whole.replace(Some(results.clone()));
    }
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
    // Esc leaves the field (the browser would wipe it); a second Esc, outside
    // the field, clears the search, one Back away (see `app::on_key`).
    let onkeydown = Callback::from(|e: KeyboardEvent| {
        if e.key() == "Escape" {
            e.prevent_default();
            if let Some(field) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = field.blur();
            }
        }
    });
    // A choice in the facets also closes their panel on a phone: the results
    // come back into view, the choice shown as a chip above them.
    let on_refine = {
        let on_refine = props.on_refine.clone();
        let open = facets_open.setter();
        use_callback(on_refine, move |q: String, on_refine| {
            open.set(false);
            on_refine.emit(q);
        })
    };
    // A facet value toggles its filter in the query of the moment: the
    // callback stays the same while typing, so the facets are not drawn
    // again unless their counts or the active filters change.
    let current = use_mut_ref(String::new);
    current.replace(props.query.to_string());
    let on_toggle = {
        let current = current.clone();
        use_callback(on_refine.clone(), move |token: String, on_refine| {
            let next = toggled(&current.borrow(), &token).1;
            on_refine.emit(next.trim_start().to_owned());
        })
    };
    let onchange = {
        let on_sort = props.on_sort.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) {
                on_sort.emit(match select.value().as_str() {
                    "date" => Sort::Date,
                    "oldest" => Sort::Oldest,
                    _ => Sort::Relevance,
                });
            }
        })
    };
    let query = props.query.as_str();
    let searching = !query.trim().is_empty();
    let count = match (results.total, searching) {
        _ if need == Need::Failed => lang
            .t(
                "Une partie du corpus n’a pas pu être chargée : ces résultats sont incomplets.",
                "Part of the corpus could not be loaded: these results are incomplete.",
            )
            .to_owned(),
        _ if need == Need::Loading && last_ready.borrow().is_none() => lang.t("Recherche…", "Searching…").to_owned(),
        (0, _) => lang.t("Aucun article ne correspond.", "No article matches.").to_owned(),
        (n, searching) => {
            let mut count = format::count(n, "article", "article", lang);
            if searching {
                count.push(' ');
                count.push_str(lang.t(if n > 1 { "trouvés" } else { "trouvé" }, "found"));
            }
            count
        }
    };
    let search = Search {
        query: query.to_owned(),
        sort: props.sort,
    };
    let filters = filter_tokens(query);

    html! {
        <div class="explore">
            <search class="search" role="search">
                <label class="search-label" for="search">{ lang.t("Rechercher dans le corpus", "Search the corpus") }</label>
                <div class="search-field">
                    <svg class="search-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                        <circle cx="10" cy="10" r="6.5" fill="none" stroke="currentColor" stroke-width="2" />
                        <path d="M15 15l5 5" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" />
                    </svg>
                    <input id="search" type="search" value={props.query.clone()} {oninput} {onkeydown}
                        placeholder={lang.t("Cloudwatt, « cloud souverain », source:lemagit…", "Cloudwatt, “cloud souverain”, source:lemagit…")}
                        autocomplete="off" spellcheck="false" aria-describedby="search-help" />
                    <kbd class="search-key" aria-hidden="true">{ "/" }</kbd>
                </div>
                <details class="search-help" id="search-help">
                    <summary>{ lang.t("Syntaxe", "Syntax") }</summary>
                    <dl>
                        { Html::from_html_unchecked(AttrValue::Static(lang.t(SYNTAX_FR, SYNTAX_EN))) }
                        <dt><code>{ "source:lemag" }</code></dt><dd>{ lang.t("une publication (le début de son nom suffit)\u{202f}: ", "a publication (the start of its name is enough): ") }{{
                            let sources = loupe_engine::search::sources(corpus);
                            sources.iter().enumerate().map(|(i, c)| {
                                let token = format!("source:{}", c.key);
                                let on_refine = on_refine.clone();
                                let onclick = Callback::from(move |_: MouseEvent| on_refine.emit(format!("{token} ")));
                                html! { <>{ if i > 0 { ", " } else { "" } }<button type="button" class="link-button" {onclick}>{ format!("{} ({})", c.label, c.count) }</button></> }
                            }).collect::<Html>()
                        }}</dd>
                        { Html::from_html_unchecked(AttrValue::Static(lang.t(FILTERS_FR, FILTERS_EN))) }
                    </dl>
                </details>
            </search>

            <div class="explore-grid">
                <section class="results" aria-labelledby="results-title" aria-busy={(need == Need::Loading).to_string()} data-partial={(drawn < results.hits.len()).then_some("true")}>
                    <div class="results-bar">
                        <h1 id="results-title" class="results-count" aria-live="polite">{ count }</h1>
                        <label class="sort">
                            { lang.t("Trier par ", "Sort by ") }
                            <select {onchange}>
                                <option value="relevance" selected={props.sort == Sort::Relevance}>{ lang.t("pertinence", "relevance") }</option>
                                <option value="date" selected={props.sort == Sort::Date}>{ lang.t("date, récents d’abord", "date, newest first") }</option>
                                <option value="oldest" selected={props.sort == Sort::Oldest}>{ lang.t("date, anciens d’abord", "date, oldest first") }</option>
                            </select>
                        </label>
                        // Made in the browser by the import worker (assets/import.js): not in a single-file explorer.
                        if crate::collection::available() {
                            { Html::from_html_unchecked(AttrValue::Static(lang.t(EXPORTS_FR, EXPORTS_EN))) }
                        }
                    </div>
                    if !filters.is_empty() {
                        <ul class="chips" aria-label={lang.t("Filtres actifs", "Active filters")}>
                            for f in filters.iter() {
                                {{
                                    let next = toggled(query, f).1;
                                    let on_refine = on_refine.clone();
                                    let onclick = Callback::from(move |_| on_refine.emit(next.trim_start().to_owned()));
                                    html! {
                                        <li><button type="button" class="chip" {onclick} aria-label={format!("{} {f}", lang.t("Retirer le filtre", "Remove the filter"))}>{ f.clone() }<span aria-hidden="true">{ " ×" }</span></button></li>
                                    }
                                }}
                            }
                        </ul>
                    }
                    if !searching {
                        <Overview />
                    }
                    { explanations(&results, query, &on_refine, lang) }
                    // The entity the query names: its articles match however they name it.
                    if let Some(info) = results.entity.and_then(|(e, _)| corpus.entities.entities.get(e as usize)) {
                        <p class="named">
                            <a href={View { route: Route::Entity(info.id.clone()), search: Search::default(), at: None }.to_hash()}>{ entity_label(info, lang) }</a>
                            {{
                                let n = results.entity.map_or(0, |e| e.1);
                                format!(" — {n} {}", if n > 1 {
                                    lang.t("articles le mentionnent, sous tous ses noms", "articles mention it, by any of its names")
                                } else {
                                    lang.t("article le mentionne, sous tous ses noms", "article mentions it, by any of its names")
                                })
                            }}
                        </p>
                    }
                    if !results.warnings.is_empty() {
                        <ul class="warnings" aria-label={lang.t("Remarques sur la recherche", "Notes on the search")}>
                            for w in &results.warnings {
                                <li>{ warning_text(w, lang) }{ closest_entities(corpus, w, query, &on_refine, lang) }</li>
                            }
                        </ul>
                    }
                    <ol class="cards" role="list">
                        for hit in results.hits.iter().take(drawn) {
                            {{
                                let doc = &corpus.docs[hit.doc];
                                let (snippet, marks) = hit.snippet.render(&doc.text);
                                let link = View { route: Route::Doc(doc.id.clone()), search: search.clone(), at: None }.to_hash();
                                html! {
                                    <li class="card" data-doc={doc.id.clone()} key={doc.id.clone()}>
                                        <p class="card-meta">
                                            <span class="publication">{ publication_label(doc, lang) }</span>
                                            { date_label(doc, lang) }
                                        </p>
                                        <h2 class="card-title">
                                            <a href={link}>{ marked(&doc.title, &hit.title_highlights) }</a>
                                        </h2>
                                        <p class="card-excerpt">{{
                                            let lead = if hit.snippet.cut_start { "…".len() } else { 0 };
                                            annotated(&snippet, &mentions_in(corpus, hit.doc, &hit.snippet.range, lead), &marks, 0, lang, false)
                                        }}</p>
                                        <p class="card-foot">
                                            <span class="card-types" aria-label={lang.t("Types d’entités", "Entity types")}>
                                                for kind in doc_types(corpus, hit.doc) {
                                                    <span class="type-chip" data-type={kind.as_str()} title={type_label(kind, lang)}>{ kind.as_str() }</span>
                                                }
                                            </span>
                                            <span>{ format::words(u64::from(doc.words), lang) }</span>
                                            <span>{ format::reading_time(u64::from(doc.words), lang) }</span>
                                            if doc.title_derived {
                                                <span class="tag" title={lang.t("Cet article n’a pas de titre publié : celui-ci est tiré de son texte.", "This article has no published title: this one is taken from its text.")}>{ lang.t("titre déduit", "derived title") }</span>
                                            }
                                        </p>
                                    </li>
                                }
                            }}
                        }
                    </ol>
                    if results.hits.len() < results.total {
                        {{
                            let more = shown.clone();
                            let onclick = Callback::from(move |_: MouseEvent| more.set(*more + PAGE));
                            let rest = results.total - results.hits.len();
                            html! {
                                <p class="more">
                                    <button type="button" class="button more-button" {onclick}>
                                        { format!("{} ({} {})", lang.t("Afficher plus", "Show more"), format::number(rest as u64, lang), lang.t(if rest > 1 { "restants" } else { "restant" }, "left")) }
                                    </button>
                                </p>
                            }
                        }}
                    }
                </section>
                <aside class={classes!("facets", facets_open.then_some("open"))} aria-labelledby="facets-title">
                    <button type="button" class="facets-toggle" aria-expanded={facets_open.to_string()} aria-controls="facets-panel"
                        onclick={{ let open = facets_open.clone(); Callback::from(move |_: MouseEvent| open.set(!*open)) }}>
                        <span id="facets-title">{ lang.t("Affiner", "Refine") }</span>
                        if !filters.is_empty() {
                            <span class="facet-count">{ filters.len() }</span>
                        }
                        <span class="facets-caret" aria-hidden="true">{ "▾" }</span>
                    </button>
                    <FacetsPanel results={results.clone()} active={Rc::new(super::parts(query).into_iter().filter(|p| p.contains(':')).collect::<Vec<_>>())} on_toggle={on_toggle}
                        entities={if searching && results.total > 0 { crate::corpus::entities_need() } else { Need::Ready }} />
                </aside>
            </div>
        </div>
    }
}

/// What the search did that the reader could not see: a rewritten query it
/// offers ("ovh OR ikoula"), the words it matched approximately, and, when
/// nothing matches, what each word finds alone, the nearest words and the
/// query without one of its words.
fn explanations(results: &Results, query: &str, on_refine: &Callback<String>, lang: Lang) -> Html {
    let run = |query: &str, label: Html| {
        let on_refine = on_refine.clone();
        let next = query.to_owned();
        let onclick = Callback::from(move |_: MouseEvent| on_refine.emit(next.clone()));
        html! { <button type="button" class="link-button" {onclick}>{ label }</button> }
    };
    let code = |q: &str| html! { <code>{ q.to_owned() }</code> };
    let joined = |items: Vec<Html>| -> Html {
        items
            .into_iter()
            .enumerate()
            .map(|(i, h)| html! { <>{ if i > 0 { ", " } else { "" } }{ h }</> })
            .collect()
    };
    html! {
        <>
        if let Some(q) = &results.suggestion {
            <p class="explain suggestion">{ lang.t("Vouliez-vous dire ", "Did you mean ") }{ run(q, code(q)) }{ lang.t("\u{202f}?", "?") }</p>
        }
        if !results.approximate.is_empty() {
            <p class="explain approximate">
                { lang.t("Aussi, par approximation\u{202f}: ", "Also, approximately: ") }
                { joined(results.approximate.iter().map(|a| html! {
                    <span>{ a.matched.join(", ") }{ lang.t(" pour ", " for ") }{ quoted(&a.word, lang) }</span>
                }).collect()) }
                { " — " }
                { lang.t("écrire ", "write ") }{ code(&format!("+{}", results.approximate[0].word)) }{ lang.t(" pour le mot exact.", " for the exact word.") }
            </p>
        }
        if let Some(rescue) = &results.rescue {
            <div class="explain rescue">
                if !rescue.drops.is_empty() {
                    <p>{ lang.t("Sans l’un des termes\u{202f}: ", "Without one of the terms: ") }{ joined(rescue.drops.iter().take(4).map(|(q, n)| html! {
                        <span>{ run(q, code(q)) }{ format!(" ({n})") }</span>
                    }).collect()) }</p>
                }
                if rescue.per_word.len() > 1 {
                    <p>{ lang.t("Chaque terme seul\u{202f}: ", "Each term alone: ") }{ joined(rescue.per_word.iter().map(|(q, n)| html! {
                        <span>{ if *n > 0 { run(q, code(q)) } else { code(q) } }{ format!(" ({n})") }</span>
                    }).collect()) }</p>
                }
                for (word, near) in rescue.nearest.iter().filter(|(_, near)| !near.is_empty()) {
                    <p>{ lang.t("Mots proches de ", "Words close to ") }{ quoted(word, lang) }{ lang.t("\u{202f}: ", ": ") }{ joined(near.iter().map(|w| run(&format!("{} ", query.replacen(word.as_str(), w, 1).trim_end()), code(w))).collect()) }</p>
                }
            </div>
        }
        </>
    }
}

/// For `entity:` naming no entity, the closest names as a replacement filter
/// (`entity:renard` → "Didier Renard").
fn closest_entities(
    corpus: &loupe_engine::Corpus,
    warning: &loupe_engine::query::Warning,
    query: &str,
    on_refine: &Callback<String>,
    lang: Lang,
) -> Html {
    let loupe_engine::query::Warning::UnknownEntity(name) = warning else {
        return html! {};
    };
    let found = corpus.entities.lookup(name);
    if found.is_empty() {
        return html! {};
    }
    html! {
        <>
        { lang.t(" Essayer\u{202f}: ", " Try: ") }
        for (i, (e, _)) in found.iter().take(3).enumerate() {
            {{
                let info = &corpus.entities.entities[*e];
                let written = filter_tokens(query).into_iter().find(|f| f.starts_with("entity:") && f.contains(name.as_str())).unwrap_or_default();
                let filter = format!("entity:\"{}\"", info.name);
                let next = if written.is_empty() { super::with_filter(query, &filter) } else { query.replacen(&written, &filter, 1) };
                let on_refine = on_refine.clone();
                let onclick = Callback::from(move |_: MouseEvent| on_refine.emit(next.clone()));
                html! { <>{ if i > 0 { ", " } else { "" } }<button type="button" class="link-button" {onclick}>{ entity_label(info, lang) }</button></> }
            }}
        }
        </>
    }
}

/// A word quoted as the interface language writes it: «\u{202f}mot\u{202f}», “word”.
fn quoted(word: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("«\u{202f}{word}\u{202f}»"),
        Lang::En => format!("“{word}”"),
    }
}

/// The query with the filter `token` added, or removed when it is there:
/// whole parts of the query are compared, never substrings (`date:2015` is
/// not part of `date:2015-01`).
fn toggled(query: &str, token: &str) -> (bool, String) {
    let parts = super::parts(query);
    let active = parts.iter().any(|p| p == token);
    let mut next: Vec<&str> = parts.iter().map(String::as_str).filter(|p| *p != token).collect();
    if !active {
        next.push(token);
    }
    (active, format!("{} ", next.join(" ")))
}

/// Props of [`FacetsPanel`].
#[derive(Properties)]
pub struct FacetsPanelProps {
    /// The results: their facets, counts over the matching articles.
    pub results: Rc<Results>,
    /// The filters written in the query.
    pub active: Rc<Vec<String>>,
    /// Adds or removes a filter (`source:lemagit`).
    pub on_toggle: Callback<String>,
    /// Where the corpus's entities stand (a sharded corpus fetches them
    /// after the first results): their facets come with them.
    pub entities: Need,
}

impl PartialEq for FacetsPanelProps {
    /// The facets compared, not the hits.
    fn eq(&self, other: &Self) -> bool {
        (Rc::ptr_eq(&self.results, &other.results) || self.results.facets == other.results.facets)
            && self.active == other.active
            && self.on_toggle == other.on_toggle
            && self.entities == other.entities
    }
}

/// The facets: drawn again only when their counts or the active filters
/// change, not on every keystroke of a word.
#[component]
pub fn FacetsPanel(props: &FacetsPanelProps) -> Html {
    let lang = use_lang();
    let (facets, active, on) = (&props.results.facets, &props.active[..], &props.on_toggle);
    html! {
        <div class="facets-panel" id="facets-panel">
            if props.entities != Need::Ready {
                <section class="facet" data-facet="pending" role="status">
                    <h2 class="facet-title">{ lang.t("Entités", "Entities") }</h2>
                    <p class="facet-note">{ if props.entities == Need::Failed {
                        lang.t("Les entités du corpus n’ont pas pu être chargées.", "The corpus's entities could not be loaded.")
                    } else {
                        lang.t("Chargement des entités du corpus…", "Loading the corpus's entities…")
                    } }</p>
                </section>
            }
            { facet(lang.t("Types d’entités", "Entity types"), "type", &facets.types, active, on, lang) }
            <EntityFacet results={props.results.clone()} active={props.active.clone()} on_toggle={on.clone()} />
            { facet("Publications", "source", &facets.sources, active, on, lang) }
            { facet(lang.t("Années", "Years"), "date", &facets.years, active, on, lang) }
            { facet(lang.t("Mois", "Months"), "date", &facets.months, active, on, lang) }
        </div>
    }
}

/// One facet value as a toggle button.
fn facet_button(label: Html, count: usize, token: &str, active: &[String], on_toggle: &Callback<String>) -> Html {
    let active = active.iter().any(|a| a == token);
    let on_toggle = on_toggle.clone();
    let token = token.to_owned();
    let onclick = Callback::from(move |_| on_toggle.emit(token.clone()));
    html! {
        <li>
            <button type="button" class={classes!("facet-value", active.then_some("active"))} aria-pressed={active.to_string()} {onclick}>
                <span class="facet-label">{ label }</span>
                <span class="facet-count">{ count }</span>
            </button>
        </li>
    }
}

/// A facet: its values with counts over the results; a click adds (or removes) the filter.
fn facet(
    title: &str,
    field: &str,
    counts: &[FacetCount],
    active: &[String],
    on_toggle: &Callback<String>,
    lang: Lang,
) -> Html {
    // An empty facet keeps its (hidden) element: the groups keep their
    // order when a query with no results empties them and the next fills them.
    html! {
        <section class="facet" data-facet={field.to_owned()} hidden={counts.is_empty()}>
            <h2 class="facet-title">{ title }</h2>
            <ul role="list">
                for c in counts {
                    {{
                        let label = if field == "type" {
                            let kind = loupe_engine::entities::EntityType::parse(&c.key);
                            html! { <><span class="type-chip" data-type={c.key.clone()}>{ c.key.clone() }</span>{ kind.map(|k| type_label(k, lang)).unwrap_or_default() }</> }
                        } else if let Some(month) = loupe_engine::PubDate::parse(&c.key).ok().filter(|d| d.month.is_some()) {
                            // "2015-01" reads "janvier 2015".
                            html! { { format::date(&month, lang) } }
                        } else {
                            html! { { c.label.clone() } }
                        };
                        facet_button(label, c.count, &format!("{field}:{}", c.key), active, on_toggle)
                    }}
                }
            </ul>
        </section>
    }
}

/// Props of [`EntityFacet`].
#[derive(Properties)]
pub struct EntityFacetProps {
    /// The results: the entities their facets count.
    pub results: Rc<Results>,
    /// The filters written in the query.
    pub active: Rc<Vec<String>>,
    /// Adds or removes a filter.
    pub on_toggle: Callback<String>,
}

impl PartialEq for EntityFacetProps {
    /// The entities' counts compared, not the hits.
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.results.facets, &other.results.facets);
        (Rc::ptr_eq(&self.results, &other.results) || (a.entities == b.entities && a.entity_docs == b.entity_docs))
            && self.active == other.active
            && self.on_toggle == other.on_toggle
    }
}

/// The most mentioned entities of the results, and a box to find any other.
#[component]
pub fn EntityFacet(props: &EntityFacetProps) -> Html {
    let lang = use_lang();
    let find = use_state(String::new);
    let corpus = use_corpus();
    // Any of an entity's names finds it (aliases, acronyms, spellings); the
    // closest names when none does.
    let mut approximate = false;
    let facets = &props.results.facets;
    // (name, matching articles)
    let shown: Vec<(&str, usize)> = match corpus.as_ref().filter(|_| !find.trim().is_empty()) {
        None => facets.entities.iter().map(|c| (c.key.as_str(), c.count)).collect(),
        Some(corpus) => {
            let table = &corpus.0.entities;
            let found = table.lookup(find.trim());
            approximate = found.first().is_some_and(|(_, m)| m.is_approximate());
            found
                .iter()
                .filter_map(|&(e, _)| {
                    let at = facets.entity_docs.binary_search_by_key(&(e as u32), |c| c.0).ok()?;
                    Some((table.entities.get(e)?.name.as_str(), facets.entity_docs[at].1 as usize))
                })
                .take(10)
                .collect()
        }
    };
    let oninput = {
        let find = find.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                find.set(input.value());
            }
        })
    };
    html! {
        <section class="facet" data-facet="entity" hidden={facets.entities.is_empty()}>
            <h2 class="facet-title">{ lang.t("Entités", "Entities") }</h2>
            <input class="facet-find" type="text" value={(*find).clone()} {oninput} placeholder={lang.t("Trouver une entité…", "Find an entity…")} aria-label={lang.t("Trouver une entité", "Find an entity")} />
            if approximate && !shown.is_empty() {
                <p class="explain">{ lang.t("Les noms les plus proches\u{202f}:", "The closest names:") }</p>
            }
            <ul role="list">
                for (name, count) in shown {
                    { facet_button(html! { { name.to_owned() } }, count, &format!("entity:\"{name}\""), &props.active, &props.on_toggle) }
                }
            </ul>
        </section>
    }
}

/// Filters written in the query (`source:lemagit`, `entity:"Caisse des Dépôts"`), in order.
fn filter_tokens(query: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = query;
    while let Some(i) = ["source:", "date:", "type:", "entity:"]
        .iter()
        .filter_map(|f| rest.find(f))
        .min()
    {
        let after = &rest[i..];
        let colon = after.find(':').map_or(0, |c| c + 1);
        let end = if after[colon..].starts_with('"') {
            after[colon + 1..].find('"').map_or(after.len(), |e| colon + e + 2)
        } else {
            after.find(char::is_whitespace).unwrap_or(after.len())
        };
        out.push(after[..end].to_owned());
        rest = &after[end..];
    }
    out
}

/// Entity types a document mentions, in type order.
fn doc_types(corpus: &loupe_engine::Corpus, doc: usize) -> Vec<loupe_engine::entities::EntityType> {
    let mut kinds: Vec<_> = corpus
        .entities
        .of(doc)
        .iter()
        .map(|m| corpus.entities.entities[m.entity as usize].kind)
        .collect();
    loupe_engine::sort::natural(&mut kinds);
    kinds.dedup();
    kinds
}

/// The corpus at a glance, above the list when nothing is searched: a
/// component without props, so typing never draws it again.
#[component]
fn Overview() -> Html {
    let lang = use_lang();
    let Some(corpus) = use_corpus() else { return html! {} };
    // A sharded corpus's overview comes in a part of its own, asked at start.
    match loupe_engine::overview::Overview::of(&corpus.0) {
        Some(o) if !o.types.is_empty() => overview(&o, lang),
        _ => html! {},
    }
}

/// The overview's content.
fn overview(o: &loupe_engine::overview::Overview, lang: Lang) -> Html {
    let line = |class: &'static str, label: Html, items: &[(loupe_engine::entities::table::EntityInfo, usize)]| {
        if items.is_empty() {
            return html! {};
        }
        html! {
            <p class={classes!("overview-top", class)}>
                <span class="overview-label">{ label }</span>
                for (i, (info, n)) in items.iter().enumerate() {
                    {{
                        let link = View { route: Route::Entity(info.id.clone()), search: Search::default(), at: None }.to_hash();
                        html! { <>{ if i > 0 { ", " } else { "" } }<a href={link}>{ entity_label(info, lang) }</a>{ format!("\u{a0}({n})") }</> }
                    }}
                }
            </p>
        }
    };
    html! {
        <section class="overview" aria-labelledby="overview-title">
            <h2 id="overview-title" class="section-title">{ lang.t("Le corpus en bref", "The corpus at a glance") }</h2>
            <dl class="overview-types">
                for &(kind, entities, mentions) in &o.types {
                    <div>
                        <dt><span class="type-chip" data-type={kind.as_str()}>{ kind.as_str() }</span>{ type_label(kind, lang) }</dt>
                        <dd>
                            <a href={Route::Entities(kind.as_str().to_owned()).to_hash()}>{ format!("{entities} {}", lang.t(if entities > 1 { "entités" } else { "entité" }, if entities == 1 { "entity" } else { "entities" })) }</a>
                            { " · " }
                            <span>{ format!("{mentions} {}", lang.plural(mentions, "mention", "mention")) }</span>
                        </dd>
                    </div>
                }
            </dl>
            { line("overview-names", html! { lang.t("Les plus cités\u{202f}: ", "Most mentioned: ") }, &o.top) }
            { line("overview-dates", html! { <><a href={Route::Timeline.to_hash()}>{ lang.t("Chronologie", "Timeline") }</a>{ lang.t("\u{202f}: ", ": ") }</> }, &o.dates) }
            <p class="overview-top"><a href={Route::Network(None).to_hash()}>{ lang.t("Réseau des entités", "Entity network") }</a></p>
            { line("overview-sums", html! { lang.t("Sommes et parts\u{202f}: ", "Sums and stakes: ") }, &o.sums) }
        </section>
    }
}

/// The query language's help, as markup (less code than the same elements
/// built one by one); the sources between its two parts are buttons.
const SYNTAX_FR: &str = r#"<dt><code>"cloud souverain"</code></dt><dd>expression exacte</dd><dt><code>orange OR sfr</code></dt><dd>l’un ou l’autre</dd><dt><code>orange -sfr</code></dt><dd>sans le second</dd><dt><code>numer*</code></dt><dd>mots commençant ainsi</dd><dt><code>+bill</code></dt><dd>ce mot, sans approximation</dd>"#;
const SYNTAX_EN: &str = r#"<dt><code>"cloud souverain"</code></dt><dd>exact phrase</dd><dt><code>orange OR sfr</code></dt><dd>either one</dd><dt><code>orange -sfr</code></dt><dd>without the second</dd><dt><code>numer*</code></dt><dd>words starting so</dd><dt><code>+bill</code></dt><dd>this word, not approximated</dd>"#;
const FILTERS_FR: &str = r#"<dt><code>date:2015-01..2015-06</code></dt><dd>une période</dd><dt><code>type:ORG</code></dt><dd>un type d’entité</dd><dt><code>entity:"Caisse des Dépôts"</code></dt><dd>une entité, sous tous ses noms</dd>"#;
const FILTERS_EN: &str = r#"<dt><code>date:2015-01..2015-06</code></dt><dd>a period</dd><dt><code>type:ORG</code></dt><dd>an entity type</dd><dt><code>entity:"Caisse des Dépôts"</code></dt><dd>an entity, by any of its names</dd>"#;

/// The export menu, as markup (its buttons are handled by assets/collection.js).
const EXPORTS_FR: &str = r#"<details class="exports"><summary>Exporter</summary><div class="exports-menu"><p>Ces résultats&#8239;: <button type="button" class="link-button" data-loupe-export="results.csv">CSV</button> · <button type="button" class="link-button" data-loupe-export="results.json">JSON</button></p><p>Tout le corpus&#8239;: <button type="button" class="link-button" data-loupe-export="entities.csv">entités</button> · <button type="button" class="link-button" data-loupe-export="mentions.csv">mentions</button> · <button type="button" class="link-button" data-loupe-export="relations.csv">relations</button> (<button type="button" class="link-button" data-loupe-export="relations.jsonl">JSONL</button>)</p><p class="export-status" role="status"></p></div></details>"#;
const EXPORTS_EN: &str = r#"<details class="exports"><summary>Export</summary><div class="exports-menu"><p>These results: <button type="button" class="link-button" data-loupe-export="results.csv">CSV</button> · <button type="button" class="link-button" data-loupe-export="results.json">JSON</button></p><p>The whole corpus: <button type="button" class="link-button" data-loupe-export="entities.csv">entities</button> · <button type="button" class="link-button" data-loupe-export="mentions.csv">mentions</button> · <button type="button" class="link-button" data-loupe-export="relations.csv">relations</button> (<button type="button" class="link-button" data-loupe-export="relations.jsonl">JSONL</button>)</p><p class="export-status" role="status"></p></div></details>"#;

#[cfg(test)]
mod tests {
    use super::{filter_tokens, toggled};

    #[test]
    fn filter_tokens_table() {
        assert_eq!(
            filter_tokens("numergy source:lemagit date:2015"),
            ["source:lemagit", "date:2015"]
        );
        assert_eq!(
            filter_tokens("entity:\"Caisse des Dépôts\" type:ORG"),
            ["entity:\"Caisse des Dépôts\"", "type:ORG"]
        );
        assert_eq!(filter_tokens("entity:\"unclosed"), ["entity:\"unclosed"]);
        assert!(filter_tokens("orange sfr").is_empty());
    }

    #[test]
    fn toggled_adds_and_removes() {
        assert_eq!(
            toggled("numergy", "source:lemagit"),
            (false, "numergy source:lemagit ".to_owned())
        );
        assert_eq!(
            toggled("numergy source:lemagit ", "source:lemagit"),
            (true, "numergy ".to_owned())
        );
        assert_eq!(toggled("", "type:ORG").1, "type:ORG ");
        // Whole parts only: a year is not part of its month, a key not part of a longer key.
        assert_eq!(
            toggled("date:2015-01 ", "date:2015"),
            (false, "date:2015-01 date:2015 ".to_owned())
        );
        assert_eq!(
            toggled("date:2015-01 date:2015", "date:2015"),
            (true, "date:2015-01 ".to_owned())
        );
        assert_eq!(
            toggled("source:lemagit-uk", "source:lemagit").1,
            "source:lemagit-uk source:lemagit "
        );
        assert_eq!(
            toggled("cloud entity:\"Caisse des Dépôts\"", "entity:\"Caisse des Dépôts\"").1,
            "cloud "
        );
    }
}
