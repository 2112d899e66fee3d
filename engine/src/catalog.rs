//! `catalog.toml`: what is known about each article of a corpus directory.
//!
//! ```toml
//! [[article]]
//! file = "004_4aea2465524ab3c5.txt"   # required: a .txt file of the directory
//! publication = "LeMagIT"             # omit when unknown
//! publication_certain = true          # false: a likely guess
//! source = "lemagit"                  # for `source:` filters; default: from publication
//! title = "SFR rachète la totalité de Numergy"
//! title_derived = false               # true: written from the text, not published
//! credit = "buchachon - Fotolia"      # a line of the text that is a photo credit
//! url = "https://lemagit.fr/actualites/4500259920/SFR-rachete-la-totalite-de-Numergy"
//!                                     # the original's address: absolute http(s)
//! date = "2015-12"                    # YYYY, YYYY-MM or YYYY-MM-DD
//! date_precision = "month"            # year | month | day; must match `date`
//! date_approximate = true             # inferred from the events reported
//! date_basis = "Written during HPE Discover London, 1–3 December 2015"
//! ```
//!
//! Every mistake is reported with the file, line and column it is on.

use crate::analysis::folding::slug;
use crate::date::PubDate;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// A catalog that could not be read, with where the problem is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}:{column}: {message}", path.display())]
pub struct CatalogError {
    /// The catalog file.
    pub path: PathBuf,
    /// 1-based line of the problem.
    pub line: usize,
    /// 1-based column (in characters) of the problem.
    pub column: usize,
    /// What is wrong, in plain words.
    pub message: String,
}

/// What the catalog says about one file. Fields left out take the defaults
/// documented at the top of this module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Line of the entry's `file = …`, for messages about it.
    pub line: usize,
    /// Publication name.
    pub publication: Option<String>,
    /// False when the publication is a likely guess.
    pub publication_certain: bool,
    /// Short name for `source:` filters.
    pub source: Option<String>,
    /// Title of the article.
    pub title: Option<String>,
    /// True when the title was written from the text.
    pub title_derived: bool,
    /// A line of the text that is a credit, not article text.
    pub credit: Option<String>,
    /// Address of the original article (absolute `http://` or `https://`).
    pub url: Option<String>,
    /// Publication date.
    pub date: Option<PubDate>,
    /// True when the date is inferred.
    pub date_approximate: bool,
    /// How the date was established.
    pub date_basis: Option<String>,
}

/// A parsed catalog: entries by file name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Catalog {
    /// Entries keyed by file name.
    pub entries: BTreeMap<String, Entry>,
}

impl CatalogError {
    /// An error at a byte offset of `text`, located by line and column.
    pub(crate) fn at(path: &Path, text: &str, offset: usize, message: String) -> CatalogError {
        let (line, column) = line_column(text, offset);
        CatalogError {
            path: path.to_owned(),
            line,
            column,
            message,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    #[serde(default)]
    article: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    file: Spanned<String>,
    publication: Option<String>,
    #[serde(default = "yes")]
    publication_certain: bool,
    source: Option<Spanned<String>>,
    title: Option<String>,
    #[serde(default)]
    title_derived: bool,
    credit: Option<String>,
    url: Option<Spanned<String>>,
    date: Option<Spanned<String>>,
    date_precision: Option<Spanned<String>>,
    #[serde(default)]
    date_approximate: bool,
    date_basis: Option<String>,
}

fn yes() -> bool {
    true
}

impl Catalog {
    /// Parses catalog text; `path` is only used in error messages.
    ///
    /// ```
    /// use loupe_engine::catalog::Catalog;
    /// let err = Catalog::parse("seeds/catalog.toml".as_ref(), "[[article]]\nfile = \"a.txt\"\ndate = \"2015-13\"\n")
    ///     .unwrap_err();
    /// assert_eq!(err.to_string(), "seeds/catalog.toml:3:8: \"2015-13\" is not a calendar date");
    /// ```
    pub fn parse(path: &Path, text: &str) -> Result<Catalog, CatalogError> {
        let at = |offset: usize, message: String| CatalogError::at(path, text, offset, message);
        let raw: RawCatalog = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            at(offset, e.message().trim().to_owned())
        })?;

        let mut entries = BTreeMap::new();
        // Line starts, found once: each entry's line is a binary search, not a rescan.
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset);
        for raw in raw.article {
            let file_offset = raw.file.span().start;
            let file = raw.file.into_inner();
            if !file.ends_with(".txt") || file.contains(['/', '\\']) {
                return Err(at(
                    file_offset,
                    format!("`file` must name a .txt file of the corpus directory, found {file:?}"),
                ));
            }
            let date = match &raw.date {
                None => None,
                Some(d) => Some(PubDate::parse(d.get_ref()).map_err(|e| at(d.span().start, e.to_string()))?),
            };
            if let Some(p) = &raw.date_precision {
                let Some(date) = date else {
                    return Err(at(p.span().start, "`date_precision` given without a `date`".into()));
                };
                let actual = date.precision().as_str();
                if p.get_ref() != actual {
                    return Err(at(
                        p.span().start,
                        format!(
                            "`date_precision` is {:?} but the date {date} is precise to the {actual}",
                            p.get_ref()
                        ),
                    ));
                }
            }
            let source = match raw.source {
                None => raw.publication.as_deref().map(slug),
                Some(s) => {
                    let value = s.get_ref();
                    if value.is_empty() || slug(value) != *value {
                        return Err(at(
                            s.span().start,
                            format!(
                                "`source` must be lowercase letters, digits and '-', like {:?}",
                                slug(value)
                            ),
                        ));
                    }
                    Some(value.clone())
                }
            };
            let url = match raw.url {
                None => None,
                Some(u) => Some(check_url(u.get_ref()).map_err(|m| at(u.span().start, m))?.to_owned()),
            };
            let entry = Entry {
                line: line_of(file_offset),
                publication: raw.publication,
                publication_certain: raw.publication_certain,
                source,
                title: raw.title,
                title_derived: raw.title_derived,
                credit: raw.credit,
                url,
                date,
                date_approximate: raw.date_approximate,
                date_basis: raw.date_basis,
            };
            if let Some(first) = entries.get(&file) {
                let Entry { line, .. } = first;
                return Err(at(file_offset, format!("{file} already has an entry on line {line}")));
            }
            entries.insert(file, entry);
        }
        Ok(Catalog { entries })
    }
}

/// `url` if it is an absolute `http://` or `https://` address with a host,
/// else why not. Only the shape is checked: the address is never fetched.
pub(crate) fn check_url(url: &str) -> Result<&str, String> {
    let rest = ["https://", "http://"]
        .iter()
        .find_map(|scheme| {
            url.get(..scheme.len())
                .filter(|s| s.eq_ignore_ascii_case(scheme))
                .map(|_| &url[scheme.len()..])
        })
        .ok_or_else(|| format!("`url` must be an absolute http:// or https:// address, found {url:?}"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.starts_with(':') || host.starts_with('@') {
        return Err(format!("`url` has no host name: {url:?}"));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!("`url` must not contain spaces or control characters: {url:?}"));
    }
    Ok(url)
}

/// 1-based line and character column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Catalog, CatalogError> {
        Catalog::parse(Path::new("c.toml"), text)
    }

    #[test]
    fn full_entry_and_defaults() {
        let catalog = parse(
            r#"
[[article]]
file = "a.txt"
publication = "Solutions Numériques"
publication_certain = false
title = "Un titre"
title_derived = true
date = "2015-01-13"
date_precision = "day"
date_approximate = true
date_basis = "hier"
url = "https://solutions-numeriques.com/orange-veut-recuperer-100-de-cloudwatt"

[[article]]
file = "b.txt"
"#,
        )
        .unwrap();
        let a = &catalog.entries["a.txt"];
        assert_eq!(a.line, 3);
        assert_eq!(a.source.as_deref(), Some("solutionsnumeriques"));
        assert!(!a.publication_certain && a.title_derived && a.date_approximate);
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2015-01-13"));
        assert_eq!(
            a.url.as_deref(),
            Some("https://solutions-numeriques.com/orange-veut-recuperer-100-de-cloudwatt")
        );
        let b = &catalog.entries["b.txt"];
        assert_eq!(
            (b.publication.as_deref(), b.source.as_deref(), b.date, b.url.as_deref()),
            (None, None, None, None)
        );
        assert!(b.publication_certain && !b.title_derived && !b.date_approximate);
    }

    #[test]
    fn empty_catalog_is_fine() {
        assert!(parse("").unwrap().entries.is_empty());
    }

    #[test]
    fn malformed_catalogs_name_file_line_and_problem() {
        let cases: [(&str, usize, &str); 13] = [
            (
                "[[article]]\nfile = \"a.txt\"\nurl = \"lemagit.fr/actualites\"\n",
                3,
                "absolute http:// or https://",
            ),
            (
                "[[article]]\nfile = \"a.txt\"\nurl = \"ftp://lemagit.fr/a\"\n",
                3,
                "absolute http:// or https://",
            ),
            (
                "[[article]]\nfile = \"a.txt\"\nurl = \"/actualites/a\"\n",
                3,
                "absolute http:// or https://",
            ),
            (
                "[[article]]\nfile = \"a.txt\"\nurl = \"https:///a\"\n",
                3,
                "no host name",
            ),
            (
                "[[article]]\nfile = \"a.txt\"\nurl = \"https://a.fr/un lien\"\n",
                3,
                "spaces",
            ),
            ("[[article]]\nfile = \"a.txt\"\ntitle = \"unterminated\n", 3, "string"),
            (
                "[[article]]\nfile = \"a.txt\"\ntittle = \"x\"\n",
                3,
                "unknown field `tittle`",
            ),
            ("[[article]]\ntitle = \"x\"\n", 1, "missing field `file`"),
            (
                "[[article]]\nfile = \"a.txt\"\n\n[[article]]\nfile = \"a.txt\"\n",
                5,
                "already has an entry on line 2",
            ),
            (
                "[[article]]\nfile = \"a.txt\"\ndate = \"janvier 2015\"\n",
                3,
                "expected a date",
            ),
            (
                "[[article]]\nfile = \"a.txt\"\ndate = \"2015-01\"\ndate_precision = \"day\"\n",
                4,
                "precise to the month",
            ),
            ("[[article]]\nfile = \"../a.txt\"\n", 2, "must name a .txt file"),
            (
                "[[article]]\nfile = \"a.txt\"\nsource = \"Le MagIT\"\n",
                3,
                "\"lemagit\"",
            ),
        ];
        for (text, line, needle) in cases {
            let err = parse(text).unwrap_err();
            assert_eq!(err.line, line, "{text:?} gave {err}");
            assert!(err.to_string().starts_with(&format!("c.toml:{line}:")), "{err}");
            assert!(err.message.contains(needle), "{text:?} gave {err}");
        }
    }

    #[test]
    fn url_errors_point_at_the_value() {
        let err = parse("[[article]]\nfile = \"a.txt\"\nurl = \"www.lemagit.fr\"\n").unwrap_err();
        assert_eq!((err.line, err.column), (3, 7), "{err}");
    }

    #[test]
    fn http_and_https_urls_in_any_case_are_accepted() {
        for url in [
            "http://a.fr",
            "HTTPS://itsocial.fr/articles-decideurs/tribune/",
            "https://a.fr?x=1",
        ] {
            let text = format!("[[article]]\nfile = \"a.txt\"\nurl = {url:?}\n");
            assert_eq!(parse(&text).unwrap().entries["a.txt"].url.as_deref(), Some(url));
        }
    }

    #[test]
    fn slug_table() {
        for (name, want) in [
            ("LeMagIT", "lemagit"),
            ("IT Social", "itsocial"),
            ("Solutions Numériques", "solutionsnumeriques"),
            ("Cloud28+", "cloud28"),
        ] {
            assert_eq!(slug(name), want);
        }
    }
}
