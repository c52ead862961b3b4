//! The JSON API (`/api/…`), described in `openapi.yaml`.

use crate::AppState;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use headwater_store::{HitKind, ListQuery, SearchFilters, Store, StoreError};
use serde::Deserialize;
use std::sync::Arc;

/// An error as the API reports it: a status and `{"error": "…"}`.
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }
    pub fn not_found(what: &str) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, format!("{what} not found"))
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::InvalidQuery(m) => ApiError::new(StatusCode::BAD_REQUEST, m),
            e => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            Json(serde_json::json!({ "error": self.message })),
        )
            .into_response()
    }
}

/// Runs a store call on the blocking pool: SQLite and tantivy calls block.
pub(crate) async fn with_store<T, F>(state: &Arc<AppState>, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
{
    let state = Arc::clone(state);
    tokio::task::spawn_blocking(move || {
        let store = state
            .store
            .lock()
            .map_err(|_| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "store lock poisoned"))?;
        f(&store).map_err(ApiError::from)
    })
    .await
    .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
}

/// Query parameters of the list endpoints.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListParams {
    pub offset: Option<usize>,
    pub limit: Option<usize>,
    pub q: Option<String>,
    pub label: Option<String>,
    pub flag: Option<String>,
    pub min_members: Option<usize>,
}

impl ListParams {
    pub fn to_query(&self) -> ListQuery {
        ListQuery {
            offset: self.offset.unwrap_or(0),
            limit: self.limit.unwrap_or(0),
            q: self.q.clone().filter(|s| !s.is_empty()),
            label: self.label.clone().filter(|s| !s.is_empty()),
            flag: self.flag.clone().filter(|s| !s.is_empty()),
            min_members: self.min_members,
        }
    }
}

/// Query parameters of `/api/search`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct SearchParams {
    pub q: Option<String>,
    /// Comma-separated kinds.
    pub kind: Option<String>,
    pub source_kind: Option<String>,
    pub entity: Option<String>,
    pub outlet: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<usize>,
}

impl SearchParams {
    pub fn filters(&self) -> Result<SearchFilters, ApiError> {
        let mut kinds = Vec::new();
        for k in self.kind.as_deref().unwrap_or("").split(',') {
            if k.trim().is_empty() || k.trim() == "all" {
                continue;
            }
            match HitKind::parse(k) {
                Some(h) => kinds.push(h),
                None => {
                    return Err(ApiError::new(
                        StatusCode::BAD_REQUEST,
                        "kind must be document, attribution or entity",
                    ))
                }
            }
        }
        Ok(SearchFilters {
            kinds,
            source_kind: self.source_kind.clone(),
            entity: self.entity.clone(),
            outlet: self.outlet.clone(),
            date_from: self.from.clone(),
            date_to: self.to.clone(),
        })
    }
}

pub(crate) fn routes(max_upload: usize) -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/stats", get(stats))
        .route("/api/documents", get(documents))
        .route("/api/documents/{id}", get(document))
        .route("/api/entities", get(entities))
        .route("/api/entities/{id}", get(entity))
        .route("/api/claims", get(claims))
        .route("/api/claims/{id}", get(claim))
        .route("/api/claims/{id}/graph", get(claim_graph))
        .route("/api/works", get(works))
        .route("/api/works/{id}", get(work))
        .route("/api/search", get(search))
        .route("/api/trace/{id}", get(trace))
        .route(
            "/api/ingest",
            post(ingest).layer(DefaultBodyLimit::max(max_upload)),
        )
        .route("/api/{*rest}", get(api_not_found))
}

async fn api_not_found() -> ApiError {
    ApiError::not_found("endpoint")
}

fn json<T: serde::Serialize>(v: T) -> Response {
    Json(v).into_response()
}

async fn stats(State(st): State<Arc<AppState>>) -> Result<Response, ApiError> {
    Ok(json(with_store(&st, |s| s.stats()).await?))
}

async fn documents(
    State(st): State<Arc<AppState>>,
    Query(p): Query<ListParams>,
) -> Result<Response, ApiError> {
    let q = p.to_query();
    Ok(json(with_store(&st, move |s| s.documents(&q)).await?))
}

async fn document(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    match with_store(&st, move |s| s.document_json(&id)).await? {
        // Stored already serialized: sent as is.
        Some(body) => Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response()),
        None => Err(ApiError::not_found("document")),
    }
}

async fn entities(
    State(st): State<Arc<AppState>>,
    Query(p): Query<ListParams>,
) -> Result<Response, ApiError> {
    let q = p.to_query();
    Ok(json(with_store(&st, move |s| s.entities(&q)).await?))
}

async fn entity(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    with_store(&st, move |s| s.entity(&id))
        .await?
        .map(json)
        .ok_or_else(|| ApiError::not_found("entity"))
}

async fn claims(
    State(st): State<Arc<AppState>>,
    Query(p): Query<ListParams>,
) -> Result<Response, ApiError> {
    let q = p.to_query();
    Ok(json(with_store(&st, move |s| s.claims(&q)).await?))
}

async fn claim(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    with_store(&st, move |s| s.claim(&id))
        .await?
        .map(json)
        .ok_or_else(|| ApiError::not_found("claim"))
}

async fn claim_graph(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    with_store(&st, move |s| crate::graph::claim_graph(s, &id))
        .await?
        .map(json)
        .ok_or_else(|| ApiError::not_found("claim"))
}

async fn works(
    State(st): State<Arc<AppState>>,
    Query(p): Query<ListParams>,
) -> Result<Response, ApiError> {
    let q = p.to_query();
    Ok(json(with_store(&st, move |s| s.works(&q)).await?))
}

async fn work(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    with_store(&st, move |s| s.work(&id))
        .await?
        .map(json)
        .ok_or_else(|| ApiError::not_found("work"))
}

async fn search(
    State(st): State<Arc<AppState>>,
    Query(p): Query<SearchParams>,
) -> Result<Response, ApiError> {
    let filters = p.filters()?;
    let q = p.q.unwrap_or_default();
    let limit = p.limit.unwrap_or(20);
    Ok(json(
        with_store(&st, move |s| s.search(&q, &filters, limit)).await?,
    ))
}

async fn trace(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    with_store(&st, move |s| s.trace(&id))
        .await?
        .map(json)
        .ok_or_else(|| ApiError::not_found("claim"))
}

/// Query parameters of `/api/ingest`.
#[derive(Debug, Deserialize)]
pub(crate) struct IngestParams {
    /// File name of the upload; its extension says how to read it.
    pub name: String,
}

/// Extensions the readers understand.
const UPLOAD_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "html", "htm", "xhtml", "jsonl", "ndjson", "json", "warc",
    "gz",
];

/// Keeps a safe base name: ASCII letters, digits, `.`, `-`, `_`; no leading dot, no path.
pub(crate) fn safe_upload_name(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(120)
        .collect();
    let cleaned = cleaned.trim_start_matches('.').to_string();
    let ext = cleaned.rsplit_once('.')?.1.to_ascii_lowercase();
    if cleaned.is_empty() || cleaned.contains("..") || !UPLOAD_EXTENSIONS.contains(&ext.as_str()) {
        return None;
    }
    Some(cleaned)
}

/// Compares without an early exit, so the time taken does not reveal a matching prefix.
fn same_token(given: &str, expected: &str) -> bool {
    let (a, b) = (given.as_bytes(), expected.as_bytes());
    let mut diff = a.len() ^ b.len();
    for (i, &x) in b.iter().enumerate() {
        diff |= (a.get(i).copied().unwrap_or(0) ^ x) as usize;
    }
    diff == 0
}

async fn ingest(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(p): Query<IngestParams>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let Some(expected) = st.token.as_deref().filter(|_| st.allow_ingest) else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "ingest is disabled (start the server with --allow-ingest)",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !same_token(given.trim(), expected) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "missing or wrong bearer token",
        ));
    }
    let name = safe_upload_name(&p.name).ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!(
                "name must be a file name ending in one of: {}",
                UPLOAD_EXTENSIONS.join(", ")
            ),
        )
    })?;
    let _guard = st.ingest_lock.lock().await;
    let dir = st.dir.clone();
    let report = tokio::task::spawn_blocking(move || {
        let uploads = dir.join("uploads");
        let io = |source| StoreError::Io {
            path: uploads.display().to_string(),
            source,
        };
        std::fs::create_dir_all(&uploads).map_err(io)?;
        let path = uploads.join(&name);
        std::fs::write(&path, &body).map_err(io)?;
        // A second handle: ingesting takes the index writer, which the reading handle never holds.
        let mut store = Store::open(&dir)?;
        store.ingest(&[path.display().to_string()], &|_| {})
    })
    .await
    .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))??;
    Ok(json(report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_names() {
        assert_eq!(safe_upload_name("a.md").as_deref(), Some("a.md"));
        assert_eq!(
            safe_upload_name("../../etc/passwd.txt").as_deref(),
            Some("passwd.txt")
        );
        assert_eq!(safe_upload_name("..\\x.html").as_deref(), Some("x.html"));
        assert_eq!(
            safe_upload_name(".hidden.txt").as_deref(),
            Some("hidden.txt")
        );
        assert_eq!(safe_upload_name("noext"), None);
        assert_eq!(safe_upload_name("x.exe"), None);
        assert_eq!(
            safe_upload_name("a b<c>.txt").as_deref(),
            Some("a_b_c_.txt")
        );
        assert_eq!(safe_upload_name(""), None);
    }

    #[test]
    fn tokens() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abd", "abc"));
        assert!(!same_token("ab", "abc"));
        assert!(!same_token("abcd", "abc"));
        assert!(!same_token("", "abc"));
    }
}
