//! Byte offsets to Unicode code-point offsets (what JSON consumers and the
//! gold files count in), in one pass when the offsets come in order.
//!
//! ```
//! use loupe_engine::offsets::CodePoints;
//! let text = "État et Élysée";
//! let mut points = CodePoints::new(text);
//! assert_eq!(points.at(0), 0);
//! assert_eq!(points.at(9), 8); // "Élysée" starts at byte 9, code point 8
//! assert_eq!(points.at(text.len()), 14);
//! ```

/// A cursor converting byte offsets of one text to code-point offsets.
/// Offsets asked in increasing order cost one walk over the text in all;
/// an offset before the previous one starts the walk again.
#[derive(Debug, Clone)]
pub struct CodePoints<'t> {
    text: &'t str,
    byte: usize,
    points: usize,
}

impl<'t> CodePoints<'t> {
    /// A cursor at the start of `text`.
    pub fn new(text: &'t str) -> Self {
        CodePoints {
            text,
            byte: 0,
            points: 0,
        }
    }

    /// The code-point offset of byte offset `byte` (clamped to the text, and
    /// down to a character boundary).
    pub fn at(&mut self, byte: usize) -> usize {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        if byte < self.byte {
            self.byte = 0;
            self.points = 0;
        }
        self.points += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.points
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_in_any_order_are_exact() {
        let text = "a€b𝄞c";
        let want = |b: usize| text[..b].chars().count();
        let mut p = CodePoints::new(text);
        for b in [0, 1, 4, 5, 9, 10, 4, 0, 10] {
            assert_eq!(p.at(b), want(b), "byte {b}");
        }
        assert_eq!(p.at(2), 1, "inside '€': the character's start");
        assert_eq!(p.at(99), 5);
    }
}
