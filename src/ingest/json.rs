//! Whole JSON documents (`.json`, or content that starts with `{` or `[`), and what the help
//! desk readers share.
//!
//! A document is an array of records, an object that wraps one (`{"tickets": [...]}`,
//! `{"conversations": [...]}`, `{"_embedded": {"conversations": [...]}}`, `data`, `items`,
//! `results`), or one record. Every record goes to the same per-object dispatch as a JSONL
//! line ([`super::jsonl::read_object`]), so a help desk ticket, a Messenger thread or a SPEC
//! conversation reads the same whichever way it is stored. A document that is in fact JSON
//! Lines (several values one after another) is read as JSONL.
//!
//! A single document is read whole (up to [`MAX_DOCUMENT_BYTES`]): JSON has no record
//! boundary to stream on. Exports that are too big for that come as JSONL, one record a line,
//! which is streamed. A record's diagnostics carry the line where the record starts, and the
//! field inside it (`comments[2].body`).

use std::collections::HashMap;
use std::io::{BufRead, Read};
use std::path::Path;

use serde_json::value::RawValue;
use serde_json::{Map, Value};
use time::OffsetDateTime;

use super::flat::FlatGroups;
use super::jsonl::{self, clip, kind};
use super::{Diagnostic, Sink};
use crate::clean::html_to_text;
use crate::ingest::timestamp::parse_timestamp;
use crate::model::{Channel, Conversation, Message, Role};

/// The largest single JSON document read whole; larger ones are skipped with a diagnostic
/// (export them as JSONL, which is streamed).
pub const MAX_DOCUMENT_BYTES: usize = 1024 * 1024 * 1024;

/// Keys under which exports and list APIs put their records.
const WRAPPERS: [&str; 6] = ["tickets", "conversations", "data", "items", "results", "records"];

pub(super) fn read<R: BufRead>(path: &Path, reader: R, sink: &mut Sink) {
    let mut bytes = Vec::new();
    match reader.take(MAX_DOCUMENT_BYTES as u64 + 1).read_to_end(&mut bytes) {
        Ok(n) if n > MAX_DOCUMENT_BYTES => {
            sink.record(true);
            sink.diag(Diagnostic::skipped(
                path,
                0,
                format!("JSON document larger than {MAX_DOCUMENT_BYTES} bytes: export it as JSONL, one record a line"),
            ));
            return;
        }
        Ok(_) => {}
        Err(e) => {
            sink.diag(Diagnostic::skipped(path, 0, format!("cannot read: {e}")));
            return;
        }
    }
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() as u64;
            sink.record(true);
            sink.diag(Diagnostic::skipped(path, line, format!("not UTF-8 (byte {})", e.valid_up_to())));
            return;
        }
    };
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if body.trim().is_empty() {
        sink.diag(Diagnostic::skipped(path, 0, "empty file"));
        return;
    }
    let top: &RawValue = match serde_json::from_str(body) {
        Ok(v) => v,
        Err(e) if e.to_string().starts_with("trailing characters") => {
            // Several documents one after another: JSON Lines under another name.
            jsonl::read(path, body.as_bytes(), sink);
            return;
        }
        Err(e) => {
            sink.record(true);
            sink.diag(Diagnostic::skipped(path, e.line() as u64, format!("invalid JSON: {e}")));
            return;
        }
    };
    let lines = LineOf::new(text);
    let mut records: Vec<&RawValue> = Vec::new();
    let mut users = Users::default();
    match top.get().trim_start().as_bytes().first() {
        Some(b'[') => match serde_json::from_str::<Vec<&RawValue>>(top.get()) {
            Ok(items) => records = items,
            Err(e) => {
                sink.record(true);
                sink.diag(Diagnostic::skipped(path, e.line() as u64, format!("invalid JSON: {e}")));
                return;
            }
        },
        Some(b'{') => {
            let Ok(obj) = serde_json::from_str::<HashMap<String, &RawValue>>(top.get()) else {
                sink.record(true);
                sink.diag(Diagnostic::skipped(path, 1, "invalid JSON object"));
                return;
            };
            if let Some(u) = obj.get("users") {
                users = Users::from_raw(u);
            }
            let embedded = obj
                .get("_embedded")
                .and_then(|e| serde_json::from_str::<HashMap<String, &RawValue>>(e.get()).ok());
            let wrapped = WRAPPERS
                .iter()
                .filter_map(|k| obj.get(*k).or_else(|| embedded.as_ref().and_then(|e| e.get(*k))))
                .find_map(|raw| {
                    let items = serde_json::from_str::<Vec<&RawValue>>(raw.get()).ok()?;
                    // `conversations` is also a Freshdesk ticket's own field: a wrapper holds
                    // records, not a ticket's replies.
                    let is_record = |r: &&RawValue| {
                        serde_json::from_str::<Map<String, Value>>(r.get())
                            .is_ok_and(|o| jsonl::is_record(&o))
                    };
                    (items.is_empty() || items.iter().any(is_record)).then_some(items)
                });
            match wrapped {
                Some(items) => records = items,
                None => records.push(top),
            }
        }
        _ => {
            sink.record(true);
            sink.diag(Diagnostic::skipped(path, 1, "expected a JSON array or object of records"));
            return;
        }
    }
    let mut flat = FlatGroups::default();
    for raw in records {
        let line = lines.line(raw.get());
        match serde_json::from_str::<Value>(raw.get()) {
            Ok(Value::Object(obj)) => jsonl::read_object(path, line, obj, &users, &mut flat, sink),
            Ok(other) => {
                sink.record(true);
                sink.diag(Diagnostic::skipped(
                    path,
                    line,
                    format!("expected a JSON object, found {}", kind(&other)),
                ));
            }
            Err(e) => {
                sink.record(true);
                sink.diag(Diagnostic::skipped(path, line, format!("invalid JSON: {e}")));
            }
        }
    }
    flat.flush(path, sink);
}

/// The 1-based line at which a slice of a document starts.
struct LineOf<'a> {
    text: &'a str,
}

impl<'a> LineOf<'a> {
    fn new(text: &'a str) -> Self {
        LineOf { text }
    }

    fn line(&self, part: &str) -> u64 {
        let start = self.text.as_ptr() as usize;
        let at = (part.as_ptr() as usize).saturating_sub(start).min(self.text.len());
        1 + self.text.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() as u64
    }
}

/// Users side-loaded beside the records (`{"tickets": [...], "users": [...]}`): id to role
/// and name.
#[derive(Default)]
pub(super) struct Users {
    by_id: HashMap<String, (Option<Role>, Option<String>)>,
}

impl Users {
    fn from_raw(raw: &RawValue) -> Self {
        let mut by_id = HashMap::new();
        if let Ok(list) = serde_json::from_str::<Vec<Map<String, Value>>>(raw.get()) {
            for u in list {
                let Some(id) = u.get("id").and_then(id_of) else { continue };
                let role = u.get("role").and_then(Value::as_str).and_then(|r| match r {
                    "end-user" | "end_user" | "customer" | "user" | "lead" | "contact" => {
                        Some(Role::Customer)
                    }
                    "agent" | "admin" => Some(Role::Agent),
                    _ => None,
                });
                let name = u.get("name").and_then(Value::as_str).map(str::to_string);
                by_id.insert(id, (role, name));
            }
        }
        Users { by_id }
    }

    /// The role the side-loaded users give `id`, if any.
    pub(super) fn role(&self, id: &str) -> Option<Role> {
        self.by_id.get(id).and_then(|u| u.0)
    }

    /// The name the side-loaded users give `id`, if any.
    pub(super) fn name(&self, id: &str) -> Option<&str> {
        self.by_id.get(id).and_then(|u| u.1.as_deref())
    }
}

/// An id given as a string or a number.
pub(super) fn id_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A non-empty string field.
pub(super) fn str_of<'a>(m: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    m.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

/// The object at `m[key]`, if it is one.
pub(super) fn obj_of<'a>(m: &'a Map<String, Value>, key: &str) -> Option<&'a Map<String, Value>> {
    m.get(key).and_then(Value::as_object)
}

/// One help desk record being read: where it is, for diagnostics, and its messages.
pub(super) struct Record<'a> {
    pub(super) path: &'a Path,
    pub(super) line: u64,
    pub(super) messages: Vec<Message>,
    valid: usize,
}

impl<'a> Record<'a> {
    pub(super) fn new(path: &'a Path, line: u64) -> Self {
        Record { path, line, messages: Vec::new(), valid: 0 }
    }

    /// A warning about `field` of this record.
    pub(super) fn warn(&self, sink: &mut Sink, field: &str, why: impl Into<String>) {
        sink.diag(Diagnostic::warning(self.path, self.line, why).with_field(field));
    }

    /// The record is skipped, for the reason given about `field`.
    pub(super) fn skip(&self, sink: &mut Sink, field: &str, why: impl Into<String>) {
        sink.record(true);
        sink.diag(Diagnostic::skipped(self.path, self.line, why).with_field(field));
    }

    /// `v` as an object; anything else is kept in place as an empty `system` message, with
    /// a warning naming `field`.
    pub(super) fn object<'v>(
        &mut self,
        sink: &mut Sink,
        v: &'v Value,
        field: &str,
    ) -> Option<&'v Map<String, Value>> {
        let o = v.as_object();
        if o.is_none() {
            self.warn(sink, field, "expected an object; message kept in place as `system`, not mined");
            self.push(Role::System, None, None, None);
        }
        o
    }

    /// The timestamp at `m[key]` (RFC 3339, or Unix seconds or milliseconds), with a warning
    /// naming `field` when it is there but not understood.
    pub(super) fn time(
        &self,
        sink: &mut Sink,
        m: &Map<String, Value>,
        key: &str,
        field: &str,
    ) -> Option<OffsetDateTime> {
        let s = match m.get(key)? {
            Value::Null => return None,
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            other => kind(other).to_string(),
        };
        let t = parse_timestamp(&s);
        if t.is_none() {
            self.warn(
                sink,
                field,
                format!("timestamp `{}` not understood; message kept without it", clip(&s)),
            );
        }
        t
    }

    /// The text of a message: the first non-empty of the `plain` fields, else the first
    /// `html` field turned into text. A message with none is kept in place as `system`, with
    /// a warning naming `field`.
    pub(super) fn text(
        &self,
        sink: &mut Sink,
        m: &Map<String, Value>,
        plain: &[&str],
        html: &[&str],
        field: &str,
    ) -> Option<String> {
        if let Some(t) = plain.iter().find_map(|k| str_of(m, k)) {
            return Some(t.to_string());
        }
        if let Some(h) = html.iter().find_map(|k| str_of(m, k)) {
            let t = html_to_text(h);
            if !t.trim().is_empty() {
                return Some(t);
            }
        }
        let names: Vec<String> = plain.iter().chain(html).map(|k| format!("{field}.{k}")).collect();
        self.warn(
            sink,
            names.first().map_or(field, String::as_str),
            "no text; message kept in place as `system`, not mined",
        );
        None
    }

    /// Adds a message; `None` text keeps its place as an empty `system` message.
    pub(super) fn push(
        &mut self,
        role: Role,
        text: Option<String>,
        time: Option<OffsetDateTime>,
        author: Option<String>,
    ) -> &mut Message {
        let (role, text) = match text {
            Some(t) => (role, t),
            None => (Role::System, String::new()),
        };
        if matches!(role, Role::Customer | Role::Agent) {
            self.valid += 1;
        }
        let mut m = Message::new(role, text);
        m.timestamp = time;
        m.author = author.filter(|a| !a.trim().is_empty());
        self.messages.push(m);
        self.messages.last_mut().expect("just pushed")
    }

    /// Hands the conversation to `sink`, or skips the record when no message came from a
    /// customer or an agent.
    pub(super) fn finish(self, sink: &mut Sink, id: String, channel: Option<Channel>) {
        if self.valid == 0 {
            let why =
                if self.messages.is_empty() { "has no messages" } else { "has no customer or agent message" };
            let (path, line) = (self.path, self.line);
            sink.record(true);
            sink.diag(Diagnostic::skipped(path, line, format!("conversation `{id}` {why}")));
            return;
        }
        sink.record(false);
        sink.conversation(Conversation { id, channel, messages: self.messages }, self.path, self.line);
    }
}
