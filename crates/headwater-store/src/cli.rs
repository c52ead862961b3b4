//! Thin entry points for the `headwater ingest` and `headwater search` subcommands.

use crate::{IngestOptions, IngestReport, SearchFilters, Store, StoreError};
use std::io::Write;
use std::path::Path;

/// How `run_search` prints its results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// One line per hit.
    #[default]
    Text,
    /// The [`crate::SearchResults`] object.
    Json,
}

fn io_err(e: std::io::Error) -> StoreError {
    StoreError::Io {
        path: "<output>".to_string(),
        source: e,
    }
}

/// `headwater ingest PATH... [--db DIR]`: ingests into the store at `db` (default
/// [`crate::DEFAULT_DIR`]) and writes a one-paragraph summary to `out`. Failed inputs are listed
/// but do not make the ingest fail; the caller decides the exit status from the report.
pub fn run_ingest(
    paths: &[String],
    db: Option<&Path>,
    options: &IngestOptions,
    out: &mut dyn Write,
) -> Result<IngestReport, StoreError> {
    let db = db.unwrap_or(Path::new(crate::DEFAULT_DIR));
    let mut store = Store::open(db)?;
    let report = store.ingest_with(paths, options, &|_| {})?;
    for f in &report.failures {
        writeln!(out, "failed: {}: {}", f.origin, f.reason).map_err(io_err)?;
    }
    writeln!(
        out,
        "{} records read: {} analysed ({} re-analysed after a version change), {} unchanged, {} failed; \
         store {} now holds {} documents, {} corpus entities, {} works, {} claims ({:.2} s{})",
        report.records,
        report.analysed,
        report.reanalysed,
        report.unchanged,
        report.failures.len(),
        db.display(),
        report.documents,
        report.corpus_entities,
        report.works,
        report.claims,
        report.seconds,
        if report.relinked {
            format!(", linking {:.2} s", report.link_seconds)
        } else {
            String::new()
        }
    )
    .map_err(io_err)?;
    Ok(report)
}

/// `headwater search QUERY [--db DIR] [--kind …] [--format json|text]`: searches the store at
/// `db` and prints the hits. Returns the number of hits printed.
pub fn run_search(
    query: &str,
    db: Option<&Path>,
    filters: &SearchFilters,
    limit: usize,
    format: OutputFormat,
    out: &mut dyn Write,
) -> Result<usize, StoreError> {
    let db = db.unwrap_or(Path::new(crate::DEFAULT_DIR));
    if !db.join("store.sqlite").exists() {
        return Err(StoreError::Io {
            path: db.display().to_string(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no store here (run `headwater ingest PATH --db DIR` first)",
            ),
        });
    }
    let store = Store::open(db)?;
    let results = store.search(query, filters, limit)?;
    match format {
        OutputFormat::Json => {
            serde_json::to_writer(&mut *out, &results)?;
            writeln!(out).map_err(io_err)?;
        }
        OutputFormat::Text => {
            for h in &results.hits {
                let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
                let head = match h.kind {
                    crate::HitKind::Document => format!(
                        "document {} {}",
                        h.document.as_deref().unwrap_or(""),
                        h.title.as_deref().or(h.path.as_deref()).unwrap_or("")
                    ),
                    crate::HitKind::Attribution => format!(
                        "attribution {}/{} {} [{}] —{}→",
                        h.document.as_deref().unwrap_or(""),
                        h.attribution.as_deref().unwrap_or(""),
                        h.source.as_deref().unwrap_or("(unknown source)"),
                        h.source_kind.as_deref().unwrap_or(""),
                        h.cue.as_deref().unwrap_or("")
                    ),
                    crate::HitKind::Entity => format!(
                        "entity {} {} [{}]",
                        h.entity.as_deref().unwrap_or(""),
                        h.name.as_deref().unwrap_or(""),
                        h.label.as_deref().unwrap_or("")
                    ),
                };
                writeln!(out, "{:6.2}  {}", h.score, one_line(&head)).map_err(io_err)?;
                if !h.snippet.text.is_empty() {
                    writeln!(out, "        {}", one_line(&h.snippet.text)).map_err(io_err)?;
                }
            }
            writeln!(
                out,
                "{} of {} matches ({:.1} ms)",
                results.hits.len(),
                results.total,
                results.took_ms
            )
            .map_err(io_err)?;
        }
    }
    Ok(results.hits.len())
}
