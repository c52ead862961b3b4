//! The SQLite tables and the tantivy schema.

use crate::StoreError;
use rusqlite::{Connection, OptionalExtension};
use std::path::Path;
use tantivy::schema::{Field, Schema, FAST, INDEXED, STORED, STRING, TEXT};

/// Version of the table layout below; a store with another one is refused rather than misread.
const SCHEMA_VERSION: &str = "1";

const TABLES: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    key INTEGER PRIMARY KEY,
    origin TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL,
    input_hash TEXT NOT NULL,
    analysis_version TEXT NOT NULL,
    url TEXT, title TEXT, publisher TEXT, published TEXT,
    authors TEXT NOT NULL,
    words INTEGER NOT NULL,
    n_entities INTEGER NOT NULL, n_attributions INTEGER NOT NULL, n_citations INTEGER NOT NULL,
    text TEXT NOT NULL,
    contract_json TEXT NOT NULL,
    link_json TEXT NOT NULL,
    raw_kind TEXT NOT NULL,
    raw_meta TEXT NOT NULL,
    raw_content TEXT NOT NULL,
    indexed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS documents_doc_id ON documents(doc_id);
CREATE INDEX IF NOT EXISTS documents_pending ON documents(indexed) WHERE indexed = 0;
CREATE TABLE IF NOT EXISTS attributions (
    doc_key INTEGER NOT NULL REFERENCES documents(key) ON DELETE CASCADE,
    id TEXT NOT NULL,
    type TEXT NOT NULL,
    source TEXT, source_kind TEXT, source_entity TEXT, source_entity_name TEXT,
    cue TEXT,
    content TEXT NOT NULL,
    content_start INTEGER NOT NULL, content_end INTEGER NOT NULL,
    parent TEXT,
    citations TEXT NOT NULL,
    PRIMARY KEY (doc_key, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS attributions_entity ON attributions(source_entity_name);
CREATE TABLE IF NOT EXISTS entities (
    doc_key INTEGER NOT NULL REFERENCES documents(key) ON DELETE CASCADE,
    id TEXT NOT NULL,
    label TEXT NOT NULL,
    name TEXT NOT NULL,
    aliases TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (doc_key, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS citations (
    doc_key INTEGER NOT NULL REFERENCES documents(key) ON DELETE CASCADE,
    id TEXT NOT NULL,
    kind TEXT, marker TEXT, outlet TEXT, title TEXT, date TEXT, url TEXT,
    authors TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (doc_key, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS corpus_entities (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    name TEXT NOT NULL,
    n_documents INTEGER NOT NULL,
    json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS works (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    outlet TEXT, title TEXT, date TEXT,
    n_cited_by INTEGER NOT NULL,
    json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS claims (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL,
    n_members INTEGER NOT NULL,
    independent_sources INTEGER NOT NULL,
    flags TEXT NOT NULL,
    json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS work_citations (
    work_id TEXT NOT NULL, doc_id TEXT NOT NULL, citation TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS work_citations_doc ON work_citations(doc_id, citation);
CREATE TABLE IF NOT EXISTS claim_members (
    claim_id TEXT NOT NULL, doc_id TEXT NOT NULL, attribution TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS claim_members_claim ON claim_members(claim_id);
CREATE INDEX IF NOT EXISTS claim_members_doc ON claim_members(doc_id);
";

/// Meta keys.
pub(crate) const META_CORPUS_DIRTY: &str = "corpus_dirty";
pub(crate) const META_ENTITIES_INDEXED: &str = "entities_indexed";

/// Opens (creating) the database with the pragmas the crash-safety argument relies on.
pub(crate) fn open_sqlite(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // WAL: readers never block the writer, and a killed writer leaves a consistent database.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    let found: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'schema_version'",
            [],
            |r| r.get(0),
        )
        .optional()
        .or_else(|e| match e {
            // No meta table yet: a new store.
            rusqlite::Error::SqliteFailure(_, _) => Ok(None),
            e => Err(e),
        })?;
    match found {
        Some(v) if v != SCHEMA_VERSION => {
            return Err(StoreError::Schema {
                path: path.display().to_string(),
                found: v,
            })
        }
        _ => {}
    }
    conn.execute_batch(TABLES)?;
    conn.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?1)",
        [SCHEMA_VERSION],
    )?;
    Ok(conn)
}

/// Reads a meta flag (absent = false).
pub(crate) fn meta_flag(conn: &Connection, key: &str) -> Result<bool, StoreError> {
    let v: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?;
    Ok(v.as_deref() == Some("1"))
}

/// Sets a meta flag.
pub(crate) fn set_meta_flag(conn: &Connection, key: &str, value: bool) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, if value { "1" } else { "0" }],
    )?;
    Ok(())
}

/// After the index was (re)created empty: every stored row must be indexed again.
pub(crate) fn mark_all_unindexed(conn: &Connection) -> Result<(), StoreError> {
    conn.execute("UPDATE documents SET indexed = 0 WHERE indexed <> 0", [])?;
    set_meta_flag(conn, META_ENTITIES_INDEXED, false)
}

/// The tantivy fields. Field names are also the query syntax (`source:minister`).
#[derive(Clone, Copy)]
pub(crate) struct Fields {
    /// `document`, `attribution` or `entity`.
    pub kind: Field,
    /// The documents row key, for deleting every index entry of one document.
    pub doc_key: Field,
    pub doc_id: Field,
    /// `a3` for attributions, `E12` for corpus entities.
    pub item: Field,
    pub path: Field,
    pub title: Field,
    pub text: Field,
    pub publisher: Field,
    pub published: Field,
    /// Lowercased publisher, for the outlet filter.
    pub outlet: Field,
    /// `yyyymmdd` of the publication date, for date ranges.
    pub date: Field,
    pub source: Field,
    pub source_kind: Field,
    pub cue: Field,
    pub content: Field,
    pub attribution_type: Field,
    pub name: Field,
    pub aliases: Field,
    pub label: Field,
    /// Lowercased names and aliases of the entities involved, for the entity filter.
    pub entity: Field,
}

/// Builds the tantivy schema.
pub(crate) fn tantivy_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        kind: b.add_text_field("kind", STRING | STORED),
        doc_key: b.add_u64_field("doc_key", INDEXED | STORED),
        doc_id: b.add_text_field("doc_id", STRING | STORED),
        item: b.add_text_field("item", STRING | STORED),
        path: b.add_text_field("path", STRING | STORED),
        title: b.add_text_field("title", TEXT | STORED),
        text: b.add_text_field("text", TEXT),
        publisher: b.add_text_field("publisher", TEXT | STORED),
        published: b.add_text_field("published", STRING | STORED),
        outlet: b.add_text_field("outlet", STRING),
        date: b.add_i64_field("date", INDEXED | FAST),
        source: b.add_text_field("source", TEXT | STORED),
        source_kind: b.add_text_field("source_kind", STRING | STORED),
        cue: b.add_text_field("cue", TEXT | STORED),
        content: b.add_text_field("content", TEXT | STORED),
        attribution_type: b.add_text_field("type", STRING | STORED),
        name: b.add_text_field("name", TEXT | STORED),
        aliases: b.add_text_field("aliases", TEXT | STORED),
        label: b.add_text_field("label", STRING | STORED),
        entity: b.add_text_field("entity", STRING),
    };
    (b.build(), fields)
}

/// `2015-01-08…` → `20150108`; a partial date (`2015`, `2015-01`) becomes the first day of the
/// period, or with `upper` its last possible day (day 31 is fine for range comparisons).
pub(crate) fn date_number(s: &str, upper: bool) -> Option<i64> {
    let s = s.trim();
    let mut parts = s.get(..s.len().min(10))?.split('-');
    let year: i64 = parts.next()?.parse().ok()?;
    if !(0..=9999).contains(&year) {
        return None;
    }
    let (dm, dd) = if upper { (12, 31) } else { (1, 1) };
    let month: i64 = match parts.next() {
        Some(m) => m.parse().ok().filter(|m| (1..=12).contains(m))?,
        None => dm,
    };
    let day: i64 = match parts.next() {
        Some(d) => d.parse().ok().filter(|d| (1..=31).contains(d))?,
        None => dd,
    };
    Some(year * 10_000 + month * 100 + day)
}

#[cfg(test)]
mod tests {
    use super::date_number;

    #[test]
    fn dates() {
        assert_eq!(date_number("2015-01-08", false), Some(20150108));
        assert_eq!(date_number("2015-01-08T10:00:00Z", false), Some(20150108));
        assert_eq!(date_number("2015", false), Some(20150101));
        assert_eq!(date_number("2015-02", true), Some(20150231));
        assert_eq!(date_number("yesterday", false), None);
        assert_eq!(date_number("", false), None);
        assert_eq!(date_number("2015-13-01", false), None);
    }
}
