//! An entity's page: who or what it is, where the corpus names it, and every
//! mention in context (keyword in context), each a link to that place; and
//! the timeline, every date's mentions in the order of time.

use super::{entity_label, kept_search, sort_by, type_label, use_corpus, PageProps};
use crate::format;
use crate::i18n::use_lang;
use crate::route::{Route, Search, View};
use loupe_engine::entities::table::EntityInfo;
use loupe_engine::entities::EntityType;
use loupe_engine::search::Sort;
use loupe_engine::Corpus;
use std::ops::Range;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Characters of context shown on each side of a mention.
const CONTEXT_CHARS: usize = 70;

/// The entity page.
#[component]
pub fn EntityPage(props: &PageProps) -> Html {
    let lang = use_lang();
    let Some(corpus) = use_corpus() else { return html! {} };
    let corpus = &corpus.0;
    let (search, home) = kept_search(&props.query, props.sort);
    let Some((index, entity)) = corpus.entities.by_id(&props.id) else {
        return html! {
            <section class="notice" aria-labelledby="entity-title">
                <a class="back" href={home}>{ super::back_label(&props.query, lang) }</a>
                <h1 id="entity-title" tabindex="-1">{ lang.t("Entité introuvable", "Entity not found") }</h1>
                <p>{ lang.t("Aucune entité du corpus n’a l’identifiant ", "No entity of the corpus has the id ") }<code>{ &*props.id }</code>{ "." }</p>
            </section>
        };
    };

    let order = corpus.newest_first();
    let per_doc = mentions_by_doc(corpus, &order, &[index]).pop().unwrap_or_default();
    // On a sharded corpus the passages come with their articles' texts.
    let docs: Vec<usize> = per_doc.iter().map(|(n, _)| *n).collect();
    let need = super::texts(corpus, &docs);
    let shown: Vec<(usize, Vec<Range<usize>>)> = per_doc
        .iter()
        .filter(|(n, _)| super::has_text(corpus, *n))
        .cloned()
        .collect();
    let mut forms: Vec<(String, usize)> = Vec::new();
    for (n, ranges) in &shown {
        for r in ranges {
            // Kept in order as they come (no sort: each costs the wasm its own code).
            let form = &corpus.docs[*n].text[r.clone()];
            match forms.binary_search_by(|(f, _)| f.as_str().cmp(form)) {
                Ok(i) => forms[i].1 += 1,
                Err(i) => forms.insert(i, (form.to_owned(), 1)),
            }
        }
    }
    let total: usize = per_doc.iter().map(|(_, r)| r.len()).sum();
    // The entity's filter joins the search the reader came with, if any.
    let filter = View {
        route: Route::Home,
        search: Search {
            query: super::with_filter(&props.query, &format!("entity:\"{}\"", entity.name)),
            sort: if props.query.trim().is_empty() {
                Sort::Date
            } else {
                props.sort
            },
        },
        at: None,
    }
    .to_hash();
    let kind = entity.kind.as_str();

    html! {
        <article class="entity-page" aria-labelledby="entity-title" aria-busy={(need == crate::corpus::Need::Loading).to_string()}>
            <nav class="crumbs" aria-label="Navigation">
                <a class="back" href={home}>{ super::back_label(&props.query, lang) }</a>
            </nav>
            <header class="entity-head">
                <p class="kicker"><span class="type-chip" data-type={kind}>{ kind }</span>{ " " }{ type_label(entity.kind, lang) }</p>
                <h1 id="entity-title" tabindex="-1">{ entity_label(entity, lang) }</h1>
                if let Some(d) = &entity.description {
                    <p class="entity-description">{ d.clone() }</p>
                }
                <dl class="meta">
                    <div>
                        <dt>{ "Mentions" }</dt>
                        <dd>{ format!("{} {} {} {}", format::number(total as u64, lang), lang.t("dans", "in"), per_doc.len(), lang.plural(per_doc.len(), "article", "article")) }</dd>
                    </div>
                    <div>
                        <dt>{ lang.t("Formes dans le corpus", "Forms in the corpus") }</dt>
                        <dd>{ if forms.is_empty() && need == crate::corpus::Need::Loading {
                            // Read off the texts, which are on their way.
                            "…".to_owned()
                        } else {
                            forms.iter().map(|(f, n)| format!("{f} ({n})")).collect::<Vec<_>>().join(", ")
                        } }</dd>
                    </div>
                    if let Some(w) = &entity.wikidata {
                        <div><dt>{ "Wikidata" }</dt><dd>{ super::outbound(&format!("https://www.wikidata.org/wiki/{}", crate::route::encode(w)), html! { <code>{ w.clone() }</code> }, lang) }</dd></div>
                    }
                </dl>
                <p><a class="button" href={filter}>{ if props.query.trim().is_empty() {
                    lang.t("Voir les articles qui la mentionnent", "See the articles that mention it").to_owned()
                } else {
                    format!("{} «\u{202f}{}\u{202f}»", lang.t("Ajouter ce filtre à", "Add this filter to"), props.query.trim())
                } }</a></p>
            </header>
            { ownership(corpus, index, lang) }
            { relations(corpus, index, &search, lang) }
            { related(corpus, index as usize, &search, lang) }
            <section aria-labelledby="kwic-title">
                <h2 id="kwic-title" class="section-title">{ lang.t("En contexte", "In context") }</h2>
                { kwic(corpus, entity, &shown, &search) }
                { partial(shown.len(), per_doc.len(), need, lang) }
            </section>
        </article>
    }
}

/// What the articles state between this entity and others (who bought,
/// holds, founded, leads whom), each fact with its date and a link to the
/// sentence that states it.
fn relations(corpus: &Corpus, index: u32, search: &Search, lang: crate::i18n::Lang) -> Html {
    let facts: Vec<_> = corpus
        .relations
        .iter()
        .filter(|r| r.subject == index || r.object == index)
        .collect();
    if facts.is_empty() {
        return html! {};
    }
    // On a sharded corpus, the articles' titles and the mentions the links land on.
    let docs: Vec<usize> = facts.iter().map(|r| r.doc).collect();
    super::texts(corpus, &docs);
    html! {
        <section class="relations" aria-labelledby="relations-title">
            <h2 id="relations-title" class="section-title">{ lang.t("Ce que disent les articles", "What the articles say") }</h2>
            { fact_list(corpus, &facts, search, lang) }
        </section>
    }
}

/// Facts as a list: "Orange a racheté Cloudwatt", their date and a link to
/// the sentence that states each.
fn fact_list(
    corpus: &Corpus,
    facts: &[&loupe_engine::relations::Relation],
    search: &Search,
    lang: crate::i18n::Lang,
) -> Html {
    use loupe_engine::relations::RelationKind::*;
    let table = &corpus.entities;
    let name = |e: u32| {
        table
            .entities
            .get(e as usize)
            .map(|i| entity_label(i, lang))
            .unwrap_or_default()
    };
    html! {
        <ul class="relation-list" role="list">
            for r in facts {
                {{
                    let verb = match r.kind {
                        Acquisition => lang.t("a racheté", "bought"),
                        Stake => lang.t("détient une part de", "holds a stake in"),
                        Founding => lang.t("a fondé", "founded"),
                        Investment => lang.t("a investi dans", "invested in"),
                        Merger => lang.t("fusionne avec", "merges with"),
                        Exit => lang.t("a quitté", "left"),
                        Leadership => lang.t("dirige", "leads"),
                        Partnership => lang.t("s’associe à", "partners with"),
                    };
                    let doc = &corpus.docs[r.doc];
                    // The link lands on the subject's or object's mention in the sentence.
                    let at = table.of(r.doc).iter().find(|m| m.range.start >= r.evidence.start && m.range.end <= r.evidence.end && (m.entity == r.subject || m.entity == r.object)).map(|m| m.range.start);
                    let link = View { route: Route::Doc(doc.id.clone()), search: search.clone(), at }.to_hash();
                    let value = r.value.as_ref().map(|v| format!(" ({})", v.replace(' ', "\u{202f}"))).unwrap_or_default();
                    let when = r.date.map(|d| format::date(&d, lang)).unwrap_or_default();
                    html! {
                        <li data-kind={r.kind.as_str()}>
                            <span class="relation-fact">{ format!("{} {verb} {}{value}", name(r.subject), name(r.object)) }</span>
                            <span class="relation-meta">
                                { when }
                                if r.date_from_article {
                                    <span class="tag" title={lang.t("La phrase ne date pas le fait\u{202f}: date de l’article.", "The sentence gives no date: the article’s date.")}>{ lang.t("date de l’article", "article’s date") }</span>
                                }
                                { " · " }
                                // (On a sharded corpus, the article's title and id come with its file.)
                                if super::has_text(corpus, r.doc) {
                                    <a href={link}>{ doc.title.clone() }</a>
                                } else {
                                    <span class="relation-pending" aria-busy="true">{ lang.t("article…", "article…") }</span>
                                }
                            </span>
                        </li>
                    }
                }}
            }
        </ul>
    }
}

/// The entities the corpus links to this one by name ("Atos-Bull" on the
/// Atos page and the reverse), said plainly: `entity:` filters by one entity
/// only, so the reader knows where else to look.
fn related(corpus: &Corpus, index: usize, search: &Search, lang: crate::i18n::Lang) -> Html {
    let related = corpus.entities.related(index);
    if related.is_empty() {
        return html! {};
    }
    let table = &corpus.entities.entities;
    html! {
        <section class="related" aria-labelledby="related-title">
            <h2 id="related-title" class="section-title">{ lang.t("Entités liées", "Related entities") }</h2>
            <p class="related-list">
                for (i, e) in related.iter().filter_map(|&e| table.get(e)).enumerate() {
                    { if i > 0 { ", " } else { "" } }
                    <a href={View { route: Route::Entity(e.id.clone()), search: search.clone(), at: None }.to_hash()}>{ entity_label(e, lang) }</a>
                }
            </p>
            <p class="related-note">{ lang.t(
                "Leurs noms contiennent celui-ci, ou l’inverse. Le filtre entity: ne retient qu’une entité à la fois\u{202f}: leurs mentions ne sont pas comptées ici.",
                "Their names contain this one, or the reverse. The entity: filter keeps one entity at a time: their mentions are not counted here.",
            ) }</p>
        </section>
    }
}

/// Props of [`EntityList`].
#[derive(Properties, PartialEq)]
pub struct EntityListProps {
    /// The type, as written in filters (`ORG`).
    pub kind: AttrValue,
    /// The current search, kept in links.
    #[prop_or_default]
    pub query: AttrValue,
    /// The current order, kept in links.
    #[prop_or_default]
    pub sort: Sort,
}

/// Every entity of one type with its mentions and articles: sortable by
/// count or name, filtered by any of their names (aliases and spellings too).
#[component]
pub fn EntityList(props: &EntityListProps) -> Html {
    let lang = use_lang();
    let find = use_state(String::new);
    let by_name = use_state(|| false);
    let context = use_corpus();
    // The type's entities with their counts, and their names folded for the
    // alphabetical order: computed once per type, not at every keystroke.
    let listed = use_memo((context.clone(), props.kind.clone()), |(context, kind)| {
        let (Some(context), Some(kind)) = (context, EntityType::parse(kind)) else {
            return (Vec::new(), Vec::new());
        };
        let table = &context.0.entities;
        let rows = table.by_type(kind);
        let folded = rows
            .iter()
            .map(|r| loupe_engine::analysis::fold(&table.entities[r.0].name))
            .collect::<Vec<_>>();
        (rows, folded)
    });
    let Some(corpus) = context else { return html! {} };
    let corpus = &corpus.0;
    let (search, home) = kept_search(&props.query, props.sort);
    let Some(kind) = EntityType::parse(&props.kind) else {
        return html! {
            <section class="notice" aria-labelledby="entities-title">
                <a class="back" href={home}>{ super::back_label(&props.query, lang) }</a>
                <h1 id="entities-title" tabindex="-1">{ lang.t("Type d’entité inconnu", "Unknown entity type") }</h1>
                <p>{ lang.t("Types connus\u{202f}: ", "Known types: ") }{ "PER, ORG, LOC, MISC, MONEY, PERCENT, DATE" }</p>
            </section>
        };
    };
    let table = &corpus.entities;
    let mut rows = listed.0.clone();
    let wanted = find.trim().to_owned();
    let mut approximate = false;
    if !wanted.is_empty() {
        // The lookup's order (best match first) replaces the count order.
        let found = table.lookup(&wanted);
        approximate = found.first().is_some_and(|(_, m)| m.is_approximate());
        rows = found
            .iter()
            .filter_map(|(e, _)| rows.iter().find(|r| r.0 == *e).copied())
            .collect();
    } else if *by_name {
        // Alphabetical as a reader reads it: case and accents aside.
        let mut order: Vec<usize> = (0..rows.len()).collect();
        loupe_engine::sort::by(&mut order, &|a, b| listed.1[*a].cmp(&listed.1[*b]));
        rows = order.into_iter().map(|i| listed.0[i]).collect();
    }
    let oninput = {
        let find = find.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                find.set(input.value());
            }
        })
    };
    let sort = |name: bool, label: &'static str| {
        let on = *by_name == name;
        let by_name = by_name.clone();
        let onclick = Callback::from(move |_: MouseEvent| by_name.set(name));
        html! { <button type="button" class={classes!("link-button", on.then_some("active"))} aria-pressed={on.to_string()} {onclick}>{ label }</button> }
    };
    let plural = |n: usize, fr: &'static str, en: &'static str| format::count(n, fr, en, lang);
    html! {
        <article class="entity-page entity-list" aria-labelledby="entities-title">
            <nav class="crumbs" aria-label="Navigation">
                <a class="back" href={home}>{ super::back_label(&props.query, lang) }</a>
            </nav>
            <header class="entity-head">
                <p class="kicker"><span class="type-chip" data-type={kind.as_str()}>{ kind.as_str() }</span>{ " " }{ type_label(kind, lang) }</p>
                <h1 id="entities-title" tabindex="-1">{ format!("{} · {}", lang.t("Entités", "Entities"), type_label(kind, lang)) }</h1>
                <p class="entity-description">{ plural(listed.0.len(), "entité", "entity") }</p>
                <nav class="type-nav" aria-label={lang.t("Autres types", "Other types")}>
                    for other in EntityType::ALL.iter().filter(|t| table.entities.iter().any(|e| e.kind == **t)) {
                        <a href={Route::Entities(other.as_str().to_owned()).to_hash()} aria-current={(*other == kind).then_some("page")}>
                            <span class="type-chip" data-type={other.as_str()}>{ other.as_str() }</span>{ type_label(*other, lang) }
                        </a>
                    }
                </nav>
            </header>
            <div class="list-tools">
                <input class="facet-find" type="search" value={(*find).clone()} {oninput}
                    placeholder={lang.t("Trouver par un nom, un sigle, une graphie…", "Find by a name, an acronym, a spelling…")}
                    aria-label={lang.t("Trouver une entité", "Find an entity")} />
                <span class="list-sort">{ lang.t("Trier\u{202f}: ", "Sort: ") }{ sort(false, lang.t("mentions", "mentions")) }{ " · " }{ sort(true, lang.t("nom", "name")) }</span>
            </div>
            if approximate && !rows.is_empty() {
                <p class="explain">{ lang.t("Aucun nom ne correspond exactement\u{202f}; les plus proches\u{202f}:", "No name matches exactly; the closest:") }</p>
            }
            if rows.is_empty() {
                <p class="explain">{ lang.t("Aucune entité de ce type ne porte ce nom.", "No entity of this type has this name.") }</p>
            }
            <table class="entity-table">
                <thead><tr><th scope="col">{ lang.t("Nom", "Name") }</th><th scope="col">{ "Mentions" }</th><th scope="col">{ "Articles" }</th></tr></thead>
                <tbody>
                    for (e, mentions, docs) in rows.iter().copied() {
                        <tr>
                            <td><a href={View { route: Route::Entity(table.entities[e].id.clone()), search: search.clone(), at: None }.to_hash()}>{ entity_label(&table.entities[e], lang) }</a></td>
                            <td>{ mentions }</td>
                            <td>{ docs }</td>
                        </tr>
                    }
                </tbody>
            </table>
        </article>
    }
}

/// What a page of passages says when it shows those of some articles only:
/// the rest is on its way, or past what a page asks for at once.
fn partial(shown: usize, all: usize, need: crate::corpus::Need, lang: crate::i18n::Lang) -> Html {
    use crate::corpus::Need;
    match need {
        _ if shown == all => html! {},
        Need::Loading => html! {
            <p class="explain" role="status" aria-busy="true">{ lang.t("Chargement des passages…", "Loading the passages…") }</p>
        },
        Need::Failed => html! {
            <p class="explain" role="status">{ lang.t("Des articles n’ont pas pu être chargés\u{202f}: leurs passages manquent.", "Some articles could not be loaded: their passages are missing.") }</p>
        },
        Need::Ready => html! {
            <p class="explain">{ format!(
                "{} {} {} {} {}",
                lang.t("Passages de", "Passages from"),
                format::number(shown as u64, lang),
                lang.t("articles sur", "of"),
                format::number(all as u64, lang),
                lang.t("(les plus récents d’abord).", "articles (the newest first)."),
            ) }</p>
        },
    }
}

/// Mentions by article: (document number, byte ranges).
type PerDoc = Vec<(usize, Vec<Range<usize>>)>;

/// Every mention of each of `entities`, by article, in the order of `order`
/// (document numbers, newest first): one pass over the corpus's mentions,
/// however many entities (the timeline asks for every date).
fn mentions_by_doc(corpus: &Corpus, order: &[usize], entities: &[u32]) -> Vec<PerDoc> {
    let table = &corpus.entities;
    let mut slot: Vec<Option<usize>> = vec![None; table.entities.len()];
    for (k, &e) in entities.iter().enumerate() {
        if let Some(s) = slot.get_mut(e as usize) {
            *s = Some(k);
        }
    }
    let mut out: Vec<PerDoc> = vec![Vec::new(); entities.len()];
    for &n in order {
        for m in table.of(n) {
            let Some(k) = slot.get(m.entity as usize).copied().flatten() else {
                continue;
            };
            match out[k].last_mut() {
                Some((d, ranges)) if *d == n => ranges.push(m.range.clone()),
                _ => out[k].push((n, vec![m.range.clone()])),
            }
        }
    }
    out
}

/// Keyword-in-context lines of an entity's mentions, by article, each a
/// link to the article at that place.
fn kwic(corpus: &Corpus, entity: &EntityInfo, per_doc: &[(usize, Vec<Range<usize>>)], search: &Search) -> Html {
    let kind = entity.kind.as_str();
    html! {
        for (n, ranges) in per_doc.iter() {
            {{
                let d = &corpus.docs[*n];
                html! {
                    <section class="kwic-doc">
                        <h3 class="kwic-title">{ &d.title }<span class="kwic-count">{ format!(" · {}", ranges.len()) }</span></h3>
                        <ul class="kwic" role="list">
                            for r in ranges.iter() {
                                {{
                                    let link = View { route: Route::Doc(d.id.clone()), search: search.clone(), at: Some(r.start) }.to_hash();
                                    let (left, right) = context(&d.text, r.clone());
                                    html! {
                                        <li>
                                            <a class="kwic-line" href={link}>
                                                <span class="kwic-left"><span>{ left }</span></span>
                                                <mark class="entity" data-type={kind} data-entity={entity.name.clone()}>{ d.text[r.clone()].to_owned() }</mark>
                                                <span class="kwic-right">{ right }</span>
                                            </a>
                                        </li>
                                    }
                                }}
                            }
                        </ul>
                    </section>
                }
            }}
        }
    }
}

/// Props of [`Timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The current search, kept in links.
    #[prop_or_default]
    pub query: AttrValue,
    /// The current order, kept in links.
    #[prop_or_default]
    pub sort: Sort,
}

/// The timeline: every date the corpus cites, in the order of time, each
/// with the passages that cite it, so the story reads in the order it happened.
#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let lang = use_lang();
    let Some(corpus) = use_corpus() else { return html! {} };
    let corpus = &corpus.0;
    let (search, home) = kept_search(&props.query, props.sort);
    let table = &corpus.entities;
    // Canonical dates are ISO (2015, 2015-03, 2015-03-12): their order is the order of time.
    let mut dates: Vec<(usize, usize)> = (0..table.entities.len())
        .filter(|&i| table.entities[i].kind == EntityType::Date)
        .map(|i| (i, 0))
        .collect();
    sort_by(&mut dates, &|a, b| {
        table.entities[a.0].name.cmp(&table.entities[b.0].name)
    });
    // Each date's passages; on a sharded corpus, those of the articles whose
    // texts are there, the first dates' asked for first.
    let order = corpus.newest_first();
    let ids: Vec<u32> = dates.iter().map(|&(e, _)| e as u32).collect();
    let all_by_date: Vec<(u32, PerDoc)> = ids.iter().copied().zip(mentions_by_doc(corpus, &order, &ids)).collect();
    let mut docs: Vec<usize> = Vec::new();
    let mut seen = vec![false; corpus.docs.len()];
    for (_, per_doc) in &all_by_date {
        for &(n, _) in per_doc {
            if !std::mem::replace(&mut seen[n], true) {
                docs.push(n);
            }
        }
    }
    // The articles of the facts the articles date are asked apart: behind
    // the passages' (at most 40 each), they would never come.
    let need = super::texts(corpus, &docs);
    let facts: Vec<usize> = corpus
        .relations
        .iter()
        .filter(|r| r.date.is_some())
        .map(|r| r.doc)
        .collect();
    super::texts(corpus, &facts);
    let all = docs.len();
    let shown = docs.iter().filter(|&&n| super::has_text(corpus, n)).count();
    let by_date: Vec<(u32, PerDoc)> = all_by_date
        .into_iter()
        .map(|(e, per_doc)| {
            (
                e,
                per_doc
                    .into_iter()
                    .filter(|(n, _)| super::has_text(corpus, *n))
                    .collect(),
            )
        })
        .collect();
    html! {
        <article class="entity-page timeline" aria-labelledby="timeline-title" aria-busy={(need == crate::corpus::Need::Loading).to_string()}>
            <nav class="crumbs" aria-label="Navigation">
                <a class="back" href={home}>{ super::back_label(&props.query, lang) }</a>
            </nav>
            <header class="entity-head">
                <p class="kicker"><span class="type-chip" data-type="DATE">{ "DATE" }</span>{ " " }{ lang.t("chronologie", "timeline") }</p>
                <h1 id="timeline-title" tabindex="-1">{ lang.t("Chronologie", "Timeline") }</h1>
                <p class="entity-description">{ lang.t(
                    "Les dates que citent les articles, dans l’ordre du temps, avec les passages qui les citent.",
                    "The dates the articles cite, in the order of time, with the passages that cite them."
                ) }</p>
            </header>
            if dates.is_empty() {
                <p>{ lang.t("Le corpus ne cite aucune date.", "The corpus cites no date.") }</p>
            }
            { partial(shown, all, need, lang) }
            for (i, info) in dates.iter().enumerate().map(|(i, &(e, _))| (i, &table.entities[e])) {
                <section class="timeline-date" aria-label={entity_label(info, lang)}>
                    <h2 class="timeline-when">
                        <a href={View { route: Route::Entity(info.id.clone()), search: search.clone(), at: None }.to_hash()}>{ entity_label(info, lang) }</a>
                    </h2>
                    {{
                        // The facts the articles date to this day, month or year.
                        // A DATE entity's name is its date, ISO at its precision.
                        let when = loupe_engine::PubDate::parse(&info.name).ok();
                        let these: Vec<_> = corpus.relations.iter().filter(|r| when.is_some() && r.date == when).collect();
                        if these.is_empty() { html! {} } else { fact_list(corpus, &these, &search, lang) }
                    }}
                    { kwic(corpus, info, &by_date[i].1, &search) }
                </section>
            }
        </article>
    }
}

/// Up to [`CONTEXT_CHARS`] characters each side of `range`, on one line.
fn context(text: &str, range: std::ops::Range<usize>) -> (String, String) {
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let left: String = text[..range.start]
        .chars()
        .rev()
        .take(CONTEXT_CHARS)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let right: String = text[range.end..].chars().take(CONTEXT_CHARS).collect();
    let left = flat(&left);
    let right = flat(&right);
    // Cut context is clipped by CSS, which draws the ellipsis at the outer edge.
    (format!("{left} "), format!(" {right}"))
}

/// A view the engine drew where the corpus was built (the network, an
/// ownership chart), inserted as it is: its text was escaped there
/// ([`loupe_engine::views`]), and its drawing code stays out of the app.
fn drawn(markup: &str) -> Html {
    // Their style sheet is beside the app; the single file carries it inline
    // (and its policy would refuse the link).
    let single = crate::app::element::<web_sys::Element>("#loupe-corpus").is_some();
    let link = if single || markup.is_empty() {
        ""
    } else {
        loupe_engine::views::STYLE
    };
    Html::from_html_unchecked(AttrValue::from(format!("{link}{markup}")))
}

/// Where a part a view waits for stands, as a line (nothing once it is there).
fn waiting(need: crate::corpus::Need, lang: crate::i18n::Lang) -> Html {
    match need {
        crate::corpus::Need::Ready => html! {},
        crate::corpus::Need::Loading => {
            html! { <p class="boot" role="status">{ lang.t("Chargement…", "Loading…") }</p> }
        }
        crate::corpus::Need::Failed => {
            html! { <p class="boot" role="status">{ lang.t("Cette vue n’a pas pu être chargée.", "This view could not be loaded.") }</p> }
        }
    }
}

/// The entity network: entities named together in a paragraph, or linked by
/// a fact, drawn by the engine ([`loupe_engine::network`]); a name opens its
/// page, a link the passages behind it (opened by the app once the route
/// names it).
pub fn network(corpus: &Corpus, home: String, query: &str, lang: crate::i18n::Lang) -> Html {
    use loupe_engine::shards::{has, Part};
    let need = if has(corpus, Part::Network) {
        crate::corpus::Need::Ready
    } else {
        crate::corpus::want_part(Part::Network)
    };
    // The engine's markup carries the heading and the drawing.
    html! {
        <article class="entity-page network" aria-labelledby="network-title" aria-busy={(need == crate::corpus::Need::Loading).to_string()}>
            <nav class="crumbs" aria-label="Navigation">
                <a class="back" href={home}>{ super::back_label(query, lang) }</a>
            </nav>
            { waiting(need, lang) }
            { drawn(&corpus.views.network) }
        </article>
    }
}

/// A company's ownership over time, drawn by the engine
/// ([`loupe_engine::ownership`]), each figure a link to its sentence.
fn ownership(corpus: &Corpus, index: u32, lang: crate::i18n::Lang) -> Html {
    let markup = corpus.views.ownership_of(index);
    let need = match loupe_engine::shards::ownership_part(corpus, index) {
        Some(part) if markup.is_none() => crate::corpus::want_part(part),
        _ if markup.is_none() => return html! {},
        _ => crate::corpus::Need::Ready,
    };
    html! {
        <section class="ownership" aria-labelledby="ownership-title">
            <h2 id="ownership-title" class="section-title">{ lang.t("Actionnariat", "Ownership") }</h2>
            { waiting(need, lang) }
            { markup.map(drawn).unwrap_or_default() }
        </section>
    }
}
