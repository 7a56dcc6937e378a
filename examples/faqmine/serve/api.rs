//! The JSON endpoints and their limits. Every error is `{"error": "...", "status": N}`.

use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use faqmine::faq::gaps::SearchEvent;
use faqmine::search::LastTerm;
use faqmine::SearchRequest;
use serde::Serialize;

use super::AppState;

/// What one request may ask.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Longest query, in characters (longer: 414).
    pub max_query_chars: usize,
    /// Most hits one request may ask for (`limit`).
    pub max_limit: usize,
    /// Largest request body, in bytes (larger: 413).
    pub max_body_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_query_chars: 512, max_limit: 50, max_body_bytes: 16 * 1024 }
    }
}

/// Query ids: `q`, this server run's hex stamp, `-`, a hex counter. Unique per run and
/// across runs (the stamp is the start time), and tell nothing about the query.
pub struct QueryIds {
    stamp: u64,
    next: AtomicU64,
}

impl QueryIds {
    pub fn new() -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        QueryIds { stamp: nanos ^ u64::from(std::process::id()).rotate_left(32), next: AtomicU64::new(1) }
    }

    fn next(&self) -> String {
        format!("q{:x}-{:x}", self.stamp, self.next.fetch_add(1, Ordering::Relaxed))
    }
}

/// Whether `id` has the shape of a query id (of any server run).
fn is_query_id(id: &str) -> bool {
    let Some(rest) = id.strip_prefix('q') else { return false };
    let Some((a, b)) = rest.split_once('-') else { return false };
    let hex = |s: &str| !s.is_empty() && s.len() <= 16 && s.bytes().all(|c| c.is_ascii_hexdigit());
    hex(a) && hex(b)
}

/// Whether `id` can be an entry id: 1 to 128 characters, no control character.
fn is_faq_id(id: &str) -> bool {
    !id.is_empty() && id.chars().count() <= 128 && !id.chars().any(char::is_control)
}

pub fn json(status: StatusCode, value: &impl Serialize) -> Response {
    let body = serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec());
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

pub fn error(status: StatusCode, message: impl Into<String>) -> Response {
    json(status, &serde_json::json!({ "error": message.into(), "status": status.as_u16() }))
}

/// Gives every error response a JSON body: those made by the layers (413 body too large,
/// 408 timeout, 405 wrong method) and by axum's extractors come as plain text or empty.
pub async fn json_errors(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    let message = status.canonical_reason().unwrap_or("error").to_lowercase();
    let body = serde_json::json!({ "error": message, "status": status.as_u16() }).to_string();
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(body))
}

/// An error to answer: its status and message (small, unlike a [`Response`]).
type Failure = (StatusCode, String);

fn fail(status: StatusCode, message: impl Into<String>) -> Failure {
    (status, message.into())
}

type Params = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// The request's parameters, first value of each name.
struct Args(Vec<(String, String)>);

impl Args {
    fn from(params: Params) -> Result<Args, Failure> {
        match params {
            Ok(Query(p)) => Ok(Args(p)),
            Err(e) => Err(fail(StatusCode::BAD_REQUEST, format!("bad query string: {}", e.body_text()))),
        }
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn query(&self, limits: &Limits) -> Result<&str, Failure> {
        let q = self.get("q").ok_or_else(|| fail(StatusCode::BAD_REQUEST, "missing parameter q"))?;
        if q.chars().count() > limits.max_query_chars {
            return Err(fail(
                StatusCode::URI_TOO_LONG,
                format!("q is longer than {} characters", limits.max_query_chars),
            ));
        }
        Ok(q)
    }

    fn limit(&self, default: usize, limits: &Limits) -> Result<usize, Failure> {
        let Some(text) = self.get("limit") else { return Ok(default) };
        match text.parse::<usize>() {
            Ok(n) if (1..=limits.max_limit).contains(&n) => Ok(n),
            _ => Err(fail(
                StatusCode::BAD_REQUEST,
                format!("limit must be a whole number from 1 to {}", limits.max_limit),
            )),
        }
    }

    fn flag(&self, name: &str) -> Result<bool, Failure> {
        match self.get(name) {
            None | Some("" | "0" | "false") => Ok(false),
            Some("1" | "true") => Ok(true),
            Some(_) => Err(fail(StatusCode::BAD_REQUEST, format!("{name} must be 1 or 0"))),
        }
    }

    fn lang(&self) -> Result<Option<String>, Failure> {
        match self.get("lang") {
            None | Some("") => Ok(None),
            Some(l) if l.len() <= 12 && l.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-') => {
                Ok(Some(l.to_ascii_lowercase()))
            }
            Some(_) => Err(fail(StatusCode::BAD_REQUEST, "lang must be a language code such as en or vi")),
        }
    }

    fn prev(&self) -> Result<Option<String>, Failure> {
        match self.get("prev") {
            None | Some("") => Ok(None),
            Some(p) if is_query_id(p) => Ok(Some(p.to_string())),
            Some(_) => Err(fail(StatusCode::BAD_REQUEST, "prev must be a query_id this server gave")),
        }
    }
}

/// A text cut into runs, each marked or not: what the widget shows, as text.
#[derive(Serialize)]
struct Part<'a> {
    text: &'a str,
    mark: bool,
}

fn parts<'a>(text: &'a str, highlights: &[Range<usize>]) -> Vec<Part<'a>> {
    let mut out = Vec::with_capacity(2 * highlights.len() + 1);
    let mut at = 0;
    for r in highlights {
        // The library gives ordered char-boundary ranges; anything else is skipped, never
        // sliced.
        if r.start < at
            || r.end <= r.start
            || text.get(r.start..r.end).is_none()
            || !text.is_char_boundary(at)
        {
            continue;
        }
        if r.start > at {
            out.push(Part { text: &text[at..r.start], mark: false });
        }
        out.push(Part { text: &text[r.clone()], mark: true });
        at = r.end;
    }
    if at < text.len() {
        out.push(Part { text: &text[at..], mark: false });
    }
    out
}

#[derive(Serialize)]
struct HitOut<'a> {
    faq_id: &'a str,
    question: &'a str,
    question_parts: Vec<Part<'a>>,
    answer: Option<&'a str>,
    snippet: Option<&'a str>,
    snippet_parts: Vec<Part<'a>>,
    score: f32,
    /// The entry's language.
    language: &'a str,
    /// The language question and answer are shown in (the query's when the entry has it).
    shown_language: &'a str,
    /// `false` when the entry has nothing in the query's language.
    in_query_language: bool,
    /// How sure search is that the entry answers (complete queries only).
    confidence: Option<f32>,
}

pub async fn search(State(state): State<Arc<AppState>>, params: Params) -> Response {
    run_search(&state, params).unwrap_or_else(|(status, message)| error(status, message))
}

fn run_search(state: &AppState, params: Params) -> Result<Response, Failure> {
    let args = Args::from(params)?;
    let limits = &state.limits;
    let q = args.query(limits)?;
    let limit = args.limit(10, limits)?;
    let as_you_type = args.flag("as_you_type")?;
    let lang = args.lang()?;
    let prev = args.prev()?;
    let last = if as_you_type { LastTerm::Prefix } else { LastTerm::Complete };
    let mut request = SearchRequest::new(q).limit(limit).last_term(last);
    if let Some(l) = &lang {
        request = request.language(l.clone());
    }
    let index = state.index.get();
    let hits = index
        .search(&request)
        .map_err(|e| fail(StatusCode::INTERNAL_SERVER_ERROR, format!("search failed: {e}")))?;
    let query_id = state.ids.next();
    if let Some(log) = &state.log {
        if !q.trim().is_empty() {
            log.write(&SearchEvent::Search {
                ts: now(),
                query_id: query_id.clone(),
                query: faqmine::clean::mask_personal_data(q),
                prev,
                lang,
                as_you_type,
                hits: hits.iter().map(|h| h.faq_id.clone()).collect(),
                zero_result: hits.is_empty(),
            });
        }
    }
    let out: Vec<HitOut<'_>> = hits
        .iter()
        .map(|h| HitOut {
            faq_id: &h.faq_id,
            question: &h.question,
            question_parts: parts(&h.question, &h.question_highlights),
            answer: h.answer.as_deref(),
            snippet: h.snippet.as_ref().map(|s| s.text.as_str()),
            snippet_parts: h.snippet.as_ref().map(|s| parts(&s.text, &s.highlights)).unwrap_or_default(),
            score: h.score,
            language: &h.language,
            shown_language: &h.shown_language,
            in_query_language: h.in_query_language,
            confidence: h.confidence,
        })
        .collect();
    // The library leaves out the hits that do not answer: no hit is "no answer".
    let answered = faqmine::search::answered(&hits);
    Ok(json(StatusCode::OK, &serde_json::json!({ "query_id": query_id, "answered": answered, "hits": out })))
}

pub async fn suggest(State(state): State<Arc<AppState>>, params: Params) -> Response {
    let run = || -> Result<Response, Failure> {
        let args = Args::from(params)?;
        let q = args.query(&state.limits)?;
        let limit = args.limit(8, &state.limits)?;
        let found = state
            .index
            .get()
            .suggest(q, limit)
            .map_err(|e| fail(StatusCode::INTERNAL_SERVER_ERROR, format!("suggest failed: {e}")))?;
        let out: Vec<serde_json::Value> = found
            .iter()
            .map(|s| {
                serde_json::json!({
                    "faq_id": s.faq_id,
                    "question": s.question,
                    "question_parts": parts(&s.question, &s.highlights),
                    "score": s.score,
                })
            })
            .collect();
        Ok(json(StatusCode::OK, &serde_json::json!({ "suggestions": out })))
    };
    run().unwrap_or_else(|(status, message)| error(status, message))
}

#[derive(serde::Deserialize)]
struct FeedbackBody {
    query_id: String,
    faq_id: String,
    helpful: Option<bool>,
}

/// The body of a feedback or click: JSON (a cross-site page cannot send that without the
/// CORS allow-list's consent), with a query id of ours and an entry id.
async fn read_body(
    limits: &Limits,
    headers: &HeaderMap,
    body: Body,
    need_helpful: bool,
) -> Result<FeedbackBody, Failure> {
    let too_large = || {
        fail(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the body is larger than {} bytes", limits.max_body_bytes),
        )
    };
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limits.max_body_bytes as u64) {
        return Err(too_large());
    }
    let is_json =
        headers.get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !is_json {
        return Err(fail(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "the body must be JSON (Content-Type: application/json)",
        ));
    }
    // Read at most the limit, whatever the headers said (a chunked body has no length).
    let body: Bytes = axum::body::to_bytes(body, limits.max_body_bytes).await.map_err(|_| too_large())?;
    let b: FeedbackBody = serde_json::from_slice(&body)
        .map_err(|e| fail(StatusCode::BAD_REQUEST, format!("bad JSON body: {e}")))?;
    if !is_query_id(&b.query_id) {
        return Err(fail(StatusCode::BAD_REQUEST, "query_id must be a query_id this server gave"));
    }
    if !is_faq_id(&b.faq_id) {
        return Err(fail(StatusCode::BAD_REQUEST, "faq_id must be 1 to 128 characters"));
    }
    if need_helpful && b.helpful.is_none() {
        return Err(fail(StatusCode::BAD_REQUEST, "missing field helpful (true or false)"));
    }
    Ok(b)
}

pub async fn feedback(State(state): State<Arc<AppState>>, headers: HeaderMap, body: Body) -> Response {
    match read_body(&state.limits, &headers, body, true).await {
        Ok(b) => {
            if let Some(log) = &state.log {
                log.write(&SearchEvent::Feedback {
                    ts: now(),
                    query_id: b.query_id,
                    faq_id: b.faq_id,
                    helpful: b.helpful.unwrap_or(false),
                });
            }
            json(StatusCode::OK, &serde_json::json!({ "ok": true }))
        }
        Err((status, message)) => error(status, message),
    }
}

pub async fn click(State(state): State<Arc<AppState>>, headers: HeaderMap, body: Body) -> Response {
    match read_body(&state.limits, &headers, body, false).await {
        Ok(b) => {
            if let Some(log) = &state.log {
                log.write(&SearchEvent::Click { ts: now(), query_id: b.query_id, faq_id: b.faq_id });
            }
            json(StatusCode::OK, &serde_json::json!({ "ok": true }))
        }
        Err((status, message)) => error(status, message),
    }
}

pub async fn healthz(State(state): State<Arc<AppState>>) -> Response {
    json(
        StatusCode::OK,
        &serde_json::json!({
            "status": "ok",
            "entries": state.index.get().num_entries(),
            "index_switches": state.index.generation(),
        }),
    )
}

fn now() -> String {
    time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}
