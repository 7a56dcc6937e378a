//! Intercom conversations, as the Conversations API gives them
//! (`GET /conversations/{id}`, or `{"conversations": [...]}` pages of them).
//!
//! The conversation's `source` (`body` in HTML, `author`, `type`) is its first message;
//! `conversation_parts` (the API's `{"conversation_parts": [...]}` list, or a plain array)
//! follow, each with `part_type`, `body`, `author.type` and `created_at` (Unix seconds).
//! Roles come from `author.type`: `user`, `lead` and `contact` are customers, `admin` an
//! agent, `bot` a bot (Fin, custom bots: never a question nor an answer), anything else
//! `system`. A `note` part is internal, kept as `system`; parts without a body (assignment,
//! open, close, snooze events) are kept as empty `system` messages. Conversation ids are
//! `intercom:<id>`.

use std::path::Path;

use serde_json::{Map, Value};

use super::json::{id_of, obj_of, str_of, Record, Users};
use super::Sink;
use crate::model::{Channel, Role};

/// Whether `obj` looks like an Intercom conversation: `conversation_parts`, or a `source`
/// with an `author`.
pub(super) fn is_conversation(obj: &Map<String, Value>) -> bool {
    obj.contains_key("conversation_parts") || obj_of(obj, "source").is_some_and(|s| s.contains_key("author"))
}

fn role(author: Option<&Map<String, Value>>) -> Role {
    match author.and_then(|a| str_of(a, "type")) {
        Some("user" | "lead" | "contact") => Role::Customer,
        Some("admin") => Role::Agent,
        Some("bot") => Role::Bot,
        _ => Role::System,
    }
}

fn name(author: Option<&Map<String, Value>>) -> Option<String> {
    let a = author?;
    str_of(a, "name")
        .or_else(|| str_of(a, "email"))
        .map(str::to_string)
        .or_else(|| a.get("id").and_then(id_of))
}

pub(super) fn read(path: &Path, line: u64, conv: &Map<String, Value>, _users: &Users, sink: &mut Sink) {
    let mut rec = Record::new(path, line);
    let Some(id) = conv.get("id").and_then(id_of) else {
        rec.skip(sink, "id", "Intercom conversation without an id");
        return;
    };
    let mut channel = None;
    if let Some(source) = obj_of(conv, "source") {
        channel = match str_of(source, "type") {
            Some("email") => Some(Channel::Email),
            Some("phone_call" | "call") => Some(Channel::Voice),
            Some(_) => Some(Channel::Chat),
            None => None,
        };
        let author = obj_of(source, "author");
        let text = rec.text(sink, source, &[], &["body"], "source");
        let time = rec.time(sink, conv, "created_at", "created_at");
        rec.push(role(author), text, time, name(author));
    }
    let parts = match conv.get("conversation_parts") {
        Some(Value::Array(a)) => a.as_slice(),
        Some(Value::Object(o)) => {
            o.get("conversation_parts").and_then(Value::as_array).map_or(&[][..], Vec::as_slice)
        }
        _ => &[],
    };
    for (i, p) in parts.iter().enumerate() {
        let field = format!("conversation_parts[{i}]");
        let Some(p) = rec.object(sink, p, &field) else { continue };
        let part_type = str_of(p, "part_type").unwrap_or("comment");
        let author = obj_of(p, "author");
        let time = rec.time(sink, p, "created_at", &format!("{field}.created_at"));
        let has_body = str_of(p, "body").is_some();
        if !has_body && part_type != "comment" {
            // An event (assignment, open, close, snooze): nothing anyone wrote.
            let m = rec.push(Role::System, Some(String::new()), time, name(author));
            m.metadata.insert("event".into(), part_type.to_string());
            continue;
        }
        let role = if part_type == "note" { Role::System } else { role(author) };
        let text = rec.text(sink, p, &[], &["body"], &field);
        let m = rec.push(role, text, time, name(author));
        if part_type == "note" {
            m.metadata.insert("note".into(), "internal".into());
        }
    }
    rec.finish(sink, format!("intercom:{id}"), channel);
}
