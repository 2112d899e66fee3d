//! Typo tolerance: an `fst` automaton that accepts the words within a number
//! of edits of a query word, computing the optimal-string-alignment distance
//! (insertions, deletions, substitutions, and a swap of two adjacent letters
//! as one edit) row by row as the dictionary is walked, and dropping a branch
//! as soon as no word below it can be close enough.
//!
//! ```
//! use loupe_engine::fuzzy::distance;
//! assert_eq!(distance("numergi", "numergy"), 1);
//! assert_eq!(distance("nuemrgy", "numergy"), 1); // a swap is one edit
//! ```

use fst::Automaton;

/// Words within `max` edits of a query word.
#[derive(Debug, Clone)]
pub struct Fuzzy {
    query: Vec<char>,
    max: u32,
}

/// A walk's state: the last two rows of the distance table, the last
/// character read, and the bytes of a character not yet complete.
#[derive(Debug, Clone)]
pub struct Rows {
    row: Vec<u32>,
    previous: Vec<u32>,
    last: Option<char>,
    pending: Vec<u8>,
}

impl Fuzzy {
    /// An automaton for words within `max` edits of `query`.
    pub fn new(query: &str, max: u32) -> Self {
        Fuzzy {
            query: query.chars().collect(),
            max,
        }
    }

    fn step(&self, s: &Rows, c: char) -> Rows {
        let mut row = Vec::with_capacity(s.row.len());
        row.push(s.row[0] + 1);
        for (j, &q) in self.query.iter().enumerate() {
            let mut d = (s.row[j] + u32::from(q != c)).min(s.row[j + 1] + 1).min(row[j] + 1);
            if j > 0 && s.last == Some(self.query[j]) && self.query[j - 1] == c && !s.previous.is_empty() {
                d = d.min(s.previous[j - 1] + 1);
            }
            row.push(d);
        }
        Rows {
            previous: s.row.clone(),
            row,
            last: Some(c),
            pending: Vec::new(),
        }
    }
}

impl Automaton for Fuzzy {
    type State = Option<Rows>;

    fn start(&self) -> Option<Rows> {
        Some(Rows {
            row: (0..=self.query.len() as u32).collect(),
            previous: Vec::new(),
            last: None,
            pending: Vec::new(),
        })
    }

    fn is_match(&self, state: &Option<Rows>) -> bool {
        state
            .as_ref()
            .is_some_and(|s| s.pending.is_empty() && s.row.last().is_some_and(|&d| d <= self.max))
    }

    fn can_match(&self, state: &Option<Rows>) -> bool {
        state.is_some()
    }

    fn accept(&self, state: &Option<Rows>, byte: u8) -> Option<Rows> {
        let s = state.as_ref()?;
        let mut pending = s.pending.clone();
        pending.push(byte);
        let c = match std::str::from_utf8(&pending) {
            Ok(text) => text.chars().next()?,
            // The character continues in the next byte.
            Err(e) if e.error_len().is_none() && pending.len() < 4 => {
                return Some(Rows { pending, ..s.clone() });
            }
            Err(_) => return None,
        };
        let next = self.step(s, c);
        // No word below can come back within reach.
        (next.row.iter().min().is_some_and(|&d| d <= self.max)).then_some(next)
    }
}

/// Optimal-string-alignment distance between two words, in characters.
pub fn distance(a: &str, b: &str) -> u32 {
    let automaton = Fuzzy::new(a, u32::MAX);
    let mut state = automaton.start();
    for byte in b.bytes() {
        state = automaton.accept(&state, byte);
    }
    state.and_then(|s| s.row.last().copied()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_table() {
        let cases = [
            ("numergi", "numergy", 1),
            ("", "abc", 3),
            ("etat", "etat", 0),
            ("cloudwat", "cloudwatt", 1),
            ("thales", "tales", 1),
            ("ab", "ba", 1),
            ("nuemrgy", "numergy", 1),
            ("abc", "ca", 3),
            ("état", "etat", 1),
            ("souverain", "souverains", 1),
            ("orange", "sfr", 6),
        ];
        for (a, b, d) in cases {
            assert_eq!(distance(a, b), d, "{a} {b}");
            assert_eq!(distance(b, a), d, "{b} {a}");
        }
    }

    #[test]
    fn the_automaton_walks_a_dictionary() {
        use fst::{IntoStreamer, Set, Streamer};
        let set = Set::from_iter(["cloud", "clouds", "cloudwatt", "numergy", "numerique", "thales"]).unwrap();
        let mut found = Vec::new();
        let mut stream = set.search(Fuzzy::new("cloudwat", 1)).into_stream();
        while let Some(key) = stream.next() {
            found.push(String::from_utf8(key.to_vec()).unwrap());
        }
        assert_eq!(found, ["cloudwatt"]);
        let mut stream = set.search(Fuzzy::new("nuemrgy", 1)).into_stream();
        assert_eq!(stream.next(), Some(&b"numergy"[..]));
    }
}
