//! An entity's page: who or what it is, where the corpus names it, and every
//! mention in context (keyword in context), each a link to that place.

use super::{entity_label, type_label, use_corpus, PageProps};
use crate::format;
use crate::i18n::use_lang;
use crate::route::{Route, Search, View};
use loupe_engine::search::Sort;
use yew::prelude::*;

/// Characters of context shown on each side of a mention.
const CONTEXT_CHARS: usize = 70;

/// The entity page.
#[component]
pub fn EntityPage(props: &PageProps) -> Html {
    let lang = use_lang();
    let Some(corpus) = use_corpus() else { return html! {} };
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
    let Some((index, entity)) = corpus.entities.by_id(&props.id) else {
        return html! {
            <section class="notice" aria-labelledby="entity-title">
                <a class="back" href={home}>{ lang.t("← Tous les articles", "← All articles") }</a>
                <h1 id="entity-title" tabindex="-1">{ lang.t("Entité introuvable", "Entity not found") }</h1>
                <p>{ lang.t("Aucune entité du corpus n’a l’identifiant ", "No entity of the corpus has the id ") }<code>{ &*props.id }</code>{ "." }</p>
            </section>
        };
    };

    // Every mention, by article (in list order), with its context.
    let mut per_doc: Vec<(usize, Vec<std::ops::Range<usize>>)> = Vec::new();
    let mut forms: Vec<(String, usize)> = Vec::new();
    for d in corpus.by_date_desc() {
        let n = corpus.docs.iter().position(|x| x.id == d.id).unwrap_or(0);
        let ranges: Vec<_> = corpus
            .entities
            .of(n)
            .iter()
            .filter(|m| m.entity == index)
            .map(|m| m.range.clone())
            .collect();
        for r in &ranges {
            let form = &d.text[r.clone()];
            match forms.iter_mut().find(|(f, _)| f == form) {
                Some((_, n)) => *n += 1,
                None => forms.push((form.to_owned(), 1)),
            }
        }
        if !ranges.is_empty() {
            per_doc.push((n, ranges));
        }
    }
    forms.sort();
    let total: usize = per_doc.iter().map(|(_, r)| r.len()).sum();
    let filter = {
        let name = &entity.name;
        let q = format!("entity:\"{name}\"");
        View {
            route: Route::Home,
            search: Search {
                query: q,
                sort: Sort::Date,
            },
            at: None,
        }
        .to_hash()
    };
    let kind = entity.kind.as_str();

    html! {
        <article class="entity-page" aria-labelledby="entity-title">
            <nav class="crumbs" aria-label="Navigation">
                <a class="back" href={home}>{ lang.t("← Tous les articles", "← All articles") }</a>
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
                        <dd>{ forms.iter().map(|(f, n)| format!("{f} ({n})")).collect::<Vec<_>>().join(", ") }</dd>
                    </div>
                    if let Some(w) = &entity.wikidata {
                        <div><dt>{ "Wikidata" }</dt><dd><code>{ w.clone() }</code></dd></div>
                    }
                </dl>
                <p><a class="button" href={filter}>{ lang.t("Voir les articles qui la mentionnent", "See the articles that mention it") }</a></p>
            </header>
            <section aria-labelledby="kwic-title">
                <h2 id="kwic-title" class="section-title">{ lang.t("En contexte", "In context") }</h2>
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
            </section>
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
