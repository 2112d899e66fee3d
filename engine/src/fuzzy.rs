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

/// Longest query word, in characters, that gets typo tolerance. The walk's
/// state lives in fixed arrays of this size, so stepping through the
/// dictionary never allocates; nobody mistypes a word of 33 letters.
pub const MAX_CHARS: usize = 32;

/// Words within `max` edits of a query word.
#[derive(Debug, Clone)]
pub struct Fuzzy {
    query: Vec<char>,
    max: u8,
}

/// A walk's state: the last two rows of the distance table (saturating at
/// 255, far above any useful distance), the last character read, and the bytes
/// of a character not yet complete.
#[derive(Debug, Clone)]
pub struct Rows {
    row: [u8; MAX_CHARS + 1],
    previous: Option<[u8; MAX_CHARS + 1]>,
    last: Option<char>,
    pending: [u8; 4],
    pending_len: u8,
}

impl Fuzzy {
    /// An automaton for words within `max` edits of `query` (none when the
    /// query is longer than [`MAX_CHARS`]).
    pub fn new(query: &str, max: u32) -> Self {
        Fuzzy {
            query: query.chars().collect(),
            max: u8::try_from(max).unwrap_or(u8::MAX),
        }
    }

    fn step(&self, s: &Rows, c: char) -> Rows {
        let mut row = [u8::MAX; MAX_CHARS + 1];
        row[0] = s.row[0].saturating_add(1);
        for (j, &q) in self.query.iter().enumerate() {
            let mut d = s.row[j]
                .saturating_add(u8::from(q != c))
                .min(s.row[j + 1].saturating_add(1))
                .min(row[j].saturating_add(1));
            // A swap of two adjacent letters is one edit.
            if let Some(previous) = &s.previous {
                if j > 0 && s.last == Some(q) && self.query[j - 1] == c {
                    d = d.min(previous[j - 1].saturating_add(1));
                }
            }
            row[j + 1] = d;
        }
        Rows {
            previous: Some(s.row),
            row,
            last: Some(c),
            pending: [0; 4],
            pending_len: 0,
        }
    }
}

impl Automaton for Fuzzy {
    type State = Option<Rows>;

    fn start(&self) -> Option<Rows> {
        if self.query.len() > MAX_CHARS {
            return None;
        }
        let mut row = [u8::MAX; MAX_CHARS + 1];
        for (j, d) in row.iter_mut().enumerate().take(self.query.len() + 1) {
            *d = j as u8;
        }
        Some(Rows {
            row,
            previous: None,
            last: None,
            pending: [0; 4],
            pending_len: 0,
        })
    }

    fn is_match(&self, state: &Option<Rows>) -> bool {
        state
            .as_ref()
            .is_some_and(|s| s.pending_len == 0 && s.row[self.query.len()] <= self.max)
    }

    fn can_match(&self, state: &Option<Rows>) -> bool {
        state.is_some()
    }

    fn accept(&self, state: &Option<Rows>, byte: u8) -> Option<Rows> {
        let s = state.as_ref()?;
        let mut pending = s.pending;
        let len = usize::from(s.pending_len);
        *pending.get_mut(len)? = byte;
        let c = match std::str::from_utf8(&pending[..=len]) {
            Ok(text) => text.chars().next()?,
            // The character continues in the next byte.
            Err(e) if e.error_len().is_none() && len + 1 < 4 => {
                let mut next = s.clone();
                next.pending = pending;
                next.pending_len += 1;
                return Some(next);
            }
            Err(_) => return None,
        };
        let next = self.step(s, c);
        // No word below can come back within reach.
        next.row[..=self.query.len()]
            .iter()
            .any(|&d| d <= self.max)
            .then_some(next)
    }
}

/// Optimal-string-alignment distance between two words, in characters, of any length.
pub fn distance(a: &str, b: &str) -> u32 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows of the table: two back for swaps.
    let mut before: Vec<u32> = Vec::new();
    let mut above: Vec<u32> = (0..=a.len() as u32).collect();
    for (i, &c) in b.iter().enumerate() {
        let mut row = Vec::with_capacity(a.len() + 1);
        row.push(i as u32 + 1);
        for (j, &q) in a.iter().enumerate() {
            let mut d = (above[j] + u32::from(q != c)).min(above[j + 1] + 1).min(row[j] + 1);
            if i > 0 && j > 0 && b[i - 1] == q && a[j - 1] == c {
                d = d.min(before[j - 1] + 1);
            }
            row.push(d);
        }
        before = std::mem::replace(&mut above, row);
    }
    above[a.len()]
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
    fn the_automaton_accepts_exactly_the_words_within_reach() {
        use fst::{IntoStreamer, Set, Streamer};
        let words = [
            "cloud",
            "clouds",
            "cloudwatt",
            "dépôts",
            "depots",
            "état",
            "etat",
            "numergy",
            "numerique",
            "orange",
            "souverain",
            "souverains",
            "thales",
            "thalès",
        ];
        let mut words = words.to_vec();
        words.sort_unstable(); // byte order, as an fst wants
        let set = Set::from_iter(&words).unwrap();
        for query in ["cloudwat", "etat", "depot", "nuemrgy", "souverin", "thalès", "orage"] {
            for max in 0..=2 {
                let mut found = Vec::new();
                let mut stream = set.search(Fuzzy::new(query, max)).into_stream();
                while let Some(key) = stream.next() {
                    found.push(String::from_utf8(key.to_vec()).unwrap());
                }
                let want: Vec<&str> = words.iter().copied().filter(|w| distance(query, w) <= max).collect();
                assert_eq!(found, want, "{query} within {max}");
            }
        }
        let long = "a".repeat(MAX_CHARS + 1);
        let mut stream = set.search(Fuzzy::new(&long, 2)).into_stream();
        assert_eq!(stream.next(), None, "no typo tolerance past {MAX_CHARS} characters");
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
