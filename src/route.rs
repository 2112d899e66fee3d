//! The view named by the URL hash, so a copied link reopens the same view and
//! the browser's back and forward buttons step through views.

/// A view of the explorer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The corpus overview and article list: `#/` or no hash.
    Home,
    /// One article: `#/doc/<id>`.
    Doc(String),
    /// A hash that names no view; shown as "page not found".
    Unknown(String),
}

impl Route {
    /// Reads a `location.hash` value (with or without its leading `#`).
    pub fn from_hash(hash: &str) -> Route {
        let path = hash.strip_prefix('#').unwrap_or(hash);
        let path = path.strip_prefix('/').unwrap_or(path);
        match path.split_once('/') {
            _ if path.is_empty() => Route::Home,
            Some(("doc", id)) if !id.is_empty() && !id.contains('/') => Route::Doc(id.to_owned()),
            _ => Route::Unknown(path.to_owned()),
        }
    }

    /// The hash that names this view, for links.
    pub fn to_hash(&self) -> String {
        match self {
            Route::Home => "#/".to_owned(),
            Route::Doc(id) => format!("#/doc/{id}"),
            Route::Unknown(path) => format!("#/{path}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Route;

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
        ];
        for (hash, route) in cases {
            assert_eq!(Route::from_hash(hash), route, "{hash:?}");
        }
    }

    #[test]
    fn to_hash_round_trips() {
        for route in [Route::Home, Route::Doc("000_1e3444ed77a47f61".into())] {
            assert_eq!(Route::from_hash(&route.to_hash()), route);
        }
    }
}
