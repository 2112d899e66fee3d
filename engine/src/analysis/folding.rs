//! Case and diacritic folding: "État" → "etat", "Thalès" → "thales", "œuvre" → "oeuvre".
//!
//! Folding maps a token's text to its index term; the token's byte offsets in
//! the original text are untouched, so highlights stay exact.

/// Lowercases `s` and strips the diacritics of Latin letters, expanding
/// ligatures (œ → oe, æ → ae, ß → ss).
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// A short name for a filter value: folded, letters, digits and '-' only.
/// "Solutions Numériques" → "solutionsnumeriques", "LeMagIT" → "lemagit".
pub fn slug(name: &str) -> String {
    fold(name)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

/// Appends the folded form of one character.
pub fn fold_char(c: char, out: &mut String) {
    if ('\u{300}'..='\u{36f}').contains(&c) {
        // A combining accent ("E" + U+0301) folds away like a precomposed one.
        return;
    }
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    {
        let lower = lower_char(c);
        let plain = match lower {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
            'ç' | 'ć' | 'č' => 'c',
            'ď' => 'd',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => 'i',
            'ł' => 'l',
            'ñ' | 'ń' | 'ň' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
            'ř' => 'r',
            'ś' | 'š' | 'ş' => 's',
            'ť' | 'ţ' => 't',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
            'ý' | 'ÿ' => 'y',
            'ź' | 'ż' | 'ž' => 'z',
            'œ' => {
                out.push_str("oe");
                return;
            }
            'æ' => {
                out.push_str("ae");
                return;
            }
            'ß' => {
                out.push_str("ss");
                return;
            }
            other => other,
        };
        out.push(plain);
    }
}

/// Lowercases `s` with [`lower_char`]: the same on every platform, and
/// without the standard library's full Unicode case tables, which would
/// cost the browser build kilobytes for scripts a French corpus rarely writes.
pub fn lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars().map(lower_char).collect()
}

/// The lowercase of one character in the alphabets news text uses (Latin
/// with its extensions, Greek, Cyrillic, Armenian, full-width Latin); other
/// characters are kept as they are. "İ" lowercases to a plain "i".
pub fn lower_char(c: char) -> char {
    let u = c as u32;
    let shifted = |by: u32| char::from_u32(u + by).unwrap_or(c);
    let paired = |first: u32| if (u - first) % 2 == 0 { shifted(1) } else { c };
    match u {
        0x41..=0x5a | 0xc0..=0xd6 | 0xd8..=0xde => shifted(32),
        0x130 => 'i',
        0x178 => 'ÿ',
        // Latin Extended-A: upper/lower pairs, the odd ranges shifted by one.
        0x100..=0x12f | 0x132..=0x137 | 0x14a..=0x177 => paired(0x100),
        0x139..=0x148 | 0x179..=0x17e => paired(0x139),
        // Latin Extended-B and Additional, pairs as they come.
        0x1cd..=0x1dc => paired(0x1cd),
        0x1de..=0x1ef | 0x1f8..=0x21f | 0x222..=0x233 => paired(0x1de),
        0x1e00..=0x1e95 | 0x1ea0..=0x1eff => paired(0x1e00),
        0x1e9e => 'ß',
        // Greek and Cyrillic.
        0x386 => 'ά',
        0x388..=0x38a => shifted(37),
        0x38c => 'ό',
        0x38e..=0x38f => shifted(63),
        0x391..=0x3a1 | 0x3a3..=0x3ab => shifted(32),
        0x400..=0x40f => shifted(80),
        0x410..=0x42f => shifted(32),
        0x460..=0x481 | 0x48a..=0x4bf | 0x4d0..=0x52f => paired(0x460),
        0x4c0 => 'ӏ',
        0x4c1..=0x4ce => paired(0x4c1),
        0x531..=0x556 => shifted(48),
        0xff21..=0xff3a => shifted(32),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::{fold, lower, slug};

    /// The compact lowercase agrees with the standard library's on every
    /// character it changes, and on the alphabets it covers.
    #[test]
    fn lower_agrees_with_the_standard_library() {
        let ranges = [
            0x20..0x180u32,
            0x1cd..0x1dd,
            0x1de..0x1f0,
            0x1f8..0x220,
            0x222..0x234,
            0x386..0x3ac,
            0x400..0x530,
            0x531..0x557,
            0x1e00..0x1f00,
            0xff21..0xff3b,
        ];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            let ours = lower(&c.to_string());
            let std: String = c.to_lowercase().collect();
            if c != 'İ' && std.chars().count() == 1 {
                assert_eq!(ours, std, "U+{:04X} {c}", c as u32);
            }
        }
    }

    #[test]
    fn slug_table() {
        for (name, want) in [
            ("LeMagIT", "lemagit"),
            ("IT Social", "itsocial"),
            ("Solutions Numériques", "solutionsnumeriques"),
            ("Cloud28+", "cloud28"),
            ("channel-news", "channel-news"),
        ] {
            assert_eq!(slug(name), want);
        }
    }

    #[test]
    fn folding_table() {
        let cases = [
            ("État", "etat"),
            ("Etat", "etat"),
            ("Thalès", "thales"),
            ("THALÈS", "thales"),
            ("français", "francais"),
            ("Œuvre", "oeuvre"),
            ("cæcum", "caecum"),
            ("Straße", "strasse"),
            ("Numérique", "numerique"),
            ("Andromède", "andromede"),
            ("dégâts", "degats"),
            ("naïf", "naif"),
            ("44,3", "44,3"),
            ("Ωmega", "ωmega"),
            ("E\u{301}tat", "etat"),
            ("İstanbul", "istanbul"),
            ("ŁÓDŹ", "lodz"),
            ("ΑΘΉΝΑ", "αθήνα"),
            ("МОСКВА", "москва"),
            ("ЁЛКА", "ёлка"),
        ];
        for (text, want) in cases {
            assert_eq!(fold(text), want, "{text}");
        }
    }
}
