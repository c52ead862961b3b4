//! Reading the store: lists and details in JSON-able shapes (the API's payloads).

use crate::{Store, StoreError};
use headwater_doc::{ClaimCluster, CorpusEntity, Work};
use rusqlite::{params, OptionalExtension, Row};
use serde::Serialize;

/// Paging and simple filters for the list methods. Fields a list does not use are ignored.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub offset: usize,
    /// At most this many rows; 0 means the default (50). Capped at 1,000.
    pub limit: usize,
    /// Case-insensitive substring of the title or path (documents), name (entities), text
    /// (claims) or title/outlet (works).
    pub q: Option<String>,
    /// Entity label (`PERSON`, `ORG`, …).
    pub label: Option<String>,
    /// Claim flag (`single_source`, `anonymous_root`, `circular`, …).
    pub flag: Option<String>,
    /// Claims with at least this many member statements.
    pub min_members: Option<usize>,
}

impl ListQuery {
    fn limit(&self) -> i64 {
        match self.limit {
            0 => 50,
            n => n.min(1000) as i64,
        }
    }
    fn offset(&self) -> i64 {
        self.offset.min(i64::MAX as usize) as i64
    }
    /// A LIKE pattern, with the wildcards of the user's text escaped.
    fn like(&self) -> String {
        let q = self.q.as_deref().unwrap_or("");
        let mut out = String::with_capacity(q.len() + 2);
        out.push('%');
        for c in q.chars() {
            if matches!(c, '%' | '_' | '\\') {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('%');
        out
    }
}

/// Counts of what the store holds.
#[derive(Debug, Clone, Serialize)]
pub struct StoreStats {
    pub documents: usize,
    pub attributions: usize,
    pub entities: usize,
    pub citations: usize,
    pub corpus_entities: usize,
    pub works: usize,
    pub claims: usize,
    /// Documents stored but not yet in the search index (non-zero only after an interrupted
    /// ingest; the next ingest indexes them).
    pub pending_index: usize,
    /// Whether the corpus must be re-linked (an ingest was interrupted before linking).
    pub corpus_dirty: bool,
}

/// One document in a list.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentSummary {
    pub id: String,
    pub path: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub published: Option<String>,
    pub words: i64,
    pub entities: i64,
    pub attributions: i64,
    pub citations: i64,
}

const DOC_COLUMNS: &str = "doc_id, origin, url, title, authors, publisher, published, words,
    n_entities, n_attributions, n_citations";

fn doc_summary(r: &Row) -> rusqlite::Result<DocumentSummary> {
    let authors: String = r.get(4)?;
    Ok(DocumentSummary {
        id: r.get(0)?,
        path: r.get(1)?,
        url: r.get(2)?,
        title: r.get(3)?,
        authors: serde_json::from_str(&authors).unwrap_or_default(),
        publisher: r.get(5)?,
        published: r.get(6)?,
        words: r.get(7)?,
        entities: r.get(8)?,
        attributions: r.get(9)?,
        citations: r.get(10)?,
    })
}

/// One corpus entity in a list.
#[derive(Debug, Clone, Serialize)]
pub struct EntityRow {
    pub id: String,
    pub label: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// Number of documents mentioning it.
    pub documents: i64,
}

/// A corpus entity with its documents and the statements attributed to it.
#[derive(Debug, Clone, Serialize)]
pub struct EntityDetail {
    pub entity: CorpusEntity,
    pub documents: Vec<DocumentSummary>,
    pub attributions: Vec<AttributionRow>,
}

/// One attribution, flattened, with the id of its document.
#[derive(Debug, Clone, Serialize)]
pub struct AttributionRow {
    pub document: String,
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub source: Option<String>,
    pub source_kind: Option<String>,
    /// Document-level entity id (`e3`) of the source.
    pub source_entity: Option<String>,
    pub source_entity_name: Option<String>,
    pub cue: Option<String>,
    pub content: String,
    /// Code point offsets of the content in the document text.
    pub start: i64,
    pub end: i64,
    pub parent: Option<String>,
    pub citations: Vec<String>,
}

const ATT_COLUMNS: &str = "d.doc_id, a.id, a.type, a.source, a.source_kind, a.source_entity,
    a.source_entity_name, a.cue, a.content, a.content_start, a.content_end, a.parent, a.citations";

fn att_row(r: &Row) -> rusqlite::Result<AttributionRow> {
    let citations: String = r.get(12)?;
    Ok(AttributionRow {
        document: r.get(0)?,
        id: r.get(1)?,
        kind: r.get(2)?,
        source: r.get(3)?,
        source_kind: r.get(4)?,
        source_entity: r.get(5)?,
        source_entity_name: r.get(6)?,
        cue: r.get(7)?,
        content: r.get(8)?,
        start: r.get(9)?,
        end: r.get(10)?,
        parent: r.get(11)?,
        citations: serde_json::from_str(&citations).unwrap_or_default(),
    })
}

/// One citation, flattened, with its document and the work it was merged into.
#[derive(Debug, Clone, Serialize)]
pub struct CitationRow {
    pub document: String,
    pub id: String,
    pub kind: Option<String>,
    pub marker: Option<String>,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub authors: Vec<String>,
    pub text: String,
    pub work: Option<String>,
}

/// One claim in a list.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimRow {
    pub id: String,
    pub text: String,
    pub members: i64,
    pub independent_sources: i64,
    pub flags: Vec<String>,
}

/// A claim followed from every statement down to its root sources.
#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    pub claim: ClaimCluster,
    pub members: Vec<TraceMember>,
    /// The works the claim passes through: cited by a member or on a root source's path.
    pub works: Vec<Work>,
}

/// One statement of a traced claim.
#[derive(Debug, Clone, Serialize)]
pub struct TraceMember {
    pub document: Option<DocumentSummary>,
    pub attribution: Option<AttributionRow>,
    pub citations: Vec<CitationRow>,
}

impl Store {
    /// Counts of everything stored.
    pub fn stats(&self) -> Result<StoreStats, StoreError> {
        let count = |table: &str| -> Result<usize, StoreError> {
            let n: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            Ok(n as usize)
        };
        let pending: i64 = self.conn.query_row(
            "SELECT count(*) FROM documents WHERE indexed = 0",
            [],
            |r| r.get(0),
        )?;
        Ok(StoreStats {
            documents: count("documents")?,
            attributions: count("attributions")?,
            entities: count("entities")?,
            citations: count("citations")?,
            corpus_entities: count("corpus_entities")?,
            works: count("works")?,
            claims: count("claims")?,
            pending_index: pending as usize,
            corpus_dirty: crate::schema::meta_flag(&self.conn, crate::schema::META_CORPUS_DIRTY)?,
        })
    }

    /// Documents ordered by path.
    pub fn documents(&self, q: &ListQuery) -> Result<Vec<DocumentSummary>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {DOC_COLUMNS} FROM documents
             WHERE (?1 = '%%' OR title LIKE ?1 ESCAPE '\\' OR origin LIKE ?1 ESCAPE '\\')
             ORDER BY origin LIMIT ?2 OFFSET ?3"
        ))?;
        let rows = stmt.query_map(params![q.like(), q.limit(), q.offset()], doc_summary)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn doc_key(&self, id: &str) -> Result<Option<i64>, StoreError> {
        // Identical texts share an id; they were analysed identically, so the first one stands
        // for all. A path (origin) is accepted too, for documents that share an id.
        Ok(self
            .conn
            .query_row(
                "SELECT key FROM documents WHERE doc_id = ?1 OR origin = ?1 ORDER BY key LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// A document's summary, by id (`d-…`) or path.
    pub fn document_summary(&self, id: &str) -> Result<Option<DocumentSummary>, StoreError> {
        let Some(key) = self.doc_key(id)? else {
            return Ok(None);
        };
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {DOC_COLUMNS} FROM documents WHERE key = ?1"),
                [key],
                doc_summary,
            )
            .optional()?)
    }

    /// A document in the JSON contract's shape (code point offsets), as serialized JSON text.
    pub fn document_json(&self, id: &str) -> Result<Option<String>, StoreError> {
        let Some(key) = self.doc_key(id)? else {
            return Ok(None);
        };
        Ok(self
            .conn
            .query_row(
                "SELECT contract_json FROM documents WHERE key = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Every document sharing an id (duplicates of one text under several paths).
    pub fn document_paths(&self, id: &str) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT origin FROM documents WHERE doc_id = ?1 ORDER BY origin")?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Corpus entities, most documents first.
    pub fn entities(&self, q: &ListQuery) -> Result<Vec<EntityRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT json FROM corpus_entities
             WHERE (?1 = '%%' OR name LIKE ?1 ESCAPE '\\' OR json LIKE ?1 ESCAPE '\\')
               AND (?2 IS NULL OR label = ?2)
             ORDER BY n_documents DESC, seq LIMIT ?3 OFFSET ?4",
        )?;
        let rows = stmt.query_map(params![q.like(), q.label, q.limit(), q.offset()], |r| {
            r.get::<_, String>(0)
        })?;
        let mut out = Vec::new();
        for json in rows {
            let e: CorpusEntity = serde_json::from_str(&json?)?;
            out.push(EntityRow {
                id: e.id,
                label: e.label.as_str().to_string(),
                name: e.name,
                aliases: e.aliases,
                documents: e.documents.len() as i64,
            });
        }
        Ok(out)
    }

    /// A corpus entity, by id (`E12`).
    pub fn corpus_entity(&self, id: &str) -> Result<Option<CorpusEntity>, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT json FROM corpus_entities WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        Ok(match json {
            Some(j) => Some(serde_json::from_str(&j)?),
            None => None,
        })
    }

    /// A corpus entity with its documents and what it is quoted as saying (at most 500).
    pub fn entity(&self, id: &str) -> Result<Option<EntityDetail>, StoreError> {
        let Some(entity) = self.corpus_entity(id)? else {
            return Ok(None);
        };
        let mut documents = Vec::new();
        let mut attributions = Vec::new();
        let mut names: Vec<&str> = vec![entity.name.as_str()];
        names.extend(entity.aliases.iter().map(String::as_str));
        let mut att = self.conn.prepare_cached(&format!(
            "SELECT {ATT_COLUMNS} FROM attributions a JOIN documents d ON d.key = a.doc_key
             WHERE d.key = ?1 AND a.source_entity_name = ?2"
        ))?;
        for doc_id in &entity.documents {
            let Some(key) = self.doc_key(doc_id)? else {
                continue;
            };
            if let Some(s) = self.document_summary(doc_id)? {
                documents.push(s);
            }
            for name in &names {
                if attributions.len() >= 500 {
                    break;
                }
                let rows = att.query_map(params![key, name], att_row)?;
                for r in rows {
                    attributions.push(r?);
                }
            }
        }
        Ok(Some(EntityDetail {
            entity,
            documents,
            attributions,
        }))
    }

    /// Claims, most statements first.
    pub fn claims(&self, q: &ListQuery) -> Result<Vec<ClaimRow>, StoreError> {
        let flag = q
            .flag
            .as_ref()
            .map(|f| format!("%\"{}\"%", f.replace('"', "")));
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, text, n_members, independent_sources, flags FROM claims
             WHERE (?1 = '%%' OR text LIKE ?1 ESCAPE '\\')
               AND (?2 IS NULL OR flags LIKE ?2) AND n_members >= ?3
             ORDER BY n_members DESC, seq LIMIT ?4 OFFSET ?5",
        )?;
        let rows = stmt.query_map(
            params![
                q.like(),
                flag,
                q.min_members.unwrap_or(1) as i64,
                q.limit(),
                q.offset()
            ],
            |r| {
                let flags: String = r.get(4)?;
                Ok(ClaimRow {
                    id: r.get(0)?,
                    text: r.get(1)?,
                    members: r.get(2)?,
                    independent_sources: r.get(3)?,
                    flags: serde_json::from_str(&flags).unwrap_or_default(),
                })
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A claim cluster, by id (`K3`).
    pub fn claim(&self, id: &str) -> Result<Option<ClaimCluster>, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT json FROM claims WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        Ok(match json {
            Some(j) => Some(serde_json::from_str(&j)?),
            None => None,
        })
    }

    /// Cited works, most cited first.
    pub fn works(&self, q: &ListQuery) -> Result<Vec<Work>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT json FROM works
             WHERE (?1 = '%%' OR title LIKE ?1 ESCAPE '\\' OR outlet LIKE ?1 ESCAPE '\\')
             ORDER BY n_cited_by DESC, seq LIMIT ?2 OFFSET ?3",
        )?;
        let rows = stmt.query_map(params![q.like(), q.limit(), q.offset()], |r| {
            r.get::<_, String>(0)
        })?;
        let mut out = Vec::new();
        for json in rows {
            out.push(serde_json::from_str(&json?)?);
        }
        Ok(out)
    }

    /// A cited work, by id (`W2`).
    pub fn work(&self, id: &str) -> Result<Option<Work>, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT json FROM works WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        Ok(match json {
            Some(j) => Some(serde_json::from_str(&j)?),
            None => None,
        })
    }

    /// The attributions of a document, in text order.
    pub fn attributions_of(&self, doc_id: &str) -> Result<Vec<AttributionRow>, StoreError> {
        let Some(key) = self.doc_key(doc_id)? else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ATT_COLUMNS} FROM attributions a JOIN documents d ON d.key = a.doc_key
             WHERE a.doc_key = ?1 ORDER BY a.content_start"
        ))?;
        let rows = stmt.query_map([key], att_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn attribution(&self, key: i64, id: &str) -> Result<Option<AttributionRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ATT_COLUMNS} FROM attributions a JOIN documents d ON d.key = a.doc_key
             WHERE a.doc_key = ?1 AND a.id = ?2"
        ))?;
        Ok(stmt.query_row(params![key, id], att_row).optional()?)
    }

    fn citation(
        &self,
        key: i64,
        doc_id: &str,
        id: &str,
    ) -> Result<Option<CitationRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.kind, c.marker, c.outlet, c.title, c.date, c.url, c.authors, c.text,
                (SELECT work_id FROM work_citations w WHERE w.doc_id = ?2 AND w.citation = c.id
                 LIMIT 1)
             FROM citations c WHERE c.doc_key = ?1 AND c.id = ?3",
        )?;
        Ok(stmt
            .query_row(params![key, doc_id, id], |r| {
                let authors: String = r.get(7)?;
                Ok(CitationRow {
                    document: doc_id.to_string(),
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    marker: r.get(2)?,
                    outlet: r.get(3)?,
                    title: r.get(4)?,
                    date: r.get(5)?,
                    url: r.get(6)?,
                    authors: serde_json::from_str(&authors).unwrap_or_default(),
                    text: r.get(8)?,
                    work: r.get(9)?,
                })
            })
            .optional()?)
    }

    /// A claim with each statement's document, attribution and citations, and the works on the
    /// way to its root sources.
    pub fn trace(&self, claim_id: &str) -> Result<Option<Trace>, StoreError> {
        let Some(claim) = self.claim(claim_id)? else {
            return Ok(None);
        };
        let mut members = Vec::with_capacity(claim.members.len());
        let mut work_ids: Vec<String> = Vec::new();
        for m in &claim.members {
            let key = self.doc_key(&m.document)?;
            let document = self.document_summary(&m.document)?;
            let attribution = match key {
                Some(k) => self.attribution(k, &m.attribution)?,
                None => None,
            };
            let mut citations = Vec::new();
            if let (Some(k), Some(a)) = (key, &attribution) {
                for c in &a.citations {
                    if let Some(row) = self.citation(k, &m.document, c)? {
                        work_ids.extend(row.work.clone());
                        citations.push(row);
                    }
                }
            }
            members.push(TraceMember {
                document,
                attribution,
                citations,
            });
        }
        for r in &claim.root_sources {
            work_ids.extend(r.via.iter().cloned());
        }
        let mut seen = std::collections::HashSet::new();
        let mut works = Vec::new();
        for id in work_ids {
            if seen.insert(id.clone()) {
                if let Some(w) = self.work(&id)? {
                    works.push(w);
                }
            }
        }
        Ok(Some(Trace {
            claim,
            members,
            works,
        }))
    }

    /// Claims that a document takes part in.
    pub fn claims_of(&self, doc_id: &str) -> Result<Vec<ClaimRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT k.id, k.text, k.n_members, k.independent_sources, k.flags, k.seq
             FROM claim_members m JOIN claims k ON k.id = m.claim_id
             WHERE m.doc_id = ?1 ORDER BY k.seq",
        )?;
        let rows = stmt.query_map([doc_id], |r| {
            let flags: String = r.get(4)?;
            Ok(ClaimRow {
                id: r.get(0)?,
                text: r.get(1)?,
                members: r.get(2)?,
                independent_sources: r.get(3)?,
                flags: serde_json::from_str(&flags).unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
