//! Gazetteers: lists of names from open data that tell the recognizer what a
//! word may be (a first name, a country, a city, a French place) and whether
//! a capitalized word is a common French word.
//!
//! The lists are `engine/data/gazetteers/*.txt`, made by `scripts/gazetteers`
//! from registry packages (sources and licences in docs/QUALITY.md). They are
//! compiled into the engine and read once, on first use: only code that
//! recognizes new text pays for them (the app that shows a prebuilt corpus
//! never calls them, so its WebAssembly does not carry them).
//!
//! ```
//! use loupe_engine::entities::gazetteer::{gazetteers, List};
//! let g = gazetteers();
//! assert!(g.contains(List::Country, "bresil"));
//! assert!(g.contains(List::City, "buenos aires"));
//! assert!(g.contains(List::FrenchPlace, "correze"));
//! assert!(g.contains(List::FirstName, "ingmar"));
//! assert!(g.is_common_word("réforme"));
//! ```

use crate::analysis::fold;
use std::sync::OnceLock;

/// One list of names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// Countries, territories and continents, in French (CLDR).
    Country,
    /// World cities (GeoNames, CLDR's French names).
    City,
    /// French régions, départements and communes (Etalab).
    FrenchPlace,
    /// First names across languages (gender-guesser's dictionary).
    FirstName,
}

impl List {
    /// Every list.
    pub const ALL: [List; 4] = [List::Country, List::City, List::FrenchPlace, List::FirstName];

    /// A short label, used in feature names.
    pub fn label(self) -> &'static str {
        match self {
            List::Country => "ctry",
            List::City => "city",
            List::FrenchPlace => "frpl",
            List::FirstName => "fn",
        }
    }
}

/// The loaded lists: folded names, sorted, and the longest name in words.
#[derive(Debug)]
pub struct Gazetteers {
    lists: [(Vec<Box<str>>, usize); 4],
    stems: Vec<Box<str>>,
}

fn folded_list(raw: &str) -> (Vec<Box<str>>, usize) {
    let mut names: Vec<Box<str>> = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| fold(&l.replace(['’', '\''], "' ").replace("' ", "'")).into_boxed_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    // In the recognizer's tokens: a hyphen or an apostrophe is a token too.
    let tokens = |n: &str| n.split(' ').count() + 2 * n.matches('-').count() + n.matches('\'').count();
    let longest = names.iter().map(|n| tokens(n)).max().unwrap_or(1);
    (names, longest)
}

/// The gazetteers, loaded on first use.
pub fn gazetteers() -> &'static Gazetteers {
    static G: OnceLock<Gazetteers> = OnceLock::new();
    G.get_or_init(|| Gazetteers {
        lists: [
            folded_list(include_str!("../../data/gazetteers/countries.txt")),
            folded_list(include_str!("../../data/gazetteers/cities.txt")),
            folded_list(include_str!("../../data/gazetteers/fr_places.txt")),
            folded_list(include_str!("../../data/gazetteers/first_names.txt")),
        ],
        stems: {
            let mut s: Vec<Box<str>> = include_str!("../../data/gazetteers/french_stems.txt")
                .lines()
                .map(Box::from)
                .collect();
            s.sort_unstable();
            s
        },
    })
}

impl Gazetteers {
    /// Whether `folded` (words joined by single spaces) is a name of `list`.
    pub fn contains(&self, list: List, folded: &str) -> bool {
        self.lists[list as usize]
            .0
            .binary_search_by(|n| (**n).cmp(folded))
            .is_ok()
    }

    /// Whether a name of `list` longer than `folded` starts with it.
    pub fn has_prefix(&self, list: List, folded: &str) -> bool {
        let names = &self.lists[list as usize].0;
        let at = names.partition_point(|n| **n <= *folded);
        names.get(at).is_some_and(|n| n.starts_with(folded))
    }

    /// The most tokens a name of `list` has (words, hyphens, apostrophes).
    pub fn longest(&self, list: List) -> usize {
        self.lists[list as usize].1
    }

    /// Whether `word` (any case) is a common French word: its Snowball stem
    /// is the stem of a word of Debian's French word list.
    pub fn is_common_word(&self, word: &str) -> bool {
        let lower = word.to_lowercase();
        let stem = crate::analysis::stem::snowball(&lower);
        self.stems.binary_search_by(|s| (**s).cmp(stem.as_ref())).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_folded_and_sorted() {
        let g = gazetteers();
        for list in List::ALL {
            let names = &g.lists[list as usize].0;
            assert!(names.len() > 200, "{list:?} has {} names", names.len());
            assert!(names.windows(2).all(|w| w[0] < w[1]));
            assert!(names.iter().all(|n| fold(n) == **n));
        }
    }

    #[test]
    fn gazetteer_table() {
        let g = gazetteers();
        for (list, name, expected) in [
            (List::Country, "portugal", true),
            (List::Country, "etats-unis", true),
            (List::City, "londres", true),
            (List::City, "vierzon", false),
            (List::FrenchPlace, "vierzon", true),
            (List::FrenchPlace, "seine-saint-denis", true),
            (List::FirstName, "jean-luc", true),
            (List::FirstName, "danone", false),
        ] {
            assert_eq!(g.contains(list, name), expected, "{list:?} {name}");
        }
    }

    #[test]
    fn common_words_are_known_by_their_stem() {
        let g = gazetteers();
        for (word, common) in [
            ("Réforme", true),
            ("Bilan", true),
            ("Récompense", true),
            ("Confirmant", true),
            ("ENQUÊTE", true),
            ("Numergy", false),
            ("Zelensky", false),
        ] {
            assert_eq!(g.is_common_word(word), common, "{word}");
        }
    }
}
