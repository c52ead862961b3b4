//! The headwater store: analysed documents and the linked corpus kept on disk, searchable.
//!
//! A store is a directory (default `./headwater-db/`) holding
//! - `store.sqlite`: documents (metadata, the JSON-contract form of each document, the raw input
//!   record it came from), their attributions, entities and citations, and the linked corpus
//!   (entities, works, claims). WAL mode; every batch of documents is one transaction.
//! - `index/`: a tantivy full-text index over documents, attributions and corpus entities.
//!
//! **Incremental.** [`Store::ingest`] hashes each raw input record together with
//! [`headwater::VERSION`] and [`PIPELINE_VERSION`]; records whose hash is already stored for the
//! same origin are skipped. When either version changes, every stored document is re-analysed
//! from its stored raw record, so no input has to be read again.
//!
//! **Crash safety.** SQLite is the source of truth. Documents are committed with `indexed = 0`,
//! indexed into tantivy, and only marked `indexed = 1` after the tantivy commit; the corpus is
//! marked dirty in the same transaction that changes documents and clean once the new corpus is
//! stored. A store killed at any point opens again, and the next ingest finishes whatever the
//! markers say is pending (re-indexing is delete-then-add, so repeating it is harmless).
//!
//! ```no_run
//! let mut store = headwater_store::Store::open("headwater-db")?;
//! let report = store.ingest(&["articles/".to_string()], &|_| {})?;
//! println!("{} analysed, {} unchanged", report.analysed, report.unchanged);
//! let hits = store.search("reservoir", &headwater_store::SearchFilters::default(), 10)?;
//! println!("{}", serde_json::to_string(&hits)?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod bench;
mod cli;
mod index;
mod ingest;
mod read;
mod schema;
mod search;

pub use bench::{bench, BenchReport};
pub use cli::{run_ingest, run_search, OutputFormat};
pub use ingest::{IngestOptions, IngestProgress, IngestReport};
pub use read::{
    AttributionRow, CitationRow, ClaimRow, DocumentSummary, EntityDetail, EntityRow, ListQuery,
    StoreStats, Trace, TraceMember,
};
pub use search::{HitKind, SearchFilters, SearchHit, SearchResults, Snippet};

use std::path::{Path, PathBuf};

/// Bumped whenever the analysis changes without a change of [`headwater::VERSION`]; stored
/// documents analysed under another version are re-analysed on the next ingest.
pub const PIPELINE_VERSION: &str = "1";

/// The store directory used when none is given.
pub const DEFAULT_DIR: &str = "headwater-db";

/// Errors from the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("cannot open the search index: {0}")]
    OpenIndex(#[from] tantivy::directory::error::OpenDirectoryError),
    #[error("JSON error: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot build the pipeline: {0}")]
    Pipeline(#[from] headwater::PipelineError),
    #[error("invalid query: {0}")]
    InvalidQuery(String),
    #[error("store {path} was written by an incompatible store schema version {found}")]
    Schema { path: String, found: String },
}

/// An open store. Reading methods take `&self`; [`Store::ingest`] needs `&mut self`.
///
/// Opening does not take the tantivy writer lock, so any number of processes may read a store
/// while one ingests into it.
pub struct Store {
    dir: PathBuf,
    conn: rusqlite::Connection,
    index: tantivy::Index,
    reader: tantivy::IndexReader,
    fields: schema::Fields,
}

impl Store {
    /// Opens the store in `dir`, creating the directory, `store.sqlite` and `index/` when absent.
    pub fn open(dir: impl AsRef<Path>) -> Result<Store, StoreError> {
        let dir = dir.as_ref().to_path_buf();
        let io = |path: &Path| {
            let path = path.display().to_string();
            move |source| StoreError::Io { path, source }
        };
        std::fs::create_dir_all(&dir).map_err(io(&dir))?;
        let conn = schema::open_sqlite(&dir.join("store.sqlite"))?;
        let index_dir = dir.join("index");
        std::fs::create_dir_all(&index_dir).map_err(io(&index_dir))?;
        let (tantivy_schema, fields) = schema::tantivy_schema();
        let mmap = tantivy::directory::MmapDirectory::open(&index_dir)?;
        let fresh = !tantivy::Index::exists(&mmap).map_err(tantivy::TantivyError::from)?;
        let index = tantivy::Index::open_or_create(mmap, tantivy_schema)?;
        if fresh {
            // A new (or deleted) index next to existing rows: everything must be indexed again.
            schema::mark_all_unindexed(&conn)?;
        }
        let reader = index
            .reader_builder()
            .reload_policy(tantivy::ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(Store {
            dir,
            conn,
            index,
            reader,
            fields,
        })
    }

    /// The store directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// FNV-1a over several parts separated by a byte that never occurs in UTF-8, so that
/// `("ab", "c")` and `("a", "bc")` hash differently.
pub(crate) fn hash_parts(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut len: u64 = 0;
    for part in parts {
        for &b in part.as_bytes().iter().chain(std::iter::once(&0xffu8)) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        len += part.len() as u64;
    }
    format!("{h:016x}-{len:x}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn hash_parts_separates() {
        assert_ne!(
            super::hash_parts(&["ab", "c"]),
            super::hash_parts(&["a", "bc"])
        );
        assert_eq!(super::hash_parts(&["x"]), super::hash_parts(&["x"]));
    }
}
