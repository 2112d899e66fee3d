//! Markup the engine writes for views drawn where the corpus is built (the
//! entity network, ownership charts): escaping, the app's link format, and
//! text in both interface languages.
//!
//! Views are drawn in Rust by whoever builds the corpus (`loupe site`, the
//! import worker) and travel as data, so the explorer's first load does not
//! carry their drawing code: the app inserts the markup as it is. Everything
//! that comes from a document (names, values, titles) goes through
//! [`escape`]; links follow the app's hash routes (`src/route.rs` parses
//! them with [`encode`]'s inverse).
//!
//! ```
//! use loupe_engine::markup;
//! assert_eq!(markup::escape("AT&T <\"l'x\">"), "AT&amp;T &lt;&quot;l&#39;x&quot;&gt;");
//! assert_eq!(markup::entity_href("org:caisse des dépôts"), "#/entity/org%3Acaisse%20des%20d%C3%A9p%C3%B4ts");
//! assert_eq!(markup::doc_href("002", Some(120)), "#/doc/002?at=120");
//! assert_eq!(markup::both("passages", "passages"), "<span lang=\"fr\">passages</span><span lang=\"en\">passages</span>");
//! ```

/// Escapes text for HTML and SVG, in element content and in quoted attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes everything but unreserved characters (RFC 3986), UTF-8 bytewise.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The app's link to an entity page.
pub fn entity_href(id: &str) -> String {
    format!("#/entity/{}", encode(id))
}

/// The app's link to an article, scrolled to the byte offset `at` of its text
/// when given (the reader lands on the mention that starts there).
pub fn doc_href(id: &str, at: Option<usize>) -> String {
    match at {
        Some(at) => format!("#/doc/{}?at={at}", encode(id)),
        None => format!("#/doc/{}", encode(id)),
    }
}

/// Text in both interface languages, each in a span with its `lang`: the
/// app's style shows the one that matches `<html lang>`. The arguments are
/// markup (escape what comes from a document before).
pub fn both(fr: &str, en: &str) -> String {
    format!("<span lang=\"fr\">{fr}</span><span lang=\"en\">{en}</span>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_text_never_opens_markup() {
        for s in ["<script>alert(1)</script>", "\"><img src=x onerror=1>", "a'b", "&lt;"] {
            let e = escape(s);
            assert!(
                !e.contains('<') && !e.contains('>') && !e.contains('"') && !e.contains('\''),
                "{e}"
            );
        }
        assert_eq!(escape("&lt;"), "&amp;lt;");
    }

    #[test]
    fn encoded_ids_are_unreserved_ascii() {
        let e = encode("a b/c?d#é\"<");
        assert!(
            e.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)),
            "{e}"
        );
        assert_eq!(e, "a%20b%2Fc%3Fd%23%C3%A9%22%3C");
    }
}
