//! Sentence-aware snippets: the sentence that best shows why a document
//! matched, cut to about [`SNIPPET_CHARS`] characters on word boundaries, with
//! ellipses where the text was cut.

use std::ops::Range;

/// Target snippet length, in characters.
pub const SNIPPET_CHARS: usize = 160;
/// Characters of context kept before the first match when a sentence is cut.
const LEAD_IN_CHARS: usize = 50;

/// A passage of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// Byte range of the passage in the document text.
    pub range: Range<usize>,
    /// True when the passage starts inside a sentence (show an ellipsis before).
    pub cut_start: bool,
    /// True when the passage ends inside a sentence (show an ellipsis after).
    pub cut_end: bool,
    /// Highlights inside the passage, as byte ranges of the document text.
    pub highlights: Vec<Range<usize>>,
}

impl Snippet {
    /// The passage as text, with "…" where it was cut, and the highlights as
    /// byte ranges of that text.
    pub fn render(&self, text: &str) -> (String, Vec<Range<usize>>) {
        let lead = if self.cut_start { "…" } else { "" };
        let mut out = String::from(lead);
        out.push_str(text.get(self.range.clone()).unwrap_or(""));
        if self.cut_end {
            out.push('…');
        }
        let shift = |b: usize| b - self.range.start + lead.len();
        let highlights = self.highlights.iter().map(|h| shift(h.start)..shift(h.end)).collect();
        (out, highlights)
    }
}

/// Sentences of `text` inside `spans` (the readable blocks), as byte ranges.
pub fn sentences(text: &str, spans: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for span in spans {
        let block = &text[span.clone()];
        let mut start = 0;
        let mut chars = block.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let end_mark = matches!(c, '.' | '!' | '?' | '…');
            if end_mark && chars.peek().is_some_and(|&(_, n)| n.is_whitespace()) {
                let end = i + c.len_utf8();
                push_trimmed(&mut out, block, span.start, start..end);
                start = end;
            }
        }
        push_trimmed(&mut out, block, span.start, start..block.len());
    }
    out
}

fn push_trimmed(out: &mut Vec<Range<usize>>, block: &str, base: usize, r: Range<usize>) {
    let s = &block[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if !trimmed.is_empty() {
        let start = base + r.start + lead;
        out.push(start..start + trimmed.len());
    }
}

/// The best snippet of `text` for these highlights (sorted byte ranges).
/// Without highlights, the opening of the first span.
pub fn best(text: &str, spans: &[Range<usize>], highlights: &[Range<usize>]) -> Snippet {
    // Only the blocks that hold a highlight are cut into sentences (the
    // others cannot hold the best one, and a long document has many); all
    // of them when none does.
    let held: Vec<Range<usize>> = spans
        .iter()
        .filter(|s| {
            let i = highlights.partition_point(|h| h.start < s.start);
            highlights.get(i).is_some_and(|h| h.end <= s.end)
        })
        .cloned()
        .collect();
    let sentences = sentences(text, if held.is_empty() { spans } else { &held });
    // Highlights are sorted: each sentence looks only at its own (a scan of
    // all highlights per sentence is quadratic on a long article).
    let inside = |s: &Range<usize>| {
        let from = highlights.partition_point(|h| h.start < s.start);
        highlights[from..]
            .iter()
            .take_while(|h| h.start < s.end)
            .filter(|h| h.end <= s.end)
            .collect::<Vec<_>>()
    };
    // Most distinct matched words, then most matches, then earliest.
    let best = sentences
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let hits = inside(s);
            let mut distinct: Vec<String> = hits
                .iter()
                .map(|h| crate::analysis::folding::lower(&text[(*h).clone()]))
                .collect();
            crate::sort::natural(&mut distinct);
            distinct.dedup();
            (distinct.len(), hits.len(), std::cmp::Reverse(i))
        })
        .max();
    let Some((_, count, std::cmp::Reverse(i))) = best else {
        return Snippet {
            range: 0..0,
            cut_start: false,
            cut_end: false,
            highlights: Vec::new(),
        };
    };
    let i = if count == 0 { 0 } else { i };
    let sentence = sentences[i].clone();
    let first_hit = inside(&sentence).first().map(|h| h.start);

    let (mut start, mut end) = (sentence.start, sentence.end);
    if chars(text, start, end) <= SNIPPET_CHARS {
        // Room left: add the following sentences of the same block while they fit.
        for next in &sentences[i + 1..] {
            let same_block = spans.iter().any(|s| s.start <= sentence.start && next.end <= s.end);
            if !same_block || chars(text, start, next.end) > SNIPPET_CHARS {
                break;
            }
            end = next.end;
        }
    } else {
        let anchor = first_hit.unwrap_or(sentence.start);
        start = back_chars(text, anchor, LEAD_IN_CHARS).max(sentence.start);
        start = word_start(text, start, sentence.start);
        end = forward_chars(text, start, SNIPPET_CHARS).min(sentence.end);
        end = word_end(text, end, start, sentence.end);
    }
    Snippet {
        cut_start: start > sentence.start,
        cut_end: end < sentence.end && !text[..end].ends_with(['.', '!', '?', '…']),
        highlights: highlights
            .iter()
            .filter(|h| h.start >= start && h.end <= end)
            .cloned()
            .collect(),
        range: start..end,
    }
}

fn chars(text: &str, start: usize, end: usize) -> usize {
    text[start..end].chars().count()
}

fn back_chars(text: &str, from: usize, n: usize) -> usize {
    text[..from]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

fn forward_chars(text: &str, from: usize, n: usize) -> usize {
    text[from..].char_indices().nth(n).map_or(text.len(), |(i, _)| from + i)
}

/// Moves `at` forward to the start of a word (not before `floor`).
fn word_start(text: &str, at: usize, floor: usize) -> usize {
    if at == floor || text[..at].ends_with(char::is_whitespace) {
        return at;
    }
    match text[at..].find(char::is_whitespace) {
        Some(i) => {
            let after = at + i;
            after + (text[after..].len() - text[after..].trim_start().len())
        }
        None => at,
    }
}

/// Moves `at` back to the end of a word (not before `floor`; `ceiling` is the sentence end).
fn word_end(text: &str, at: usize, floor: usize, ceiling: usize) -> usize {
    if at >= ceiling || text[at..].starts_with(char::is_whitespace) {
        return at.min(ceiling);
    }
    match text[floor..at].rfind(char::is_whitespace) {
        Some(i) => text[..floor + i].trim_end().len(),
        None => at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole text as the one readable span.
    fn whole(text: &str) -> Vec<Range<usize>> {
        std::iter::once(0..text.len()).collect()
    }

    fn find(text: &str, word: &str) -> Range<usize> {
        let i = text.find(word).unwrap();
        i..i + word.len()
    }

    #[test]
    fn sentences_table() {
        let text = "Un. Deux ! Trois? Quatre… cinq 3.5 fin";
        let got: Vec<&str> = sentences(text, &whole(text)).into_iter().map(|r| &text[r]).collect();
        assert_eq!(got, ["Un.", "Deux !", "Trois?", "Quatre…", "cinq 3.5 fin"]);
    }

    #[test]
    fn picks_the_sentence_with_the_most_distinct_matches() {
        let text = "Orange annonce. SFR et Numergy signent. Numergy encore.";
        let hl = vec![find(text, "SFR"), find(text, "Numergy")];
        let s = best(text, &whole(text), &hl);
        assert_eq!(s.render(text).0, "SFR et Numergy signent. Numergy encore.");
        assert!(!s.cut_start && !s.cut_end);
    }

    #[test]
    fn a_long_sentence_is_cut_around_the_match_with_ellipses() {
        let text = format!(
            "{} Numergy {}.",
            "mot ".repeat(60).trim_end(),
            "suite ".repeat(60).trim_end()
        );
        let hl = vec![find(&text, "Numergy")];
        let s = best(&text, &whole(&text), &hl);
        let (shown, marks) = s.render(&text);
        assert!(s.cut_start && s.cut_end, "{shown}");
        assert!(shown.starts_with("…mot ") && shown.ends_with("suite…"), "{shown}");
        assert!(shown.chars().count() <= SNIPPET_CHARS + 2, "{shown}");
        assert_eq!(&shown[marks[0].clone()], "Numergy");
    }

    #[test]
    fn without_matches_the_opening_is_shown() {
        let text = "Premier. Second.";
        let s = best(text, &whole(text), &[]);
        assert_eq!(s.render(text).0, "Premier. Second.");
        assert_eq!(best("", &[], &[]).range, 0..0);
    }
}
