//! Reading a corpus directory: every `*.txt` file, plus `catalog.toml` when present.

use crate::catalog::{Catalog, CatalogError};
use crate::document::{Corpus, Document};
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
    /// An article is not UTF-8 text.
    #[error("{} is not UTF-8 text (byte {offset})", path.display())]
    NotUtf8 {
        /// The article file.
        path: PathBuf,
        /// Offset of the first invalid byte.
        offset: usize,
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
}

/// Loads the corpus in `dir`. Files without a catalog entry load with defaults
/// (a title derived from their text, no publication, no date). With an
/// `entities.toml` knowledge base beside them, entities are recognized too.
pub fn load_dir(dir: &Path) -> Result<Corpus, LoadError> {
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

    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let path = entry.map_err(io(dir))?.path();
        if path.extension().is_some_and(|e| e == "txt") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(LoadError::NoArticles { dir: dir.to_owned() });
    }

    let mut docs = Vec::new();
    for path in files {
        let bytes = std::fs::read(&path).map_err(io(&path))?;
        let text = String::from_utf8(bytes).map_err(|e| LoadError::NotUtf8 {
            offset: e.utf8_error().valid_up_to(),
            path: path.clone(),
        })?;
        let file = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let id = file.strip_suffix(".txt").unwrap_or(&file).to_owned();
        let mut doc = Document::from_text(&id, &file, text);
        if let Some(entry) = catalog.entries.remove(&file) {
            doc.publication = entry.publication;
            doc.publication_certain = entry.publication_certain;
            doc.source = entry.source;
            doc.date = entry.date;
            doc.date_approximate = entry.date_approximate;
            doc.date_basis = entry.date_basis;
            if let Some(title) = entry.title {
                doc.title = title;
                doc.title_derived = entry.title_derived;
            }
            doc.relayout(entry.credit.as_deref());
        }
        docs.push(doc);
    }
    if let Some((file, entry)) = catalog.entries.into_iter().next() {
        return Err(LoadError::UnknownFile {
            catalog: catalog_path,
            line: entry.line,
            file,
            dir: dir.to_owned(),
        });
    }
    let mut corpus = Corpus::new(docs);
    let kb_path = dir.join("entities.toml");
    match std::fs::read_to_string(&kb_path) {
        Ok(text) => corpus.annotate(&Recognizer::new(KnowledgeBase::parse(&kb_path, &text)?)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(&kb_path)(e)),
    }
    Ok(corpus)
}
