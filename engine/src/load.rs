//! Reading a corpus directory, by a rule a user can predict:
//!
//! - **Articles** are the files whose name ends in `.txt`, in any case
//!   (`a.txt`, `B.TXT`), with a name before the extension; a symbolic link
//!   to such a file is read as the file.
//! - **Text** is decoded from UTF-8 (a byte-order mark is dropped), UTF-16
//!   with a byte-order mark, or, when it is not valid UTF-8, Windows-1252 (a
//!   superset of Latin-1); the encoding is reported. Line ends are `\n`
//!   whatever the file used (`\r\n`, `\r`).
//! - `catalog.toml` and `entities.toml` describe the articles; **every other
//!   entry** (another file, a directory, a hidden `.txt` with no name) is
//!   listed as not read, with why.
//! - **A file that cannot be read** (unreadable, a broken or looping link, a
//!   name that is not UTF-8, binary content) stops the load with its name
//!   and reason, unless the caller asked to skip such files: then it is
//!   listed as skipped. Nothing is dropped without a line saying so.

use crate::catalog::{Catalog, CatalogError};
use crate::corpus::Corpus;
use crate::document::Document;
use crate::entities::{kb::KnowledgeBase, Recognizer};
use std::path::{Path, PathBuf};

/// Why a corpus directory could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A file or the directory could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// What was being read.
        path: PathBuf,
        /// The system's reason.
        source: std::io::Error,
    },
    /// An article cannot be read as text (and skipping was not asked for).
    #[error("{}: {reason} (use --skip-bad to skip such files)", path.display())]
    Unreadable {
        /// The article file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The catalog is malformed.
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    /// The catalog describes a file that is not in the directory.
    #[error("{}:{line}: the catalog describes {file}, which is not in {}", catalog.display(), dir.display())]
    UnknownFile {
        /// The catalog file.
        catalog: PathBuf,
        /// Line of the entry.
        line: usize,
        /// The file it names.
        file: String,
        /// The corpus directory.
        dir: PathBuf,
    },
    /// The directory holds no article.
    #[error("{} holds no .txt article", dir.display())]
    NoArticles {
        /// The corpus directory.
        dir: PathBuf,
    },
    /// Lines of a JSONL corpus that are not articles (and skipping was not
    /// asked for): every one, in order.
    #[error("{}(use --skip-bad to skip such lines)", lines.iter().map(|(line, reason)| format!("{}:{line}: {reason}\n", path.display())).collect::<String>())]
    BadLines {
        /// The JSONL file.
        path: PathBuf,
        /// Each bad line: its 1-based number and what is wrong.
        lines: Vec<(usize, String)>,
    },
    /// A JSONL corpus with no article line.
    #[error("{} holds no article (one JSON object per line, with a \"text\")", path.display())]
    NoLines {
        /// The JSONL file.
        path: PathBuf,
    },
}

/// Something the load did that the user should hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// An article was not UTF-8: decoded from this encoding.
    Decoded {
        /// The article file.
        path: PathBuf,
        /// The encoding's name ("windows-1252", "UTF-16LE").
        encoding: &'static str,
    },
    /// An entry of the directory that is not an article.
    NotAnArticle {
        /// The entry.
        path: PathBuf,
        /// Why it is not read.
        reason: &'static str,
    },
    /// An article that could not be read, skipped as asked.
    Skipped {
        /// The article file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A line of a JSONL corpus that is not an article, skipped as asked.
    SkippedLine {
        /// The JSONL file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// Why.
        reason: String,
    },
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Note::Decoded { path, encoding } => write!(f, "{}: read as {encoding} (not UTF-8)", path.display()),
            Note::NotAnArticle { path, reason } => write!(f, "{}: not read ({reason})", path.display()),
            Note::Skipped { path, reason } => write!(f, "{}: skipped ({reason})", path.display()),
            Note::SkippedLine { path, line, reason } => {
                write!(f, "{}:{line}: skipped ({reason})", path.display())
            }
        }
    }
}

/// How to load.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Skip articles that cannot be read (each listed as a [`Note::Skipped`])
    /// instead of failing.
    pub skip_bad: bool,
}

/// A loaded corpus and what the user should be told about the load.
#[derive(Debug)]
pub struct Loaded {
    /// The corpus.
    pub corpus: Corpus,
    /// Notes, in file-name order.
    pub notes: Vec<Note>,
}

/// Decodes an article's bytes: (text, the encoding when it was not UTF-8).
/// Refuses binary content (NUL bytes outside UTF-16).
pub fn decode_text(bytes: &[u8]) -> Result<(String, Option<&'static str>), String> {
    let (text, encoding) = if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        let name = (enc != encoding_rs::UTF_8).then(|| enc.name());
        (text.into_owned(), name)
    } else {
        match std::str::from_utf8(bytes) {
            Ok(t) => (t.to_owned(), None),
            Err(_) => {
                let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
                (text.into_owned(), Some(encoding_rs::WINDOWS_1252.name()))
            }
        }
    };
    if text.contains('\0') {
        return Err("binary content, not text".to_owned());
    }
    // One line end: "\n".
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    Ok((text, encoding))
}

/// Loads a corpus from `path`: a JSONL file when its name ends in `.jsonl`
/// (in any case, see [`crate::load_jsonl`]), else a directory (see
/// [`load_dir_with`]).
pub fn load_corpus(path: &Path, options: LoadOptions) -> Result<Loaded, LoadError> {
    if crate::jsonl::is_jsonl(path) {
        crate::jsonl::load_jsonl(path, options)
    } else {
        load_dir_with(path, options)
    }
}

/// Loads the corpus in `dir`, strictly: any article that cannot be read is
/// an error. See [`load_dir_with`] for the notes and for skipping.
pub fn load_dir(dir: &Path) -> Result<Corpus, LoadError> {
    load_dir_with(dir, LoadOptions::default()).map(|l| l.corpus)
}

/// Loads the corpus in `dir` by the module's rule. Files without a catalog
/// entry load with defaults (a title derived from their text, no
/// publication, no date). With an `entities.toml` knowledge base beside
/// them, entities are recognized too.
pub fn load_dir_with(dir: &Path, options: LoadOptions) -> Result<Loaded, LoadError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| LoadError::Io { path, source }
    };
    let catalog_path = dir.join("catalog.toml");
    let mut catalog = match std::fs::read_to_string(&catalog_path) {
        Ok(text) => Catalog::parse(&catalog_path, &text)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Catalog::default(),
        Err(e) => return Err(io(&catalog_path)(e)),
    };

    let mut notes = Vec::new();
    let mut files = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io(dir))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io(dir))?;
    entries.sort();
    let bad = |path: PathBuf, reason: String, notes: &mut Vec<Note>| {
        if options.skip_bad {
            notes.push(Note::Skipped { path, reason });
            Ok(())
        } else {
            Err(LoadError::Unreadable { path, reason })
        }
    };
    for path in entries {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if matches!(name.as_str(), "catalog.toml" | "entities.toml") {
            continue;
        }
        let is_txt = name.len() > 4
            && name.is_char_boundary(name.len() - 4)
            && name[name.len() - 4..].eq_ignore_ascii_case(".txt");
        if !is_txt {
            let reason = if name.eq_ignore_ascii_case(".txt") {
                "a .txt file needs a name before its extension"
            } else if path.is_dir() {
                "a directory"
            } else {
                "not a .txt file"
            };
            notes.push(Note::NotAnArticle { path, reason });
            continue;
        }
        if path.file_name().and_then(|n| n.to_str()).is_none() {
            bad(path, "its file name is not valid UTF-8".to_owned(), &mut notes)?;
            continue;
        }
        // Follows symbolic links; a broken or looping one fails here.
        match std::fs::metadata(&path) {
            Ok(m) if m.is_file() => files.push(path),
            Ok(_) => notes.push(Note::NotAnArticle {
                path,
                reason: "not a regular file",
            }),
            Err(e) => bad(path, format!("cannot be read: {e}"), &mut notes)?,
        }
    }
    if files.is_empty() {
        return Err(LoadError::NoArticles { dir: dir.to_owned() });
    }

    let mut docs = Vec::new();
    let mut ids = std::collections::BTreeMap::new();
    for path in files {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                bad(path, format!("cannot be read: {e}"), &mut notes)?;
                continue;
            }
        };
        let (text, encoding) = match decode_text(&bytes) {
            Ok(t) => t,
            Err(reason) => {
                bad(path, reason, &mut notes)?;
                continue;
            }
        };
        if let Some(encoding) = encoding {
            notes.push(Note::Decoded {
                path: path.clone(),
                encoding,
            });
        }
        let file = path.file_name().and_then(|f| f.to_str()).unwrap_or_default().to_owned();
        let id = file[..file.len() - 4].to_owned();
        // "a.txt" and "A.TXT" on a case-sensitive disk: one id would hide the other.
        if let Some(first) = ids.insert(id.to_lowercase(), file.clone()) {
            bad(path, format!("its id is the same as {first}'s"), &mut notes)?;
            continue;
        }
        let mut doc = Document::from_text(&id, &file, text);
        if let Some(entry) = catalog.entries.remove(&file) {
            doc.publication = entry.publication;
            doc.publication_certain = entry.publication_certain;
            doc.source = entry.source;
            doc.date = entry.date;
            doc.date_approximate = entry.date_approximate;
            doc.date_basis = entry.date_basis;
            doc.url = entry.url;
            if let Some(title) = entry.title {
                doc.title = title;
                doc.title_derived = entry.title_derived;
            }
            doc.relayout(entry.credit.as_deref());
        }
        docs.push(doc);
    }
    if docs.is_empty() {
        return Err(LoadError::NoArticles { dir: dir.to_owned() });
    }
    if let Some((file, entry)) = catalog.entries.into_iter().next() {
        return Err(LoadError::UnknownFile {
            catalog: catalog_path,
            line: entry.line,
            file,
            dir: dir.to_owned(),
        });
    }
    let kb_path = dir.join("entities.toml");
    let corpus = match std::fs::read_to_string(&kb_path) {
        Ok(text) => Corpus::annotated(docs, &Recognizer::new(KnowledgeBase::parse(&kb_path, &text)?)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Corpus::new(docs),
        Err(e) => return Err(io(&kb_path)(e)),
    };
    Ok(Loaded { corpus, notes })
}

#[cfg(test)]
mod tests {
    use super::decode_text;

    #[test]
    fn encodings_are_decoded_and_reported() {
        assert_eq!(decode_text("\u{feff}Été".as_bytes()).unwrap(), ("Été".to_owned(), None));
        assert_eq!(
            decode_text(b"\xc9t\xe9").unwrap(),
            ("Été".to_owned(), Some("windows-1252"))
        );
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("Été".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_text(&utf16).unwrap(), ("Été".to_owned(), Some("UTF-16LE")));
        assert_eq!(decode_text(b"a\rb\r\nc").unwrap().0, "a\nb\nc");
        assert!(decode_text(b"\x00\x01binary").is_err());
    }
}
