//! Keeping the tantivy index in step with SQLite.
//!
//! The index is always rebuilt from SQLite rows (never from in-memory analysis results), so the
//! normal path and the repair after a crash are the same code.

use crate::schema::{self, date_number, META_ENTITIES_INDEXED};
use crate::{Store, StoreError};
use headwater_doc::CorpusEntity;
use rusqlite::params;
use std::collections::HashMap;
use tantivy::{IndexWriter, TantivyDocument, Term};

/// Writer heap: enough for large batches, small next to the pipeline's own memory.
const WRITER_HEAP: usize = 64 * 1024 * 1024;

impl Store {
    fn writer<'w>(
        &self,
        writer: &'w mut Option<IndexWriter>,
    ) -> Result<&'w mut IndexWriter, StoreError> {
        if writer.is_none() {
            let threads = std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
                .clamp(1, 4);
            *writer = Some(self.index.writer_with_num_threads(threads, WRITER_HEAP)?);
        }
        match writer {
            Some(w) => Ok(w),
            // Unreachable: filled just above.
            None => Err(StoreError::InvalidQuery("index writer unavailable".into())),
        }
    }

    /// Indexes every document row with `indexed = 0` (and its attributions), commits the index,
    /// then marks the rows indexed. Returns how many documents it indexed.
    pub(crate) fn index_pending(
        &mut self,
        writer: &mut Option<IndexWriter>,
    ) -> Result<usize, StoreError> {
        let mut total = 0;
        loop {
            let n = self.index_pending_chunk(writer)?;
            if n == 0 {
                return Ok(total);
            }
            total += n;
        }
    }

    /// One chunk of [`Store::index_pending`], so that rebuilding a large index never holds
    /// every text in memory at once.
    fn index_pending_chunk(
        &mut self,
        writer: &mut Option<IndexWriter>,
    ) -> Result<usize, StoreError> {
        let f = self.fields;
        let docs: Vec<DocRow> = {
            let mut stmt = self.conn.prepare(
                "SELECT key, doc_id, origin, title, publisher, published, text
                 FROM documents WHERE indexed = 0 LIMIT 2000",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(DocRow {
                    key: r.get(0)?,
                    doc_id: r.get(1)?,
                    path: r.get(2)?,
                    title: r.get(3)?,
                    publisher: r.get(4)?,
                    published: r.get(5)?,
                    text: r.get(6)?,
                })
            })?;
            rows.collect::<Result<_, _>>()?
        };
        if docs.is_empty() {
            return Ok(0);
        }
        let w = self.writer(writer)?;
        let mut ent_stmt = self
            .conn
            .prepare_cached("SELECT name, aliases FROM entities WHERE doc_key = ?1")?;
        let mut att_stmt = self.conn.prepare_cached(
            "SELECT id, type, source, source_kind, source_entity_name, cue, content
             FROM attributions WHERE doc_key = ?1",
        )?;
        for d in &docs {
            let key = d.key as u64;
            w.delete_term(Term::from_field_u64(f.doc_key, key));
            let mut names: Vec<String> = Vec::new();
            let rows = ent_stmt.query_map([d.key], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })?;
            for row in rows {
                let (name, aliases) = row?;
                names.push(name.to_lowercase());
                let aliases: Vec<String> = serde_json::from_str(&aliases).unwrap_or_default();
                names.extend(aliases.iter().map(|a| a.to_lowercase()));
            }
            names.sort();
            names.dedup();
            let common = |doc: &mut TantivyDocument, kind: &str| {
                doc.add_text(f.kind, kind);
                doc.add_u64(f.doc_key, key);
                doc.add_text(f.doc_id, &d.doc_id);
                doc.add_text(f.path, &d.path);
                if let Some(t) = &d.title {
                    doc.add_text(f.title, t);
                }
                if let Some(p) = &d.publisher {
                    doc.add_text(f.publisher, p);
                    doc.add_text(f.outlet, p.to_lowercase());
                }
                if let Some(p) = &d.published {
                    doc.add_text(f.published, p);
                    if let Some(n) = date_number(p, false) {
                        doc.add_i64(f.date, n);
                    }
                }
            };
            let mut doc = TantivyDocument::default();
            common(&mut doc, "document");
            doc.add_text(f.text, &d.text);
            for n in &names {
                doc.add_text(f.entity, n);
            }
            w.add_document(doc)?;
            let rows = att_stmt.query_map([d.key], |r| {
                Ok(AttRow {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    source: r.get(2)?,
                    source_kind: r.get(3)?,
                    entity_name: r.get(4)?,
                    cue: r.get(5)?,
                    content: r.get(6)?,
                })
            })?;
            for row in rows {
                let a = row?;
                let mut doc = TantivyDocument::default();
                common(&mut doc, "attribution");
                doc.add_text(f.item, &a.id);
                doc.add_text(f.attribution_type, &a.kind);
                if let Some(s) = &a.source {
                    doc.add_text(f.source, s);
                }
                if let Some(s) = &a.source_kind {
                    doc.add_text(f.source_kind, s);
                }
                if let Some(c) = &a.cue {
                    doc.add_text(f.cue, c);
                }
                doc.add_text(f.content, &a.content);
                // The entity filter on attributions means "said by", so only the source counts.
                if let Some(n) = &a.entity_name {
                    doc.add_text(f.entity, n.to_lowercase());
                }
                w.add_document(doc)?;
            }
        }
        w.commit()?;
        drop(ent_stmt);
        drop(att_stmt);
        let tx = self.conn.transaction()?;
        {
            let mut mark = tx.prepare("UPDATE documents SET indexed = 1 WHERE key = ?1")?;
            for d in &docs {
                mark.execute(params![d.key])?;
            }
        }
        tx.commit()?;
        self.reader.reload()?;
        Ok(docs.len())
    }

    /// Replaces every corpus-entity entry of the index with the stored corpus entities.
    pub(crate) fn index_entities(
        &mut self,
        writer: &mut Option<IndexWriter>,
    ) -> Result<usize, StoreError> {
        let f = self.fields;
        let entities: Vec<CorpusEntity> = {
            let mut stmt = self
                .conn
                .prepare("SELECT json FROM corpus_entities ORDER BY seq")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            let mut out = Vec::new();
            for json in rows {
                out.push(serde_json::from_str(&json?)?);
            }
            out
        };
        let w = self.writer(writer)?;
        w.delete_term(Term::from_field_text(f.kind, "entity"));
        for e in &entities {
            let mut doc = TantivyDocument::default();
            doc.add_text(f.kind, "entity");
            doc.add_text(f.item, &e.id);
            doc.add_text(f.name, &e.name);
            doc.add_text(f.aliases, e.aliases.join(" · "));
            doc.add_text(f.label, e.label.as_str());
            doc.add_text(f.entity, e.name.to_lowercase());
            for a in &e.aliases {
                doc.add_text(f.entity, a.to_lowercase());
            }
            w.add_document(doc)?;
        }
        w.commit()?;
        schema::set_meta_flag(&self.conn, META_ENTITIES_INDEXED, true)?;
        self.reader.reload()?;
        Ok(entities.len())
    }

    /// Counts of index entries per kind (for consistency checks and the stats endpoint).
    pub fn index_counts(&self) -> Result<HashMap<String, usize>, StoreError> {
        let searcher = self.reader.searcher();
        let mut out = HashMap::new();
        for kind in ["document", "attribution", "entity"] {
            let q = tantivy::query::TermQuery::new(
                Term::from_field_text(self.fields.kind, kind),
                tantivy::schema::IndexRecordOption::Basic,
            );
            out.insert(
                kind.to_string(),
                searcher.search(&q, &tantivy::collector::Count)?,
            );
        }
        Ok(out)
    }
}

struct DocRow {
    key: i64,
    doc_id: String,
    path: String,
    title: Option<String>,
    publisher: Option<String>,
    published: Option<String>,
    text: String,
}

struct AttRow {
    id: String,
    kind: String,
    source: Option<String>,
    source_kind: Option<String>,
    entity_name: Option<String>,
    cue: Option<String>,
    content: String,
}
