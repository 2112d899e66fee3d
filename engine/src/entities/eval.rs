//! Scoring mentions against a gold annotation: precision, recall and F1 per
//! type, strict (same span and type) and lenient (overlapping span, same
//! type), and how many gold mentions are linked to the right entity.
//!
//! One scorer serves the quality test, `examples/score.rs` (any JSONL of
//! mentions, such as spaCy's converted output) and docs/QUALITY.md.
//!
//! ```
//! use loupe_engine::entities::eval::{score, Span};
//! let gold = [Span::new("a.txt", 0, 6, "ORG", "Orange")];
//! let found = [Span::new("a.txt", 0, 6, "ORG", "Orange"), Span::new("a.txt", 10, 13, "PER", "Léa")];
//! let report = score(&gold, &found);
//! assert_eq!(report.micro(&["ORG", "PER"], true).f1(), 2.0 * 1.0 * 0.5 / 1.5);
//! ```

use std::fmt::Write as _;

/// A mention to score: document, code-point range, type, canonical name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Document (file name).
    pub doc: String,
    /// Start, in Unicode code points.
    pub start: usize,
    /// End (exclusive), in Unicode code points.
    pub end: usize,
    /// PER, ORG, LOC, MISC, MONEY, PERCENT or DATE.
    pub kind: String,
    /// The entity it is linked to.
    pub canonical: String,
}

impl Span {
    /// A span.
    pub fn new(doc: &str, start: usize, end: usize, kind: &str, canonical: &str) -> Span {
        Span {
            doc: doc.to_owned(),
            start,
            end,
            kind: kind.to_owned(),
            canonical: canonical.to_owned(),
        }
    }

    fn same_span(&self, other: &Span) -> bool {
        self.doc == other.doc && self.start == other.start && self.end == other.end
    }

    fn overlaps(&self, other: &Span) -> bool {
        self.doc == other.doc && self.start < other.end && other.start < self.end
    }
}

/// True positives, false positives, false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Found and in the gold.
    pub tp: usize,
    /// Found, not in the gold.
    pub fp: usize,
    /// In the gold, not found.
    pub fn_: usize,
}

impl Counts {
    /// tp / (tp + fp); 1 when nothing was found.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// tp / (tp + fn); 1 when the gold is empty.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// Scores per type, and linking.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Type → (strict, lenient), in type order of first appearance in [`TYPES`].
    pub per_type: Vec<(String, Counts, Counts)>,
    /// Gold mentions found with their exact span and linked to the gold's canonical entity.
    pub linked: usize,
    /// Gold mentions.
    pub gold: usize,
}

/// The types scored, in report order.
pub const TYPES: [&str; 7] = ["PER", "ORG", "LOC", "MISC", "MONEY", "PERCENT", "DATE"];

impl Report {
    /// Micro-averaged counts over `types`, strict or lenient.
    pub fn micro(&self, types: &[&str], strict: bool) -> Counts {
        let mut total = Counts::default();
        for (kind, s, l) in &self.per_type {
            if types.contains(&kind.as_str()) {
                total.add(if strict { *s } else { *l });
            }
        }
        total
    }

    /// Share of gold mentions linked to the right entity.
    pub fn linking(&self) -> f64 {
        ratio(self.linked, self.gold)
    }

    /// A Markdown table: one row per type, then micro averages.
    pub fn table(&self) -> String {
        let mut out = String::from(
            "| type | gold | strict P | strict R | strict F1 | lenient P | lenient R | lenient F1 |\n\
             |---|---:|---:|---:|---:|---:|---:|---:|\n",
        );
        let row = |out: &mut String, name: &str, s: Counts, l: Counts| {
            let _ = writeln!(
                out,
                "| {name} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |",
                s.tp + s.fn_,
                s.precision(),
                s.recall(),
                s.f1(),
                l.precision(),
                l.recall(),
                l.f1()
            );
        };
        for (kind, s, l) in &self.per_type {
            row(&mut out, kind, *s, *l);
        }
        for (name, types) in [
            ("names (PER ORG LOC MISC)", &TYPES[..4]),
            ("values (MONEY PERCENT DATE)", &TYPES[4..]),
            ("all", &TYPES[..]),
        ] {
            row(
                &mut out,
                &format!("**{name}**"),
                self.micro(types, true),
                self.micro(types, false),
            );
        }
        let _ = writeln!(
            out,
            "\nLinked to the right entity: {} of {} gold mentions ({:.3}).",
            self.linked,
            self.gold,
            self.linking()
        );
        out
    }
}

/// Scores `found` against `gold`. A found mention matches at most one gold
/// mention, and the other way round.
pub fn score(gold: &[Span], found: &[Span]) -> Report {
    let mut report = Report {
        gold: gold.len(),
        ..Report::default()
    };
    for kind in TYPES {
        let g: Vec<&Span> = gold.iter().filter(|s| s.kind == kind).collect();
        let f: Vec<&Span> = found.iter().filter(|s| s.kind == kind).collect();
        if g.is_empty() && f.is_empty() {
            continue;
        }
        let strict = pair(&g, &f, Span::same_span);
        let lenient = pair(&g, &f, Span::overlaps);
        report.per_type.push((kind.to_owned(), strict, lenient));
    }
    report.linked = gold
        .iter()
        .filter(|g| found.iter().any(|f| f.same_span(g) && f.canonical == g.canonical))
        .count();
    report
}

/// Greedy one-to-one matching in text order.
fn pair(gold: &[&Span], found: &[&Span], matches: fn(&Span, &Span) -> bool) -> Counts {
    let mut used = vec![false; found.len()];
    let mut tp = 0;
    for g in gold {
        if let Some(i) = (0..found.len()).find(|&i| !used[i] && matches(g, found[i])) {
            used[i] = true;
            tp += 1;
        }
    }
    Counts {
        tp,
        fp: found.len() - tp,
        fn_: gold.len() - tp,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_needs_the_exact_span_and_lenient_an_overlap() {
        let gold = [Span::new("d", 0, 17, "ORG", "Caisse des Dépôts")];
        let found = [Span::new("d", 0, 6, "ORG", "Caisse")];
        let r = score(&gold, &found);
        assert_eq!(r.micro(&["ORG"], true), Counts { tp: 0, fp: 1, fn_: 1 });
        assert_eq!(r.micro(&["ORG"], false), Counts { tp: 1, fp: 0, fn_: 0 });
        assert_eq!(r.linked, 0);
    }

    #[test]
    fn a_wrong_type_is_a_miss_and_a_false_alarm() {
        let gold = [Span::new("d", 0, 9, "MISC", "OpenStack")];
        let found = [Span::new("d", 0, 9, "ORG", "OpenStack")];
        let r = score(&gold, &found);
        assert_eq!(r.micro(&TYPES, true), Counts { tp: 0, fp: 1, fn_: 1 });
        assert_eq!(r.linked, 1, "linking looks at the entity, not the type");
    }

    #[test]
    fn one_found_mention_matches_one_gold_mention() {
        let gold = [Span::new("d", 0, 3, "ORG", "A"), Span::new("d", 4, 7, "ORG", "B")];
        let found = [Span::new("d", 0, 7, "ORG", "AB")];
        assert_eq!(
            score(&gold, &found).micro(&["ORG"], false),
            Counts { tp: 1, fp: 0, fn_: 1 }
        );
    }

    #[test]
    fn empty_sides_score_as_expected() {
        assert_eq!(score(&[], &[]).micro(&TYPES, true).f1(), 1.0);
        let gold = [Span::new("d", 0, 3, "PER", "Léa")];
        assert_eq!(score(&gold, &[]).micro(&TYPES, true).f1(), 0.0);
    }
}

/// A text annotated inline, `[[span|TYPE]]` (the format of `data/ner/`):
/// the plain text and its mentions as byte ranges with their types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotated {
    /// The text without markup.
    pub text: String,
    /// Byte ranges into `text`, with the type label, in text order.
    pub mentions: Vec<(std::ops::Range<usize>, String)>,
}

/// Reads inline markup. An unclosed or malformed `[[` is an error naming
/// its line, so a typo in the data never silently drops a mention.
pub fn parse_inline(src: &str) -> Result<Annotated, String> {
    let mut text = String::with_capacity(src.len());
    let mut mentions = Vec::new();
    let mut rest = src;
    while let Some(mut open) = rest.find("[[") {
        // "[[[Name|ORG]]": the first bracket belongs to the text.
        while rest[open + 2..].starts_with('[') {
            open += 1;
        }
        text.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let line = src[..src.len() - rest.len() + open].matches('\n').count() + 1;
        let close = after.find("]]").ok_or(format!("line {line}: \"[[\" is never closed"))?;
        let inner = &after[..close];
        let (span, kind) = inner
            .rsplit_once('|')
            .ok_or(format!("line {line}: \"[[{inner}]]\" has no |TYPE"))?;
        if span.is_empty() || span.contains("[[") || span.contains('\n') || span.trim() != span {
            return Err(format!("line {line}: bad span \"{span}\""));
        }
        if super::EntityType::parse(kind).is_none() {
            return Err(format!("line {line}: unknown type \"{kind}\""));
        }
        let start = text.len();
        text.push_str(span);
        mentions.push((start..text.len(), kind.to_owned()));
        rest = &after[close + 2..];
    }
    if rest.contains("]]") {
        return Err("\"]]\" without \"[[\"".to_owned());
    }
    text.push_str(rest);
    Ok(Annotated { text, mentions })
}

#[cfg(test)]
mod inline_tests {
    use super::*;

    #[test]
    fn inline_markup_reads_back_to_text_and_spans() {
        let a = parse_inline("Le PDG de [[Danone|ORG]], [[Antoine de Saint-Affrique|PER]].").unwrap();
        assert_eq!(a.text, "Le PDG de Danone, Antoine de Saint-Affrique.");
        let spans: Vec<(&str, &str)> = a
            .mentions
            .iter()
            .map(|(r, k)| (&a.text[r.clone()], k.as_str()))
            .collect();
        assert_eq!(spans, [("Danone", "ORG"), ("Antoine de Saint-Affrique", "PER")]);
    }

    #[test]
    fn inline_markup_errors_name_the_line() {
        assert!(parse_inline("a\n[[Paris|LOC").unwrap_err().contains("line 2"));
        assert!(parse_inline("[[Paris|CITY]]").unwrap_err().contains("CITY"));
        assert!(parse_inline("[[Paris]]").is_err());
        assert!(parse_inline("Paris]]").is_err());
        assert_eq!(parse_inline("[[[AFP|ORG]]]").unwrap().text, "[AFP]");
    }
}
