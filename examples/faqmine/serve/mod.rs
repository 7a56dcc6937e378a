//! `faqmine serve`: the help center's search box over HTTP (axum on tokio).
//!
//! - `api.rs`: the JSON endpoints (`/api/search`, `/api/suggest`, `/api/feedback`,
//!   `/api/click`, `/healthz`) and their limits;
//! - `log.rs`: the search log (JSONL, queries masked, size-bounded with rotation);
//! - `reload.rs`: the index in use, switched atomically when a mining run replaces the
//!   index directory;
//! - `assets/`: the demo help-center page and the drop-in widget (`/`, `/widget.js`,
//!   `/widget.css`), compiled into the binary: no file is ever read from a request's path;
//! - `load.rs`: `serve-bench`, the loopback load benchmark.
//!
//! See docs/serve.md for the endpoints, limits and log format.

mod api;
pub mod load;
mod log;
mod reload;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use clap::Args;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

pub use api::Limits;

#[derive(Args)]
pub struct ServeArgs {
    /// The index directory (written by `mine` into OUT/index, or by `index`). When a new
    /// run replaces it, the server switches to the new index without dropping a request.
    #[arg(long)]
    index: PathBuf,
    /// The address to listen on. Loopback by default: put a reverse proxy in front of it,
    /// or give 0.0.0.0:PORT to listen on every interface.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Append the search log here (JSONL; queries masked). `mine --search-log` reads it.
    #[arg(long)]
    log: Option<PathBuf>,
    /// Rotate the search log when it would exceed this many bytes (FILE becomes FILE.1,
    /// replacing the older FILE.1), so that it takes at most twice this on disk.
    #[arg(long, default_value_t = 64 * 1024 * 1024, value_name = "BYTES")]
    log_max_bytes: u64,
    /// A web origin allowed to call the API from its pages (CORS), e.g.
    /// `https://help.example.com` (repeatable). Without any, only the server's own pages can.
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    allow_origins: Vec<String>,
    /// Requests handled at once; more wait their turn.
    #[arg(long, default_value_t = 256, value_name = "N")]
    max_concurrent: usize,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// How often to look for a new index, in milliseconds.
    #[arg(long, default_value_t = 500, value_name = "MS")]
    poll_ms: u64,
    #[command(flatten)]
    model: crate::model_cmd::ModelChoice,
}

/// Everything a request handler needs.
pub struct AppState {
    index: reload::Current,
    log: Option<log::SearchLog>,
    ids: api::QueryIds,
    limits: Limits,
}

/// How long one request may take before it is answered 408.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The demo help-center page, the widget and its style.
const INDEX_HTML: &str = include_str!("assets/index.html");
const WIDGET_JS: &str = include_str!("assets/widget.js");
const WIDGET_CSS: &str = include_str!("assets/widget.css");
const DEMO_CSS: &str = include_str!("assets/demo.css");

pub fn run(args: &ServeArgs) -> Result<()> {
    if args.max_concurrent == 0 {
        bail!("--max-concurrent must be at least 1");
    }
    let origins = cors_origins(&args.allow_origins)?;
    let index = reload::Current::open(
        &args.index,
        Duration::from_millis(args.poll_ms.max(10)),
        args.model.index_builder()?,
    )
    .with_context(|| format!("opening index {}", args.index.display()))?;
    let log = match &args.log {
        Some(p) => Some(log::SearchLog::open(p, args.log_max_bytes)?),
        None => None,
    };
    let state = Arc::new(AppState { index, log, ids: api::QueryIds::new(), limits: Limits::default() });
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if let Some(n) = args.threads {
        runtime.worker_threads(n.max(1));
    }
    let runtime = runtime.enable_all().build().context("starting the server's runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("listening on {}", args.addr))?;
        let addr = listener.local_addr()?;
        // Tests and scripts read this line to learn the port of `--addr 127.0.0.1:0`.
        println!("faqmine serve: listening on http://{addr}/ ({} entries)", state.index.get().num_entries());
        use std::io::Write;
        std::io::stdout().flush()?;
        let app = router(state.clone(), origins, args.max_concurrent);
        axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await.context("serving")
    })?;
    eprintln!("faqmine serve: stopped");
    Ok(())
}

/// The origins of `--allow-origin`, checked.
fn cors_origins(origins: &[String]) -> Result<Vec<HeaderValue>> {
    origins
        .iter()
        .map(|o| {
            let o = o.trim_end_matches('/');
            let host = o.strip_prefix("https://").or_else(|| o.strip_prefix("http://"));
            let ok = host.is_some_and(|h| !h.is_empty() && !h.contains('/'));
            if !ok {
                bail!("--allow-origin {o:?}: expected an origin like https://help.example.com");
            }
            HeaderValue::from_str(o).with_context(|| format!("--allow-origin {o:?}"))
        })
        .collect()
}

/// The whole application: routes, then (outermost last) the body limit (a declared length
/// over it is refused before any handler runs; handlers also read at most that much), the
/// concurrency limit, the timeout, JSON bodies for every error, and CORS.
pub fn router(state: Arc<AppState>, origins: Vec<HeaderValue>, max_concurrent: usize) -> Router {
    let max_body_bytes = state.limits.max_body_bytes;
    let mut app = Router::new()
        .route("/", get(page))
        .route("/widget.js", get(|| asset("text/javascript; charset=utf-8", WIDGET_JS)))
        .route("/widget.css", get(|| asset("text/css; charset=utf-8", WIDGET_CSS)))
        .route("/demo.css", get(|| asset("text/css; charset=utf-8", DEMO_CSS)))
        .route("/healthz", get(api::healthz))
        .route("/api/search", get(api::search))
        .route("/api/suggest", get(api::suggest))
        .route("/api/feedback", post(api::feedback))
        .route("/api/click", post(api::click))
        .fallback(|| async { api::error(StatusCode::NOT_FOUND, "no such page") })
        .with_state(state)
        .layer(RequestBodyLimitLayer::new(max_body_bytes))
        .layer(tower::limit::GlobalConcurrencyLimitLayer::new(max_concurrent))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .layer(axum::middleware::map_response(api::json_errors));
    if !origins.is_empty() {
        app = app.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::CONTENT_TYPE])
                .max_age(Duration::from_secs(3600)),
        );
    }
    app
}

/// Headers every page and asset gets: no sniffing, and a policy that lets the page run
/// only the server's own script and style (no inline script, no remote image).
fn page_headers(content_type: &'static str) -> [(header::HeaderName, &'static str); 4] {
    [
        (header::CONTENT_TYPE, content_type),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; \
             base-uri 'none'; form-action 'self'; frame-ancestors 'self'",
        ),
        (header::CACHE_CONTROL, "no-cache"),
    ]
}

async fn page() -> Response {
    (page_headers("text/html; charset=utf-8"), INDEX_HTML).into_response()
}

async fn asset(content_type: &'static str, body: &'static str) -> Response {
    (page_headers(content_type), body).into_response()
}

/// Resolves on Ctrl-C or SIGTERM: requests in flight are finished, then the server stops.
async fn shutdown_signal() {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<()>(2);
    let on_ctrl_c = tx.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            let _ = on_ctrl_c.send(()).await;
        }
    });
    #[cfg(unix)]
    tokio::spawn(async move {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
            let _ = tx.send(()).await;
        }
    });
    rx.recv().await;
}
