//! Every endpoint against a real store built from the workspace's `examples/` articles plus
//! hostile articles written here; escaping, limits, authentication and path traversal.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use headwater_serve::{router, ServeOptions};
use http_body_util::BodyExt;
use std::path::{Path, PathBuf};
use tower::ServiceExt;

const HOSTILE_TXT: &str = "<script>alert(\"title\")</script> Council notes\n\n\
    The clerk said <img src=x onerror=alert(1)> was pasted into the minutes by mistake.\n\n\
    \"We removed the <b>markup</b> and the </textarea> tag,\" said Robin Hale, the clerk.\n";

const HOSTILE_HTML: &str = "<!doctype html><html><head>\
    <title>&lt;script&gt;alert('html')&lt;/script&gt; Pier report</title></head><body><article>\
    <h1>&lt;script&gt;alert('html')&lt;/script&gt; Pier report</h1>\
    <p>&lt;iframe src=&quot;javascript:alert(2)&quot;&gt; The pier will close for repairs in \
    June, the harbor office said on Monday.</p>\
    <p>&quot;Boats can use the east landing,&quot; said Morgan Reyes, a harbor officer.</p>\
    </article></body></html>";

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn examples_dir() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples")).to_path_buf()
}

/// Builds a store from `examples/` (when it has articles) and the hostile articles.
fn build_store(tmp: &Path) -> PathBuf {
    let hostile = tmp.join("hostile");
    std::fs::create_dir_all(&hostile).unwrap();
    std::fs::write(hostile.join("hostile.txt"), HOSTILE_TXT).unwrap();
    std::fs::write(hostile.join("hostile.html"), HOSTILE_HTML).unwrap();
    std::fs::write(
        hostile.join("plain.txt"),
        "Ferry timetable\n\nThe ferry adds a morning crossing, the council said on Tuesday.\n",
    )
    .unwrap();
    let mut inputs = vec![hostile.display().to_string()];
    let examples = examples_dir();
    let has_examples = std::fs::read_dir(&examples)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if has_examples {
        inputs.push(examples.display().to_string());
    } else {
        eprintln!("examples/ is empty: testing with the articles written here only");
    }
    let db = tmp.join("db");
    let mut store = headwater_store::Store::open(&db).unwrap();
    let report = store.ingest(&inputs, &|_| {}).unwrap();
    assert!(report.documents >= 3, "{report:?}");
    db
}

async fn get(app: &Router, uri: &str) -> (StatusCode, String, String) {
    let res = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let ctype = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(res.headers().get(header::CONTENT_SECURITY_POLICY).is_some());
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, ctype, String::from_utf8(body.to_vec()).unwrap())
}

async fn get_json(app: &Router, uri: &str) -> serde_json::Value {
    let (status, ctype, body) = get(app, uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    assert!(ctype.starts_with("application/json"), "{uri}: {ctype}");
    serde_json::from_str(&body).unwrap()
}

/// The only scripts a page may load: the claim page's graph, same-origin.
const OWN_SCRIPTS: [&str; 2] = [
    "<script src=\"/assets/cytoscape.min.js\"></script>",
    "<script src=\"/assets/graph.js\"></script>",
];

/// No markup from the articles may survive unescaped.
fn assert_no_live_markup(html: &str, uri: &str) {
    let mut lower = html.to_lowercase();
    for own in OWN_SCRIPTS {
        lower = lower.replace(own, "");
    }
    for bad in ["<script", "<img", "<iframe", "</textarea", "<b>markup"] {
        assert!(!lower.contains(bad), "{uri} contains {bad}: {html}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint() {
    let tmp = tempfile::tempdir().unwrap();
    let db = build_store(tmp.path());
    let (app, token) = router(&db, &ServeOptions::default()).unwrap();
    assert!(token.is_none());

    let stats = get_json(&app, "/api/stats").await;
    let n_docs = stats["documents"].as_u64().unwrap();
    assert!(n_docs >= 3);

    // Documents.
    let docs = get_json(&app, "/api/documents?limit=1000").await;
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len() as u64, n_docs);
    let paged = get_json(&app, "/api/documents?limit=1&offset=1").await;
    assert_eq!(paged.as_array().unwrap().len(), 1);
    let hostile = docs
        .iter()
        .find(|d| d["path"].as_str().unwrap().ends_with("hostile.txt"))
        .unwrap();
    let id = hostile["id"].as_str().unwrap();
    let doc = get_json(&app, &format!("/api/documents/{id}")).await;
    assert_eq!(doc["id"], id);
    assert!(doc["text"].as_str().unwrap().contains("<img src=x"));
    for key in [
        "entities",
        "attributions",
        "citations",
        "removed",
        "warnings",
    ] {
        assert!(doc[key].is_array(), "{key}");
    }
    let (status, _, body) = get(&app, "/api/documents/d-00000000").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("\"error\""));

    // Entities, claims, works, trace: lists always; details when the corpus has some.
    let entities = get_json(&app, "/api/entities").await;
    if let Some(e) = entities.as_array().unwrap().first() {
        let eid = e["id"].as_str().unwrap();
        let detail = get_json(&app, &format!("/api/entities/{eid}")).await;
        assert_eq!(detail["entity"]["id"], eid);
        let (status, _, html) = get(&app, &format!("/entity/{eid}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_no_live_markup(&html, "/entity");
    }
    let labelled = get_json(&app, "/api/entities?label=PERSON").await;
    assert!(labelled
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["label"] == "PERSON"));
    assert_eq!(
        get(&app, "/api/entities/E999999").await.0,
        StatusCode::NOT_FOUND
    );

    let claims = get_json(&app, "/api/claims").await;
    let claims = claims.as_array().unwrap();
    assert!(!claims.is_empty(), "the articles have attributions");
    let kid = claims[0]["id"].as_str().unwrap();
    let claim = get_json(&app, &format!("/api/claims/{kid}")).await;
    assert_eq!(claim["id"], kid);
    let trace = get_json(&app, &format!("/api/trace/{kid}")).await;
    assert_eq!(trace["claim"]["id"], kid);
    assert_eq!(
        trace["members"].as_array().unwrap().len(),
        claim["members"].as_array().unwrap().len()
    );
    assert!(trace["members"][0]["attribution"]["content"].is_string());
    assert_eq!(
        get(&app, "/api/claims/K999999").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, "/api/trace/K999999").await.0,
        StatusCode::NOT_FOUND
    );
    let multi = get_json(&app, "/api/claims?min_members=2").await;
    assert!(multi
        .as_array()
        .unwrap()
        .iter()
        .all(|k| k["members"].as_u64().unwrap() >= 2));
    let (status, _, html) = get(&app, &format!("/claim/{kid}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_no_live_markup(&html, "/claim");
    let (status, _, html) = get(&app, "/claims").await;
    assert_eq!(status, StatusCode::OK);
    assert_no_live_markup(&html, "/claims");
    check_claim_graphs(&app).await;

    let works = get_json(&app, "/api/works").await;
    if let Some(w) = works.as_array().unwrap().first() {
        let wid = w["id"].as_str().unwrap();
        assert_eq!(
            get_json(&app, &format!("/api/works/{wid}")).await["id"],
            wid
        );
    }
    assert_eq!(
        get(&app, "/api/works/W999999").await.0,
        StatusCode::NOT_FOUND
    );

    // Search.
    let res = get_json(&app, "/api/search?q=pier").await;
    assert!(res["total"].as_u64().unwrap() >= 1, "{res}");
    let hit = &res["hits"][0];
    assert!(hit["snippet"]["text"].is_string());
    let res = get_json(&app, "/api/search?q=said&kind=attribution&limit=5").await;
    let hits = res["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(hits.len() <= 5);
    assert!(hits.iter().all(|h| h["kind"] == "attribution"));
    let res = get_json(&app, "/api/search?q=&kind=document,entity&limit=1000").await;
    assert!(res["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["kind"] == "document" || h["kind"] == "entity"));
    let res = get_json(&app, "/api/search?q=ferry&source_kind=organization").await;
    assert!(res["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["source_kind"] == "organization"));
    let res = get_json(&app, "/api/search?q=ferry&from=1990&to=1991-02-03").await;
    assert_eq!(res["total"], 0);
    let res = get_json(&app, "/api/search?q=ferry&outlet=nobody%20press").await;
    assert_eq!(res["total"], 0);
    assert_eq!(
        get(&app, "/api/search?q=ferry&kind=bogus").await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        get(&app, "/api/search?q=title%3A(").await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        get(&app, "/api/search?q=x&from=tomorrow").await.0,
        StatusCode::BAD_REQUEST
    );
    let long = "a".repeat(5000);
    assert_eq!(
        get(&app, &format!("/api/search?q={long}")).await.0,
        StatusCode::BAD_REQUEST
    );

    // Outlet and date filters, on whatever metadata the articles carry.
    eprintln!(
        "documents with a publisher: {}, with a date: {}",
        docs.iter().filter(|d| d["publisher"].is_string()).count(),
        docs.iter().filter(|d| d["published"].is_string()).count()
    );
    if let Some(d) = docs.iter().find(|d| d["publisher"].is_string()) {
        let outlet = d["publisher"].as_str().unwrap().to_uppercase();
        let uri = format!("/api/search?q=&kind=document&outlet={}", enc(&outlet));
        let res = get_json(&app, &uri).await;
        assert!(res["total"].as_u64().unwrap() >= 1, "{uri}: {res}");
        assert!(res["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["publisher"].as_str().unwrap().to_uppercase() == outlet));
    }
    if let Some(d) = docs.iter().find(|d| d["published"].is_string()) {
        let day = &d["published"].as_str().unwrap()[..10];
        let uri = format!("/api/search?q=&kind=document&from={day}&to={day}");
        let res = get_json(&app, &uri).await;
        assert!(res["total"].as_u64().unwrap() >= 1, "{uri}: {res}");
    }

    // HTML: escaped everywhere, highlighted statements.
    let (status, ctype, html) = get(&app, &format!("/doc/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(ctype.starts_with("text/html"));
    assert_no_live_markup(&html, "/doc");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("&lt;script&gt;"), "{doc}\n{html}");
    assert!(html.contains("class=\"src\""));
    assert!(html.contains("class=\"cue\""));
    assert!(html.contains("class=\"content\""));
    // Hover text on the highlights: kind, entity, chain, citations.
    for part in [
        "title=\"a1 · ",
        "source: ",
        "entity: ",
        "chain: ",
        "citations: ",
    ] {
        assert!(html.contains(part), "{part}");
    }
    let html_doc = docs
        .iter()
        .find(|d| d["path"].as_str().unwrap().ends_with("hostile.html"))
        .unwrap();
    let (status, _, html) = get(&app, &format!("/doc/{}", html_doc["id"].as_str().unwrap())).await;
    assert_eq!(status, StatusCode::OK);
    assert_no_live_markup(&html, "/doc html");
    let mut removed_shown = 0;
    for d in docs {
        let id = d["id"].as_str().unwrap();
        let (status, _, html) = get(&app, &format!("/doc/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_no_live_markup(&html, "/doc any");
        let removed = get_json(&app, &format!("/api/documents/{id}")).await["removed"]
            .as_array()
            .unwrap()
            .len();
        if removed > 0 {
            // Boilerplate is shown collapsed.
            assert!(
                html.contains("<details class=\"removed\"><summary>"),
                "{id}"
            );
            removed_shown += 1;
        }
    }
    eprintln!("documents with removed boilerplate: {removed_shown}");
    for uri in [
        "/",
        "/?q=script",
        "/?q=alert&kind=attribution",
        "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/?q=title%3A(",
    ] {
        let (status, _, html) = get(&app, uri).await;
        assert!(
            status == StatusCode::OK || status == StatusCode::BAD_REQUEST,
            "{uri}"
        );
        assert_no_live_markup(&html, uri);
    }
    let (status, ctype, _) = get(&app, "/static/style.css").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ctype.starts_with("text/css"));
}

/// `GET /api/claims/{id}/graph` for every claim: a well-formed graph (every edge between known
/// nodes, one document node per member document, one attribution node per member, a root
/// marked per root source); the claim page loads only the embedded same-origin scripts; and
/// on the examples corpus the Calder Ridge claim leads through the Meridian Wire report to its
/// anonymous root.
async fn check_claim_graphs(app: &Router) {
    let claims = get_json(app, "/api/claims?limit=1000").await;
    let claims = claims.as_array().unwrap();
    let mut hostile_seen = false;
    let mut calder_checked = false;
    for k in claims {
        let kid = k["id"].as_str().unwrap();
        let claim = get_json(app, &format!("/api/claims/{kid}")).await;
        let g = get_json(app, &format!("/api/claims/{kid}/graph")).await;
        assert_eq!(g["claim"]["id"], kid);
        let nodes = g["nodes"].as_array().unwrap();
        let edges = g["edges"].as_array().unwrap();
        let ids: std::collections::HashSet<&str> =
            nodes.iter().map(|n| n["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), nodes.len(), "{kid}: node ids are unique");
        for n in nodes {
            let t = n["type"].as_str().unwrap();
            assert!(
                ["document", "attribution", "source", "work"].contains(&t),
                "{kid}: {n}"
            );
            assert!(n["label"].as_str().unwrap().chars().count() <= 48, "{n}");
            assert!(n["text"].is_string() && n["root"].is_boolean());
            let text = n["text"].as_str().unwrap();
            if text.contains("<b>markup") || text.contains("<script>alert") {
                hostile_seen = true;
            }
        }
        for e in edges {
            for end in ["source", "target"] {
                assert!(
                    ids.contains(e[end].as_str().unwrap()),
                    "{kid}: dangling edge {e}"
                );
            }
            assert!([
                "states",
                "nests",
                "attributed_to",
                "cites",
                "via",
                "published_as"
            ]
            .contains(&e["type"].as_str().unwrap()));
        }
        for m in claim["members"].as_array().unwrap() {
            let (d, a) = (
                m["document"].as_str().unwrap(),
                m["attribution"].as_str().unwrap(),
            );
            assert!(ids.contains(format!("doc:{d}").as_str()), "{kid}: {d}");
            let att = nodes
                .iter()
                .find(|n| n["id"] == format!("att:{d}/{a}"))
                .unwrap_or_else(|| panic!("{kid}: member {d}/{a} missing"));
            assert_eq!(att["member"], true);
            assert_eq!(att["document"], d);
            // Every member hangs off its document, directly or through its chain.
            assert!(edges.iter().any(|e| e["target"] == att["id"]), "{kid}");
        }
        let roots = nodes.iter().filter(|n| n["root"] == true).count();
        assert!(
            roots >= claim["root_sources"].as_array().unwrap().len().min(1),
            "{kid}: roots not marked"
        );
        let text = claim["text"].as_str().unwrap().to_lowercase();
        if text.contains("eighteen months") && claim["members"].as_array().unwrap().len() >= 5 {
            calder_checked = true;
            let root = nodes
                .iter()
                .find(|n| n["root"] == true && n["source_kind"] == "anonymous")
                .unwrap_or_else(|| panic!("{kid}: no anonymous root in {g}"));
            let wire = nodes
                .iter()
                .find(|n| n["type"] == "work" && n["outlet"] == "Meridian Wire")
                .unwrap_or_else(|| panic!("{kid}: no Meridian Wire work in {g}"));
            assert!(
                edges.iter().any(|e| e["source"] == wire["id"]
                    && e["target"] == root["id"]
                    && e["type"] == "via"),
                "{kid}: the wire report does not lead to the root"
            );
            assert!(
                edges
                    .iter()
                    .filter(|e| e["target"] == wire["id"] && e["type"] == "cites")
                    .count()
                    >= 3,
                "{kid}: articles citing the wire"
            );
            assert!(
                nodes.iter().filter(|n| n["type"] == "document").count() >= 5,
                "{kid}"
            );
        }
    }
    let has_examples = claims
        .iter()
        .any(|k| k["text"].as_str().unwrap_or("").contains("Calder Ridge"));
    assert!(
        calder_checked || !has_examples,
        "the Calder Ridge claim was not found"
    );
    // The hostile articles' markup travels as JSON text (the page draws it, never parses it).
    assert!(hostile_seen, "no graph carries the hostile articles' text");
    assert_eq!(
        get(app, "/api/claims/K999999/graph").await.0,
        StatusCode::NOT_FOUND
    );

    // The claim page: a graph container naming the claim, the embedded scripts, no inline code.
    let kid = claims[0]["id"].as_str().unwrap();
    let (status, _, html) = get(app, &format!("/claim/{kid}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("id=\"graph\" data-claim=\"{kid}\"")));
    for own in OWN_SCRIPTS {
        assert!(html.contains(own), "{own}");
    }
    assert_eq!(html.matches("<script").count(), OWN_SCRIPTS.len());
    let res = app
        .clone()
        .oneshot(Request::get("/").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{csp}"
    );

    // The scripts, from the binary.
    for (uri, needle) in [
        ("/assets/cytoscape.min.js", "cytoscape"),
        ("/assets/graph.js", "/api/claims/"),
    ] {
        let (status, ctype, body) = get(app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(ctype.starts_with("text/javascript"), "{uri}: {ctype}");
        assert!(body.contains(needle), "{uri}");
    }
    for uri in [
        "/assets/nothing.js",
        "/assets/..%2Fsrc%2Flib.rs",
        "/assets/%2e%2e/Cargo.toml",
        "/assets/",
    ] {
        let status = get(app, uri).await.0;
        assert!(
            status == StatusCode::NOT_FOUND || status == StatusCode::BAD_REQUEST,
            "{uri}: {status}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_path_traversal_and_unknown_routes() {
    let tmp = tempfile::tempdir().unwrap();
    let db = build_store(tmp.path());
    std::fs::write(tmp.path().join("secret.txt"), "top secret").unwrap();
    let (app, _) = router(&db, &ServeOptions::default()).unwrap();
    for uri in [
        "/static/../Cargo.toml",
        "/static/..%2F..%2FCargo.toml",
        "/static/%2e%2e/%2e%2e/secret.txt",
        "/api/documents/..%2F..%2Fsecret.txt",
        "/api/documents/..%2Fsecret.txt",
        "/doc/..%2F..%2Fsecret.txt",
        "/api/../../secret.txt",
        "/api/nothing",
        "/secret.txt",
        "/db/store.sqlite",
        "/store.sqlite",
    ] {
        let (status, _, body) = get(&app, uri).await;
        assert!(
            status == StatusCode::NOT_FOUND || status == StatusCode::BAD_REQUEST,
            "{uri}: {status}"
        );
        assert!(!body.contains("top secret"), "{uri}");
        assert!(!body.contains("SQLite format"), "{uri}");
    }
}

async fn post(app: &Router, uri: &str, token: Option<&str>, body: Vec<u8>) -> (StatusCode, String) {
    let mut req = Request::post(uri);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let res = app
        .clone()
        .oneshot(req.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ingest_requires_flag_token_and_limits() {
    let tmp = tempfile::tempdir().unwrap();
    let db = build_store(tmp.path());
    let article =
        b"Library hours\n\nThe library opens an hour earlier from May, the city said.\n".to_vec();

    let (ro, _) = router(&db, &ServeOptions::default()).unwrap();
    let (status, _) = post(&ro, "/api/ingest?name=a.txt", Some("x"), article.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let options = ServeOptions {
        allow_ingest: true,
        token: Some("s3cret-token".into()),
        max_upload_bytes: 4096,
    };
    let (app, token) = router(&db, &options).unwrap();
    let token = token.unwrap();
    assert_eq!(token, "s3cret-token");
    let before = get_json(&app, "/api/stats").await["documents"]
        .as_u64()
        .unwrap();
    assert_eq!(
        post(&app, "/api/ingest?name=a.txt", None, article.clone())
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        post(
            &app,
            "/api/ingest?name=a.txt",
            Some("s3cret-tokeX"),
            article.clone()
        )
        .await
        .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        post(
            &app,
            "/api/ingest?name=a.exe",
            Some(&token),
            article.clone()
        )
        .await
        .0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        post(
            &app,
            "/api/ingest?name=big.txt",
            Some(&token),
            vec![b'a'; 10_000]
        )
        .await
        .0,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    // A traversal attempt in the name lands inside uploads/ under its base name.
    let (status, body) = post(
        &app,
        "/api/ingest?name=..%2F..%2Flibrary.txt",
        Some(&token),
        article.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let report: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(report["analysed"], 1);
    assert!(db.join("uploads/library.txt").exists());
    assert!(!tmp.path().join("library.txt").exists());
    assert!(!db.join("library.txt").exists());
    let after = get_json(&app, "/api/stats").await["documents"]
        .as_u64()
        .unwrap();
    assert_eq!(after, before + 1);
    // The reading handle sees the new document through search, too.
    let mut found = 0;
    for _ in 0..50 {
        found = get_json(&app, "/api/search?q=library").await["total"]
            .as_u64()
            .unwrap();
        if found > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(found > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_over_tcp_on_loopback() {
    let tmp = tempfile::tempdir().unwrap();
    let db = build_store(tmp.path());
    // Find a free port, then serve on it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let server = tokio::spawn(headwater_serve::serve(db, addr, ServeOptions::default()));
    let mut response = String::new();
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let got = tokio::task::spawn_blocking(move || {
            use std::io::{Read, Write};
            let mut s = std::net::TcpStream::connect(addr)?;
            s.write_all(
                b"GET /api/stats HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            )?;
            let mut out = String::new();
            s.read_to_string(&mut out)?;
            Ok::<_, std::io::Error>(out)
        })
        .await
        .unwrap();
        if let Ok(r) = got {
            response = r;
            break;
        }
    }
    server.abort();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"documents\""));
}
