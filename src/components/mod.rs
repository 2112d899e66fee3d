//! Components of the explorer. Each receives ids and small props; the corpus
//! comes from [`crate::app::CorpusContext`].

mod collection;
mod entity;
mod explore;
mod header;
mod not_found;
mod reader;

pub use collection::Collection;
pub use entity::{network, EntityList, EntityPage, Timeline};
pub use explore::Explore;
pub use header::CorpusHeader;
pub use not_found::NotFound;
pub use reader::Reader;

use crate::app::CorpusContext;
use crate::format;
use crate::i18n::Lang;
use loupe_engine::query::Warning;
use loupe_engine::Document;
use std::ops::Range;
use yew::prelude::*;

/// Props of the screens that show one thing (an article, an entity) and keep
/// the current search in their links.
#[derive(Properties, PartialEq, Clone)]
pub struct PageProps {
    /// Id of the article or entity.
    pub id: AttrValue,
    /// The current search: highlighted where it matches, and kept in links.
    #[prop_or_default]
    pub query: AttrValue,
    /// The current order, kept in links.
    #[prop_or_default]
    pub sort: loupe_engine::search::Sort,
    /// In an article, the linked mention (`?at=`), shown instead of the first match.
    #[prop_or_default]
    pub at: Option<usize>,
}

/// Texts a page of contexts asks for at most at once on a sharded corpus
/// (an entity named in thousands of articles shows the newest ones' passages).
pub(crate) const TEXTS: usize = 40;

/// On a sharded corpus, asks for the texts of these documents (at most
/// [`TEXTS`]): `Ready` once they are all there (always, on a whole corpus).
pub(crate) fn texts(corpus: &loupe_engine::Corpus, docs: &[usize]) -> crate::corpus::Need {
    crate::corpus::want_docs(corpus, &docs[..docs.len().min(TEXTS)], true)
}

/// Whether a document's text is there (always, on a whole corpus).
pub(crate) fn has_text(corpus: &loupe_engine::Corpus, doc: usize) -> bool {
    corpus.shards.as_ref().is_none_or(|s| s.has_text(doc))
}

/// The corpus from context. The root always provides it.
#[hook]
pub(crate) fn use_corpus() -> Option<CorpusContext> {
    use_context::<CorpusContext>()
}

/// "ChannelNews", "Solutions Numériques (probable)", or "Source inconnue".
pub(crate) fn publication_label(doc: &Document, lang: Lang) -> String {
    match (&doc.publication, doc.publication_certain) {
        (Some(p), true) => p.clone(),
        (Some(p), false) => format!("{p} ({})", lang.t("probable", "likely")),
        (None, _) => lang.t("Source inconnue", "Unknown source").to_owned(),
    }
}

/// The date as shown in lists: "février 2016", marked when estimated.
pub(crate) fn date_label(doc: &Document, lang: Lang) -> Html {
    match &doc.date {
        None => html! { <span class="date undated">{ lang.t("Non daté", "Undated") }</span> },
        Some(d) => {
            let iso = d.to_string();
            let hint = if doc.date_approximate {
                lang.t(
                    "Date estimée d’après les faits rapportés",
                    "Date estimated from the events reported",
                )
            } else {
                ""
            };
            html! {
                <time class="date" datetime={iso} title={hint}>
                    { format::date(d, lang) }
                    if doc.date_approximate {
                        <span class="approx">{ lang.t(" (env.)", " (approx.)") }</span>
                    }
                </time>
            }
        }
    }
}

/// `text` as text nodes, with each of `ranges` (sorted, disjoint byte ranges)
/// in a `<mark data-match>`. Document text never goes through HTML parsing.
pub(crate) fn marked(text: &str, ranges: &[Range<usize>]) -> Html {
    let numbered: Vec<(Range<usize>, usize)> = ranges.iter().cloned().zip(0..).collect();
    marked_numbered(text, &numbered)
}

/// [`marked`] with each range's number in `data-match`, so the pieces of one
/// match cut by entity boundaries are found together.
fn marked_numbered(text: &str, ranges: &[(Range<usize>, usize)]) -> Html {
    let mut parts: Vec<Html> = Vec::with_capacity(ranges.len() * 2 + 1);
    let mut at = 0;
    for (r, n) in ranges {
        let (Some(before), Some(inside)) = (text.get(at..r.start), text.get(r.start..r.end)) else {
            continue;
        };
        if !before.is_empty() {
            parts.push(html! { { before.to_owned() } });
        }
        parts.push(html! { <mark data-match={n.to_string()}>{ inside.to_owned() }</mark> });
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
/// disjoint) and query matches as `<mark data-match="n">` inside or between
/// them, numbered from `first_match` (a match cut by an entity's edge keeps
/// one number);
/// `focusable` mentions (the reader's) take focus to show their card: one Tab
/// stop for all of them (a roving tabindex the reader moves with the arrows).
/// Everything is text nodes: document text never goes through HTML parsing.
pub(crate) fn annotated(
    text: &str,
    entities: &[Marked],
    matches: &[Range<usize>],
    first_match: usize,
    lang: Lang,
    focusable: bool,
) -> Html {
    let clip = |r: &Range<usize>| -> Vec<(Range<usize>, usize)> {
        matches
            .iter()
            .zip(first_match..)
            .filter(|(m, _)| m.start < r.end && r.start < m.end)
            .map(|(m, n)| (m.start.max(r.start) - r.start..m.end.min(r.end) - r.start, n))
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
            parts.push(marked_numbered(&text[gap.clone()], &clip(&gap)));
        }
        let kind = e.entity.kind.as_str();
        let title = format!("{} · {}", entity_label(e.entity, lang), type_label(e.entity.kind, lang));
        parts.push(html! {
            <mark class="entity" data-type={kind} data-entity={e.entity.name.clone()} data-id={e.entity.id.clone()} data-at={e.at.to_string()} {title} tabindex={focusable.then_some("-1")}>
                { marked_numbered(inside, &clip(&e.range)) }
            </mark>
        });
        at = e.range.end;
    }
    if let Some(rest) = text.get(at..) {
        let tail = at..text.len();
        parts.push(marked_numbered(rest, &clip(&tail)));
    }
    parts.into_iter().collect()
}

/// The search a page keeps in its links, and the link back to the list with it.
pub(crate) fn kept_search(query: &str, sort: loupe_engine::search::Sort) -> (crate::route::Search, String) {
    let search = crate::route::Search {
        query: query.to_owned(),
        sort,
    };
    let home = crate::route::View {
        route: crate::route::Route::Home,
        search: search.clone(),
        at: None,
    }
    .to_hash();
    (search, home)
}

/// The query with `filter` added (kept as is when it is there already).
/// (Whole parts are compared; the filter's exclusion `-filter`, if any, is
/// replaced by the filter.)
pub(crate) fn with_filter(query: &str, filter: &str) -> String {
    let excluded = format!("-{filter}");
    let mut parts: Vec<String> = parts(query).into_iter().filter(|p| *p != excluded).collect();
    if !parts.iter().any(|p| p == filter) {
        parts.push(filter.to_owned());
    }
    parts.join(" ")
}

/// The query's parts: runs of non-space characters, a quoted phrase kept
/// whole with what is glued to it (`entity:"Caisse des Dépôts"`).
pub(crate) fn parts(query: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in query.chars() {
        if c == '"' {
            quoted = !quoted;
        }
        if c.is_whitespace() && !quoted {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The back link's words, named for where it goes: every article, or the
/// results of the search the reader came from.
pub(crate) fn back_label(query: &str, lang: Lang) -> String {
    if query.trim().is_empty() {
        lang.t("← Tous les articles", "← All articles").to_owned()
    } else {
        format!(
            "{} «\u{202f}{}\u{202f}»",
            lang.t("← Résultats pour", "← Results for"),
            query.trim()
        )
    }
}

/// A link that leaves Loupe, saying so: it opens in a new tab, sends no
/// referrer, and nothing is fetched from it before the reader follows it.
pub(crate) fn outbound(href: &str, label: Html, lang: Lang) -> Html {
    html! {
        <a class="outbound" href={href.to_owned()} target="_blank" rel="noopener noreferrer external">
            { label }
            <span class="outbound-note">{ lang.t(" (site externe, quitte Loupe) ↗", " (external site, leaves Loupe) ↗") }</span>
        </a>
    }
}

/// An entity number and its mention count.
pub(crate) type Counted = (usize, usize);

/// A stable sort of (entity, count) pairs: one copy of the sort's code in
/// the wasm for every list of the overview and the timeline, where each closure passed to
/// `sort_by` itself would make its own.
pub(crate) fn sort_by(items: &mut [Counted], order: &dyn Fn(&Counted, &Counted) -> std::cmp::Ordering) {
    loupe_engine::sort::by(items, order);
}

/// An entity's name as a reader wants it: a date in words ("mars 2015" for
/// the canonical "2015-03"), an amount whose figures stay together on one
/// line; other names as they are.
pub(crate) fn entity_label(info: &loupe_engine::entities::table::EntityInfo, lang: Lang) -> String {
    use loupe_engine::entities::EntityType;
    match info.kind {
        EntityType::Date => {
            loupe_engine::PubDate::parse(&info.name).map_or_else(|_| info.name.clone(), |d| format::date(&d, lang))
        }
        EntityType::Money | EntityType::Percent => info.name.replace(' ', "\u{202f}"),
        _ => info.name.clone(),
    }
}

/// The name of an entity type in the interface language.
pub(crate) fn type_label(kind: loupe_engine::entities::EntityType, lang: Lang) -> &'static str {
    use loupe_engine::entities::EntityType::*;
    match kind {
        Per => lang.t("personne", "person"),
        Org => lang.t("organisation", "organisation"),
        Loc => lang.t("lieu", "place"),
        Misc => lang.t("divers", "other"),
        Money => lang.t("montant", "amount"),
        Percent => lang.t("pourcentage", "percentage"),
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

/// A query warning, in the interface language.
pub(crate) fn warning_text(w: &Warning, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    match (w, fr) {
        (Warning::UnclosedQuote, true) => "Guillemet non fermé\u{202f}: l’expression va jusqu’à la fin.".into(),
        (Warning::UnclosedQuote, false) => "Unclosed quote: the phrase runs to the end.".into(),
        (Warning::UnclosedParen, true) => "Parenthèse non fermée\u{202f}: fermée à la fin.".into(),
        (Warning::UnclosedParen, false) => "Unclosed parenthesis: closed at the end.".into(),
        (Warning::UnmatchedParen, true) => "Parenthèse fermante sans ouvrante, ignorée.".into(),
        (Warning::UnmatchedParen, false) => "Closing parenthesis without an opening one, ignored.".into(),
        (Warning::TooDeep, true) => format!(
            "Parenthèses imbriquées sur plus de {} niveaux\u{202f}: les plus profondes sont ignorées.",
            loupe_engine::query::MAX_DEPTH
        ),
        (Warning::TooDeep, false) => format!(
            "Parentheses nested more than {} deep: the deeper ones are ignored.",
            loupe_engine::query::MAX_DEPTH
        ),
        (Warning::DanglingOr, true) => "OR doit relier deux termes\u{202f}; ignoré.".into(),
        (Warning::DanglingOr, false) => "OR must join two terms; ignored.".into(),
        (Warning::DanglingNot, true) => "«\u{202f}-\u{202f}» doit précéder un terme\u{202f}; ignoré.".into(),
        (Warning::DanglingNot, false) => "“-” must precede a term; ignored.".into(),
        (Warning::UnknownField(name), true) => {
            format!("Filtre «\u{202f}{name}:\u{202f}» inconnu (source:, date:, type:, entity:)\u{202f}; cherché comme mots.")
        }
        (Warning::UnknownField(name), false) => {
            format!("Unknown filter “{name}:” (source:, date:, type:, entity:); searched as words.")
        }
        (Warning::EmptyFilter(name), true) => {
            format!("Le filtre «\u{202f}{name}:\u{202f}» n’a pas de valeur\u{202f}; ignoré.")
        }
        (Warning::EmptyFilter(name), false) => format!("The filter “{name}:” has no value; ignored."),
        (Warning::BadDate(v), true) => {
            format!("«\u{202f}{v}\u{202f}» n’est pas une date (2015, 2015-12, 2015-01..2015-06)\u{202f}; ignoré.")
        }
        (Warning::BadDate(v), false) => format!("“{v}” is not a date (2015, 2015-12, 2015-01..2015-06); ignored."),
        (Warning::UnknownSource(v), true) => format!("Aucun article ne vient de la source «\u{202f}{v}\u{202f}»."),
        (Warning::UnknownSource(v), false) => format!("No article comes from the source “{v}”."),
        (Warning::NoEntities(f), true) => {
            format!("«\u{202f}{f}\u{202f}»\u{202f}: ce corpus n’a pas d’entités\u{202f}; filtre ignoré.")
        }
        (Warning::NoEntities(f), false) => format!("“{f}”: this corpus has no entities; filter ignored."),
        (Warning::UnknownType(t), true) => {
            format!("Type d’entité «\u{202f}{t}\u{202f}» inconnu (PER, ORG, LOC, MISC, MONEY, PERCENT, DATE)\u{202f}; ignoré.")
        }
        (Warning::UnknownType(t), false) => {
            format!("Unknown entity type “{t}” (PER, ORG, LOC, MISC, MONEY, PERCENT, DATE); ignored.")
        }
        (Warning::UnknownEntity(e), true) => format!("Aucune entité du corpus ne s’appelle «\u{202f}{e}\u{202f}»."),
        (Warning::UnknownEntity(e), false) => format!("No entity of the corpus is called “{e}”."),
    }
}

#[cfg(test)]
mod tests {
    use super::{parts, with_filter};

    #[test]
    fn parts_keep_quoted_phrases_whole() {
        assert_eq!(
            parts(" cloud  entity:\"Caisse des Dépôts\" -sfr "),
            ["cloud", "entity:\"Caisse des Dépôts\"", "-sfr"]
        );
        assert!(parts("   ").is_empty());
    }

    #[test]
    fn a_filter_joins_the_search_once_and_replaces_its_exclusion() {
        assert_eq!(with_filter("cloud", "entity:\"Thales\""), "cloud entity:\"Thales\"");
        assert_eq!(
            with_filter("cloud entity:\"Thales\"", "entity:\"Thales\""),
            "cloud entity:\"Thales\""
        );
        assert_eq!(
            with_filter("cloud -entity:\"Thales\"", "entity:\"Thales\""),
            "cloud entity:\"Thales\""
        );
        assert_eq!(with_filter("date:2015-01", "date:2015"), "date:2015-01 date:2015");
        assert_eq!(with_filter("", "type:ORG"), "type:ORG");
    }
}
