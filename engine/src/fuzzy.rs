//! Typo tolerance: a walk of an `fst` dictionary that finds the words within
//! a number of edits of a query word, computing the optimal-string-alignment
//! distance (insertions, deletions, substitutions, and a swap of two adjacent
//! letters as one edit) row by row as it goes down, keeping only the band of
//! each row near the diagonal (cells further off are out of reach anyway), and
//! leaving a branch as soon as no word below it can be close enough.
//!
//! ```
//! use loupe_engine::fuzzy::distance;
//! assert_eq!(distance("numergi", "numergy"), 1);
//! assert_eq!(distance("nuemrgy", "numergy"), 1); // a swap is one edit
//! ```

use fst::raw::Fst;

/// Most edits the automaton looks for (the query language asks for 1 or 2).
pub const MAX_EDITS: u8 = 2;
/// Width of the band of the distance table the walk keeps: beyond
/// [`MAX_EDITS`] columns off the diagonal, every cell is out of reach.
const BAND: usize = 2 * MAX_EDITS as usize + 1;
/// A cell out of reach (or outside the table).
const FAR: u8 = u8::MAX;

/// Words within `max` edits of a query word.
#[derive(Debug, Clone)]
pub struct Fuzzy {
    query: Vec<char>,
    max: u8,
}

/// A walk's state, a few bytes that the dictionary walk copies at every
/// step: the band of the current row of the distance table around its
/// diagonal and the band of the row before (for swaps), the row number, the
/// last character read, and the bytes of a character not yet complete.
///
/// Cell `k` of row `i` is the distance between the first `i` characters
/// read and the first `i + k - max` characters of the query.
#[derive(Debug, Clone)]
pub struct Rows {
    row: [u8; BAND],
    previous: [u8; BAND],
    read: u16,
    last: Option<char>,
    pending: [u8; 4],
    pending_len: u8,
}

impl Fuzzy {
    /// An automaton for words within `max` edits of `query` (at most [`MAX_EDITS`]).
    pub fn new(query: &str, max: u32) -> Self {
        Fuzzy {
            query: query.chars().collect(),
            max: u8::try_from(max).unwrap_or(MAX_EDITS).min(MAX_EDITS),
        }
    }

    /// The query column of band cell `k` in row `i`, when inside the table.
    fn column(&self, i: u16, k: usize) -> Option<usize> {
        let j = (usize::from(i) + k).checked_sub(usize::from(self.max))?;
        (j <= self.query.len()).then_some(j)
    }

    fn step(&self, s: &Rows, c: char) -> Rows {
        let i = s.read.saturating_add(1);
        let mut row = [FAR; BAND];
        // Band cells inside the table: columns 0 ..= m.
        let (i, max, m) = (usize::from(i), usize::from(self.max), self.query.len());
        let first = max.saturating_sub(i);
        let last = (m + max).checked_sub(i).map_or(0, |l| (l + 1).min(BAND));
        for k in first..last {
            let j = i + k - max;
            if j == 0 {
                row[k] = u8::try_from(i).unwrap_or(FAR);
                continue;
            }
            let q = self.query[j - 1];
            // Diagonal (i-1, j-1) is cell k of the row before; (i-1, j) is k+1.
            let mut d = s.row[k].saturating_add(u8::from(q != c));
            if k + 1 < BAND {
                d = d.min(s.row[k + 1].saturating_add(1));
            }
            if k > 0 {
                d = d.min(row[k - 1].saturating_add(1));
            }
            // A swap of two adjacent letters is one edit: (i-2, j-2) is cell k two rows back.
            if j > 1 && s.last == Some(q) && self.query[j - 2] == c {
                d = d.min(s.previous[k].saturating_add(1));
            }
            row[k] = d;
        }
        let i = u16::try_from(i).unwrap_or(u16::MAX);
        Rows {
            previous: s.row,
            row,
            read: i,
            last: Some(c),
            pending: [0; 4],
            pending_len: 0,
        }
    }
}

impl Fuzzy {
    fn start(&self) -> Rows {
        let mut row = [FAR; BAND];
        for (k, cell) in row.iter_mut().enumerate() {
            if let Some(j) = self.column(0, k) {
                *cell = j as u8;
            }
        }
        Rows {
            row,
            previous: [FAR; BAND],
            read: 0,
            last: None,
            pending: [0; 4],
            pending_len: 0,
        }
    }

    fn is_match(&self, s: &Rows) -> bool {
        // The whole query: column m, cell m - i + max.
        let k = (self.query.len() + usize::from(self.max)).checked_sub(usize::from(s.read));
        s.pending_len == 0 && k.and_then(|k| s.row.get(k)).is_some_and(|&d| d <= self.max)
    }

    /// The state after one more byte, or `None` when no word below can come
    /// back within reach.
    fn accept(&self, s: &Rows, byte: u8) -> Option<Rows> {
        if byte.is_ascii() && s.pending_len == 0 {
            return self.within_reach(self.step(s, char::from(byte)));
        }
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
        self.within_reach(self.step(s, c))
    }

    fn within_reach(&self, next: Rows) -> Option<Rows> {
        next.row.iter().any(|&d| d <= self.max).then_some(next)
    }

    /// The keys of `fst` that start with the byte `first` and are within
    /// reach, in key order, at most `limit`, with their values. A depth-first
    /// walk that never steps into a dead branch (`fst`'s own stream visits
    /// each dead transition once more).
    pub fn search<D: AsRef<[u8]>>(&self, fst: &Fst<D>, first: u8, limit: usize) -> Vec<(Vec<u8>, u64)> {
        let mut out = Vec::new();
        let root = fst.root();
        let Some(t) = root.find_input(first).map(|i| root.transition(i)) else {
            return out;
        };
        let Some(state) = self.accept(&self.start(), first) else {
            return out;
        };
        let node = fst.node(t.addr);
        let value = t.out.value();
        let mut key = vec![first];
        if node.is_final() && self.is_match(&state) && limit > 0 {
            out.push((key.clone(), value.saturating_add(node.final_output().value())));
        }
        // (node, next transition, output so far, state)
        let mut stack = vec![(node, 0usize, value, state)];
        while out.len() < limit {
            let Some((node, next, value, state)) = stack.last_mut() else {
                break;
            };
            if *next >= node.len() {
                stack.pop();
                key.pop();
                continue;
            }
            let t = node.transition(*next);
            *next += 1;
            let Some(child) = self.accept(state, t.inp) else {
                continue;
            };
            let value = value.saturating_add(t.out.value());
            let target = fst.node(t.addr);
            key.push(t.inp);
            if target.is_final() && self.is_match(&child) {
                out.push((key.clone(), value.saturating_add(target.final_output().value())));
            }
            stack.push((target, 0, value, child));
        }
        out
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

    fn keys(found: Vec<(Vec<u8>, u64)>) -> Vec<String> {
        found.into_iter().map(|(k, _)| String::from_utf8(k).unwrap()).collect()
    }

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
        use fst::Set;
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
                let found = keys(Fuzzy::new(query, max).search(set.as_fst(), query.as_bytes()[0], 100));
                let want: Vec<&str> = words
                    .iter()
                    .copied()
                    .filter(|w| same_first(query, w) && distance(query, w) <= max)
                    .collect();
                assert_eq!(found, want, "{query} within {max}");
            }
        }
    }

    #[test]
    fn the_automaton_walks_a_dictionary() {
        use fst::Set;
        let set = Set::from_iter(["cloud", "clouds", "cloudwatt", "numergy", "numerique", "thales"]).unwrap();
        let search =
            |q: &str, max, limit| Fuzzy::new(q, max).search(set.as_fst(), q.bytes().next().unwrap_or(0), limit);
        assert_eq!(keys(search("cloudwat", 1, 10)), ["cloudwatt"]);
        assert_eq!(keys(search("nuemrgy", 1, 10)), ["numergy"]);
        assert_eq!(keys(search("cloud", 2, 10)), ["cloud", "clouds"]);
        assert_eq!(keys(search("cloud", 2, 1)), ["cloud"], "limit");
        assert_eq!(keys(search("", 1, 10)), Vec::<String>::new());
        assert_eq!(
            keys(search("bloud", 1, 10)),
            Vec::<String>::new(),
            "the first letter is no typo"
        );
    }

    /// Whether two words start with the same byte (what the walk keeps).
    fn same_first(a: &str, b: &str) -> bool {
        a.bytes().next().is_some() && a.bytes().next() == b.bytes().next()
    }

    proptest::proptest! {
        #[test]
        fn the_automaton_agrees_with_the_distance_on_any_dictionary(
            words in proptest::collection::btree_set("[abcé]{0,7}", 0..40),
            query in "[abcé]{0,8}",
            max in 0u32..=2,
        ) {
            use fst::Set;
            // A BTreeSet of strings is in byte order, as an fst wants.
            let set = Set::from_iter(&words).unwrap();
            let first = query.bytes().next().unwrap_or(0);
            let found = keys(Fuzzy::new(&query, max).search(set.as_fst(), first, usize::MAX));
            let want: Vec<&String> = words
                .iter()
                .filter(|w| !query.is_empty() && same_first(&query, w) && distance(&query, w) <= max)
                .collect();
            proptest::prop_assert_eq!(found.iter().collect::<Vec<_>>(), want);
        }
    }
}
