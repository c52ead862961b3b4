//! A local JSON API and web UI over a headwater store.
//!
//! [`serve`] binds `127.0.0.1:7878` by default and is read-only unless
//! [`ServeOptions::allow_ingest`] is set; then `POST /api/ingest` accepts one article file per
//! request, authenticated with a bearer token. The API is described in `openapi.yaml` next to
//! this crate's manifest. The HTML pages are rendered on the server, with every piece of
//! article text and metadata HTML-escaped, and a strict Content-Security-Policy. The only
//! scripts are the claim page's provenance graph (cytoscape plus `assets/graph.js`), embedded in
//! the binary and served from `/assets/`; they read the graph as JSON from the API.
//!
//! ```no_run
//! # async fn f() -> Result<(), headwater_serve::ServeError> {
//! let addr = "127.0.0.1:7878".parse().unwrap();
//! headwater_serve::serve("headwater-db", addr, headwater_serve::ServeOptions::default()).await?;
//! # Ok(()) }
//! ```

mod api;
mod assets;
pub mod graph;
mod html;

use axum::Router;
use headwater_store::{Store, StoreError};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The default listening address: loopback only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:7878";

/// Server settings.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Enable `POST /api/ingest`.
    pub allow_ingest: bool,
    /// The bearer token the ingest endpoint requires; generated when `None` and ingest is
    /// allowed (see [`router`]'s return value).
    pub token: Option<String>,
    /// Largest accepted upload, in bytes.
    pub max_upload_bytes: usize,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            allow_ingest: false,
            token: None,
            max_upload_bytes: 16 * 1024 * 1024,
        }
    }
}

/// Errors starting or running the server.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        #[source]
        source: std::io::Error,
    },
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
    #[error("invalid address {0:?} (expected IP:PORT, e.g. 127.0.0.1:7878)")]
    Addr(String),
}

/// Shared by every request.
pub(crate) struct AppState {
    pub store: std::sync::Mutex<Store>,
    pub dir: PathBuf,
    pub token: Option<String>,
    pub allow_ingest: bool,
    /// One ingest at a time (the index has a single writer).
    pub ingest_lock: tokio::sync::Mutex<()>,
}

/// A token from the OS random source, or, where that is unavailable, from the randomly seeded
/// std hasher mixed with the time.
fn generate_token() -> String {
    let mut bytes = [0u8; 24];
    let from_os = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut bytes));
    if from_os.is_err() {
        use std::hash::{BuildHasher, Hasher};
        for chunk in bytes.chunks_mut(8) {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or(0),
            );
            for (b, v) in chunk.iter_mut().zip(h.finish().to_le_bytes()) {
                *b = v;
            }
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Builds the application over the store in `store_dir`. Returns the router and the ingest
/// token in force (`None` when ingest is disabled).
pub fn router(
    store_dir: impl AsRef<Path>,
    options: &ServeOptions,
) -> Result<(Router, Option<String>), ServeError> {
    let dir = store_dir.as_ref().to_path_buf();
    let store = Store::open(&dir)?;
    let token = if options.allow_ingest {
        Some(
            options
                .token
                .clone()
                .filter(|t| !t.is_empty())
                .unwrap_or_else(generate_token),
        )
    } else {
        None
    };
    let state = Arc::new(AppState {
        store: std::sync::Mutex::new(store),
        dir,
        token: token.clone(),
        allow_ingest: options.allow_ingest,
        ingest_lock: tokio::sync::Mutex::new(()),
    });
    let app = api::routes(options.max_upload_bytes)
        .merge(html::routes())
        .merge(assets::routes())
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state);
    Ok((app, token))
}

async fn security_headers(mut res: axum::response::Response) -> axum::response::Response {
    use axum::http::header::{HeaderValue, CONTENT_SECURITY_POLICY, X_CONTENT_TYPE_OPTIONS};
    let h = res.headers_mut();
    h.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; \
             img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(
        axum::http::header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    res
}

/// Serves the store in `store_dir` on `addr` until the process is interrupted (Ctrl-C).
pub async fn serve(
    store_dir: impl AsRef<Path>,
    addr: SocketAddr,
    options: ServeOptions,
) -> Result<(), ServeError> {
    let (app, _token) = router(store_dir, &options)?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind {
            addr: addr.to_string(),
            source,
        })?;
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            // If the signal cannot be installed, serve until killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
        .await?;
    Ok(())
}

/// `headwater serve [--db DIR] [--addr 127.0.0.1:7878] [--allow-ingest]`: blocks serving the
/// store, after printing the URL (and the ingest token, if ingest is allowed) to stderr. The
/// token comes from `HEADWATER_TOKEN` when set.
pub fn run_serve(
    db: Option<&Path>,
    addr: Option<&str>,
    allow_ingest: bool,
) -> Result<(), ServeError> {
    let db = db.unwrap_or(Path::new(headwater_store::DEFAULT_DIR));
    let addr_text = addr.unwrap_or(DEFAULT_ADDR);
    let addr: SocketAddr = addr_text
        .parse()
        .map_err(|_| ServeError::Addr(addr_text.to_string()))?;
    let options = ServeOptions {
        allow_ingest,
        token: std::env::var("HEADWATER_TOKEN").ok(),
        ..ServeOptions::default()
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let (app, token) = router(db, &options)?;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| ServeError::Bind {
                addr: addr.to_string(),
                source,
            })?;
        eprintln!("headwater: serving {} on http://{addr}/", db.display());
        if let Some(t) = token {
            eprintln!("headwater: ingest enabled; POST /api/ingest?name=FILE with 'Authorization: Bearer {t}'");
        }
        if !addr.ip().is_loopback() {
            eprintln!("headwater: warning: {addr} is reachable from other machines");
        }
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                if tokio::signal::ctrl_c().await.is_err() {
                    std::future::pending::<()>().await;
                }
            })
            .await?;
        Ok(())
    })
}
