//! The reader: one article with its paragraphs, its metadata and a way back.

use super::{
    annotated, date_label, entity_label, kept_search, marked, mentions_in, publication_label, sort_by, type_label,
    use_corpus, PageProps,
};
use crate::corpus::Need;
use crate::format;
use crate::i18n::{use_lang, Lang};
use crate::route::{Route, Search, View};
use loupe_engine::entities::EntityType;
use loupe_engine::{BlockKind, Document};
use std::ops::Range;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The mention card: which entity, where to draw it, and whether it stays
/// when the pointer leaves (opened by focus or a tap) or follows the pointer.
#[derive(Clone, Debug, PartialEq)]
struct Card {
    /// Entity id.
    id: String,
    /// Top-left corner in the layout's coordinates, in whole CSS pixels
    /// (integers: formatting floats would cost the app kilobytes of wasm).
    top: i32,
    left: i32,
    /// Opened by focus or click: closes only on Esc, × or another mention.
    pinned: bool,
    /// The mention's `data-at`, to return focus to it.
    at: String,
}

/// Width the card takes on wide screens (CSS `.mention-card`: 18rem).
const CARD_WIDTH: f64 = 288.0;

/// The entity mention `target` is in, if any.
fn mention_of(target: Option<web_sys::EventTarget>) -> Option<web_sys::Element> {
    target
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("mark.entity").ok().flatten())
}

/// A card for `mark`, just under it, kept inside the layout.
fn card_for(mark: &web_sys::Element, pinned: bool) -> Option<Card> {
    let id = mark.get_attribute("data-id")?;
    let layout = mark.closest(".reader-layout").ok().flatten()?;
    let (m, l) = (mark.get_bounding_client_rect(), layout.get_bounding_client_rect());
    Some(Card {
        id,
        // The card overlaps the mention's last pixel, so the pointer reaches it without leaving both.
        top: (m.bottom() - l.top() - 1.0) as i32,
        left: (m.left() - l.left()).min(l.width() - CARD_WIDTH).max(0.0) as i32,
        pinned,
        at: mark.get_attribute("data-at").unwrap_or_default(),
    })
}

/// The full article. Text is rendered as text nodes, never as HTML.
#[component]
pub fn Reader(props: &PageProps) -> Html {
    let lang = use_lang();
    let Some(corpus) = use_corpus() else { return html! {} };
    match reader_need(&corpus.0, &props.id, &props.query, props.at.is_some()) {
        Need::Ready => html! { <ReaderView ..props.clone() /> },
        need => html! {
            <section class="loading" aria-busy={(need == Need::Loading).to_string()}>
                <p class="boot" role="status">{ match need {
                    Need::Failed => lang.t("Cet article n’a pas pu être chargé.", "This article could not be loaded."),
                    _ => lang.t("Chargement de l’article…", "Loading the article…"),
                } }</p>
            </section>
        },
    }
}

/// On a sharded corpus, what the article needs before it is drawn: its
/// number (an id bucket), its file (metadata, text), and the index parts its
/// search marks come from; each asked for. Always ready on a whole corpus.
fn reader_need(corpus: &loupe_engine::Corpus, id: &str, query: &str, at_mention: bool) -> Need {
    if corpus.shards.is_none() {
        return Need::Ready;
    }
    let doc = match loupe_engine::shards::locate(corpus, id) {
        Err(part) => return crate::corpus::want_part(part),
        // Not in the corpus: the view says so.
        Ok(None) => return Need::Ready,
        Ok(Some(doc)) => doc,
    };
    let need = match super::texts(corpus, &[doc]) {
        Need::Ready if !query.trim().is_empty() => {
            let _ = loupe_engine::search::highlights_in(corpus, query, doc);
            crate::corpus::want(corpus)
        }
        need => need,
    };
    // Its entity marks and their cards come with the entities, asked once
    // the article can be drawn: a heavy entities part never holds it back,
    // unless a link names one of its mentions (`?at=`), which opens there.
    if need != Need::Ready {
        return need;
    }
    let entities = crate::corpus::want_entities(at_mention);
    if at_mention {
        return entities;
    }
    need
}

/// The article, once everything it shows is there.
#[component]
fn ReaderView(props: &PageProps) -> Html {
    let lang = use_lang();
    let corpus = use_corpus();
    // On a sharded corpus this view is drawn once its text arrived, after
    // the navigation: the focus, the scroll and the first match are set then.
    let sharded = corpus.as_ref().is_some_and(|c| c.0.shards.is_some());
    {
        let (at, searching) = (props.at, !props.query.trim().is_empty());
        use_effect_with((props.id.clone(), sharded), move |(id, sharded)| {
            if *sharded {
                crate::app::after_navigation(&Route::Doc(id.to_string()), None, at, searching);
            }
        });
    }
    // Entity types the reader chose to hide in the text.
    let hidden = use_state(Vec::<EntityType>::new);
    // The mention card, open while a mention is hovered, focused or tapped.
    let card = use_state(|| None::<Card>);
    // The pointer moved since the article opened: only then does hovering open cards.
    // (Browsers send "moves" of zero distance when the page changes under a
    // resting pointer: a move counts when it has a distance.)
    let moved = use_mut_ref(|| false);
    {
        // Another article: no card of the one before stays open.
        let (moved, card) = (moved.clone(), card.setter());
        use_effect_with(props.id.clone(), move |_| {
            *moved.borrow_mut() = false;
            card.set(None);
        });
    }

    // Styles cannot be written as attributes under the page's CSP; the CSSOM is allowed.
    use_effect_with((*card).clone(), |card| {
        if let (Some(card), Some(el)) = (card, crate::app::element::<web_sys::HtmlElement>(".mention-card")) {
            let style = el.style();
            let _ = style.set_property("top", &format!("{}px", card.top));
            let _ = style.set_property("left", &format!("{}px", card.left));
        }
    });
    // Where the search matches this article's text and title (empty without a search).
    let found: std::rc::Rc<Found> = {
        let corpus = corpus.clone();
        use_memo((props.id.clone(), props.query.clone()), move |(id, query)| {
            let Some(corpus) = corpus.filter(|_| !query.trim().is_empty()) else {
                return Default::default();
            };
            // This article's highlights only: never a hit for every match.
            corpus
                .0
                .docs
                .iter()
                .position(|d| d.id == **id)
                .and_then(|doc| loupe_engine::search::highlights_in(&corpus.0, query, doc))
                .unwrap_or_default()
        })
    };
    let (highlights, title_highlights) = (&found.0, &found.1);
    // The passage shown among the matches ("passage 2 of 5"), walked with the
    // buttons or n / N.
    // (index, moved by the reader): opening shows the first match (the app scrolls there).
    let passage = use_state(|| (0usize, false));
    {
        let passage = passage.clone();
        use_effect_with((props.id.clone(), props.query.clone()), move |_| {
            passage.set((0, false))
        });
    }
    // The article's mentions are one Tab stop: the first takes it; the arrows
    // move it. (Again when the marks come: a sharded corpus's entities may
    // arrive after the text.)
    let with_marks = corpus
        .as_ref()
        .is_some_and(|c| c.0.shards.as_ref().is_none_or(|s| s.has_entities()));
    use_effect_with((props.id.clone(), with_marks), |_| {
        if let Some(first) = crate::app::element::<web_sys::Element>(".prose mark.entity") {
            let _ = first.set_attribute("tabindex", "0");
        }
    });
    // The reader's keys act through its own controls, so they always do what the buttons do.
    use_effect_with((), |_| {
        let listener = web_sys::window().and_then(|w| w.document()).map(|document| {
            gloo_events::EventListener::new(&document, "keydown", |event| {
                let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                if crate::app::in_text_field(event) || event.ctrl_key() || event.meta_key() || event.alt_key() {
                    return;
                }
                let control = match event.key().as_str() {
                    "n" => ".passage-next",
                    "N" => ".passage-prev",
                    "j" => ".pager-link.older",
                    "k" => ".pager-link.newer",
                    "u" => ".crumbs .back",
                    "e" => ".marks-toggle",
                    _ => return,
                };
                if let Some(el) = crate::app::element::<web_sys::HtmlElement>(control) {
                    el.click();
                }
            })
        });
        move || drop(listener)
    });
    // Mark the current passage; bring it a third down the window when the reader moved to it.
    use_effect_with(
        (props.id.clone(), props.query.clone(), *passage),
        move |(_, _, (n, moved))| {
            let Some(document) = web_sys::window().and_then(|w| w.document()) else {
                return;
            };
            let Ok(marks) = document.query_selector_all(".prose mark[data-match]") else {
                return;
            };
            // (A match cut by an entity's edge is several marks with one number.)
            let wanted = n.to_string();
            let mut first = true;
            for i in 0..marks.length() {
                if let Some(el) = marks.item(i).and_then(|m| m.dyn_into::<web_sys::Element>().ok()) {
                    let current = el.get_attribute("data-match").as_deref() == Some(wanted.as_str());
                    let _ = el.class_list().toggle_with_force("current", current);
                    if current && first && *moved {
                        crate::app::bring_into_view(&el);
                    }
                    first &= !current;
                }
            }
        },
    );
    let Some(corpus) = corpus else { return html! {} };
    let corpus = &corpus.0;
    let (search, home) = kept_search(&props.query, props.sort);
    let link = |id: &str| {
        View {
            route: Route::Doc(id.to_owned()),
            search: search.clone(),
            at: None,
        }
        .to_hash()
    };
    let doc_index = loupe_engine::shards::locate(corpus, &props.id)
        .ok()
        .flatten()
        .unwrap_or(usize::MAX);
    let Some(doc) = corpus.docs.get(doc_index) else {
        return html! {
            <section class="notice" aria-labelledby="reader-title">
                <a class="back" href="#/">{ lang.t("← Tous les articles", "← All articles") }</a>
                <h1 id="reader-title" tabindex="-1">{ lang.t("Article introuvable", "Article not found") }</h1>
                <p>{ lang.t("Aucun article du corpus ne porte l’identifiant ", "No article of the corpus has the id ") }<code>{ &*props.id }</code>{ "." }</p>
                <p><a class="button" href="#/">{ lang.t("Voir tous les articles", "See all articles") }</a></p>
            </section>
        };
    };

    // Neighbours in the list's order (newest first), for reading on without going back.
    let order = corpus.by_date_desc();
    let at = order.iter().position(|d| d.id == doc.id);
    let newer = at.and_then(|i| i.checked_sub(1)).and_then(|i| order.get(i));
    let older = at.and_then(|i| order.get(i + 1));
    if corpus.shards.is_some() {
        // Their titles and ids, for the links (asked, drawn when they arrive).
        let number = |d: &Document| corpus.docs.iter().position(|x| std::ptr::eq(x, d));
        let near: Vec<usize> = newer.into_iter().chain(older).filter_map(|d| number(d)).collect();
        crate::corpus::want_docs(corpus, &near, false);
    }
    let newer = newer.filter(|d| !d.id.is_empty());
    let older = older.filter(|d| !d.id.is_empty());

    // The article's entities by type: (id, name, mentions), most mentioned first.
    // (Vectors rather than maps: each map type costs the wasm kilobytes.)
    let mut counts: Vec<usize> = vec![0; corpus.entities.entities.len()];
    for m in corpus.entities.of(doc_index) {
        counts[m.entity as usize] += 1;
    }
    let by_type: Vec<(EntityType, Vec<Listed>)> = EntityType::ALL
        .iter()
        .map(|&kind| {
            let table = &corpus.entities.entities;
            let mut ranked: Vec<(usize, usize)> = counts
                .iter()
                .enumerate()
                .filter(|&(i, n)| *n > 0 && table[i].kind == kind)
                .map(|(i, n)| (i, *n))
                .collect();
            sort_by(&mut ranked, &|a, b| {
                b.1.cmp(&a.1).then(table[a.0].name.cmp(&table[b.0].name))
            });
            let list: Vec<Listed> = ranked
                .into_iter()
                .map(|(i, n)| (table[i].id.clone(), entity_label(&table[i], lang), n))
                .collect();
            (kind, list)
        })
        .filter(|(_, list)| !list.is_empty())
        .collect();
    let hidden_classes: Vec<String> = hidden.iter().map(|t| format!("hide-{}", t.as_str())).collect();
    let entity_link = |id: &str| {
        View {
            route: Route::Entity(id.to_owned()),
            search: search.clone(),
            at: None,
        }
        .to_hash()
    };

    // Pointer over a mention: its card follows; over the card: it stays; elsewhere: a card the
    // pointer opened closes. Focus and taps pin the card.
    let hover = {
        let card = card.clone();
        let moved = moved.clone();
        Callback::from(move |e: MouseEvent| {
            // A page drawn under a resting pointer is not the reader pointing at a mention.
            if !*moved.borrow() {
                return;
            }
            if let Some(mark) = mention_of(e.target()) {
                if let Some(next) = card_for(&mark, false).filter(|n| card.as_ref().is_none_or(|c| c.at != n.at)) {
                    card.set(Some(next));
                }
            } else {
                let on_card = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| el.closest(".mention-card").ok().flatten().is_some());
                if !on_card && card.as_ref().is_some_and(|c| !c.pinned) {
                    card.set(None);
                }
            }
        })
    };
    let onmouseover = hover.clone();
    let onmousemove = Callback::from(move |e: MouseEvent| {
        if e.movement_x() != 0 || e.movement_y() != 0 {
            *moved.borrow_mut() = true;
        }
        hover.emit(e);
    });
    let pin = {
        let card = card.clone();
        Callback::from(move |target: Option<web_sys::EventTarget>| {
            if let Some(next) = mention_of(target).and_then(|m| card_for(&m, true)) {
                card.set(Some(next));
            }
        })
    };
    let onfocusin = {
        let pin = pin.clone();
        Callback::from(move |e: FocusEvent| pin.emit(e.target()))
    };
    let onclick = Callback::from(move |e: MouseEvent| pin.emit(e.target()));
    // Enter on a mention moves into its card; Esc closes the card and returns to the mention.
    let onkeydown = {
        let card = card.clone();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            key @ ("ArrowRight" | "ArrowDown" | "ArrowLeft" | "ArrowUp" | "Home" | "End")
                if mention_of(e.target()).is_some() =>
            {
                if let Some(next) = mention_of(e.target()).and_then(|m| next_mention(&m, key)) {
                    e.prevent_default();
                    let _ = next.focus();
                }
            }
            "Enter" if mention_of(e.target()).is_some() => {
                if let Some(link) = crate::app::element::<web_sys::HtmlElement>(".mention-card a") {
                    e.prevent_default();
                    let _ = link.focus();
                }
            }
            "Escape" if card.is_some() => {
                // Focus first: focusing the mention pins its card, and the close must come after.
                let at = card.as_ref().map(|c| c.at.clone()).unwrap_or_default();
                if let Some(mark) =
                    crate::app::element::<web_sys::HtmlElement>(&format!("mark.entity[data-at=\"{at}\"]"))
                {
                    let _ = mark.focus();
                }
                card.set(None);
            }
            _ => {}
        })
    };
    let count_label = |n: usize, docs: usize| match lang {
        Lang::Fr => format!(
            "{n} {} dans {docs} {} du corpus",
            lang.plural(n, "mention", ""),
            lang.plural(docs, "article", "")
        ),
        Lang::En => format!(
            "{n} {} in {docs} {} of the corpus",
            lang.plural(n, "", "mention"),
            lang.plural(docs, "", "article")
        ),
    };
    let card_html = card.as_ref().and_then(|c| corpus.entities.by_id(&c.id)).map(|(index, info)| {
        let mentions: usize = (0..corpus.docs.len()).map(|d| corpus.entities.of(d).iter().filter(|m| m.entity == index).count()).sum();
        let docs = (0..corpus.docs.len()).filter(|&d| corpus.entities.of(d).iter().any(|m| m.entity == index)).count();
        let filter = View { route: Route::Home, search: Search { query: super::with_filter(&props.query, &format!("entity:\"{}\"", info.name)), sort: props.sort }, at: None }.to_hash();
        let close = { let card = card.clone(); Callback::from(move |_: MouseEvent| card.set(None)) };
        html! {
            <section class="mention-card" aria-live="polite" aria-label={lang.t("Entité sous le pointeur", "Entity under the pointer")}>
                <p class="entity-card-type"><span class="type-chip" data-type={info.kind.as_str()}>{ info.kind.as_str() }</span>{ type_label(info.kind, lang) }</p>
                <p class="entity-card-name">{ entity_label(info, lang) }</p>
                <p class="entity-card-count">{ count_label(mentions, docs) }</p>
                <p class="entity-card-actions">
                    <a href={filter}>{ lang.t("Filtrer par cette entité", "Filter by this entity") }</a>
                    <a href={entity_link(&info.id)}>{ lang.t("Ouvrir l’entité", "Open the entity") }</a>
                </p>
                <button type="button" class="entity-card-close" onclick={close} aria-label={lang.t("Fermer", "Close")}>{ "×" }</button>
            </section>
        }
    });

    html! {
        <div class={classes!("reader-layout", hidden_classes)} {onmouseover} {onmousemove} {onkeydown}>
        <article class="reader" aria-labelledby="reader-title">
            <nav class="crumbs" aria-label={lang.t("Navigation", "Navigation")}>
                <a class="back" href={home} aria-keyshortcuts="u">{ super::back_label(&props.query, lang) }</a>
                if !highlights.is_empty() {
                    {{
                        let total = highlights.len();
                        let step = |by: usize| {
                            let passage = passage.clone();
                            Callback::from(move |_: MouseEvent| passage.set(((passage.0 + by) % total, true)))
                        };
                        html! {
                            <span class="passages" role="group" aria-label={lang.t("Passages trouvés", "Matching passages")}>
                                <button type="button" class="passage-prev" onclick={step(total - 1)} aria-label={lang.t("Passage précédent (N)", "Previous passage (N)")}>{ "‹" }</button>
                                <span class="match-count" aria-live="polite">{ match lang {
                                    Lang::Fr => format!("passage {} sur {total}", passage.0 + 1),
                                    Lang::En => format!("passage {} of {total}", passage.0 + 1),
                                } }</span>
                                <button type="button" class="passage-next" onclick={step(1)} aria-label={lang.t("Passage suivant (n)", "Next passage (n)")}>{ "›" }</button>
                            </span>
                        }
                    }}
                }
            </nav>
            <header class="reader-head">
                <p class="kicker">{ publication_label(doc, lang) }{ " · " }{ date_label(doc, lang) }</p>
                <h1 id="reader-title" tabindex="-1">{ marked(&doc.title, title_highlights) }</h1>
                if doc.title_derived {
                    <p class="derived-note">{ lang.t("Titre déduit du texte\u{202f}: l’article n’en porte pas.", "Title derived from the text: the article has none.") }</p>
                }
                { metadata(doc, lang) }
                <Provenance key={doc.id.clone()} doc={doc_index} />
            </header>
            <div class="prose" {onclick} {onfocusin}>
                for block in &doc.blocks {
                    {{
                        let entities = mentions_in(corpus, doc_index, &block.range, 0);
                        let first = highlights.partition_point(|h| h.start < block.range.start);
                        render_block(block.kind, annotated(doc.block_text(block), &entities, &within(highlights, &block.range), first, lang, true), lang)
                    }}
                }
            </div>
            <nav class="pager" aria-label={lang.t("Autres articles", "Other articles")}>
                if let Some(d) = newer {
                    <a class="pager-link newer" href={link(&d.id)}>
                        <span class="pager-dir">{ lang.t("← Plus récent", "← Newer") }</span>
                        <span class="pager-title">{ &d.title }</span>
                    </a>
                }
                if let Some(d) = older {
                    <a class="pager-link older" href={link(&d.id)}>
                        <span class="pager-dir">{ lang.t("Plus ancien →", "Older →") }</span>
                        <span class="pager-title">{ &d.title }</span>
                    </a>
                }
            </nav>
        </article>
        { card_html.unwrap_or_default() }
        if !by_type.is_empty() {
            <aside class="doc-entities" aria-labelledby="doc-entities-title">
                <h2 id="doc-entities-title" class="section-title">{ lang.t("Entités de l’article", "Entities in this article") }</h2>
                <fieldset class="type-toggles">
                    <legend>{ lang.t("Surligner dans le texte", "Mark in the text") }</legend>
                    {{
                        let kinds: Vec<EntityType> = by_type.iter().map(|(kind, _)| *kind).collect();
                        let all_hidden = kinds.iter().all(|k| hidden.contains(k));
                        let hidden = hidden.clone();
                        let onclick = Callback::from(move |_: MouseEvent| hidden.set(if all_hidden { Vec::new() } else { kinds.clone() }));
                        html! {
                            <button type="button" class="link-button marks-toggle" {onclick} aria-keyshortcuts="e">
                                { if all_hidden { lang.t("Tout surligner", "Mark all") } else { lang.t("Ne rien surligner", "Mark none") } }
                                <kbd>{ "e" }</kbd>
                            </button>
                        }
                    }}
                    for kind in by_type.iter().map(|(kind, _)| *kind) {
                        {{
                            let hidden = hidden.clone();
                            let on = !hidden.contains(&kind);
                            let onchange = Callback::from(move |_: Event| {
                                let mut next = (*hidden).clone();
                                match next.iter().position(|k| *k == kind) {
                                    Some(i) => drop(next.remove(i)),
                                    None => next.push(kind),
                                }
                                hidden.set(next);
                            });
                            html! {
                                <label class="type-toggle">
                                    <input type="checkbox" checked={on} {onchange} />
                                    <span class="type-chip" data-type={kind.as_str()}>{ kind.as_str() }</span>
                                    { type_label(kind, lang) }
                                </label>
                            }
                        }}
                    }
                </fieldset>
                for (kind, list) in by_type.iter() {
                    <section class="doc-entity-group">
                        <h3><span class="type-chip" data-type={kind.as_str()}>{ kind.as_str() }</span>{ " " }{ type_label(*kind, lang) }</h3>
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

/// An entity in the article's list: id, name, mentions in the article.
type Listed = (String, String, usize);

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

fn render_block(kind: BlockKind, content: Html, lang: Lang) -> Html {
    match kind {
        // The title line repeats the heading above; keep it out of the flow.
        BlockKind::Title => html! {},
        BlockKind::Credit => html! { <p class="credit">{ lang.t("Crédit\u{202f}: ", "Credit: ") }{ content }</p> },
        BlockKind::Lead => html! { <p class="lead">{ content }</p> },
        BlockKind::Heading => html! { <h2>{ content }</h2> },
        BlockKind::Paragraph => html! { <p>{ content }</p> },
    }
}

fn metadata(doc: &Document, lang: Lang) -> Html {
    let words = u64::from(doc.words);
    html! {
        <dl class="meta">
            <div>
                <dt>{ "Publication" }</dt>
                <dd>{ publication_label(doc, lang) }</dd>
            </div>
            <div>
                <dt>{ "Date" }</dt>
                <dd>
                    { doc.date.as_ref().map_or(lang.t("Non datée", "Undated").to_owned(), |d| format::date(d, lang)) }
                    if doc.date_approximate {
                        <span class="tag">{ lang.t("estimée", "estimated") }</span>
                    }
                    if let Some(basis) = &doc.date_basis {
                        <span class="basis">{ basis.clone() }</span>
                    }
                </dd>
            </div>
            <div>
                <dt>{ lang.t("Longueur", "Length") }</dt>
                <dd>{ format::words(words, lang) }{ " · " }{ format::reading_time(words, lang) }</dd>
            </div>
            <div>
                <dt>{ lang.t("Fichier", "File") }</dt>
                <dd><code>{ &doc.file }</code></dd>
            </div>
        </dl>
    }
}

/// The mention the arrow `key` moves to from `from` among the article's shown
/// mentions (types the reader hid are skipped), which takes the single Tab stop.
fn next_mention(from: &web_sys::Element, key: &str) -> Option<web_sys::HtmlElement> {
    let layout = from.closest(".reader-layout").ok().flatten()?;
    let hidden = layout.class_list();
    let list = layout.query_selector_all(".prose mark.entity").ok()?;
    let all: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()))
        .collect();
    let shown = |m: &&web_sys::HtmlElement| {
        !hidden.contains(&format!("hide-{}", m.get_attribute("data-type").unwrap_or_default()))
    };
    // Found among all mentions: the one holding the Tab stop may be of a type just hidden.
    let here = all.iter().position(|m| m.is_same_node(Some(from)))?;
    let next = match key {
        "Home" => all.iter().find(shown),
        "End" => all.iter().rev().find(shown),
        "ArrowRight" | "ArrowDown" => all[here + 1..].iter().find(shown),
        _ => all[..here].iter().rev().find(shown),
    }?
    .clone();
    let _ = from.set_attribute("tabindex", "-1");
    let _ = next.set_attribute("tabindex", "0");
    Some(next)
}

/// Props of [`Provenance`].
#[derive(Properties, PartialEq)]
struct ProvenanceProps {
    /// Document number in the corpus.
    doc: usize,
}

/// The article's one outbound link ("Lire sur LeMagIT", saying it leaves
/// Loupe; nothing is fetched from it) and "Citer", which copies a reference
/// (title, publication, date at its precision, address, day consulted) and
/// shows it, selectable, for browsers that refuse the clipboard.
#[component]
fn Provenance(props: &ProvenanceProps) -> Html {
    let lang = use_lang();
    let copied = use_state(|| None::<(String, bool)>);
    let Some(corpus) = use_corpus() else { return html! {} };
    let Some(doc) = corpus.0.docs.get(props.doc) else {
        return html! {};
    };
    let onclick = {
        let copied = copied.clone();
        let doc = doc.clone();
        Callback::from(move |_: MouseEvent| {
            let now = js_sys::Date::new_0();
            let today = (now.get_full_year() as i32, now.get_month() + 1, now.get_date());
            let text = loupe_engine::cite::citation(&doc, today, lang.into());
            // Shown to copy by hand until the clipboard says it has it; pages
            // served over plain http have no clipboard at all.
            copied.set(Some((text.clone(), false)));
            let Some(window) = web_sys::window() else { return };
            let navigator = window.navigator();
            let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into());
            if clipboard.is_err() || clipboard.is_ok_and(|c| c.is_undefined() || c.is_null()) {
                return;
            }
            let promise = navigator.clipboard().write_text(&text);
            let done = copied.clone();
            let on_copied =
                wasm_bindgen::closure::Closure::once(move |_: wasm_bindgen::JsValue| done.set(Some((text, true))));
            let _ = promise.then(&on_copied);
            on_copied.forget();
        })
    };
    html! {
        <div class="provenance">
            if let Some(url) = &doc.url {
                { super::outbound(url, html! { <>{ lang.t("Lire sur ", "Read on ") }{ doc.publication.clone().unwrap_or_else(|| host(url)) }</> }, lang) }
            }
            <button type="button" class="button cite" {onclick}>{ lang.t("Citer", "Cite") }</button>
            if let Some((text, ok)) = &*copied {
                <p class="citation" role="status">
                    <span class="citation-note">{ if *ok {
                        lang.t("Référence copiée\u{202f}: ", "Reference copied: ")
                    } else {
                        lang.t("Copiez la référence\u{202f}: ", "Copy the reference: ")
                    } }</span>
                    <span class="citation-text">{ text.clone() }</span>
                </p>
            }
        </div>
    }
}

/// "lemagit.fr" for "https://lemagit.fr/actualites/…".
fn host(url: &str) -> String {
    let rest = url.split_once("//").map_or(url, |(_, r)| r);
    rest.split('/')
        .next()
        .unwrap_or(rest)
        .trim_start_matches("www.")
        .to_owned()
}
