//! End-to-end tests of the store: ingest, incremental re-ingest, version change, search, reads,
//! and recovery after the ingesting process is killed with SIGKILL.

use headwater_store::{HitKind, IngestOptions, ListQuery, SearchFilters, Store};
use std::path::Path;

/// Writes `n` small articles of my own making into `dir`.
fn write_articles(dir: &Path, n: usize) -> Vec<String> {
    std::fs::create_dir_all(dir).unwrap();
    let mut paths = Vec::new();
    for i in 0..n {
        let p = dir.join(format!("article-{i:04}.txt"));
        let text = format!(
            "Harbor council reviews ferry timetable {i}\n\n\
             The ferry service will add a morning crossing from the north pier, \
             the harbor council said on Tuesday.\n\n\
             \"We expect about {} more passengers a week,\" said Dana Whitlock, the council's \
             transport officer.\n\n\
             According to the port authority, the new timetable starts in spring.\n",
            100 + i
        );
        std::fs::write(&p, text).unwrap();
        paths.push(p.display().to_string());
    }
    paths
}

#[test]
fn ingest_reingest_search_and_read() {
    let tmp = tempfile::tempdir().unwrap();
    let articles = tmp.path().join("articles");
    write_articles(&articles, 5);
    // Edge cases that must not fail the ingest: empty, garbage, markup in the text.
    std::fs::write(articles.join("empty.txt"), "").unwrap();
    std::fs::write(
        articles.join("garbage.txt"),
        "\u{0}\u{1}“““ ]]] ((( \u{202e}",
    )
    .unwrap();
    std::fs::write(articles.join("bad-utf8.txt"), [0x66u8, 0xff, 0xfe, 0x41]).unwrap();
    let db = tmp.path().join("db");
    let mut store = Store::open(&db).unwrap();
    let input = vec![articles.display().to_string()];

    let first = store.ingest(&input, &|_| {}).unwrap();
    assert!(first.analysed >= 5, "{first:?}");
    // The empty file is reported, not stored.
    assert!(first
        .failures
        .iter()
        .any(|f| f.origin.ends_with("empty.txt")));
    assert_eq!(first.unchanged, 0);
    assert!(first.relinked);
    assert_eq!(first.documents, first.analysed);

    let second = store.ingest(&input, &|_| {}).unwrap();
    assert_eq!(second.analysed, 0, "{second:?}");
    assert_eq!(second.unchanged, first.analysed);
    assert!(!second.relinked);
    assert_eq!(second.documents, first.documents);

    // One changed file: only it is analysed again, and the corpus is re-linked.
    std::fs::write(
        articles.join("article-0002.txt"),
        "Ferry fares unchanged\n\nThe fares stay the same, a spokeswoman for the port said.\n",
    )
    .unwrap();
    let third = store.ingest(&input, &|_| {}).unwrap();
    assert_eq!(third.analysed, 1, "{third:?}");
    assert!(third.relinked);
    assert_eq!(third.documents, first.documents);

    let stats = store.stats().unwrap();
    assert_eq!(stats.pending_index, 0);
    assert!(!stats.corpus_dirty);
    assert!(stats.attributions > 0, "{stats:?}");
    let counts = store.index_counts().unwrap();
    assert_eq!(counts["document"], stats.documents);
    assert_eq!(counts["attribution"], stats.attributions);
    assert_eq!(counts["entity"], stats.corpus_entities);

    // Search: documents, attributions, filters, snippets.
    let all = store
        .search("ferry", &SearchFilters::default(), 50)
        .unwrap();
    assert!(all.total >= 5, "{all:?}");
    let doc_hit = all
        .hits
        .iter()
        .find(|h| h.kind == HitKind::Document)
        .unwrap();
    assert!(doc_hit.snippet.text.to_lowercase().contains("ferry"));
    assert!(!doc_hit.snippet.highlights.is_empty());
    let only_attr = SearchFilters {
        kinds: vec![HitKind::Attribution],
        ..SearchFilters::default()
    };
    let attrs = store.search("passengers", &only_attr, 10).unwrap();
    assert!(!attrs.hits.is_empty());
    assert!(attrs.hits.iter().all(|h| h.kind == HitKind::Attribution));
    assert!(attrs.hits[0]
        .content
        .as_deref()
        .unwrap()
        .contains("passengers"));
    let listed = store.search("", &only_attr, 1000).unwrap();
    assert_eq!(listed.total, stats.attributions);
    // Bad syntax and bad dates are errors, not panics.
    assert!(store
        .search("title:(", &SearchFilters::default(), 10)
        .is_err());
    let bad_date = SearchFilters {
        date_from: Some("soon".into()),
        ..SearchFilters::default()
    };
    assert!(store.search("ferry", &bad_date, 10).is_err());
    let dated = SearchFilters {
        date_from: Some("2001".into()),
        date_to: Some("2002-06".into()),
        ..SearchFilters::default()
    };
    assert_eq!(store.search("ferry", &dated, 10).unwrap().total, 0);
    for q in ["\"", "AND", "((((", "-", "*", "a:b:c", "ünïcödé “quotes”"] {
        let _ = store.search(q, &SearchFilters::default(), 10);
    }

    // Reads.
    let docs = store.documents(&ListQuery::default()).unwrap();
    assert_eq!(docs.len(), stats.documents);
    let d = docs.iter().find(|d| d.attributions > 0).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&store.document_json(&d.id).unwrap().unwrap()).unwrap();
    assert_eq!(json["id"], d.id.as_str());
    assert!(json["attributions"].as_array().is_some());
    // By path, too.
    assert!(store.document_json(&d.path).unwrap().is_some());
    assert!(store.document_json("d-nothere").unwrap().is_none());
    assert!(!store.attributions_of(&d.id).unwrap().is_empty());
    let ents = store.entities(&ListQuery::default()).unwrap();
    if let Some(e) = ents.first() {
        let detail = store.entity(&e.id).unwrap().unwrap();
        assert!(!detail.documents.is_empty());
        let by_entity = SearchFilters {
            entity: Some(e.id.clone()),
            ..SearchFilters::default()
        };
        assert!(store.search("", &by_entity, 10).unwrap().total > 0);
    }
    let claims = store.claims(&ListQuery::default()).unwrap();
    if let Some(k) = claims.first() {
        let trace = store.trace(&k.id).unwrap().unwrap();
        assert_eq!(trace.members.len() as i64, k.members);
        assert!(trace.members.iter().all(|m| m.attribution.is_some()));
    }
    assert!(store.trace("K999999").unwrap().is_none());
    let _ = store.works(&ListQuery::default()).unwrap();
}

#[test]
fn version_change_reanalyses_everything_from_stored_records() {
    let tmp = tempfile::tempdir().unwrap();
    let articles = tmp.path().join("articles");
    let paths = write_articles(&articles, 4);
    let db = tmp.path().join("db");
    let mut store = Store::open(&db).unwrap();
    let first = store.ingest(&paths, &|_| {}).unwrap();
    assert_eq!(first.analysed, 4);
    drop(store);
    // Pretend an older pipeline wrote the store; the inputs are gone.
    let conn = rusqlite::Connection::open(db.join("store.sqlite")).unwrap();
    conn.execute("UPDATE documents SET analysis_version = 'old'", [])
        .unwrap();
    drop(conn);
    std::fs::remove_dir_all(&articles).unwrap();
    let mut store = Store::open(&db).unwrap();
    let again = store.ingest(&[], &|_| {}).unwrap();
    assert_eq!(again.reanalysed, 4, "{again:?}");
    assert_eq!(again.analysed, 4);
    assert!(again.relinked);
    let after = store.ingest(&[], &|_| {}).unwrap();
    assert_eq!(after.analysed, 0);
}

#[test]
fn deleted_index_is_rebuilt() {
    let tmp = tempfile::tempdir().unwrap();
    let paths = write_articles(&tmp.path().join("a"), 3);
    let db = tmp.path().join("db");
    let mut store = Store::open(&db).unwrap();
    store.ingest(&paths, &|_| {}).unwrap();
    drop(store);
    std::fs::remove_dir_all(db.join("index")).unwrap();
    let mut store = Store::open(&db).unwrap();
    assert_eq!(store.stats().unwrap().pending_index, 3);
    let r = store.ingest(&paths, &|_| {}).unwrap();
    assert_eq!(r.repaired, 3);
    assert_eq!(r.analysed, 0);
    assert_eq!(store.index_counts().unwrap()["document"], 3);
    assert!(
        store
            .search("ferry", &SearchFilters::default(), 5)
            .unwrap()
            .total
            >= 3
    );
}

const CHILD_ENV: &str = "HEADWATER_STORE_CRASH_CHILD";

/// Runs in the child process only: ingests slowly (batches of 2) until killed.
#[test]
fn crash_child() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let (db, input) = spec.split_once('\n').unwrap();
    let mut store = Store::open(db).unwrap();
    let options = IngestOptions {
        batch_size: 2,
        ..IngestOptions::default()
    };
    store
        .ingest_with(&[input.to_string()], &options, &|_| {})
        .unwrap();
}

#[test]
fn sigkill_mid_ingest_loses_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let articles = tmp.path().join("articles");
    let n = 120;
    write_articles(&articles, n);
    let db = tmp.path().join("db");
    let mut killed_mid_way = false;
    for attempt in 0..3 {
        let db = db.join(attempt.to_string());
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "crash_child", "--nocapture", "--test-threads=1"])
            .env(
                CHILD_ENV,
                format!("{}\n{}", db.display(), articles.display()),
            )
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Wait until some batches are committed, then kill -9 while it is still going.
        let start = std::time::Instant::now();
        let mut seen = 0i64;
        while start.elapsed() < std::time::Duration::from_secs(120) {
            std::thread::sleep(std::time::Duration::from_millis(20));
            if let Ok(Some(_)) = child.try_wait() {
                break;
            }
            let Ok(conn) = rusqlite::Connection::open_with_flags(
                db.join("store.sqlite"),
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            ) else {
                continue;
            };
            seen = conn
                .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
                .unwrap_or(0);
            if seen >= 6 {
                break;
            }
        }
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        if seen > 0 && (seen as usize) < n {
            killed_mid_way = true;
        }
        let mut store = Store::open(&db).unwrap();
        let before = store.stats().unwrap();
        assert!(before.documents <= n);
        let report = store
            .ingest(&[articles.display().to_string()], &|_| {})
            .unwrap();
        assert_eq!(report.documents, n, "{report:?}");
        assert_eq!(report.analysed + report.unchanged, n, "{report:?}");
        let stats = store.stats().unwrap();
        assert_eq!(stats.documents, n);
        assert_eq!(stats.pending_index, 0);
        assert!(!stats.corpus_dirty);
        let counts = store.index_counts().unwrap();
        assert_eq!(counts["document"], n);
        assert_eq!(counts["attribution"], stats.attributions);
        assert_eq!(counts["entity"], stats.corpus_entities);
        // A third run has nothing left to do.
        let again = store
            .ingest(&[articles.display().to_string()], &|_| {})
            .unwrap();
        assert_eq!(again.analysed, 0);
        assert_eq!(again.repaired, 0);
        if killed_mid_way {
            return;
        }
    }
    panic!("could not kill the child mid-ingest in 3 attempts");
}

#[test]
fn cli_entry_points() {
    let tmp = tempfile::tempdir().unwrap();
    let paths = write_articles(&tmp.path().join("a"), 2);
    let db = tmp.path().join("db");
    let mut out = Vec::new();
    let report =
        headwater_store::run_ingest(&paths, Some(&db), &IngestOptions::default(), &mut out)
            .unwrap();
    assert_eq!(report.analysed, 2);
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("2 analysed"), "{text}");

    let mut out = Vec::new();
    let n = headwater_store::run_search(
        "ferry",
        Some(&db),
        &SearchFilters::default(),
        10,
        headwater_store::OutputFormat::Text,
        &mut out,
    )
    .unwrap();
    assert!(n >= 2);
    assert!(String::from_utf8(out).unwrap().contains("matches"));

    let mut out = Vec::new();
    headwater_store::run_search(
        "passengers",
        Some(&db),
        &SearchFilters {
            kinds: vec![HitKind::Attribution],
            ..SearchFilters::default()
        },
        10,
        headwater_store::OutputFormat::Json,
        &mut out,
    )
    .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(v["hits"][0]["snippet"]["highlights"].is_array());

    // Searching where no store exists is an error, and creates nothing.
    let missing = tmp.path().join("nothing-here");
    let mut out = Vec::new();
    assert!(headwater_store::run_search(
        "x",
        Some(&missing),
        &SearchFilters::default(),
        10,
        headwater_store::OutputFormat::Text,
        &mut out
    )
    .is_err());
    assert!(!missing.exists());
}
