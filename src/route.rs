//! The view named by the URL hash, so a copied link reopens the same view and
//! the browser's back and forward buttons step through views.
//!
//! `#/` is the article list, `#/doc/<id>` an article; either may carry the
//! search: `#/?q=etat%20souverain&sort=date`, `#/doc/<id>?q=etat`.

use loupe_engine::search::Sort;

/// A view of the explorer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The corpus overview and the articles (all, or those matching the search).
    Home,
    /// One article: `#/doc/<id>`.
    Doc(String),
    /// One entity: `#/entity/<id>`.
    Entity(String),
    /// Every date the corpus cites, in the order of time: `#/timeline`.
    Timeline,
    /// Every entity of one type (`PER`, `ORG`…) with its counts: `#/entities/ORG`.
    Entities(String),
    /// The entity network, `#/network`, or with one link's passages open: `#/network/3`.
    Network(Option<usize>),
    /// A hash that names no view; shown as "page not found".
    Unknown(String),
}

/// The search that goes with a view.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Search {
    /// The query as typed.
    pub query: String,
    /// Result order.
    pub sort: Sort,
}

/// A whole view: where, and with what search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// Which screen.
    pub route: Route,
    /// The search.
    pub search: Search,
    /// In an article, the byte offset of the mention to scroll to (`at=`).
    pub at: Option<usize>,
}

impl Route {
    /// Reads a `location.hash` value (with or without its leading `#`), ignoring any search.
    pub fn from_hash(hash: &str) -> Route {
        View::from_hash(hash).route
    }

    /// The hash that names this view, for links, without a search.
    pub fn to_hash(&self) -> String {
        View {
            route: self.clone(),
            search: Search::default(),
            at: None,
        }
        .to_hash()
    }
}

impl View {
    /// Reads a `location.hash` value.
    pub fn from_hash(hash: &str) -> View {
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        let (path, params) = hash.split_once('?').unwrap_or((hash, ""));
        let path = path.strip_prefix('/').unwrap_or(path);
        let route = match path.split_once('/') {
            _ if path.is_empty() => Route::Home,
            _ if path == "timeline" => Route::Timeline,
            _ if path == "network" => Route::Network(None),
            Some(("network", n)) if n.parse::<usize>().is_ok() => Route::Network(n.parse().ok()),
            Some(("doc", id)) if !id.is_empty() && !id.contains('/') => Route::Doc(decode(id)),
            Some(("entity", id)) if !id.is_empty() && !id.contains('/') => Route::Entity(decode(id)),
            Some(("entities", kind)) if !kind.is_empty() && !kind.contains('/') => Route::Entities(decode(kind)),
            _ => Route::Unknown(decode(path)),
        };
        let mut search = Search::default();
        let mut at = None;
        for pair in params.split('&') {
            match pair.split_once('=') {
                Some(("q", v)) => search.query = decode(v),
                Some(("sort", "date")) => search.sort = Sort::Date,
                Some(("sort", "oldest")) => search.sort = Sort::Oldest,
                Some(("at", v)) => at = v.parse().ok(),
                _ => {}
            }
        }
        View { route, search, at }
    }

    /// The hash for this view.
    pub fn to_hash(&self) -> String {
        let path = match &self.route {
            Route::Home => "#/".to_owned(),
            Route::Doc(id) => format!("#/doc/{}", encode(id)),
            Route::Entity(id) => format!("#/entity/{}", encode(id)),
            Route::Timeline => "#/timeline".to_owned(),
            Route::Entities(kind) => format!("#/entities/{}", encode(kind)),
            Route::Network(None) => "#/network".to_owned(),
            Route::Network(Some(n)) => format!("#/network/{n}"),
            Route::Unknown(path) => format!("#/{path}"),
        };
        let mut params = Vec::new();
        if !self.search.query.is_empty() {
            params.push(format!("q={}", encode(&self.search.query)));
        }
        match self.search.sort {
            Sort::Date => params.push("sort=date".to_owned()),
            Sort::Oldest => params.push("sort=oldest".to_owned()),
            Sort::Relevance => {}
        }
        if let Some(at) = self.at {
            params.push(format!("at={at}"));
        }
        if params.is_empty() {
            path
        } else {
            format!("{path}?{}", params.join("&"))
        }
    }
}

pub use loupe_engine::markup::encode;

/// Decodes percent-encoding; malformed escapes are kept as written, invalid UTF-8 replaced.
pub fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_table() {
        let doc = |id: &str| Route::Doc(id.to_owned());
        let cases = [
            ("", Route::Home),
            ("#", Route::Home),
            ("#/", Route::Home),
            ("#/doc/004_4aea2465524ab3c5", doc("004_4aea2465524ab3c5")),
            ("#doc/abc", doc("abc")),
            ("#/doc/", Route::Unknown("doc/".into())),
            ("#/doc/a/b", Route::Unknown("doc/a/b".into())),
            ("#/entite/Orange", Route::Unknown("entite/Orange".into())),
            ("#/doc/abc?q=etat", doc("abc")),
            ("#/entity/caisse-des-depots", Route::Entity("caisse-des-depots".into())),
            ("#/timeline", Route::Timeline),
            ("#/timeline/x", Route::Unknown("timeline/x".into())),
            ("#/network", Route::Network(None)),
            ("#/network/12", Route::Network(Some(12))),
            ("#/network/x", Route::Unknown("network/x".into())),
        ];
        for (hash, route) in cases {
            assert_eq!(Route::from_hash(hash), route, "{hash:?}");
        }
    }

    #[test]
    fn search_travels_in_the_hash() {
        let view = View::from_hash("#/?q=%C3%A9tat%20%22cloud%20souverain%22&sort=date");
        assert_eq!(view.route, Route::Home);
        assert_eq!(view.search.query, "état \"cloud souverain\"");
        assert_eq!(view.search.sort, Sort::Date);
        assert_eq!(View::from_hash(&view.to_hash()), view);
        let reader = View::from_hash("#/doc/003_4db2dbfe3363038d?q=44%2C3%20%25&at=306");
        assert_eq!(reader.search.query, "44,3 %");
        assert_eq!(reader.at, Some(306));
        assert_eq!(View::from_hash(&reader.to_hash()), reader);
        assert_eq!(View::from_hash("#/?q=a+b").search.query, "a b");
        assert_eq!(View::from_hash("#/?q=%E2%28%zz").search.query, "\u{fffd}(%zz");
    }

    #[test]
    fn to_hash_round_trips() {
        for route in [
            Route::Home,
            Route::Doc("000_1e3444ed77a47f61".into()),
            Route::Timeline,
            Route::Network(None),
            Route::Network(Some(3)),
        ] {
            assert_eq!(Route::from_hash(&route.to_hash()), route);
        }
        assert_eq!(Route::Home.to_hash(), "#/");
        assert_eq!(encode("l’État 44,3 %"), "l%E2%80%99%C3%89tat%2044%2C3%20%25");
    }
}
