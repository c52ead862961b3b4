//! Incremental ingest: read, skip unchanged, analyse in parallel, store per batch, re-link.

use crate::schema::{self, META_CORPUS_DIRTY, META_ENTITIES_INDEXED};
use crate::{hash_parts, Store, StoreError, PIPELINE_VERSION};
use headwater::Failure;
use headwater_doc::{Corpus, Document, OffsetMap};
use headwater_ingest::{Content, RawArticle};
use rayon::prelude::*;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::sync::mpsc;
use std::time::Instant;

/// How to ingest.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Documents per SQLite transaction and tantivy commit. Smaller batches lose less work to
    /// a crash; larger ones commit less often.
    pub batch_size: usize,
    /// User-supplied aliases for corpus entity linking.
    pub aliases: headwater_link::AliasFile,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            batch_size: 512,
            aliases: headwater_link::AliasFile::default(),
        }
    }
}

/// Progress events, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub enum IngestProgress {
    /// A record was read and found unchanged.
    Unchanged,
    /// A record was read and will be analysed.
    Queued,
    /// One document was analysed.
    Analysed,
    /// A batch of `documents` was committed (SQLite and the index).
    Committed { documents: usize },
    /// The corpus is being re-linked over `documents` stored documents.
    Linking { documents: usize },
}

/// What an ingest did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IngestReport {
    /// Records read from the inputs (articles; a JSONL file holds many).
    pub records: usize,
    /// Records skipped because the same record was stored under the same versions.
    pub unchanged: usize,
    /// Documents analysed and stored (new, changed, or re-analysed after a version change).
    pub analysed: usize,
    /// Of `analysed`, stored documents re-analysed from their stored raw record because they
    /// were analysed by another version.
    pub reanalysed: usize,
    /// Inputs or records that could not be read or analysed.
    #[serde(serialize_with = "ser_failures")]
    pub failures: Vec<Failure>,
    /// Documents re-indexed because an earlier run stopped between the database and the index.
    pub repaired: usize,
    /// Whether the corpus was linked again.
    pub relinked: bool,
    /// Documents in the store after the ingest.
    pub documents: usize,
    pub corpus_entities: usize,
    pub works: usize,
    pub claims: usize,
    /// Wall-clock seconds of the whole ingest, and of the linking step.
    pub seconds: f64,
    pub link_seconds: f64,
    /// Seconds spent analysing (wall clock of the parallel sections, which overlap the
    /// writes), writing SQLite, and indexing, summed over batches.
    pub analyse_seconds: f64,
    pub sqlite_seconds: f64,
    pub index_seconds: f64,
}

fn ser_failures<S: serde::Serializer>(f: &[Failure], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = s.serialize_seq(Some(f.len()))?;
    for x in f {
        seq.serialize_element(&serde_json::json!({"origin": x.origin, "reason": x.reason}))?;
    }
    seq.end()
}

/// The raw record as stored, so a version change can re-analyse without the input files.
#[derive(Serialize, Deserialize, Default)]
struct RawMeta {
    url: Option<String>,
    title: Option<String>,
    authors: Vec<String>,
    publisher: Option<String>,
    published: Option<String>,
    #[serde(default)]
    warnings: Vec<String>,
}

/// One record to analyse.
struct Pending {
    raw: RawArticle,
    hash: String,
    /// Re-analysis of a stored document (version change) rather than a read input.
    stale: bool,
}

/// Everything stored for one analysed document.
struct Analysed {
    origin: String,
    hash: String,
    doc: Document,
    contract_json: String,
    link_json: String,
    raw_kind: &'static str,
    raw_meta: String,
    raw_content: String,
}

fn content_parts(c: &Content) -> (&'static str, &str) {
    match c {
        Content::Text(t) => ("text", t),
        Content::Markdown(t) => ("markdown", t),
        Content::Html(t) => ("html", t),
    }
}

/// The change-detection hash: the record and both versions.
fn record_hash(raw: &RawArticle) -> String {
    let (kind, content) = content_parts(&raw.content);
    let authors = raw.authors.join("\u{1f}");
    hash_parts(&[
        headwater::VERSION,
        PIPELINE_VERSION,
        &raw.origin,
        raw.url.as_deref().unwrap_or("\u{0}"),
        raw.title.as_deref().unwrap_or("\u{0}"),
        &authors,
        raw.publisher.as_deref().unwrap_or("\u{0}"),
        raw.published.as_deref().unwrap_or("\u{0}"),
        kind,
        content,
    ])
}

fn analysis_version() -> String {
    format!("{}+{}", headwater::VERSION, PIPELINE_VERSION)
}

/// Cleans, annotates and serializes one record. A panic inside a pipeline stage becomes a
/// failure of this record instead of ending the ingest.
fn analyse(pipeline: &headwater::Pipeline, p: Pending) -> Result<Analysed, Failure> {
    let origin = p.raw.origin.clone();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let (raw_kind, content) = content_parts(&p.raw.content);
        let raw_content = content.to_string();
        let raw_meta = RawMeta {
            url: p.raw.url.clone(),
            title: p.raw.title.clone(),
            authors: p.raw.authors.clone(),
            publisher: p.raw.publisher.clone(),
            published: p.raw.published.clone(),
            warnings: p.raw.warnings.clone(),
        };
        let mut doc = headwater_ingest::clean(p.raw);
        pipeline.annotate(&mut doc);
        // The JSON contract and the linker never read the token layers.
        doc.tokens = Vec::new();
        doc.sentences = Vec::new();
        doc.syntax = Vec::new();
        doc.lemma_arena = String::new();
        let contract_json = serde_json::to_string(&headwater::output::OutDocument::new(&doc))?;
        // The text is stored once, in its own column; the link form leaves it out.
        let text = std::mem::take(&mut doc.text);
        let link_json = serde_json::to_string(&doc);
        doc.text = text;
        Ok::<_, serde_json::Error>(Analysed {
            origin: doc.path.clone(),
            hash: p.hash,
            contract_json,
            link_json: link_json?,
            raw_kind,
            raw_meta: serde_json::to_string(&raw_meta)?,
            raw_content,
            doc,
        })
    }));
    match result {
        Ok(Ok(a)) => Ok(a),
        Ok(Err(e)) => Err(Failure {
            origin,
            reason: format!("cannot serialize the analysis: {e}"),
        }),
        Err(_) => Err(Failure {
            origin,
            reason: "the analysis panicked (a bug: please report it with this input)".to_string(),
        }),
    }
}

/// One analysed batch, on its way to the writer.
struct AnalysedBatch {
    ok: Vec<Analysed>,
    failures: Vec<Failure>,
    stale: usize,
    seconds: f64,
}

enum Item {
    Record(Box<Pending>),
    Failed(Failure),
}

impl Store {
    /// Ingests files or directories (anything `headwater analyze` reads) with default options.
    pub fn ingest(
        &mut self,
        paths: &[String],
        progress: &(dyn Fn(IngestProgress) + Sync),
    ) -> Result<IngestReport, StoreError> {
        self.ingest_with(paths, &IngestOptions::default(), progress)
    }

    /// Ingests files or directories: new and changed records are analysed and stored, unchanged
    /// ones skipped, then the corpus is re-linked if anything changed.
    ///
    /// Documents are keyed by origin (path, or `path#record`); ingesting a path again replaces
    /// what was stored for it. Nothing is ever deleted by an ingest.
    pub fn ingest_with(
        &mut self,
        paths: &[String],
        options: &IngestOptions,
        progress: &(dyn Fn(IngestProgress) + Sync),
    ) -> Result<IngestReport, StoreError> {
        let start = Instant::now();
        let mut report = IngestReport::default();
        let (inputs, errors) = headwater_ingest::expand_inputs(paths);
        report.failures.extend(errors.into_iter().map(|e| Failure {
            origin: e.origin().to_string(),
            reason: e.to_string(),
        }));

        let known = self.known_hashes()?;
        let stale = self.stale_records()?;
        let batch_size = options.batch_size.max(1);
        let mut writer: Option<tantivy::IndexWriter> = None;

        // Finish what a killed run left between the database and the index.
        report.repaired = self.index_pending(&mut writer)?;

        let (tx, rx) = mpsc::sync_channel::<Item>(batch_size * 2);
        let records = std::sync::atomic::AtomicUsize::new(0);
        let unchanged = std::sync::atomic::AtomicUsize::new(0);
        let result: Result<(), StoreError> = std::thread::scope(|scope| {
            let known = &known;
            let (records, unchanged) = (&records, &unchanged);
            scope.spawn(move || {
                let mut seen: HashSet<String> = HashSet::new();
                for input in &inputs {
                    headwater_ingest::read_input(input, &mut |item| {
                        let item = match item {
                            Ok(raw) => {
                                records.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                let hash = record_hash(&raw);
                                seen.insert(raw.origin.clone());
                                if known.get(&raw.origin) == Some(&hash) {
                                    unchanged.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                    progress(IngestProgress::Unchanged);
                                    return;
                                }
                                progress(IngestProgress::Queued);
                                Item::Record(Box::new(Pending {
                                    raw,
                                    hash,
                                    stale: false,
                                }))
                            }
                            Err(e) => Item::Failed(Failure {
                                origin: e.origin().to_string(),
                                reason: e.to_string(),
                            }),
                        };
                        // A send error means the consumer stopped on an error; stop sending.
                        let _ = tx.send(item);
                    });
                }
                for raw in stale {
                    if seen.contains(&raw.origin) {
                        continue;
                    }
                    let hash = record_hash(&raw);
                    progress(IngestProgress::Queued);
                    if tx
                        .send(Item::Record(Box::new(Pending {
                            raw,
                            hash,
                            stale: true,
                        })))
                        .is_err()
                    {
                        return;
                    }
                }
            });
            // Analysis runs one batch ahead of the writes: while batch N is written to SQLite
            // and indexed, batch N + 1 is analysed on the rayon pool.
            let (btx, brx) = mpsc::sync_channel::<Result<AnalysedBatch, StoreError>>(1);
            scope.spawn(move || {
                let mut pipeline: Option<headwater::Pipeline> = None;
                let mut rx = rx.into_iter().peekable();
                while rx.peek().is_some() {
                    let mut batch: Vec<Pending> = Vec::with_capacity(batch_size);
                    let mut failures = Vec::new();
                    for item in rx.by_ref() {
                        match item {
                            Item::Record(p) => batch.push(*p),
                            Item::Failed(f) => failures.push(f),
                        }
                        if batch.len() >= batch_size {
                            break;
                        }
                    }
                    // Models load only once there is something to analyse.
                    if !batch.is_empty() && pipeline.is_none() {
                        match headwater::Pipeline::standard() {
                            Ok(p) => pipeline = Some(p),
                            Err(e) => {
                                let _ = btx.send(Err(e.into()));
                                return;
                            }
                        }
                    }
                    let t = Instant::now();
                    let stale = batch.iter().filter(|p| p.stale).count();
                    let mut ok = Vec::with_capacity(batch.len());
                    if let Some(pl) = pipeline.as_ref() {
                        let analysed: Vec<Result<Analysed, Failure>> = batch
                            .into_par_iter()
                            .map(|p| {
                                let r = analyse(pl, p);
                                progress(IngestProgress::Analysed);
                                r
                            })
                            .collect();
                        for r in analysed {
                            match r {
                                Ok(a) => ok.push(a),
                                Err(f) => failures.push(f),
                            }
                        }
                    }
                    let msg = AnalysedBatch {
                        ok,
                        failures,
                        stale,
                        seconds: t.elapsed().as_secs_f64(),
                    };
                    // A send error means the writer stopped on an error; stop analysing.
                    if btx.send(Ok(msg)).is_err() {
                        return;
                    }
                }
            });
            for msg in brx {
                let b = msg?;
                report.failures.extend(b.failures);
                report.reanalysed += b.stale;
                report.analysed += b.ok.len();
                report.analyse_seconds += b.seconds;
                if b.ok.is_empty() {
                    continue;
                }
                let t = Instant::now();
                self.store_batch(&b.ok)?;
                report.sqlite_seconds += t.elapsed().as_secs_f64();
                let t = Instant::now();
                self.index_pending(&mut writer)?;
                report.index_seconds += t.elapsed().as_secs_f64();
                progress(IngestProgress::Committed {
                    documents: b.ok.len(),
                });
            }
            Ok(())
        });
        result?;
        report.records = records.into_inner();
        report.unchanged = unchanged.into_inner();

        if schema::meta_flag(&self.conn, META_CORPUS_DIRTY)? {
            let t = Instant::now();
            self.relink(&options.aliases, progress)?;
            report.relinked = true;
            report.link_seconds = t.elapsed().as_secs_f64();
        }
        if !schema::meta_flag(&self.conn, META_ENTITIES_INDEXED)? {
            self.index_entities(&mut writer)?;
        }
        drop(writer);
        if report.analysed > 0 {
            // After a large write the WAL file stays at its largest size; fold it back.
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        self.reader.reload()?;
        let stats = self.stats()?;
        report.documents = stats.documents;
        report.corpus_entities = stats.corpus_entities;
        report.works = stats.works;
        report.claims = stats.claims;
        report.seconds = start.elapsed().as_secs_f64();
        Ok(report)
    }

    /// Origin → stored input hash.
    fn known_hashes(&self) -> Result<HashMap<String, String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT origin, input_hash FROM documents")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Raw records of documents analysed by another version.
    fn stale_records(&self) -> Result<Vec<RawArticle>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT origin, raw_kind, raw_meta, raw_content FROM documents
             WHERE analysis_version <> ?1 ORDER BY origin",
        )?;
        let rows = stmt.query_map([analysis_version()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (origin, kind, meta, content) = row?;
            let meta: RawMeta = serde_json::from_str(&meta).unwrap_or_default();
            let content = match kind.as_str() {
                "markdown" => Content::Markdown(content),
                "html" => Content::Html(content),
                _ => Content::Text(content),
            };
            let mut raw = RawArticle::new(origin, content);
            raw.url = meta.url;
            raw.title = meta.title;
            raw.authors = meta.authors;
            raw.publisher = meta.publisher;
            raw.published = meta.published;
            raw.warnings = meta.warnings;
            out.push(raw);
        }
        Ok(out)
    }

    /// Stores one batch in one transaction, marking the corpus dirty in the same transaction.
    fn store_batch(&mut self, batch: &[Analysed]) -> Result<(), StoreError> {
        if batch.is_empty() {
            return Ok(());
        }
        let version = analysis_version();
        let tx = self.conn.transaction()?;
        {
            let mut upsert = tx.prepare_cached(
                "INSERT INTO documents (origin, doc_id, input_hash, analysis_version, url, title,
                    publisher, published, authors, words, n_entities, n_attributions, n_citations,
                    text, contract_json, link_json, raw_kind, raw_meta, raw_content, indexed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                    ?17, ?18, ?19, 0)
                 ON CONFLICT(origin) DO UPDATE SET doc_id = excluded.doc_id,
                    input_hash = excluded.input_hash, analysis_version = excluded.analysis_version,
                    url = excluded.url, title = excluded.title, publisher = excluded.publisher,
                    published = excluded.published, authors = excluded.authors,
                    words = excluded.words, n_entities = excluded.n_entities,
                    n_attributions = excluded.n_attributions, n_citations = excluded.n_citations,
                    text = excluded.text, contract_json = excluded.contract_json,
                    link_json = excluded.link_json, raw_kind = excluded.raw_kind,
                    raw_meta = excluded.raw_meta, raw_content = excluded.raw_content, indexed = 0
                 RETURNING key",
            )?;
            let mut del_a = tx.prepare_cached("DELETE FROM attributions WHERE doc_key = ?1")?;
            let mut del_e = tx.prepare_cached("DELETE FROM entities WHERE doc_key = ?1")?;
            let mut del_c = tx.prepare_cached("DELETE FROM citations WHERE doc_key = ?1")?;
            let mut ins_a = tx.prepare_cached(
                "INSERT INTO attributions (doc_key, id, type, source, source_kind, source_entity,
                    source_entity_name, cue, content, content_start, content_end, parent, citations)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?;
            let mut ins_e = tx.prepare_cached(
                "INSERT INTO entities (doc_key, id, label, name, aliases, mentions)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut ins_c = tx.prepare_cached(
                "INSERT INTO citations (doc_key, id, kind, marker, outlet, title, date, url,
                    authors, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            for a in batch {
                let d = &a.doc;
                let key: i64 = upsert.query_row(
                    params![
                        a.origin,
                        d.id,
                        a.hash,
                        version,
                        d.url,
                        d.title,
                        d.publisher,
                        d.published,
                        serde_json::to_string(&d.authors)?,
                        d.word_count() as i64,
                        d.entities.len() as i64,
                        d.attributions.len() as i64,
                        d.citations.len() as i64,
                        d.text,
                        a.contract_json,
                        a.link_json,
                        a.raw_kind,
                        a.raw_meta,
                        a.raw_content,
                    ],
                    |r| r.get(0),
                )?;
                del_a.execute([key])?;
                del_e.execute([key])?;
                del_c.execute([key])?;
                let map = OffsetMap::new(&d.text);
                for (i, at) in d.attributions.iter().enumerate() {
                    let source = at.source.as_ref();
                    let entity = source
                        .and_then(|s| s.entity)
                        .and_then(|e| d.entities.get(e as usize));
                    let citations: Vec<String> =
                        at.citations.iter().map(|c| format!("c{}", c + 1)).collect();
                    ins_a.execute(params![
                        key,
                        format!("a{}", i + 1),
                        at.kind.as_str(),
                        source.map(|s| d.slice(s.span)),
                        source.map(|s| s.kind.as_str()),
                        source.and_then(|s| s.entity).map(|e| format!("e{}", e + 1)),
                        entity.map(|e| e.name.as_str()),
                        at.cue.map(|c| d.slice(c)),
                        d.slice(at.content),
                        map.char_offset(at.content.start),
                        map.char_offset(at.content.end),
                        at.parent.map(|p| format!("a{}", p + 1)),
                        serde_json::to_string(&citations)?,
                    ])?;
                }
                for (i, e) in d.entities.iter().enumerate() {
                    ins_e.execute(params![
                        key,
                        format!("e{}", i + 1),
                        e.label.as_str(),
                        e.name,
                        serde_json::to_string(&e.aliases)?,
                        e.mentions.len() as i64,
                    ])?;
                }
                for (i, c) in d.citations.iter().enumerate() {
                    ins_c.execute(params![
                        key,
                        format!("c{}", i + 1),
                        c.kind.map(|k| serde_json::to_value(k)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))),
                        c.marker,
                        c.outlet,
                        c.title,
                        c.date,
                        c.url,
                        serde_json::to_string(&c.authors)?,
                        c.text,
                    ])?;
                }
            }
        }
        schema::set_meta_flag(&tx, META_CORPUS_DIRTY, true)?;
        tx.commit()?;
        Ok(())
    }

    /// Links every stored document and replaces the stored corpus.
    fn relink(
        &mut self,
        aliases: &headwater_link::AliasFile,
        progress: &(dyn Fn(IngestProgress) + Sync),
    ) -> Result<(), StoreError> {
        let rows: Vec<(String, String)> = {
            let mut stmt = self
                .conn
                .prepare("SELECT link_json, text FROM documents ORDER BY origin")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        progress(IngestProgress::Linking {
            documents: rows.len(),
        });
        let docs: Vec<Document> = rows
            .into_par_iter()
            .map(|(json, text)| {
                let mut doc: Document = serde_json::from_str(&json)?;
                doc.text = text;
                Ok(doc)
            })
            .collect::<Result<_, serde_json::Error>>()?;
        let corpus = headwater_link::link_with(&docs, aliases);
        drop(docs);
        self.store_corpus(&corpus)
    }

    fn store_corpus(&mut self, corpus: &Corpus) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "DELETE FROM corpus_entities; DELETE FROM works; DELETE FROM claims;
             DELETE FROM work_citations; DELETE FROM claim_members;",
        )?;
        {
            let mut ins = tx.prepare(
                "INSERT INTO corpus_entities (id, label, name, n_documents, json)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for e in &corpus.entities {
                ins.execute(params![
                    e.id,
                    e.label.as_str(),
                    e.name,
                    e.documents.len() as i64,
                    serde_json::to_string(e)?
                ])?;
            }
            let mut ins = tx.prepare(
                "INSERT INTO works (id, outlet, title, date, n_cited_by, json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for w in &corpus.works {
                ins.execute(params![
                    w.id,
                    w.outlet,
                    w.title,
                    w.date,
                    w.cited_by.len() as i64,
                    serde_json::to_string(w)?
                ])?;
            }
            let mut ins = tx.prepare(
                "INSERT INTO work_citations (work_id, doc_id, citation) VALUES (?1, ?2, ?3)",
            )?;
            for w in &corpus.works {
                for c in &w.cited_by {
                    ins.execute(params![w.id, c.document, c.citation])?;
                }
            }
            let mut ins = tx.prepare(
                "INSERT INTO claim_members (claim_id, doc_id, attribution) VALUES (?1, ?2, ?3)",
            )?;
            for k in &corpus.claims {
                for m in &k.members {
                    ins.execute(params![k.id, m.document, m.attribution])?;
                }
            }
            let mut ins = tx.prepare(
                "INSERT INTO claims (id, text, n_members, independent_sources, flags, json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for k in &corpus.claims {
                ins.execute(params![
                    k.id,
                    k.text,
                    k.members.len() as i64,
                    k.independent_sources,
                    serde_json::to_string(&k.flags)?,
                    serde_json::to_string(k)?
                ])?;
            }
        }
        schema::set_meta_flag(&tx, META_CORPUS_DIRTY, false)?;
        schema::set_meta_flag(&tx, META_ENTITIES_INDEXED, false)?;
        tx.commit()?;
        Ok(())
    }
}
