//! Components of the explorer. Each receives ids and small props; the corpus
//! comes from [`crate::app::CorpusContext`].

mod entity;
mod explore;
mod header;
mod not_found;
mod reader;

pub use entity::EntityPage;
pub use explore::Explore;
pub use header::CorpusHeader;
pub use not_found::NotFound;
pub use reader::Reader;

use crate::app::CorpusContext;
use crate::format;
use loupe_engine::query::Warning;
use loupe_engine::Document;
use std::ops::Range;
use yew::prelude::*;

/// Props of the screens that show one thing (an article, an entity) and keep
/// the current search in their links.
#[derive(Properties, PartialEq)]
pub struct PageProps {
    /// Id of the article or entity.
    pub id: AttrValue,
    /// The current search: highlighted where it matches, and kept in links.
    #[prop_or_default]
    pub query: AttrValue,
    /// The current order, kept in links.
    #[prop_or_default]
    pub sort: loupe_engine::search::Sort,
}

/// The corpus from context. The root always provides it.
#[hook]
pub(crate) fn use_corpus() -> Option<CorpusContext> {
    use_context::<CorpusContext>()
}

/// "ChannelNews", "Solutions Numériques (probable)", or "Source inconnue".
pub(crate) fn publication_label(doc: &Document) -> String {
    match (&doc.publication, doc.publication_certain) {
        (Some(p), true) => p.clone(),
        (Some(p), false) => format!("{p} (probable)"),
        (None, _) => "Source inconnue".to_owned(),
    }
}

/// The date as shown in lists: "février 2016", marked when estimated.
pub(crate) fn date_label(doc: &Document) -> Html {
    match &doc.date {
        None => html! { <span class="date undated">{ "Non daté" }</span> },
        Some(d) => {
            let iso = d.to_string();
            let hint = if doc.date_approximate {
                "Date estimée d’après les faits rapportés"
            } else {
                ""
            };
            html! {
                <time class="date" datetime={iso} title={hint}>
                    { format::date(d) }
                    if doc.date_approximate {
                        <span class="approx">{ " (env.)" }</span>
                    }
                </time>
            }
        }
    }
}

/// `text` as text nodes, with each of `ranges` (sorted, disjoint byte ranges)
/// in a `<mark data-match>`. Document text never goes through HTML parsing.
pub(crate) fn marked(text: &str, ranges: &[Range<usize>]) -> Html {
    let mut parts: Vec<Html> = Vec::with_capacity(ranges.len() * 2 + 1);
    let mut at = 0;
    for r in ranges {
        let (Some(before), Some(inside)) = (text.get(at..r.start), text.get(r.start..r.end)) else {
            continue;
        };
        if !before.is_empty() {
            parts.push(html! { { before.to_owned() } });
        }
        parts.push(html! { <mark data-match="">{ inside.to_owned() }</mark> });
        at = r.end;
    }
    if let Some(rest) = text.get(at..) {
        parts.push(html! { { rest.to_owned() } });
    }
    parts.into_iter().collect()
}

/// An entity mention to draw: where, and which entity.
pub(crate) struct Marked<'a> {
    /// Byte range in the text being drawn.
    pub range: Range<usize>,
    /// The entity.
    pub entity: &'a loupe_engine::entities::table::EntityInfo,
    /// Byte offset of the mention in its document, for `#…?at=` links.
    pub at: usize,
}

/// `text` with entity mentions as `<mark data-type data-entity>` (sorted,
/// disjoint) and query matches as `<mark data-match>` inside or between them.
/// Everything is text nodes: document text never goes through HTML parsing.
pub(crate) fn annotated(text: &str, entities: &[Marked], matches: &[Range<usize>]) -> Html {
    let clip = |r: &Range<usize>| -> Vec<Range<usize>> {
        matches
            .iter()
            .filter(|m| m.start < r.end && r.start < m.end)
            .map(|m| m.start.max(r.start) - r.start..m.end.min(r.end) - r.start)
            .collect()
    };
    let mut parts: Vec<Html> = Vec::new();
    let mut at = 0;
    for e in entities {
        let (Some(_), Some(inside)) = (text.get(at..e.range.start), text.get(e.range.clone())) else {
            continue;
        };
        if e.range.start > at {
            let gap = at..e.range.start;
            parts.push(marked(&text[gap.clone()], &clip(&gap)));
        }
        let kind = e.entity.kind.as_str();
        let title = format!("{} · {}", e.entity.name, type_label(e.entity.kind));
        parts.push(html! {
            <mark class="entity" data-type={kind} data-entity={e.entity.name.clone()} data-id={e.entity.id.clone()} data-at={e.at.to_string()} {title}>
                { marked(inside, &clip(&e.range)) }
            </mark>
        });
        at = e.range.end;
    }
    if let Some(rest) = text.get(at..) {
        let tail = at..text.len();
        parts.push(marked(rest, &clip(&tail)));
    }
    parts.into_iter().collect()
}

/// The French name of an entity type.
pub(crate) fn type_label(kind: loupe_engine::entities::EntityType) -> &'static str {
    use loupe_engine::entities::EntityType::*;
    match kind {
        Per => "personne",
        Org => "organisation",
        Loc => "lieu",
        Misc => "divers",
        Money => "montant",
        Percent => "pourcentage",
        Date => "date",
    }
}

/// The mentions of document `doc` inside `window` (byte range of its text),
/// shifted to start at `offset` in the drawn text.
pub(crate) fn mentions_in<'a>(
    corpus: &'a loupe_engine::Corpus,
    doc: usize,
    window: &Range<usize>,
    offset: usize,
) -> Vec<Marked<'a>> {
    corpus
        .entities
        .of(doc)
        .iter()
        .filter(|m| m.range.start >= window.start && m.range.end <= window.end)
        .map(|m| Marked {
            range: m.range.start - window.start + offset..m.range.end - window.start + offset,
            entity: &corpus.entities.entities[m.entity as usize],
            at: m.range.start,
        })
        .collect()
}

/// A query warning, in French.
pub(crate) fn warning_fr(w: &Warning) -> String {
    match w {
        Warning::UnclosedQuote => "Guillemet non fermé : l’expression va jusqu’à la fin.".into(),
        Warning::UnclosedParen => "Parenthèse non fermée : fermée à la fin.".into(),
        Warning::UnmatchedParen => "Parenthèse fermante sans ouvrante, ignorée.".into(),
        Warning::DanglingOr => "OR doit relier deux termes ; ignoré.".into(),
        Warning::DanglingNot => "« - » doit précéder un terme ; ignoré.".into(),
        Warning::UnknownField(name) => {
            format!("Filtre « {name}: » inconnu (source:, date:, type:, entity:) ; cherché comme mots.")
        }
        Warning::EmptyFilter(name) => format!("Le filtre « {name}: » n’a pas de valeur ; ignoré."),
        Warning::BadDate(v) => format!("« {v} » n’est pas une date (2015, 2015-12, 2015-01..2015-06) ; ignoré."),
        Warning::UnknownSource(v) => format!("Aucun article ne vient de la source « {v} »."),
        Warning::NoEntities(f) => format!("« {f} » : ce corpus n’a pas d’entités ; filtre ignoré."),
        Warning::UnknownType(t) => {
            format!("Type d’entité « {t} » inconnu (PER, ORG, LOC, MISC, MONEY, PERCENT, DATE) ; ignoré.")
        }
        Warning::UnknownEntity(e) => format!("Aucune entité du corpus ne s’appelle « {e} »."),
    }
}
