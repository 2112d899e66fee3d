//! The query language, parsed leniently: every string is a query, and what
//! cannot be understood becomes a [`Warning`], never an error.
//!
//! | syntax | meaning |
//! |---|---|
//! | `orange cloudwatt` | every word must match (stop words are optional); a word that matches nothing as written matches words a typo away |
//! | `orange AND cloudwatt`, `orange ET cloudwatt` | the same: uppercase `AND`/`ET` are accepted and ignored |
//! | `"cloud souverain"`, `"bill"` | exact phrase; a quoted word matches its exact form only |
//! | `+bill` | the word or its stem, never a typo away nor (while typing) a prefix |
//! | `orange OR sfr`, `orange OU sfr`, `orange \| sfr` | either side |
//! | `-sfr`, `-"cloud public"` | exclude |
//! | `numer*` | prefix; the last word of a query being typed is a prefix too |
//! | `(orange OR sfr) numergy` | grouping |
//! | `source:lemag`, `source:"it social"`, `source:inconnue` | publications whose short name or name starts with the value (`inconnue` or `unknown`: articles without one) |
//! | `date:2015`, `date:2015-01..2015-06` | publication date |
//! | `type:ORG`, `entity:"Caisse des Dépôts"` | entity filters |
//!
//! A lowercase `or`/`ou` (or `and`/`et`) between two words is searched as a
//! word, as written; [`connectives`] gives the query that reads it as an
//! operator, which a search offers as a suggestion.
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
        /// The word as written (without its `+` and `*`).
        word: String,
        /// Match words starting with it.
        prefix: bool,
        /// The prefix is implicit (the last word while typing), so exact matches rank first.
        implicit: bool,
        /// Written `+word`: its exact form and stem only, no typo tolerance
        /// and no implicit prefix.
        strict: bool,
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

/// Warnings, each kept once in the order first met, at most
/// [`MAX_WARNINGS`]: a query of ten thousand stray ")" gives one warning,
/// and one of ten thousand unknown filters a screenful, in time
/// proportional to its length.
#[derive(Debug, Default)]
struct Warnings {
    list: Vec<Warning>,
}

/// The most warnings a query gives (more would not be read).
const MAX_WARNINGS: usize = 16;

impl Warnings {
    fn push(&mut self, w: Warning) {
        if self.list.len() < MAX_WARNINGS && !self.list.contains(&w) {
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
            if word == "OR" || word == "OU" || word == "|" {
                out.push(Lexeme::Or);
                continue;
            }
            if word == "AND" || word == "ET" {
                // Every word is required already: the uppercase connective says nothing more.
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
        Node::Term {
            prefix,
            implicit,
            strict,
            ..
        } => {
            if !*prefix && !*strict {
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
                let (strict, w) = match w.strip_prefix('+') {
                    Some(rest) if !rest.is_empty() => (true, rest),
                    _ => (false, w.as_str()),
                };
                let prefix = w.len() > 1 && w.ends_with('*');
                let word = w.trim_end_matches('*').to_owned();
                if word.is_empty() {
                    return None;
                }
                Some(Node::Term {
                    word,
                    prefix,
                    implicit: false,
                    strict,
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
                    strict: false,
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

/// The query text of a parsed query, in the language [`parse`] reads:
/// `parse(&to_query(&node)).0 == Some(node)` for what `parse` gives. It ends
/// with a space unless its last word is the one being typed, so that only
/// that word reads as a prefix again.
///
/// ```
/// use loupe_engine::query::{parse, to_query};
/// let (node, _) = parse("(orange OU sfr) -numergy date:2015-01..2015-06 ");
/// assert_eq!(to_query(&node.unwrap()), "(orange OR sfr) -numergy date:2015-01..2015-06 ");
/// ```
pub fn to_query(node: &Node) -> String {
    let mut out = node.to_string();
    if !ends_typing(node) {
        out.push(' ');
    }
    out
}

/// Whether the word [`parse`] would read as being typed is an implicit prefix.
fn ends_typing(node: &Node) -> bool {
    match node {
        Node::Term { implicit, .. } => *implicit,
        Node::And(parts) | Node::Or(parts) => parts.last().is_some_and(ends_typing),
        Node::Not(_) | Node::Phrase(_) | Node::Filter(_) => false,
    }
}

/// The query language (see [`to_query`], which adds the final space).
impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let grouped = |f: &mut fmt::Formatter<'_>, node: &Node| match node {
            Node::And(_) | Node::Or(_) | Node::Not(_) => write!(f, "({node})"),
            _ => write!(f, "{node}"),
        };
        match self {
            Node::Term {
                word,
                prefix,
                implicit,
                strict,
            } => {
                let plus = if *strict { "+" } else { "" };
                let star = if *prefix && !*implicit { "*" } else { "" };
                write!(f, "{plus}{word}{star}")
            }
            Node::Phrase(text) => write!(f, "\"{text}\""),
            Node::And(parts) => {
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    match part {
                        Node::Or(_) | Node::And(_) => grouped(f, part)?,
                        _ => write!(f, "{part}")?,
                    }
                }
                Ok(())
            }
            Node::Or(parts) => {
                for (i, part) in parts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" OR ")?;
                    }
                    match part {
                        Node::Or(_) => grouped(f, part)?,
                        _ => write!(f, "{part}")?,
                    }
                }
                Ok(())
            }
            Node::Not(inner) => {
                f.write_str("-")?;
                grouped(f, inner)
            }
            Node::Filter(filter) => write!(f, "{filter}"),
        }
    }
}

/// The filter as written in a query (`source:lemagit`, `date:2015-01..2015-06`).
impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = |f: &mut fmt::Formatter<'_>, name: &str, v: &str| {
            if v.contains(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '"' | '«' | '»' | '“' | '”')) {
                write!(f, "{name}:\"{v}\"")
            } else {
                write!(f, "{name}:{v}")
            }
        };
        match self {
            Filter::Source(v) => value(f, "source", v),
            Filter::Type(t) => value(f, "type", t),
            Filter::Entity(e) => value(f, "entity", e),
            Filter::Date(DateRange { from, to }) => {
                // A year alone only when the other end is one too: `2015-01..2015-06`.
                let new_year = from.is_none_or(|d| civil(d).1 == 1 && civil(d).2 == 1);
                let new_years_eve = to.is_none_or(|d| civil(d + 1).1 == 1 && civil(d + 1).2 == 1);
                let from = from.map(|d| date_text(d, false, new_years_eve));
                let to = to.map(|d| date_text(d, true, new_year));
                match (from, to) {
                    (Some(a), Some(b)) if a == b => write!(f, "date:{a}"),
                    (a, b) => write!(f, "date:{}..{}", a.unwrap_or_default(), b.unwrap_or_default()),
                }
            }
        }
    }
}

/// A day as the shortest date [`parse_date_range`] reads back as the same
/// first (or, with `last`, final) day: `2015` for 1 January (31 December)
/// if `year` allows, `2015-06` for the first (last) of a month.
fn date_text(day: i64, last: bool, year: bool) -> String {
    let (y, m, d) = civil(day);
    let edge = if last { civil(day + 1) } else { (y, m, d) };
    match edge {
        (_, 1, 1) if year => format!("{y:04}"),
        (_, _, 1) => format!("{y:04}-{m:02}"),
        _ => format!("{y:04}-{m:02}-{d:02}"),
    }
}

/// Year, month and day of a [`day_number`].
fn civil(day: i64) -> (i64, i64, i64) {
    let mut y = day.div_euclid(366);
    while day_number(y, 1, 1) > day {
        y -= 1;
    }
    while day_number(y + 1, 1, 1) <= day {
        y += 1;
    }
    let m = (1..=12).rev().find(|&m| day_number(y, m, 1) <= day).unwrap_or(1);
    (y, m, day - day_number(y, m, 1) + 1)
}

/// Whether a lowercase `or`/`ou`, or `and`/`et`, could have been meant as an operator.
fn connective(word: &str) -> Option<bool> {
    // (ASCII case only: the connectives are ASCII, and the full Unicode case
    // tables would cost the browser build kilobytes.)
    if word.bytes().all(|b| b.is_ascii_uppercase()) {
        return None; // OR, OU, AND, ET are operators already
    }
    match word.to_ascii_lowercase().as_str() {
        "or" | "ou" => Some(true),
        "and" | "et" => Some(false),
        _ => None,
    }
}

/// The query with each `or`/`ou` written in lowercase between two words
/// replaced by `OR`, and, with `drop_and`, each lowercase `and`/`et` between
/// two words removed (every word is required anyway); `None` when nothing
/// changes. Words inside quotes stay as they are.
///
/// ```
/// use loupe_engine::query::connectives;
/// assert_eq!(connectives("ovh ou ikoula", false).as_deref(), Some("ovh OR ikoula"));
/// assert_eq!(connectives("ovh and ikoula", true).as_deref(), Some("ovh ikoula"));
/// assert_eq!(connectives("ovh and ikoula", false), None);
/// assert_eq!(connectives("\"ovh ou ikoula\"", false), None);
/// ```
pub fn connectives(input: &str, drop_and: bool) -> Option<String> {
    // Whitespace-separated chunks as byte ranges, with whether each starts inside quotes.
    let mut chunks: Vec<(usize, usize, bool)> = Vec::new();
    let mut quoted = false;
    let mut start: Option<(usize, bool)> = None;
    for (i, c) in input.char_indices() {
        if c.is_whitespace() {
            if let Some((s, q)) = start.take() {
                chunks.push((s, i, q));
            }
            continue;
        }
        if start.is_none() {
            start = Some((i, quoted));
        }
        match c {
            '"' => quoted = !quoted,
            '«' | '“' => quoted = true,
            '»' | '”' => quoted = false,
            _ => {}
        }
    }
    if let Some((s, q)) = start {
        chunks.push((s, input.len(), q));
    }
    let operand = |k: usize, before: bool| {
        chunks.get(k).is_some_and(|&(s, e, _)| {
            let text = &input[s..e];
            let operator = matches!(text, "OR" | "OU" | "AND" | "ET" | "|" | "-") || connective(text).is_some();
            let open = if before {
                text.ends_with('(')
            } else {
                text.starts_with(')')
            };
            !operator && !open
        })
    };
    let mut out = String::with_capacity(input.len() + 2);
    let mut at = 0;
    for (k, &(s, e, quoted)) in chunks.iter().enumerate() {
        let Some(or) = connective(&input[s..e]) else { continue };
        if quoted || k == 0 || !operand(k - 1, true) || !operand(k + 1, false) {
            continue;
        }
        if or {
            out.push_str(&input[at..s]);
            out.push_str("OR");
            at = e;
        } else if drop_and {
            // The chunk and the space before it.
            out.push_str(&input[at..chunks[k - 1].1]);
            at = e;
        }
    }
    (at > 0).then(|| {
        out.push_str(&input[at..]);
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(w: &str) -> Node {
        Node::Term {
            word: w.into(),
            prefix: false,
            implicit: false,
            strict: false,
        }
    }

    fn typed(w: &str) -> Node {
        Node::Term {
            word: w.into(),
            prefix: true,
            implicit: true,
            strict: false,
        }
    }

    #[test]
    fn warnings_are_kept_once_in_order_and_at_most_a_screenful() {
        // Field names of letters: "ba", "bb"…
        let name = |i: u8| format!("{}{}", char::from(b'b' + i / 26), char::from(b'a' + i % 26));
        let query: String = (0..40).map(|i| format!("{0}:y {0}:y ) ", name(i))).collect();
        let (_, warnings) = parse(&query);
        assert_eq!(warnings.len(), MAX_WARNINGS);
        assert_eq!(warnings[0], Warning::UnknownField("ba".into()));
        assert_eq!(warnings.iter().filter(|w| **w == Warning::UnmatchedParen).count(), 1);
        for (i, w) in warnings.iter().enumerate() {
            assert!(!warnings[..i].contains(w), "{w:?} twice");
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
                    strict: false,
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
            ("ovh OU gandi ", Some(Or(vec![term("ovh"), term("gandi")]))),
            ("ovh AND gandi ", Some(And(vec![term("ovh"), term("gandi")]))),
            ("ovh ET gandi ", Some(And(vec![term("ovh"), term("gandi")]))),
            ("ovh et gandi ", Some(And(vec![term("ovh"), term("et"), term("gandi")]))),
            (
                "(ovh OU gandi) ET numergy ",
                Some(And(vec![Or(vec![term("ovh"), term("gandi")]), term("numergy")])),
            ),
            (
                "+bill ",
                Some(Term {
                    word: "bill".into(),
                    prefix: false,
                    implicit: false,
                    strict: true,
                }),
            ),
            (
                "orange +numer",
                Some(And(vec![
                    term("orange"),
                    Term {
                        word: "numer".into(),
                        prefix: false,
                        implicit: false,
                        strict: true,
                    },
                ])),
            ),
            ("+ ", Some(term("+"))),
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
    fn to_query_reads_back_as_the_same_query() {
        let cases = [
            ("orange cloudwatt ", "orange cloudwatt "),
            ("orange cloudwatt", "orange cloudwatt"),
            ("numer* ", "numer* "),
            ("+bill +numer", "+bill +numer "),
            ("orange -sfr", "orange -sfr "),
            ("orange ET sfr OU numergy ", "orange sfr OR numergy "),
            ("(orange OR sfr) numergy", "(orange OR sfr) numergy"),
            ("-(orange sfr) numergy ", "-(orange sfr) numergy "),
            ("(a OR b) OR c ", "(a OR b) OR c "),
            (
                "«cloud souverain» -\"cloud public\"",
                "\"cloud souverain\" -\"cloud public\" ",
            ),
            ("44,3 % ", "\"44,3 %\" "),
            ("source:lemagit type:org", "source:lemagit type:ORG "),
            ("entity:\"Caisse des Dépôts\" ", "entity:\"Caisse des Dépôts\" "),
            ("date:2015", "date:2015 "),
            ("date:2016-02", "date:2016-02 "),
            ("date:2015-12-02", "date:2015-12-02 "),
            ("date:2015-01..2015-06", "date:2015-01..2015-06 "),
            ("date:2015-01-15..2016", "date:2015-01-15..2016-12 "),
            ("date:..2015-02-28", "date:..2015-02 "),
            ("date:2016-02-29..", "date:2016-02-29.. "),
            ("date:2015..2015", "date:2015 "),
        ];
        for (input, want) in cases {
            let (node, _) = parse(input);
            let node = node.unwrap();
            let text = to_query(&node);
            assert_eq!(text, want, "{input:?}");
            assert_eq!(parse(&text).0, Some(node), "{input:?} → {text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn to_query_reads_back_as_the_same_query_on_syntax_soup(
            input in "[a-zé +\"()\\-*|%,]{0,24}|(source|date|type|entity):[a-z0-9.\\- ]{0,12}|(OR|OU|ET|AND|et|ou| |x|\\(|\\)){0,8}",
        ) {
            if let (Some(node), _) = parse(&input) {
                let text = to_query(&node);
                proptest::prop_assert_eq!(parse(&text).0, Some(node), "{:?} → {:?}", input, text);
            }
        }
    }

    #[test]
    fn civil_dates_invert_day_numbers() {
        for (y, m, d) in [
            (2015, 1, 1),
            (2016, 2, 29),
            (2015, 12, 31),
            (1999, 3, 1),
            (2000, 2, 29),
            (0, 3, 1),
        ] {
            assert_eq!(civil(day_number(y, m, d)), (y, m, d));
        }
        let start = day_number(1998, 1, 1);
        for day in start..start + 4 * 366 {
            let (y, m, d) = civil(day);
            assert_eq!(day_number(y, m, d), day);
            assert!((1..=12).contains(&m) && (1..=31).contains(&d), "{day}: {y}-{m}-{d}");
        }
    }

    #[test]
    fn lowercase_connectives_table() {
        let cases: [(&str, bool, Option<&str>); 14] = [
            ("ovh or ikoula", false, Some("ovh OR ikoula")),
            ("ovh ou ikoula ", false, Some("ovh OR ikoula ")),
            ("ovh Ou ikoula", false, Some("ovh OR ikoula")),
            ("ovh OU ikoula", false, None),
            ("ovh and ikoula", false, None),
            ("ovh and ikoula", true, Some("ovh ikoula")),
            ("ovh et ikoula et gandi ", true, Some("ovh ikoula gandi ")),
            ("ovh et ikoula ou gandi", true, Some("ovh ikoula OR gandi")),
            ("ovh et ikoula ou gandi", false, Some("ovh et ikoula OR gandi")),
            ("or ovh", true, None),
            ("ovh or", true, None),
            ("\"ovh or ikoula\" or gandi", true, Some("\"ovh or ikoula\" OR gandi")),
            ("(ovh or) ikoula", true, None),
            ("ovh OR or ikoula", true, None),
        ];
        for (input, drop_and, want) in cases {
            assert_eq!(connectives(input, drop_and).as_deref(), want, "{input:?} {drop_and}");
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
