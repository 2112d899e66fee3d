//! The reader: one article with its paragraphs, its metadata and a way back.

use super::{date_label, publication_label, use_corpus};
use crate::format;
use crate::route::Route;
use loupe_engine::{BlockKind, Document};
use yew::prelude::*;

/// Props of [`Reader`].
#[derive(Properties, PartialEq)]
pub struct ReaderProps {
    /// Id of the article to show.
    pub id: AttrValue,
}

/// The full article. Text is rendered as text nodes, never as HTML.
#[component]
pub fn Reader(props: &ReaderProps) -> Html {
    let Some(corpus) = use_corpus() else { return html! {} };
    let corpus = &corpus.0;
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

    html! {
        <article class="reader" aria-labelledby="reader-title">
            <nav class="crumbs" aria-label="Navigation">
                <a class="back" href="#/">{ "← Tous les articles" }</a>
            </nav>
            <header class="reader-head">
                <p class="kicker">{ publication_label(doc) }{ " · " }{ date_label(doc) }</p>
                <h1 id="reader-title" tabindex="-1">{ &doc.title }</h1>
                if doc.title_derived {
                    <p class="derived-note">{ "Titre déduit du texte : l’article n’en porte pas." }</p>
                }
                { metadata(doc) }
            </header>
            <div class="prose">
                for block in &doc.blocks {
                    { render_block(doc.block_text(block), block.kind) }
                }
            </div>
            <nav class="pager" aria-label="Autres articles">
                if let Some(d) = newer {
                    <a class="pager-link newer" href={Route::Doc(d.id.clone()).to_hash()}>
                        <span class="pager-dir">{ "← Plus récent" }</span>
                        <span class="pager-title">{ &d.title }</span>
                    </a>
                }
                if let Some(d) = older {
                    <a class="pager-link older" href={Route::Doc(d.id.clone()).to_hash()}>
                        <span class="pager-dir">{ "Plus ancien →" }</span>
                        <span class="pager-title">{ &d.title }</span>
                    </a>
                }
            </nav>
        </article>
    }
}

fn render_block(text: &str, kind: BlockKind) -> Html {
    let text = text.to_owned();
    match kind {
        // The title line repeats the heading above; keep it out of the flow.
        BlockKind::Title => html! {},
        BlockKind::Credit => html! { <p class="credit">{ "Crédit : " }{ text }</p> },
        BlockKind::Lead => html! { <p class="lead">{ text }</p> },
        BlockKind::Heading => html! { <h2>{ text }</h2> },
        BlockKind::Paragraph => html! { <p>{ text }</p> },
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
