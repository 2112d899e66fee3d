//! The reader: one article with its paragraphs, its metadata and a way back.

use super::{annotated, date_label, marked, mentions_in, publication_label, type_label, use_corpus, PageProps};
use crate::format;
use crate::route::{Route, Search, View};
use loupe_engine::entities::EntityType;
use loupe_engine::search::Options;
use loupe_engine::{BlockKind, Document};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use yew::prelude::*;

/// The full article. Text is rendered as text nodes, never as HTML.
#[component]
pub fn Reader(props: &PageProps) -> Html {
    let corpus = use_corpus();
    // Entity types the reader chose to hide in the text.
    let hidden = use_state(BTreeSet::<EntityType>::new);
    // The entity whose card is open (a mention was clicked).
    let selected = use_state(|| None::<String>);
    // Where the search matches this article's text and title (empty without a search).
    let found: std::rc::Rc<Found> = {
        let corpus = corpus.clone();
        use_memo((props.id.clone(), props.query.clone()), move |(id, query)| {
            let Some(corpus) = corpus.filter(|_| !query.trim().is_empty()) else {
                return Default::default();
            };
            let options = Options {
                limit: usize::MAX,
                ..Options::default()
            };
            let results = corpus.0.search(query, &options);
            results
                .hits
                .into_iter()
                .find(|h| corpus.0.docs[h.doc].id == **id)
                .map(|h| (h.highlights, h.title_highlights))
                .unwrap_or_default()
        })
    };
    let (highlights, title_highlights) = (&found.0, &found.1);
    let Some(corpus) = corpus else { return html! {} };
    let corpus = &corpus.0;
    let search = Search {
        query: props.query.to_string(),
        sort: props.sort,
    };
    let home = View {
        route: Route::Home,
        search: search.clone(),
        at: None,
    }
    .to_hash();
    let link = |id: &str| {
        View {
            route: Route::Doc(id.to_owned()),
            search: search.clone(),
            at: None,
        }
        .to_hash()
    };
    let doc_index = corpus.docs.iter().position(|d| d.id == *props.id).unwrap_or(usize::MAX);
    let Some(doc) = corpus.doc(&props.id) else {
        return html! {
            <section class="notice" aria-labelledby="reader-title">
                <a class="back" href="#/">{ "← Tous les articles" }</a>
                <h1 id="reader-title" tabindex="-1">{ "Article introuvable" }</h1>
                <p>{ "Aucun article du corpus ne porte l’identifiant " }<code>{ &*props.id }</code>{ "." }</p>
                <p><a class="button" href="#/">{ "Voir tous les articles" }</a></p>
            </section>
        };
    };

    // Neighbours in the list's order (newest first), for reading on without going back.
    let order = corpus.by_date_desc();
    let at = order.iter().position(|d| d.id == doc.id);
    let newer = at.and_then(|i| i.checked_sub(1)).and_then(|i| order.get(i));
    let older = at.and_then(|i| order.get(i + 1));

    // The article's entities by type: (id, name, mentions), most mentioned first.
    let mut by_type: BTreeMap<EntityType, Vec<(String, String, usize)>> = BTreeMap::new();
    let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
    for m in corpus.entities.of(doc_index) {
        *counts.entry(m.entity).or_default() += 1;
    }
    for (e, n) in counts {
        let info = &corpus.entities.entities[e as usize];
        by_type
            .entry(info.kind)
            .or_default()
            .push((info.id.clone(), info.name.clone(), n));
    }
    for list in by_type.values_mut() {
        list.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(&b.1)));
    }
    let hidden_classes: Vec<String> = hidden.iter().map(|t| format!("hide-{}", t.as_str())).collect();
    let entity_link = |id: &str| {
        View {
            route: Route::Entity(id.to_owned()),
            search: search.clone(),
            at: None,
        }
        .to_hash()
    };

    html! {
        <div class={classes!("reader-layout", hidden_classes)}>
        <article class="reader" aria-labelledby="reader-title">
            <nav class="crumbs" aria-label="Navigation">
                <a class="back" href={home}>
                    { if props.query.trim().is_empty() { "← Tous les articles".to_owned() } else { format!("← Résultats pour « {} »", props.query.trim()) } }
                </a>
                if !highlights.is_empty() {
                    <span class="match-count">
                        { format!("{} passage{} surligné{}", highlights.len(), if highlights.len() > 1 { "s" } else { "" }, if highlights.len() > 1 { "s" } else { "" }) }
                    </span>
                }
            </nav>
            <header class="reader-head">
                <p class="kicker">{ publication_label(doc) }{ " · " }{ date_label(doc) }</p>
                <h1 id="reader-title" tabindex="-1">{ marked(&doc.title, title_highlights) }</h1>
                if doc.title_derived {
                    <p class="derived-note">{ "Titre déduit du texte : l’article n’en porte pas." }</p>
                }
                { metadata(doc) }
            </header>
            <div class="prose" onclick={{
                let selected = selected.clone();
                Callback::from(move |e: MouseEvent| {
                    use wasm_bindgen::JsCast;
                    let mark = e.target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .and_then(|el| el.closest("mark.entity").ok().flatten());
                    if let Some(id) = mark.and_then(|m| m.get_attribute("data-id")) {
                        selected.set(Some(id));
                    }
                })
            }}>
                for block in &doc.blocks {
                    {{
                        let entities = mentions_in(corpus, doc_index, &block.range, 0);
                        render_block(doc.block_text(block), block.kind, &annotated(doc.block_text(block), &entities, &within(highlights, &block.range)))
                    }}
                }
            </div>
            <nav class="pager" aria-label="Autres articles">
                if let Some(d) = newer {
                    <a class="pager-link newer" href={link(&d.id)}>
                        <span class="pager-dir">{ "← Plus récent" }</span>
                        <span class="pager-title">{ &d.title }</span>
                    </a>
                }
                if let Some(d) = older {
                    <a class="pager-link older" href={link(&d.id)}>
                        <span class="pager-dir">{ "Plus ancien →" }</span>
                        <span class="pager-title">{ &d.title }</span>
                    </a>
                }
            </nav>
        </article>
        if !by_type.is_empty() {
            <aside class="doc-entities" aria-labelledby="doc-entities-title">
                if let Some((index, info)) = selected.as_deref().and_then(|id| corpus.entities.by_id(id)) {
                    {{
                        let mentions: usize = (0..corpus.docs.len()).map(|d| corpus.entities.of(d).iter().filter(|m| m.entity == index).count()).sum();
                        let docs = (0..corpus.docs.len()).filter(|&d| corpus.entities.of(d).iter().any(|m| m.entity == index)).count();
                        let filter = View { route: Route::Home, search: Search { query: format!("entity:\"{}\" ", info.name), sort: props.sort }, at: None }.to_hash();
                        let close = { let selected = selected.clone(); Callback::from(move |_: MouseEvent| selected.set(None)) };
                        html! {
                            <section class="entity-card" role="status" aria-label="Entité sélectionnée">
                                <p class="entity-card-type"><span class="type-chip" data-type={info.kind.as_str()}>{ info.kind.as_str() }</span>{ type_label(info.kind) }</p>
                                <p class="entity-card-name">{ info.name.clone() }</p>
                                <p class="entity-card-count">{ format!("{mentions} mention{} dans {docs} article{} du corpus", if mentions > 1 { "s" } else { "" }, if docs > 1 { "s" } else { "" }) }</p>
                                <p class="entity-card-actions">
                                    <a href={filter}>{ "Filtrer par cette entité" }</a>
                                    <a href={entity_link(&info.id)}>{ "Ouvrir l’entité" }</a>
                                </p>
                                <button type="button" class="entity-card-close" onclick={close} aria-label="Fermer">{ "×" }</button>
                            </section>
                        }
                    }}
                }
                <h2 id="doc-entities-title" class="section-title">{ "Entités de l’article" }</h2>
                <fieldset class="type-toggles">
                    <legend>{ "Surligner dans le texte" }</legend>
                    for kind in by_type.keys().copied() {
                        {{
                            let hidden = hidden.clone();
                            let on = !hidden.contains(&kind);
                            let onchange = Callback::from(move |_: Event| {
                                let mut next = (*hidden).clone();
                                if !next.remove(&kind) {
                                    next.insert(kind);
                                }
                                hidden.set(next);
                            });
                            html! {
                                <label class="type-toggle">
                                    <input type="checkbox" checked={on} {onchange} />
                                    <span class="type-chip" data-type={kind.as_str()}>{ kind.as_str() }</span>
                                    { type_label(kind) }
                                </label>
                            }
                        }}
                    }
                </fieldset>
                for (kind, list) in by_type.iter() {
                    <section class="doc-entity-group">
                        <h3><span class="type-chip" data-type={kind.as_str()}>{ kind.as_str() }</span>{ " " }{ type_label(*kind) }</h3>
                        <ul role="list">
                            for (id, name, n) in list.iter() {
                                <li><a href={entity_link(id)}>{ name.clone() }</a><span class="facet-count">{ *n }</span></li>
                            }
                        </ul>
                    </section>
                }
            </aside>
        }
        </div>
    }
}

/// Where a search matches an article: in its text, and in its title.
type Found = (Vec<Range<usize>>, Vec<Range<usize>>);

/// The highlights inside `block`, as ranges of the block's own text.
fn within(highlights: &[Range<usize>], block: &Range<usize>) -> Vec<Range<usize>> {
    highlights
        .iter()
        .filter(|h| h.start >= block.start && h.end <= block.end)
        .map(|h| h.start - block.start..h.end - block.start)
        .collect()
}

fn render_block(_text: &str, kind: BlockKind, content: &Html) -> Html {
    let content = content.clone();
    match kind {
        // The title line repeats the heading above; keep it out of the flow.
        BlockKind::Title => html! {},
        BlockKind::Credit => html! { <p class="credit">{ "Crédit : " }{ content }</p> },
        BlockKind::Lead => html! { <p class="lead">{ content }</p> },
        BlockKind::Heading => html! { <h2>{ content }</h2> },
        BlockKind::Paragraph => html! { <p>{ content }</p> },
    }
}

fn metadata(doc: &Document) -> Html {
    let words = u64::from(doc.words);
    html! {
        <dl class="meta">
            <div>
                <dt>{ "Publication" }</dt>
                <dd>{ publication_label(doc) }</dd>
            </div>
            <div>
                <dt>{ "Date" }</dt>
                <dd>
                    { doc.date.as_ref().map_or("Non datée".to_owned(), format::date) }
                    if doc.date_approximate {
                        <span class="tag">{ "estimée" }</span>
                    }
                    if let Some(basis) = &doc.date_basis {
                        <span class="basis">{ basis.clone() }</span>
                    }
                </dd>
            </div>
            <div>
                <dt>{ "Longueur" }</dt>
                <dd>{ format::words(words) }{ " · " }{ format::reading_time(words) }</dd>
            </div>
            <div>
                <dt>{ "Fichier" }</dt>
                <dd><code>{ &doc.file }</code></dd>
            </div>
        </dl>
    }
}
