//! JSON Lines: SPEC format 1 (one conversation a line) and format 2 (one message a line).
//!
//! The format is told per line: a help desk ticket or conversation (Zendesk, Freshdesk,
//! Intercom, Help Scout) or a Messenger thread goes to its reader, by the fields each tool
//! documents; otherwise an object with `messages` is a conversation, an object with
//! `conversation_id` is a flat message. A file may mix them (exports concatenated by hand).
//! Fields are checked one by one so that a diagnostic names the field at fault, such as
//! `messages[2].role`.

use std::io::BufRead;
use std::path::Path;

use serde_json::{Map, Value};

use super::flat::FlatGroups;
use super::json::{id_of, Users};
use super::{freshdesk, helpscout, intercom, messenger, zendesk, Diagnostic, Lines, Sink};
use crate::ingest::timestamp::parse_timestamp;
use crate::model::{Channel, Conversation, Message, Role};

/// The longest JSONL line read (a conversation with thousands of messages fits).
const MAX_LINE: usize = 64 * 1024 * 1024;

pub(super) fn read<R: BufRead>(path: &Path, reader: R, sink: &mut Sink) {
    let mut lines = Lines::new(reader, MAX_LINE);
    let mut flat = FlatGroups::default();
    while let Some(line) = lines.next_or_report(path, "file", sink) {
        let n = line.number;
        if line.bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if line.truncated {
            sink.record(true);
            sink.diag(Diagnostic::skipped(path, n, format!("line longer than {MAX_LINE} bytes")));
            continue;
        }
        let text = match std::str::from_utf8(&line.bytes) {
            Ok(t) => t,
            Err(e) => {
                sink.record(true);
                sink.diag(Diagnostic::skipped(path, n, format!("not UTF-8 (byte {})", e.valid_up_to())));
                continue;
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let obj = match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(o)) => o,
            Ok(other) => {
                sink.record(true);
                sink.diag(Diagnostic::skipped(
                    path,
                    n,
                    format!("expected a JSON object, found {}", kind(&other)),
                ));
                continue;
            }
            Err(e) => {
                sink.record(true);
                sink.diag(Diagnostic::skipped(path, n, format!("invalid JSON: {e}")));
                continue;
            }
        };
        read_object(path, n, obj, &Users::default(), &mut flat, sink);
    }
    flat.flush(path, sink);
}

/// Whether `obj` is a record some reader takes: a help desk ticket or conversation, a
/// Messenger thread, a SPEC conversation or a flat message.
pub(super) fn is_record(obj: &Map<String, Value>) -> bool {
    helpdesk_kind(obj).is_some() || obj.contains_key("messages") || obj.contains_key("conversation_id")
}

/// A help desk or chat app reader of one record: path, line, the record, side-loaded users.
type RecordReader = fn(&Path, u64, &Map<String, Value>, &Users, &mut Sink);

/// The help desk or chat app whose record `obj` is, told by the fields each one documents.
fn helpdesk_kind(obj: &Map<String, Value>) -> Option<RecordReader> {
    if messenger::is_thread(obj) {
        Some(messenger::read)
    } else if zendesk::is_ticket(obj) {
        Some(zendesk::read)
    } else if freshdesk::is_ticket(obj) {
        Some(freshdesk::read)
    } else if intercom::is_conversation(obj) {
        Some(intercom::read)
    } else if helpscout::is_conversation(obj) {
        Some(helpscout::read)
    } else {
        None
    }
}

/// Reads one JSON object, whichever record it is (see [`is_record`]); `n` is its line.
pub(super) fn read_object(
    path: &Path,
    n: u64,
    obj: Map<String, Value>,
    users: &Users,
    flat: &mut FlatGroups,
    sink: &mut Sink,
) {
    if let Some(read) = helpdesk_kind(&obj) {
        read(path, n, &obj, users, sink);
    } else if obj.contains_key("messages") {
        read_conversation(path, n, obj, sink);
    } else if obj.contains_key("conversation_id") {
        match flat_message(path, n, obj, sink) {
            Some((id, msg, channel)) => {
                sink.record(false);
                flat.push(id, msg, channel, n);
            }
            None => sink.record(true),
        }
    } else {
        sink.record(true);
        sink.diag(Diagnostic::skipped(
            path,
            n,
            "not a record: no `messages` (a conversation), `conversation_id` (a message), \
             `comments` (Zendesk), `conversations` (Freshdesk), `conversation_parts` (Intercom) \
             or `threads` (Help Scout)",
        ));
    }
}

/// What kind of JSON value `v` is, for diagnostics.
pub(super) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn read_conversation(path: &Path, n: u64, mut obj: Map<String, Value>, sink: &mut Sink) {
    let Some(id) = obj.get("id").and_then(id_of) else {
        sink.record(true);
        let why = if obj.contains_key("id") { "must be a non-empty string or a number" } else { "missing" };
        sink.diag(Diagnostic::skipped(path, n, format!("conversation id {why}")).with_field("id"));
        return;
    };
    let channel = match obj.get("channel") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(Channel::from(s.clone())),
        Some(other) => {
            sink.diag(
                Diagnostic::warning(
                    path,
                    n,
                    format!("channel ignored: expected a string, found {}", kind(other)),
                )
                .with_field("channel"),
            );
            None
        }
    };
    let raw = match obj.remove("messages") {
        Some(Value::Array(a)) => a,
        other => {
            let found = other.as_ref().map_or("nothing", kind);
            sink.record(true);
            sink.diag(
                Diagnostic::skipped(
                    path,
                    n,
                    format!("conversation `{id}`: expected an array, found {found}"),
                )
                .with_field("messages"),
            );
            return;
        }
    };
    let total = raw.len();
    let mut messages = Vec::with_capacity(total);
    let mut valid = 0usize;
    for (i, m) in raw.into_iter().enumerate() {
        let field = format!("messages[{i}]");
        let Value::Object(m) = m else {
            sink.diag(
                Diagnostic::warning(
                    path,
                    n,
                    format!(
                        "expected an object, found {}; message kept in place as `system`, not mined",
                        kind(&m)
                    ),
                )
                .with_field(field),
            );
            messages.push(Message::new(Role::System, String::new()));
            continue;
        };
        let (msg, ok) = message(path, n, &field, &m, sink);
        valid += usize::from(ok);
        messages.push(msg);
    }
    if valid == 0 {
        sink.record(true);
        let why = if total == 0 { "has no messages" } else { "has no valid message" };
        sink.diag(Diagnostic::skipped(path, n, format!("conversation `{id}` {why}")).with_field("messages"));
        return;
    }
    sink.record(false);
    sink.conversation(Conversation { id, channel, messages }, path, n);
}

/// Reads the fields shared by both formats: `role`, `text`, `timestamp`, `author`.
///
/// A message whose role or text is unusable keeps its place, so that message indices stay
/// those of the file (labels and assignments refer to them): it becomes a `system` message
/// (never mined, never an answer) with a warning, and the second value is `false`.
fn message(path: &Path, n: u64, prefix: &str, m: &Map<String, Value>, sink: &mut Sink) -> (Message, bool) {
    let field = |name: &str| if prefix.is_empty() { name.to_string() } else { format!("{prefix}.{name}") };
    let mut ok = true;
    let mut bad = |sink: &mut Sink, name: &str, why: String| {
        ok = false;
        sink.diag(
            Diagnostic::warning(path, n, format!("{why}; message kept in place as `system`, not mined"))
                .with_field(field(name)),
        );
    };
    let role = match m.get("role") {
        Some(Value::String(r)) => Role::parse(r).unwrap_or_else(|| {
            bad(sink, "role", format!("unknown role `{}`", clip(r)));
            Role::System
        }),
        Some(other) => {
            bad(sink, "role", format!("role must be a string, found {}", kind(other)));
            Role::System
        }
        None => {
            bad(sink, "role", "missing role".to_string());
            Role::System
        }
    };
    let text = match m.get("text") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Null) | None => {
            bad(sink, "text", "missing text".to_string());
            String::new()
        }
        Some(other) => {
            bad(sink, "text", format!("text must be a string, found {}", kind(other)));
            String::new()
        }
    };
    let role = if ok { role } else { Role::System };
    let mut msg = Message::new(role, text);
    match m.get("timestamp") {
        None | Some(Value::Null) => {}
        Some(v) => {
            let s = match v {
                Value::String(s) => s.clone(),
                Value::Number(x) => x.to_string(),
                _ => String::new(),
            };
            msg.timestamp = parse_timestamp(&s);
            if msg.timestamp.is_none() {
                sink.diag(
                    Diagnostic::warning(
                        path,
                        n,
                        format!("timestamp `{}` not understood; message kept without it", clip(&s)),
                    )
                    .with_field(field("timestamp")),
                );
            }
        }
    }
    match m.get("author") {
        Some(Value::String(a)) if !a.trim().is_empty() => msg.author = Some(a.clone()),
        _ => {}
    }
    (msg, ok)
}

/// Reads one format 2 line: `(conversation id, message, channel)`.
fn flat_message(
    path: &Path,
    n: u64,
    obj: Map<String, Value>,
    sink: &mut Sink,
) -> Option<(String, Message, Option<Channel>)> {
    let Some(id) = obj.get("conversation_id").and_then(id_of) else {
        sink.diag(
            Diagnostic::skipped(path, n, "conversation_id must be a non-empty string or a number")
                .with_field("conversation_id"),
        );
        return None;
    };
    if !obj.contains_key("role") && !obj.contains_key("text") {
        // A label or annotation line (`{"conversation_id", "message_index", "label"}`)
        // beside the data: not a message at all.
        sink.diag(Diagnostic::skipped(path, n, "not a message: no `role` and no `text`"));
        return None;
    }
    let (mut msg, _) = message(path, n, "", &obj, sink);
    let channel = obj.get("channel").and_then(Value::as_str).map(|c| Channel::from(c.to_string()));
    for (k, v) in obj {
        if matches!(k.as_str(), "conversation_id" | "role" | "text" | "timestamp" | "author" | "channel") {
            continue;
        }
        let v = match v {
            Value::String(s) => s,
            Value::Null => continue,
            other => other.to_string(),
        };
        msg.metadata.insert(k, v);
    }
    Some((id, msg, channel))
}

/// The start of a long value, for diagnostics.
pub(super) fn clip(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::ingest::{read_bytes, IngestOptions, Severity};
    use crate::model::Role;

    #[test]
    fn bad_messages_keep_their_place_with_field_and_line() {
        let input = concat!(
            r#"{"id":"c1","channel":"chat","messages":[{"role":"customer","text":"Hi?"},{"role":"wizard","text":"x"},{"role":"agent"},{"role":"agent","text":"Yes","timestamp":"soon"}]}"#,
            "\n",
            "not json\n",
            r#"{"id":"c2","messages":[{"role":"robot","text":"x"}]}"#,
            "\n",
        );
        let got = read_bytes("a.jsonl", input.as_bytes(), &IngestOptions::default());
        assert_eq!(got.conversations.len(), 1);
        let c = &got.conversations[0];
        let roles: Vec<Role> = c.messages.iter().map(|m| m.role).collect();
        assert_eq!(
            roles,
            [Role::Customer, Role::System, Role::System, Role::Agent],
            "indices match the file"
        );
        assert!(c.messages[3].timestamp.is_none());
        let where_: Vec<(u64, Option<&str>, Severity)> =
            got.diagnostics.iter().map(|d| (d.line, d.field.as_deref(), d.severity)).collect();
        assert_eq!(
            where_,
            vec![
                (1, Some("messages[1].role"), Severity::Warning),
                (1, Some("messages[2].text"), Severity::Warning),
                (1, Some("messages[3].timestamp"), Severity::Warning),
                (2, None, Severity::Skipped),
                (3, Some("messages[0].role"), Severity::Warning),
                (3, Some("messages"), Severity::Skipped),
            ],
            "{:#?}",
            got.diagnostics
        );
        assert_eq!((got.records_read, got.records_skipped), (3, 2));
    }

    #[test]
    fn flat_lines_group_in_file_order_with_metadata() {
        let input = concat!(
            r#"{"conversation_id":"b","role":"customer","text":"one","queue":"billing","priority":2}"#,
            "\n",
            r#"{"conversation_id":"a","role":"customer","text":"two"}"#,
            "\n",
            r#"{"conversation_id":"b","role":"agent","text":"three"}"#,
            "\n",
            r#"{"conversation_id":"b","role":"nobody","text":"four"}"#,
            "\n",
        );
        let got = read_bytes("flat.jsonl", input.as_bytes(), &IngestOptions::default());
        let ids: Vec<&str> = got.conversations.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        let b = &got.conversations[1];
        let texts: Vec<&str> = b.messages.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, ["one", "three", "four"]);
        assert_eq!(b.messages[2].role, Role::System, "unknown role kept in place");
        assert_eq!(b.messages[0].metadata.get("queue").map(String::as_str), Some("billing"));
        assert_eq!(b.messages[0].metadata.get("priority").map(String::as_str), Some("2"));
        assert_eq!(got.diagnostics.len(), 1);
        assert_eq!((got.diagnostics[0].line, got.diagnostics[0].severity), (4, Severity::Warning));
        assert_eq!((got.records_read, got.records_skipped), (4, 0));
        let labels = read_bytes(
            "labels.jsonl",
            br#"{"conversation_id":"b","message_index":0,"label":"refund"}"#,
            &IngestOptions::default(),
        );
        assert!(labels.conversations.is_empty(), "a label line is not a message");
        assert_eq!((labels.records_read, labels.records_skipped), (1, 1));
    }
}
