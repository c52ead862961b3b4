//! Browser scripts embedded in the binary and served from `/assets/`: nothing is read from disk
//! and nothing is fetched from a CDN at run time. `cytoscape.min.js` is copied from npm by
//! `ui/build.sh` (pinned in `ui/package-lock.json`); `graph.js` is ours.

use crate::AppState;
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::sync::Arc;

const CYTOSCAPE: &[u8] = include_bytes!("../assets/cytoscape.min.js");
const GRAPH_JS: &[u8] = include_bytes!("../assets/graph.js");
const FAVICON: &[u8] = include_bytes!("../assets/favicon.svg");

/// The served assets: name, content type, bytes. Only these names resolve, so no request can
/// reach another file.
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "cytoscape.min.js",
        "text/javascript; charset=utf-8",
        CYTOSCAPE,
    ),
    ("graph.js", "text/javascript; charset=utf-8", GRAPH_JS),
    ("favicon.svg", "image/svg+xml", FAVICON),
];

pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/assets/{name}", get(asset))
        // Browsers ask for /favicon.ico whatever the page says.
        .route(
            "/favicon.ico",
            get(|| asset(Path("favicon.svg".to_string()))),
        )
}

async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == name) {
        Some((_, ctype, bytes)) => (
            [
                (header::CONTENT_TYPE, *ctype),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            *bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}
