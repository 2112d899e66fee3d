//! The query language, parsed leniently: every string is a query, and what
//! cannot be understood becomes a [`Warning`], never an error.
//!
//! | syntax | meaning |
//! |---|---|
//! | `orange cloudwatt` | every word must match (stop words are optional) |
//! | `"cloud souverain"` | exact phrase |
//! | `orange OR sfr` | either side |
//! | `-sfr`, `-"cloud public"` | exclude |
//! | `numer*` | prefix; the last word of a query being typed is a prefix too |
//! | `(orange OR sfr) numergy` | grouping |
//! | `source:lemagit`, `date:2015`, `date:2015-01..2015-06` | filters |
//! | `type:ORG`, `entity:"Caisse des Dépôts"` | entity filters |
//!
//! ```
//! use loupe_engine::query::{parse, Node};
//! let (query, warnings) = parse("orange -sfr \"cloud souverain");
//! assert_eq!(warnings.len(), 1); // the unclosed quote
//! assert!(matches!(query, Some(Node::And(ref parts)) if parts.len() == 3));
//! ```

use crate::date::PubDate;
use std::fmt;

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A word as typed; `prefix` when it ends with `*` or is being typed.
    Term {
        /// The word as written.
        word: String,
        /// Match words starting with it.
        prefix: bool,
        /// The prefix is implicit (the last word while typing), so exact matches rank first.
        implicit: bool,
    },
    /// Words that must follow each other.
    Phrase(String),
    /// All of these (negated ones exclude).
    And(Vec<Node>),
    /// Any of these.
    Or(Vec<Node>),
    /// Documents not matching this.
    Not(Box<Node>),
    /// A metadata or entity filter.
    Filter(Filter),
}

/// A filter on documents rather than words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// `source:lemagit`: the publication's short name.
    Source(String),
    /// `date:…`: publication date overlapping this inclusive range.
    Date(DateRange),
    /// `type:ORG`: documents mentioning an entity of this type.
    Type(String),
    /// `entity:"…"`: documents mentioning this entity (any alias).
    Entity(String),
}

/// An inclusive range of dates; either end may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    /// First day, as days since 0000-03-01 (see [`day_number`]).
    pub from: Option<i64>,
    /// Last day.
    pub to: Option<i64>,
}

/// Something in the query that was not understood and how it was read instead.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Warning {
    /// A `"` without its closing quote: the phrase runs to the end.
    UnclosedQuote,
    /// A `(` without `)`: closed at the end.
    UnclosedParen,
    /// A `)` without `(`: ignored.
    UnmatchedParen,
    /// Parentheses nested deeper than [`MAX_DEPTH`]: the deeper ones ignored.
    TooDeep,
    /// `OR` with nothing on one side: ignored.
    DanglingOr,
    /// `-` with nothing after it: ignored.
    DanglingNot,
    /// `name:value` with an unknown name: searched as words.
    UnknownField(String),
    /// A filter with no value: ignored.
    EmptyFilter(String),
    /// A `date:` value that is not a date or range: ignored.
    BadDate(String),
    /// A source no document has.
    UnknownSource(String),
    /// Entity filters need entity annotations, which this corpus lacks: ignored.
    NoEntities(String),
    /// `type:` with something other than PER, ORG, LOC, MISC, MONEY, PERCENT, DATE: ignored.
    UnknownType(String),
    /// `entity:` naming no entity of the corpus.
    UnknownEntity(String),
}

impl Warning {
    /// A stable identifier, for interfaces that translate warnings.
    pub fn code(&self) -> &'static str {
        match self {
            Warning::UnclosedQuote => "unclosed-quote",
            Warning::UnclosedParen => "unclosed-paren",
            Warning::UnmatchedParen => "unmatched-paren",
            Warning::TooDeep => "too-deep",
            Warning::DanglingOr => "dangling-or",
            Warning::DanglingNot => "dangling-not",
            Warning::UnknownField(_) => "unknown-field",
            Warning::EmptyFilter(_) => "empty-filter",
            Warning::BadDate(_) => "bad-date",
            Warning::UnknownSource(_) => "unknown-source",
            Warning::NoEntities(_) => "no-entities",
            Warning::UnknownType(_) => "unknown-type",
            Warning::UnknownEntity(_) => "unknown-entity",
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::UnclosedQuote => write!(f, "unclosed quote: the phrase runs to the end of the query"),
            Warning::UnclosedParen => write!(f, "unclosed parenthesis: closed at the end of the query"),
            Warning::UnmatchedParen => write!(f, "a closing parenthesis without an opening one was ignored"),
            Warning::TooDeep => write!(f, "parentheses nested more than {MAX_DEPTH} deep were ignored"),
            Warning::DanglingOr => write!(f, "OR needs words on both sides; it was ignored"),
            Warning::DanglingNot => write!(f, "'-' needs a word after it; it was ignored"),
            Warning::UnknownField(name) => write!(
                f,
                "unknown filter '{name}:' (known: source, date, type, entity); searched as words"
            ),
            Warning::EmptyFilter(name) => write!(f, "'{name}:' has no value; it was ignored"),
            Warning::BadDate(value) => write!(
                f,
                "'{value}' is not a date (use 2015, 2015-12, 2015-12-02 or 2015-01..2015-06); ignored"
            ),
            Warning::UnknownSource(value) => write!(f, "no article comes from source '{value}'"),
            Warning::NoEntities(filter) => write!(
                f,
                "'{filter}' needs entity annotations, which this corpus lacks; ignored"
            ),
            Warning::UnknownType(t) => {
                write!(
                    f,
                    "unknown entity type '{t}' (PER, ORG, LOC, MISC, MONEY, PERCENT, DATE); ignored"
                )
            }
            Warning::UnknownEntity(name) => write!(f, "no entity of the corpus is called '{name}'"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Lexeme {
    Word(String),
    Phrase(String),
    Field(String, String),
    Open,
    Close,
    Or,
    Not,
}

/// Warnings, each kept once in the order first met: a query of ten thousand
/// stray ")" gives one warning, in time proportional to its length.
#[derive(Debug, Default)]
struct Warnings {
    list: Vec<Warning>,
    seen: std::collections::BTreeSet<Warning>,
}

impl Warnings {
    fn push(&mut self, w: Warning) {
        if !self.seen.contains(&w) {
            self.seen.insert(w.clone());
            self.list.push(w);
        }
    }
}

fn lex(input: &str, warnings: &mut Warnings) -> Vec<Lexeme> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let ends_word = |c: char| c.is_whitespace() || matches!(c, '(' | ')' | '"' | '«' | '»' | '“' | '”');
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            out.push(Lexeme::Open);
            i += 1;
        } else if c == ')' {
            out.push(Lexeme::Close);
            i += 1;
        } else if matches!(c, '"' | '«' | '“') {
            let close = |d: char| matches!(d, '"' | '»' | '”');
            let start = i + 1;
            let mut j = start;
            while j < chars.len() && !close(chars[j]) {
                j += 1;
            }
            if j == chars.len() {
                warnings.push(Warning::UnclosedQuote);
            }
            let phrase: String = chars[start..j.min(chars.len())].iter().collect();
            if !phrase.trim().is_empty() {
                out.push(Lexeme::Phrase(phrase.trim().to_owned()));
            }
            i = j + 1;
        } else if c == '-' && i + 1 < chars.len() && !chars[i + 1].is_whitespace() && chars[i + 1] != '-' {
            out.push(Lexeme::Not);
            i += 1;
        } else {
            let start = i;
            while i < chars.len() && !ends_word(chars[i]) {
                i += 1;
            }
            if i == start {
                // A closing quote with no opening one: nothing to read, skip it.
                i += 1;
                continue;
            }
            let word: String = chars[start..i].iter().collect();
            if word == "OR" || word == "|" {
                out.push(Lexeme::Or);
                continue;
            }
            if word.chars().all(|c| c == '-') {
                warnings.push(Warning::DanglingNot);
                continue;
            }
            match word.split_once(':') {
                Some((name, value)) if !name.is_empty() && name.chars().all(char::is_alphabetic) => {
                    let mut value = value.to_owned();
                    // `entity:"Caisse des Dépôts"`: the quoted value follows the colon.
                    if value.is_empty() && i < chars.len() && matches!(chars[i], '"' | '«' | '“') {
                        let start = i + 1;
                        let mut j = start;
                        while j < chars.len() && !matches!(chars[j], '"' | '»' | '”') {
                            j += 1;
                        }
                        if j == chars.len() {
                            warnings.push(Warning::UnclosedQuote);
                        }
                        value = chars[start..j.min(chars.len())]
                            .iter()
                            .collect::<String>()
                            .trim()
                            .to_owned();
                        i = j + 1;
                    }
                    out.push(Lexeme::Field(name.to_ascii_lowercase(), value));
                }
                _ => out.push(Lexeme::Word(word)),
            }
        }
    }
    out
}

/// Parses a query. `None` when it holds nothing to search (empty, or only
/// ignored syntax): every document matches.
pub fn parse(input: &str) -> (Option<Node>, Vec<Warning>) {
    let mut warnings = Warnings::default();
    let lexemes = lex(input, &mut warnings);
    let has_or = lexemes.contains(&Lexeme::Or);
    let mut parser = Parser {
        lexemes,
        pos: 0,
        warnings,
        has_or,
        depth: 0,
    };
    let mut parts: Vec<Node> = parser.or().into_iter().collect();
    while parser.pos < parser.lexemes.len() {
        // Only a stray `)` stops the top level; the rest is read beside what came before.
        parser.pos += 1;
        parser.warnings.push(Warning::UnmatchedParen);
        parts.extend(parser.or());
    }
    let mut node = (!parts.is_empty()).then(|| and(parts));
    // While typing, the last word is a prefix; a final space ends it.
    let typing = !input.ends_with(char::is_whitespace);
    if typing {
        if let Some(node) = node.as_mut() {
            mark_last_prefix(node);
        }
    }
    (node, parser.warnings.list)
}

fn and(mut parts: Vec<Node>) -> Node {
    if parts.len() == 1 {
        parts.remove(0)
    } else {
        Node::And(parts)
    }
}

fn mark_last_prefix(node: &mut Node) -> bool {
    match node {
        Node::Term { prefix, implicit, .. } => {
            if !*prefix {
                *prefix = true;
                *implicit = true;
            }
            true
        }
        Node::And(parts) | Node::Or(parts) => parts.last_mut().is_some_and(mark_last_prefix),
        Node::Not(_) | Node::Phrase(_) | Node::Filter(_) => false,
    }
}

/// How deep parentheses may nest; deeper ones are read as if absent, with a
/// warning, so a pasted "((((…" cannot exhaust the stack of the parser or of
/// the search that walks the query.
pub const MAX_DEPTH: usize = 32;

struct Parser {
    lexemes: Vec<Lexeme>,
    pos: usize,
    warnings: Warnings,
    /// Whether the query has an OR at all (checked once, not per group).
    has_or: bool,
    /// Open parentheses around the current position.
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Lexeme> {
        self.lexemes.get(self.pos)
    }

    fn or(&mut self) -> Option<Node> {
        let mut sides = Vec::new();
        let mut dangling = false;
        loop {
            match self.and() {
                Some(node) => sides.push(node),
                None => dangling = true,
            }
            if self.peek() == Some(&Lexeme::Or) {
                self.pos += 1;
                continue;
            }
            break;
        }
        // An empty side only matters when there is an OR to be empty beside.
        if dangling && self.has_or {
            self.warnings.push(Warning::DanglingOr);
        }
        match sides.len() {
            0 => None,
            1 => sides.pop(),
            _ => Some(Node::Or(sides)),
        }
    }

    fn and(&mut self) -> Option<Node> {
        let mut parts = Vec::new();
        while let Some(lexeme) = self.peek() {
            if matches!(lexeme, Lexeme::Or | Lexeme::Close) {
                break;
            }
            if let Some(node) = self.unary() {
                // "44,3 %": a number and the symbol after it are one thing, as in "44,3%".
                if let (
                    Some(Node::Term {
                        word: number,
                        prefix: false,
                        ..
                    }),
                    Node::Term { word: symbol, .. },
                ) = (parts.last(), &node)
                {
                    if matches!(symbol.as_str(), "%" | "€" | "$") && number.ends_with(|c: char| c.is_ascii_digit()) {
                        let phrase = format!("{number} {symbol}");
                        parts.pop();
                        parts.push(Node::Phrase(phrase));
                        continue;
                    }
                }
                parts.push(node);
            }
        }
        (!parts.is_empty()).then(|| and(parts))
    }

    fn unary(&mut self) -> Option<Node> {
        if self.peek() == Some(&Lexeme::Not) {
            self.pos += 1;
            return match self.atom() {
                Some(node) => Some(Node::Not(Box::new(node))),
                None => {
                    self.warnings.push(Warning::DanglingNot);
                    None
                }
            };
        }
        self.atom()
    }

    fn atom(&mut self) -> Option<Node> {
        let lexeme = self.peek()?.clone();
        match lexeme {
            Lexeme::Or | Lexeme::Close => None,
            Lexeme::Not => {
                self.pos += 1;
                self.warnings.push(Warning::DanglingNot);
                None
            }
            Lexeme::Open if self.depth >= MAX_DEPTH => {
                // Too deep: skip every "(" here, in a loop (not by recursion).
                while self.peek() == Some(&Lexeme::Open) {
                    self.pos += 1;
                }
                self.warnings.push(Warning::TooDeep);
                self.atom()
            }
            Lexeme::Open => {
                self.pos += 1;
                self.depth += 1;
                let inner = self.or();
                self.depth -= 1;
                if self.peek() == Some(&Lexeme::Close) {
                    self.pos += 1;
                } else {
                    self.warnings.push(Warning::UnclosedParen);
                }
                inner
            }
            Lexeme::Phrase(p) => {
                self.pos += 1;
                Some(Node::Phrase(p))
            }
            Lexeme::Word(w) => {
                self.pos += 1;
                let prefix = w.len() > 1 && w.ends_with('*');
                let word = w.trim_end_matches('*').to_owned();
                if word.is_empty() {
                    return None;
                }
                Some(Node::Term {
                    word,
                    prefix,
                    implicit: false,
                })
            }
            Lexeme::Field(name, value) => {
                self.pos += 1;
                self.field(&name, value)
            }
        }
    }

    fn field(&mut self, name: &str, value: String) -> Option<Node> {
        let known = matches!(name, "source" | "date" | "type" | "entity" | "entite" | "entité");
        if !known {
            self.warnings.push(Warning::UnknownField(name.to_owned()));
            let words: Vec<Node> = [name.to_owned(), value]
                .into_iter()
                .filter(|w| !w.is_empty())
                .map(|word| Node::Term {
                    word,
                    prefix: false,
                    implicit: false,
                })
                .collect();
            return (!words.is_empty()).then(|| and(words));
        }
        if value.is_empty() {
            self.warnings.push(Warning::EmptyFilter(name.to_owned()));
            return None;
        }
        let filter = match name {
            "source" => Filter::Source(value),
            "type" => Filter::Type(value.to_ascii_uppercase()),
            "date" => match parse_date_range(&value) {
                Some(range) => Filter::Date(range),
                None => {
                    self.warnings.push(Warning::BadDate(value));
                    return None;
                }
            },
            _ => Filter::Entity(value),
        };
        Some(Node::Filter(filter))
    }
}

/// `2015`, `2015-12`, `2015-12-02`, `2015-01..2015-06`, `2015..`, `..2015-06`.
pub fn parse_date_range(value: &str) -> Option<DateRange> {
    let end = |s: &str, last: bool| -> Option<Option<i64>> {
        if s.is_empty() {
            return Some(None);
        }
        let date = PubDate::parse(s).ok()?;
        let (first, final_day) = date_bounds(&date);
        Some(Some(if last { final_day } else { first }))
    };
    let range = match value.split_once("..") {
        Some((a, b)) => DateRange {
            from: end(a, false)?,
            to: end(b, true)?,
        },
        None => DateRange {
            from: end(value, false)?,
            to: end(value, true)?,
        },
    };
    (range.from.is_some() || range.to.is_some()).then_some(range)
}

/// First and last day covered by a date at its precision.
pub fn date_bounds(d: &PubDate) -> (i64, i64) {
    let y = i64::from(d.year);
    match (d.month, d.day) {
        (Some(m), Some(day)) => {
            let n = day_number(y, i64::from(m), i64::from(day));
            (n, n)
        }
        (Some(m), None) => {
            let first = day_number(y, i64::from(m), 1);
            let next = if m == 12 {
                day_number(y + 1, 1, 1)
            } else {
                day_number(y, i64::from(m) + 1, 1)
            };
            (first, next - 1)
        }
        _ => (day_number(y, 1, 1), day_number(y + 1, 1, 1) - 1),
    }
}

/// Days since a fixed origin (proleptic Gregorian), for comparing dates.
pub fn day_number(y: i64, m: i64, d: i64) -> i64 {
    let (y, m) = if m <= 2 { (y - 1, m + 12) } else { (y, m) };
    365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(w: &str) -> Node {
        Node::Term {
            word: w.into(),
            prefix: false,
            implicit: false,
        }
    }

    fn typed(w: &str) -> Node {
        Node::Term {
            word: w.into(),
            prefix: true,
            implicit: true,
        }
    }

    #[test]
    fn parse_table() {
        use Node::*;
        let cases: Vec<(&str, Option<Node>)> = vec![
            ("", None),
            ("   ", None),
            ("orange ", Some(term("orange"))),
            ("orange", Some(typed("orange"))),
            ("orange cloudwatt ", Some(And(vec![term("orange"), term("cloudwatt")]))),
            (
                "numer* ",
                Some(Term {
                    word: "numer".into(),
                    prefix: true,
                    implicit: false,
                }),
            ),
            ("\"cloud souverain\"", Some(Phrase("cloud souverain".into()))),
            ("«cloud souverain»", Some(Phrase("cloud souverain".into()))),
            (
                "orange -sfr ",
                Some(And(vec![term("orange"), Not(Box::new(term("sfr")))])),
            ),
            ("ovh OR gandi ", Some(Or(vec![term("ovh"), term("gandi")]))),
            ("ovh or gandi ", Some(And(vec![term("ovh"), term("or"), term("gandi")]))),
            (
                "(orange OR sfr) numergy ",
                Some(And(vec![Or(vec![term("orange"), term("sfr")]), term("numergy")])),
            ),
            ("source:lemagit", Some(Filter(super::Filter::Source("lemagit".into())))),
            (
                "entity:\"Caisse des Dépôts\"",
                Some(Filter(super::Filter::Entity("Caisse des Dépôts".into()))),
            ),
            ("type:org", Some(Filter(super::Filter::Type("ORG".into())))),
            ("Atos-Bull ", Some(term("Atos-Bull"))),
            ("44,3 % ", Some(Phrase("44,3 %".into()))),
            ("33 % capital ", Some(And(vec![Phrase("33 %".into()), term("capital")]))),
            ("% ", Some(term("%"))),
        ];
        for (input, want) in cases {
            let (got, warnings) = parse(input);
            assert_eq!(got, want, "{input:?}");
            assert!(warnings.is_empty(), "{input:?}: {warnings:?}");
        }
    }

    #[test]
    fn lenient_table() {
        let cases: Vec<(&str, Vec<&str>, bool)> = vec![
            ("\"cloud souverain", vec!["unclosed-quote"], true),
            ("(orange OR sfr", vec!["unclosed-paren"], true),
            ("orange) sfr", vec!["unmatched-paren"], true),
            ("OR orange", vec!["dangling-or"], true),
            ("orange OR", vec!["dangling-or"], true),
            ("orange -", vec!["dangling-not"], true),
            ("auteur:dupont", vec!["unknown-field"], true),
            ("source:", vec!["empty-filter"], false),
            ("date:hier", vec!["bad-date"], false),
            ("date:2015-13", vec!["bad-date"], false),
            (")(", vec!["unmatched-paren", "unclosed-paren"], false),
            ("» orange ”", vec![], true),
        ];
        for (input, codes, has_query) in cases {
            let (node, warnings) = parse(input);
            let got: Vec<&str> = warnings.iter().map(Warning::code).collect();
            assert_eq!(got, codes, "{input:?}");
            assert_eq!(node.is_some(), has_query, "{input:?}: {node:?}");
        }
    }

    #[test]
    fn date_ranges() {
        let day = |s: &str| {
            let d = PubDate::parse(s).unwrap();
            date_bounds(&d)
        };
        assert_eq!(
            parse_date_range("2015").map(|r| (r.from, r.to)),
            Some((Some(day("2015-01-01").0), Some(day("2015-12-31").0)))
        );
        assert_eq!(
            parse_date_range("2015-02").map(|r| r.to),
            Some(Some(day("2015-02-28").0))
        );
        assert_eq!(
            parse_date_range("2016-02").map(|r| r.to),
            Some(Some(day("2016-02-29").0))
        );
        assert_eq!(
            parse_date_range("2015-01..2015-06").map(|r| (r.from, r.to)),
            Some((Some(day("2015-01-01").0), Some(day("2015-06-30").0)))
        );
        assert_eq!(parse_date_range("2015..").map(|r| r.to), Some(None));
        assert_eq!(parse_date_range(".."), None);
        assert_eq!(parse_date_range("x..2015"), None);
        assert_eq!(day("2015-03-01").0 - day("2015-02-28").0, 1);
        assert_eq!(day("2016-03-01").0 - day("2016-02-28").0, 2);
    }
}
