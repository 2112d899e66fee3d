//! Views drawn by the engine where the corpus is built, carried with the
//! corpus as markup: the entity network ([`crate::network`]) and each
//! company's ownership ([`crate::ownership`]).
//!
//! They are computed with the relations ([`Corpus::annotate`]), travel in the
//! snapshot and as parts of a sharded corpus ([`crate::shards`]), and the app
//! inserts them unchanged: their drawing code stays out of the explorer's
//! first load, and a corpus of 100,000 articles shows a network whose
//! co-occurrences were counted over every paragraph, which no page could
//! fetch. All their text is escaped by the engine ([`crate::markup`]); a
//! collection a reader imports is annotated again, its views drawn anew.

use crate::corpus::Corpus;
use crate::markup::both;

/// The style sheet of the views the engine draws (`assets/views.css`,
/// beside the app): the page's security policy refuses inline style, and
/// the first load does not carry it. The app links it before a view; the
/// single-file explorer has it inline instead.
pub const STYLE: &str = "<link rel=\"stylesheet\" href=\"views.css\">";

/// The views of a corpus.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Views {
    /// The entity network's markup (empty for a corpus without entities,
    /// and on a sharded corpus until its part arrives).
    pub network: String,
    /// Per company with ownership facts, by ascending entity number, its
    /// ownership view's markup (on a sharded corpus: those that arrived).
    pub ownership: Vec<(u32, String)>,
    /// A sharded corpus's overview, from its part (a whole corpus counts
    /// its own: [`crate::overview::Overview::of`]).
    pub overview: Option<crate::overview::Overview>,
}

impl Views {
    /// Draws the views of an annotated corpus (entities and relations found).
    pub fn build(corpus: &Corpus) -> Views {
        let mut ownership: Vec<(u32, String)> = crate::ownership::all(corpus)
            .into_iter()
            .map(|o| (o.company, o.markup(corpus)))
            .collect();
        ownership.sort_by_key(|(e, _)| *e);
        ownership.dedup_by_key(|(e, _)| *e);
        // The 80 heaviest links, three passages each: the rest are a search
        // away (the views travel in the single-file explorer, whose budget
        // they share).
        let limits = crate::network::Limits {
            edges: 80,
            samples: 3,
            ..crate::network::Limits::default()
        };
        let network = crate::network::build(corpus, &limits);
        let network = {
            format!(
                "<header class=\"entity-head\"><h1 id=\"network-title\" tabindex=\"-1\">{}</h1><p class=\"entity-description\">{}</p></header>{}",
                both("Réseau des entités", "Entity network"),
                both(
                    "Les entités que les articles nomment dans un même paragraphe, ou que relie un fait (rachat, participation…)&#160;; l’épaisseur d’un lien dit le nombre de passages. Un nom ouvre sa page, un lien ses passages.",
                    "The entities the articles name in the same paragraph, or that a fact links (a purchase, a stake…); a link’s width is its number of passages. A name opens its page, a link its passages."
                ),
                network.markup(corpus)
            )
        };
        Views {
            network,
            ownership,
            overview: None,
        }
    }

    /// The ownership view of this entity, when it has one (and it is there).
    pub fn ownership_of(&self, entity: u32) -> Option<&str> {
        self.ownership
            .binary_search_by_key(&entity, |(e, _)| *e)
            .ok()
            .map(|i| self.ownership[i].1.as_str())
    }

    /// Adds (or replaces) one company's ownership view, keeping the order.
    pub(crate) fn set_ownership(&mut self, entity: u32, markup: String) {
        match self.ownership.binary_search_by_key(&entity, |(e, _)| *e) {
            Ok(i) => self.ownership[i].1 = markup,
            Err(i) => self.ownership.insert(i, (entity, markup)),
        }
    }
}
