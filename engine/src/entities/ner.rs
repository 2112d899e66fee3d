//! Names the knowledge base does not know, found by a learned sequence model:
//! a linear-chain CRF ([`super::crf`]) over word shape, affixes, casing,
//! position in the sentence, neighbouring words, cue words and gazetteers
//! ([`super::gazetteer`]), trained on annotated French news
//! (`data/ner/`, `engine/examples/train_ner.rs`).
//!
//! ```
//! use loupe_engine::entities::{ner, EntityType};
//! let text = "Le président brésilien Luiz Inácio Lula da Silva a été reçu à Vierzon par Danone.";
//! let found = ner::find(text);
//! let typed: Vec<_> = found.iter().map(|m| (&text[m.range.clone()], m.kind)).collect();
//! assert!(typed.contains(&("Luiz Inácio Lula da Silva", EntityType::Per)));
//! assert!(typed.contains(&("Vierzon", EntityType::Loc)));
//! ```
//!
//! The steps, each a function below:
//! 1. **Tokens** ([`tokenize`]): words (hyphenated words whole, an elided
//!    article apart: "l'" + "Élysée"), numbers and punctuation, with byte
//!    ranges and where sentences and lines start.
//! 2. **Features** ([`features`]): names of facts about each token, hashed;
//!    the same function serves training and tagging.
//! 3. **Tagging**: Viterbi over each sentence gives BIO labels
//!    (B-PER, I-PER, …, O); a run of labels is a mention.
//! 4. **Consistency** ([`link`]): a name written several times gets the type
//!    most of its mentions got; a surname alone links to the person named in
//!    full earlier ("Lula" → "Luiz Inácio Lula da Silva").

use super::crf::{hash, Model};
use super::gazetteer::{gazetteers, Gazetteers, List};
use super::{id_of, EntityType, Mention, Source};
use crate::analysis::{fold, is_stop_word};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::OnceLock;

/// The labels the model assigns, in its index order.
pub const LABELS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];

/// The model trained by `engine/examples/train_ner.rs`, decoded on first use.
pub fn model() -> Option<&'static Model> {
    static M: OnceLock<Option<Model>> = OnceLock::new();
    M.get_or_init(|| Model::decode(include_bytes!("../../data/ner.crf")).ok())
        .as_ref()
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    /// Letters (and digits, hyphens, inner apostrophes).
    Word,
    /// Digits first.
    Number,
    /// Anything else, one character.
    Punct,
}

/// A token of the recognizer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// Its kind.
    pub kind: TokKind,
    /// First token of a sentence, a line or a quotation.
    pub starts_sentence: bool,
    /// First token of a line.
    pub starts_line: bool,
    /// No space between this token and the previous one.
    pub glued: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c)
}

fn is_apos(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '‘')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Elided words written before an apostrophe, folded: "l'", "d'", "qu'".
const ELIDED: &[&str] = &[
    "c", "d", "j", "jusqu", "l", "lorsqu", "m", "n", "puisqu", "qu", "quoiqu", "s", "t",
];

/// Step 1: the tokens of `text`, in order.
pub fn tokenize(text: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut line_start = true;
    let mut sentence_start = true;
    while let Some((i, c)) = chars.next() {
        if c == '\n' || c == '\r' {
            line_start = true;
            sentence_start = true;
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        let (kind, end) = if is_word_char(c) {
            let mut end = i + c.len_utf8();
            let numeric = c.is_ascii_digit();
            while let Some(&(j, d)) = chars.peek() {
                if is_word_char(d) {
                    chars.next();
                    end = j + d.len_utf8();
                    continue;
                }
                // An apostrophe or (in numbers) a decimal comma or point
                // inside a word joins it when a word character follows. A
                // hyphen does not: "Saint-Denis" is three tokens, so that
                // "Tours-Paris" can be two names and "Jean-Luc" one.
                let joins = is_apos(d) || numeric && matches!(d, ',' | '.');
                let next_is_word = text[j + d.len_utf8()..].chars().next().is_some_and(is_word_char);
                if !(joins && next_is_word) {
                    break;
                }
                if is_apos(d) && ELIDED.contains(&fold(&text[i..end]).as_str()) {
                    // "l'Élysée": the elided article is a token of its own, apostrophe included.
                    chars.next();
                    end = j + d.len_utf8();
                    break;
                }
                chars.next();
                end = j + d.len_utf8();
            }
            (if numeric { TokKind::Number } else { TokKind::Word }, end)
        } else {
            (TokKind::Punct, i + c.len_utf8())
        };
        let glued = out.last().is_some_and(|p: &Tok| p.range.end == i);
        out.push(Tok {
            range: i..end,
            kind,
            starts_sentence: sentence_start,
            starts_line: line_start,
            glued,
        });
        line_start = false;
        sentence_start = kind == TokKind::Punct
            && (sentence_start || matches!(c, '.' | '!' | '?' | '…' | ':' | '«' | '"' | '“' | '(' | '—' | '–' | '•'));
        // A period after a single capital ("M.", "J.") or a known abbreviation ends no sentence.
        if c == '.' {
            if let Some(prev) = out.iter().rev().nth(1) {
                let w = &text[prev.range.clone()];
                if w.chars().count() == 1 && w.chars().all(char::is_uppercase)
                    || matches!(w, "Mme" | "Mlle" | "Dr" | "Me" | "St" | "Pr")
                {
                    sentence_start = false;
                }
            }
        }
    }
    out
}

/// Sentences: ranges of token indices. A sentence ends after . ! ? … or a line.
pub fn sentences(text: &str, toks: &[Tok]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..toks.len() {
        let end_here = i + 1 == toks.len()
            || toks[i + 1].starts_line
            || toks[i].kind == TokKind::Punct
                && matches!(&text[toks[i].range.clone()], "." | "!" | "?" | "…")
                && toks[i + 1].starts_sentence;
        if end_here {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    out
}

/// Facts about the whole text that help read one token.
#[derive(Debug, Default)]
pub struct DocContext {
    /// Folded words the text writes in lower case.
    lower: BTreeSet<String>,
    /// Folded words the text writes capitalized where no sentence starts.
    capitalized_inside: BTreeSet<String>,
}

impl DocContext {
    /// The context of `text`.
    pub fn new(text: &str, toks: &[Tok]) -> DocContext {
        let mut d = DocContext::default();
        d.add(text, toks);
        d
    }

    /// Adds a piece of the text (its tokens) to the context.
    pub fn add(&mut self, text: &str, toks: &[Tok]) {
        let d = self;
        for t in toks.iter().filter(|t| t.kind == TokKind::Word) {
            let w = &text[t.range.clone()];
            let first = w.chars().next().unwrap_or(' ');
            if first.is_lowercase() {
                d.lower.insert(fold(w));
            } else if first.is_uppercase() && !t.starts_sentence {
                d.capitalized_inside.insert(fold(w));
            }
        }
    }
}

/// The shape of a word: X for upper case, x lower, d digit, other kept;
/// runs longer than two shortened ("Numergy" → "Xxx", "SFR" → "XXX" → "XX").
fn shape(w: &str) -> String {
    let mut s = String::new();
    let mut last = ' ';
    let mut run = 0;
    for c in w.chars().take(24) {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if k == last {
            run += 1;
        } else {
            run = 1;
            last = k;
        }
        if run <= 2 {
            s.push(k);
        }
    }
    s
}

/// A short class of a token: "Cap", "UP", "low", "num", "punct", "mix".
fn class(text: &str, t: &Tok) -> &'static str {
    let w = &text[t.range.clone()];
    match t.kind {
        TokKind::Number => "num",
        TokKind::Punct => "punct",
        TokKind::Word => {
            // Counted without allocating: this runs for every word.
            let (mut letters, mut upper) = (0usize, 0usize);
            for c in w.chars().filter(|c| c.is_alphabetic()) {
                letters += 1;
                upper += usize::from(c.is_uppercase());
            }
            let first_up = w.chars().next().is_some_and(char::is_uppercase);
            if letters >= 2 && upper == letters {
                "UP"
            } else if first_up {
                "Cap"
            } else if upper > 0 {
                "mix"
            } else {
                "low"
            }
        }
    }
}

fn suffix(w: &str, n: usize) -> &str {
    let start = w.char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
    &w[start..]
}

fn prefix(w: &str, n: usize) -> &str {
    let end = w.char_indices().nth(n).map_or(w.len(), |(i, _)| i);
    &w[..end]
}

/// For every token, the gazetteer lists a run of tokens starting or going
/// through it matches, as feature parts ("city", "B") and ("city", "I").
fn gazetteer_marks(
    text: &str,
    toks: &[Tok],
    folded: &[String],
    g: &Gazetteers,
) -> Vec<Vec<(&'static str, &'static str)>> {
    let mut marks = vec![Vec::new(); toks.len()];
    for i in 0..toks.len() {
        if toks[i].kind != TokKind::Word || !text[toks[i].range.clone()].starts_with(char::is_uppercase) {
            continue;
        }
        for list in List::ALL {
            let longest = g.longest(list);
            let mut name = String::new();
            let mut best = 0;
            let mut j = i;
            while j < toks.len() && j - i < longest {
                // Names run over words, "'" and "-" only.
                if toks[j].kind == TokKind::Punct && !matches!(&text[toks[j].range.clone()], "'" | "’" | "-") {
                    break;
                }
                let written = &text[toks[j].range.clone()];
                let piece = if written.chars().all(is_hyphen) {
                    "-".to_owned()
                } else {
                    folded[j].replace(['’', 'ʼ', '‘'], "'")
                };
                let tight = toks[j].glued && (name.ends_with(['\'', '-']) || piece == "-");
                if !name.is_empty() && !tight {
                    name.push(' ');
                }
                name.push_str(&piece);
                if g.contains(list, &name) {
                    best = j + 1 - i;
                }
                // No longer name of the list starts so: stop reading.
                if !g.has_prefix(list, &name) {
                    break;
                }
                j += 1;
            }
            if best > 0 {
                marks[i].push((list.label(), "B"));
                for m in &mut marks[i + 1..i + best] {
                    m.push((list.label(), "I"));
                }
            }
        }
    }
    marks
}

/// Step 2: every token's features, as hashes of their names. `toks` is the
/// whole text's tokens; features look across sentence ends only for
/// document-wide facts.
pub fn features(text: &str, toks: &[Tok], doc: &DocContext) -> Vec<Vec<u32>> {
    if toks.is_empty() {
        return Vec::new();
    }
    let g = gazetteers();
    let folded: Vec<String> = toks.iter().map(|t| fold(&text[t.range.clone()])).collect();
    let classes: Vec<&str> = toks.iter().map(|t| class(text, t)).collect();
    let gaz = gazetteer_marks(text, toks, &folded, g);
    let sentence_of = {
        let mut s = vec![0usize; toks.len()];
        for (n, r) in sentences(text, toks).into_iter().enumerate() {
            for x in &mut s[r] {
                *x = n;
            }
        }
        s
    };
    // Lines that read as headings: no final punctuation, few tokens.
    let mut heading = vec![false; toks.len()];
    let mut start = 0;
    for i in 0..=toks.len() {
        if i == toks.len() || i > start && toks[i].starts_line {
            let last = &text[toks[i - 1].range.clone()];
            let is_heading = i - start <= 14 && !matches!(last, "." | "!" | "?" | "…" | "»" | "\"" | ":" | ",");
            for h in &mut heading[start..i] {
                *h = is_heading;
            }
            start = i;
        }
    }
    let near = |i: usize, d: isize| -> Option<usize> {
        let j = i.checked_add_signed(d)?;
        (j < toks.len() && sentence_of[j] == sentence_of[i]).then_some(j)
    };
    // Per distinct word, what does not depend on its neighbours: a text
    // repeats its words, and stemming and list lookups are the costly part.
    let mut common_words: std::collections::HashMap<&str, bool> = std::collections::HashMap::new();
    let lex: Vec<u16> = folded
        .iter()
        .map(|f| {
            super::cues::CUE_LISTS
                .iter()
                .enumerate()
                .filter(|(_, (_, list))| super::cues::is_listed(list, f))
                .fold(0u16, |bits, (k, _)| bits | 1 << k)
        })
        .collect();
    let mut out = Vec::with_capacity(toks.len());
    for i in 0..toks.len() {
        let t = &toks[i];
        let w = &text[t.range.clone()];
        let f = folded[i].as_str();
        let mut v: Vec<u32> = Vec::with_capacity(48);
        let mut add = |parts: &[&str]| v.push(hash(parts));
        let cls = classes[i];
        add(&["b"]);
        add(&["w", f]);
        add(&["cls", cls]);
        add(&["sh", &shape(w)]);
        if t.kind == TokKind::Word {
            add(&["s2", suffix(f, 2)]);
            add(&["s3", suffix(f, 3)]);
            add(&["s4", suffix(f, 4)]);
            add(&["p3", prefix(f, 3)]);
            let n = f.chars().count();
            add(&[
                "len",
                if n <= 2 {
                    "s"
                } else if n <= 4 {
                    "m"
                } else if n <= 8 {
                    "l"
                } else {
                    "xl"
                },
            ]);
            if f.contains('-') {
                add(&["hyph"]);
            }
            if is_stop_word(f) {
                add(&["stop"]);
            }
            let cap = cls == "Cap" || cls == "UP" || cls == "mix";
            if cap {
                let common = *common_words.entry(w).or_insert_with(|| g.is_common_word(w));
                if common {
                    add(&["cw"]);
                    add(&["cw", if t.starts_sentence { "ss" } else { "in" }]);
                }
                if doc.lower.contains(f) {
                    add(&["dlow"]);
                }
                if doc.capitalized_inside.contains(f) {
                    add(&["dcap"]);
                }
                if heading[i] {
                    add(&["head", cls]);
                }
            }
            for (list, pos) in &gaz[i] {
                add(&["g", list, pos]);
                add(&["g", list, pos, cls]);
            }
            for (k, (name, _)) in super::cues::CUE_LISTS.iter().enumerate() {
                if lex[i] & 1 << k != 0 {
                    add(&["lex", name]);
                }
            }
        }
        if t.starts_sentence {
            add(&["ss", cls]);
        }
        if t.starts_line {
            add(&["sl"]);
        }
        if t.glued {
            add(&["gl", cls]);
        }
        if toks.get(i + 1).is_some_and(|n| n.glued) {
            add(&["gl+1", cls]);
        }
        for d in [-2isize, -1, 1, 2] {
            let dl = ["-2", "-1", "+1", "+2"][(d + 2 - (d > 0) as isize) as usize];
            match near(i, d) {
                Some(j) => {
                    add(&["w", dl, &folded[j]]);
                    add(&["cls", dl, classes[j]]);
                    if d.abs() == 1 {
                        for (list, pos) in &gaz[j] {
                            add(&["g", dl, list, pos]);
                        }
                        for (k, (name, _)) in super::cues::CUE_LISTS.iter().enumerate() {
                            if lex[j] & 1 << k != 0 {
                                add(&["lex", dl, name]);
                            }
                        }
                    }
                }
                None => add(&["w", dl, "<s>"]),
            }
        }
        if let Some(j) = near(i, -1) {
            add(&["ww", &folded[j], f]);
            add(&["cc", classes[j], cls]);
        }
        if let Some(j) = near(i, 1) {
            add(&["ww+", f, &folded[j]]);
            add(&["cc+", cls, classes[j]]);
        }
        out.push(v);
    }
    out
}

/// Names in `text` by the model, in text order, never overlapping. Every
/// mention has [`Source::Heuristic`] (found by statistics, not curated).
pub fn find(text: &str) -> Vec<Mention> {
    let Some(model) = model() else { return Vec::new() };
    let spans = tag(model, text);
    link(text, spans)
}

/// Step 3: labelled spans (byte range, type) by `model`. A long text is
/// read a piece at a time (whole lines, [`super::chunks`]): memory follows
/// the piece, not the text; what the whole text says (which words it writes
/// in lower case, the names found anywhere) is gathered first.
pub fn tag(model: &Model, text: &str) -> Vec<(Range<usize>, EntityType)> {
    let pieces = super::chunks(text);
    let mut doc = DocContext::default();
    let mut single = None;
    for c in &pieces {
        let toks = tokenize(&text[c.clone()]);
        doc.add(&text[c.clone()], &toks);
        if pieces.len() == 1 {
            single = Some(toks);
        }
    }
    let mut found: Vec<Vec<(Range<usize>, EntityType)>> = Vec::with_capacity(pieces.len());
    for c in &pieces {
        let sub = &text[c.clone()];
        let toks = match single.take() {
            Some(t) => t,
            None => tokenize(sub),
        };
        let spans = tag_piece(model, sub, &toks, &doc);
        found.push(spans);
        if pieces.len() == 1 {
            single = Some(toks);
        }
    }
    let names = names_of(
        text,
        pieces.iter().zip(&found).flat_map(|(c, spans)| {
            spans
                .iter()
                .map(move |(r, ty)| (r.start + c.start..r.end + c.start, *ty))
        }),
    );
    let mut out = Vec::new();
    for (c, spans) in pieces.iter().zip(found) {
        let sub = &text[c.clone()];
        let toks = match single.take() {
            Some(t) => t,
            None => tokenize(sub),
        };
        out.extend(
            propagate(sub, &toks, spans, &names)
                .into_iter()
                .map(|(r, ty)| (r.start + c.start..r.end + c.start, ty)),
        );
    }
    out
}

/// The model over one piece of text: spans in the piece's offsets.
fn tag_piece(model: &Model, text: &str, toks: &[Tok], doc: &DocContext) -> Vec<(Range<usize>, EntityType)> {
    let feats = features(text, toks, doc);
    let kinds: Vec<Option<(bool, EntityType)>> = model
        .labels()
        .iter()
        .map(|l| {
            let (bio, ty) = l.split_once('-')?;
            Some((bio == "B", EntityType::parse(ty)?))
        })
        .collect();
    let mut spans: Vec<(Range<usize>, EntityType)> = Vec::new();
    for s in sentences(text, toks) {
        let labels = model.tag(&feats[s.clone()]);
        let mut open: Option<(Range<usize>, EntityType)> = None;
        for (k, &l) in labels.iter().enumerate() {
            let t = &toks[s.start + k];
            match kinds.get(l).copied().flatten() {
                Some((false, ty)) if open.as_ref().is_some_and(|(_, o)| *o == ty) => {
                    if let Some((r, _)) = open.as_mut() {
                        r.end = t.range.end;
                    }
                }
                Some((_, ty)) => {
                    spans.extend(open.take());
                    open = Some((t.range.clone(), ty));
                }
                None => spans.extend(open.take()),
            }
        }
        spans.extend(open.take());
    }
    // A name never ends on punctuation.
    let spans: Vec<(Range<usize>, EntityType)> = spans
        .into_iter()
        .filter_map(|(mut r, ty)| {
            let s = &text[r.clone()];
            let trimmed = s.trim_end_matches(|c: char| !is_word_char(c) && c != '+' && c != ')');
            r.end = r.start + trimmed.len();
            (!trimmed.is_empty() && trimmed.chars().any(char::is_alphanumeric)).then_some((r, ty))
        })
        .collect();
    repair(text, toks, spans)
}

/// Names found anywhere in the text, as written, with the type first given.
fn names_of(text: &str, spans: impl Iterator<Item = (Range<usize>, EntityType)>) -> BTreeMap<&str, EntityType> {
    let mut names = BTreeMap::new();
    for (r, ty) in spans {
        let s = &text[r];
        if s.starts_with(char::is_uppercase) && s.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
            names.entry(s).or_insert(ty);
        }
    }
    names
}

/// Rules that hold whatever the model learned: a title is never part of a
/// name ("Mme Chabot" is "Chabot"), and two places joined by a hyphen are two
/// places ("Tours-Paris") unless the whole is a place of its own ("Saint-Denis").
fn repair(text: &str, toks: &[Tok], spans: Vec<(Range<usize>, EntityType)>) -> Vec<(Range<usize>, EntityType)> {
    let g = gazetteers();
    let index: BTreeMap<usize, usize> = toks.iter().enumerate().map(|(i, t)| (t.range.start, i)).collect();
    let place = |s: &str| {
        let f = fold(s);
        [List::Country, List::City, List::FrenchPlace]
            .iter()
            .any(|l| g.contains(*l, &f))
    };
    let mut out = Vec::with_capacity(spans.len());
    for (r, ty) in spans {
        let Some(&first) = index.get(&r.start) else {
            out.push((r, ty));
            continue;
        };
        let mut i = first;
        // Titles, and their abbreviation's period, open no name.
        while i < toks.len() && toks[i].range.end < r.end {
            let w = fold(&text[toks[i].range.clone()]);
            let title = super::cues::is_listed(super::cues::TITLES_LIST, &w);
            let dot = toks[i].kind == TokKind::Punct && &text[toks[i].range.clone()] == ".";
            if !(title || dot && i > first) {
                break;
            }
            i += 1;
        }
        let start = toks.get(i).map_or(r.start, |t| t.range.start.min(r.end));
        let r = start..r.end;
        let whole = &text[r.clone()];
        if ty == EntityType::Loc && !place(whole) {
            let parts: Vec<&str> = whole.split('-').collect();
            if parts.len() == 2 && parts.iter().all(|p| !p.is_empty() && place(p)) {
                let cut = r.start + parts[0].len();
                out.push((r.start..cut, ty));
                out.push((cut + 1..r.end, ty));
                continue;
            }
        }
        if !whole.is_empty() {
            out.push((r, ty));
        }
    }
    out
}

/// A name the model found once is a name wherever the text writes it the
/// same way (capitalized, on token edges, not inside another name): the
/// model may miss it where its context says little ("Sowefund lève…").
fn propagate(
    text: &str,
    toks: &[Tok],
    mut spans: Vec<(Range<usize>, EntityType)>,
    names: &BTreeMap<&str, EntityType>,
) -> Vec<(Range<usize>, EntityType)> {
    if names.is_empty() {
        return spans;
    }
    let longest = names.keys().map(|n| n.split(' ').count()).max().unwrap_or(1).min(6);
    let mut taken = vec![false; toks.len()];
    let starts: BTreeMap<usize, usize> = toks.iter().enumerate().map(|(i, t)| (t.range.start, i)).collect();
    for (r, _) in &spans {
        if let Some((&_, &i)) = starts.range(r.start..).next() {
            let mut j = i;
            while j < toks.len() && toks[j].range.start < r.end {
                taken[j] = true;
                j += 1;
            }
        }
    }
    let mut added = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let mut matched = 0;
        if !taken[i] && toks[i].kind == TokKind::Word && text[toks[i].range.clone()].starts_with(char::is_uppercase) {
            for n in (1..=longest).rev() {
                let j = i + n - 1;
                if j >= toks.len() || taken[i..=j].iter().any(|&x| x) {
                    continue;
                }
                let s = &text[toks[i].range.start..toks[j].range.end];
                if let Some(ty) = names.get(s) {
                    added.push((toks[i].range.start..toks[j].range.end, *ty));
                    matched = n;
                    break;
                }
            }
        }
        i += matched.max(1);
    }
    if !added.is_empty() {
        spans.extend(added);
        spans.sort_by_key(|(r, _)| r.start);
    }
    spans
}

/// Step 4: mentions from spans, one type per name, surnames linked to full names.
pub fn link(text: &str, spans: Vec<(Range<usize>, EntityType)>) -> Vec<Mention> {
    let name_of = |r: &Range<usize>| -> String {
        let s = &text[r.clone()];
        // "l'Élysée" is the Élysée: an elided article is not part of the name's id.
        let s = match s.char_indices().find(|&(_, c)| is_apos(c)) {
            Some((i, c)) if i <= 2 && ELIDED.contains(&fold(&s[..i]).as_str()) => &s[i + c.len_utf8()..],
            _ => s,
        };
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    // One type per name: the most frequent, ties to display order.
    let mut votes: BTreeMap<String, [u32; 4]> = BTreeMap::new();
    for (r, ty) in &spans {
        votes.entry(id_of(&name_of(r))).or_default()[*ty as usize] += 1;
    }
    let kind_of = |id: &str, default: EntityType| -> EntityType {
        votes.get(id).map_or(default, |v| {
            let top = (0..4).max_by_key(|&i| (v[i], std::cmp::Reverse(i))).unwrap_or(0);
            EntityType::ALL[top]
        })
    };
    let mut people: Vec<(String, String)> = Vec::new();
    let mut out = Vec::with_capacity(spans.len());
    for (r, ty) in spans {
        let name = name_of(&r);
        let id = id_of(&name);
        let kind = kind_of(&id, ty);
        let mut canonical = name.clone();
        if kind == EntityType::Per {
            let words: Vec<&str> = name.split(' ').collect();
            if words.len() >= 2 {
                if let Some(last) = words.last() {
                    people.push((fold(last), name.clone()));
                }
            } else if let Some((_, full)) = people.iter().rev().find(|(s, _)| *s == fold(&name)) {
                canonical = full.clone();
            }
        }
        if id.is_empty() {
            continue;
        }
        out.push(Mention {
            range: r,
            kind,
            id: id_of(&canonical),
            canonical,
            source: Source::Heuristic,
            confidence: 0.7,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| &text[t.range.clone()]).collect()
    }

    #[test]
    fn tokenizer_table() {
        assert_eq!(words("l'Élysée a dit"), ["l'", "Élysée", "a", "dit"]);
        assert_eq!(
            words("Jean-Luc Mélenchon, aujourd'hui."),
            ["Jean", "-", "Luc", "Mélenchon", ",", "aujourd'hui", "."]
        );
        assert_eq!(words("44,3 % d’Atos"), ["44,3", "%", "d’", "Atos"]);
        assert_eq!(words("O'Neill"), ["O'Neill"]);
        assert!(words("").is_empty());
    }

    #[test]
    fn sentences_start_after_periods_and_lines() {
        let text = "M. Dupont parle. Il part.\nTitre";
        let toks = tokenize(text);
        let starts: Vec<&str> = toks
            .iter()
            .filter(|t| t.starts_sentence)
            .map(|t| &text[t.range.clone()])
            .collect();
        assert_eq!(starts, ["M", "Il", "Titre"]);
        assert_eq!(sentences(text, &toks).len(), 3);
    }

    #[test]
    fn shapes() {
        assert_eq!(shape("Numergy"), "Xxx");
        assert_eq!(shape("SFR"), "XX");
        assert_eq!(shape("Jean-Luc"), "Xxx-Xxx");
        assert_eq!(words("Tours-Paris"), ["Tours", "-", "Paris"]);
        assert_eq!(shape("2015"), "dd");
    }

    fn typed(text: &str) -> Vec<(String, &'static str)> {
        find(text)
            .into_iter()
            .map(|m| (text[m.range].to_owned(), m.kind.as_str()))
            .collect()
    }

    /// Sentences of our own, with names the training data does not hold.
    #[test]
    fn the_model_finds_and_types_new_names() {
        for (text, want) in [
            (
                "Selon Guillaume de Lavallade, rien ne change.",
                vec![("Guillaume de Lavallade", "PER")],
            ),
            ("Le PDG, Jules Ferrand, a parlé.", vec![("Jules Ferrand", "PER")]),
            ("Selon Mme Kowalczyk, tout va bien.", vec![("Kowalczyk", "PER")]),
            ("Décidément, rien ne va.", vec![]),
            ("Les PME du Cloud et de l'IoT passent par Internet.", vec![]),
            (
                "Un centre à Clermont et un autre en Bretagne.",
                vec![("Clermont", "LOC"), ("Bretagne", "LOC")],
            ),
            (
                "Le président brésilien Luiz Inácio Lula da Silva arrive à Buenos Aires.",
                vec![("Luiz Inácio Lula da Silva", "PER"), ("Buenos Aires", "LOC")],
            ),
            (
                "Le lieutenant Marc Dupuis a été décoré à Vierzon.",
                vec![("Marc Dupuis", "PER"), ("Vierzon", "LOC")],
            ),
            (
                "La Confédération paysanne manifeste en Corrèze.",
                vec![("Confédération paysanne", "ORG"), ("Corrèze", "LOC")],
            ),
            (
                "Le train Tours-Paris est supprimé.",
                vec![("Tours", "LOC"), ("Paris", "LOC")],
            ),
        ] {
            let want: Vec<(String, &str)> = want.iter().map(|(a, b)| ((*a).to_owned(), *b)).collect();
            assert_eq!(typed(text), want, "{text}");
        }
    }

    #[test]
    fn a_name_is_one_entity_and_surnames_join_the_full_name() {
        let text = "Sophie Marceau, présidente de Zephyra, l'a dit ; Marceau confirme.";
        let m = find(text);
        let per: Vec<&Mention> = m.iter().filter(|m| m.kind == EntityType::Per).collect();
        assert_eq!(per.len(), 2, "{m:?}");
        assert_eq!(per[1].canonical, "Sophie Marceau");
        assert_eq!(per[0].id, per[1].id);
    }

    #[test]
    fn surnames_link_to_full_names() {
        let text = "Marc Delorme parle. Delorme part.";
        let found = link(text, vec![(0..12, EntityType::Per), (20..27, EntityType::Per)]);
        assert_eq!(found[1].canonical, "Marc Delorme");
        assert_eq!(found[0].id, found[1].id);
    }

    #[test]
    fn one_type_per_name_by_vote() {
        let text = "Orange et Orange et Orange";
        let found = link(
            text,
            vec![
                (0..6, EntityType::Org),
                (10..16, EntityType::Org),
                (20..26, EntityType::Loc),
            ],
        );
        assert!(found.iter().all(|m| m.kind == EntityType::Org));
    }
}
