//! The store benchmark: ingest a folder, ingest it again unchanged, time searches.

use crate::{HitKind, SearchFilters, Store, StoreError};
use serde::Serialize;
use std::path::Path;
use std::time::Instant;

/// Measured numbers of [`bench()`].
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub documents: usize,
    /// First ingest into an empty store, seconds (includes linking).
    pub ingest_seconds: f64,
    /// Of which linking the corpus, analysing, writing SQLite and indexing, seconds.
    pub link_seconds: f64,
    pub analyse_seconds: f64,
    pub sqlite_seconds: f64,
    pub index_seconds: f64,
    /// Second ingest of the same inputs (nothing changed), seconds.
    pub reingest_seconds: f64,
    /// Search latencies over the query set, milliseconds.
    pub search_ms_median: f64,
    pub search_ms_p95: f64,
    pub search_ms_max: f64,
    pub searches: usize,
    pub store_bytes: u64,
    pub sqlite_bytes: u64,
    pub index_bytes: u64,
}

/// The queries timed by [`bench`], with the kinds they are restricted to.
pub const BENCH_QUERIES: &[(&str, &[HitKind])] = &[
    ("said", &[]),
    ("economy growth", &[]),
    ("\"prime minister\"", &[]),
    ("minister", &[HitKind::Attribution]),
    ("source:spokesman", &[HitKind::Attribution]),
    ("title:election", &[HitKind::Document]),
    ("market OR shares", &[]),
    ("music award", &[HitKind::Document]),
    ("london", &[HitKind::Entity]),
    ("", &[HitKind::Attribution]),
];

fn dir_size(p: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(p) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

/// Ingests `inputs` into a new store at `db` (which must not hold a store yet, so the first
/// ingest is a cold one), re-ingests them unchanged, then runs each query of `BENCH_QUERIES`
/// `rounds` times (limit 20).
pub fn bench(inputs: &[String], db: &Path, rounds: usize) -> Result<BenchReport, StoreError> {
    let mut store = Store::open(db)?;
    let t = Instant::now();
    let first = store.ingest(inputs, &|_| {})?;
    let ingest_seconds = t.elapsed().as_secs_f64();
    let t = Instant::now();
    store.ingest(inputs, &|_| {})?;
    let reingest_seconds = t.elapsed().as_secs_f64();
    let mut times = Vec::new();
    for _ in 0..rounds.max(1) {
        for (q, kinds) in BENCH_QUERIES {
            let filters = SearchFilters {
                kinds: kinds.to_vec(),
                ..SearchFilters::default()
            };
            let t = Instant::now();
            store.search(q, &filters, 20)?;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| {
        let i = ((times.len() as f64 - 1.0) * p).round() as usize;
        times.get(i).copied().unwrap_or(0.0)
    };
    Ok(BenchReport {
        documents: first.documents,
        ingest_seconds,
        link_seconds: first.link_seconds,
        analyse_seconds: first.analyse_seconds,
        sqlite_seconds: first.sqlite_seconds,
        index_seconds: first.index_seconds,
        reingest_seconds,
        search_ms_median: pct(0.5),
        search_ms_p95: pct(0.95),
        search_ms_max: times.last().copied().unwrap_or(0.0),
        searches: times.len(),
        store_bytes: dir_size(db),
        sqlite_bytes: std::fs::metadata(db.join("store.sqlite"))
            .map(|m| m.len())
            .unwrap_or(0),
        index_bytes: dir_size(&db.join("index")),
    })
}
