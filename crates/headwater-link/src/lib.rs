//! Cross-document linking: the corpus view of a set of analysed documents.
//!
//! - **Entities**: document entities and in-text alias definitions (`Full Name (ACRONYM)`,
//!   `also known as`) merged across documents by exact names, acronyms ↔ initials and
//!   transliteration-tolerant skeletons verified word by word (with guards for people who share
//!   a surname), plus a user alias file.
//! - **Works**: citations of the same report merged (url, outlet + date, authors + title, fuzzy
//!   titles); documents of the corpus that others cite are matched to their work.
//! - **Claims**: attributions that say the same thing, grouped with MinHash LSH (no all-pairs
//!   step), each with its root sources (chains followed to their deepest source, through the
//!   works passed), the count of independent roots and flags (`single_source`,
//!   `anonymous_root`, `circular`, `self_citation`).
//!
//! ```
//! use headwater_doc::Document;
//! let corpus = headwater_link::link(&[Document::new("a.txt", "Nothing here.".into())]);
//! assert!(corpus.claims.is_empty());
//! ```

mod claims;
pub mod entities;
pub mod entity_eval;
pub mod eval;
pub mod names;
mod unionfind;
mod works;

pub use entities::{alias_definitions, AliasEntry, AliasFile};

use headwater_doc::{Corpus, Document};

/// Errors reading linking inputs (the alias file).
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("cannot read alias file {path}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "alias file {path} is not valid TOML ([[entity]] name = \"…\" aliases = [\"…\"]): {reason}"
    )]
    Parse { path: String, reason: String },
}

impl AliasFile {
    /// Reads a TOML alias file.
    pub fn load(path: &std::path::Path) -> Result<AliasFile, LinkError> {
        let text = std::fs::read_to_string(path).map_err(|source| LinkError::Io {
            path: path.display().to_string(),
            source,
        })?;
        toml::from_str(&text).map_err(|e| LinkError::Parse {
            path: path.display().to_string(),
            reason: e.to_string(),
        })
    }
}

/// Links a corpus of analysed documents.
pub fn link(docs: &[Document]) -> Corpus {
    link_with(docs, &AliasFile::default())
}

/// Links a corpus, with user-supplied aliases.
pub fn link_with(docs: &[Document], aliases: &AliasFile) -> Corpus {
    // The three passes read the documents only, so they run side by side; each is
    // deterministic on its own, so the result does not depend on the threads.
    let ((entities, works), groups) = rayon::join(
        || {
            rayon::join(
                || entities::link_entities(docs, aliases),
                || works::link_works(docs),
            )
        },
        || claims::cluster(docs),
    );
    let claims = claims::claims(docs, groups, &entities, &works);
    Corpus {
        entities: entities.entities,
        works: works.works,
        claims,
    }
}
