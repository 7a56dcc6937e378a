//! Help Scout conversations, as the Mailbox API 2.0 gives them
//! (`GET /v2/conversations/{id}?embed=threads`, or `{"_embedded": {"conversations": [...]}}`
//! pages of them).
//!
//! A conversation's threads (`_embedded.threads`, or `threads` when it is an array) are its
//! messages: `type` `customer` is the customer's, `message` an agent's reply, `note` an
//! internal note and `lineitem` (status changes, assignments) an event, both kept as
//! `system`; `chat` and `phone` threads take their role from `createdBy.type` (`customer` or
//! `user`). The API lists threads newest first: they are put back in time order by
//! `createdAt` (when a thread has no time, the reversed list is kept as it is). The channel
//! is the conversation's `type` (`email`, `chat`, `phone`). Conversation ids are
//! `helpscout:<id>`.

use std::path::Path;

use serde_json::{Map, Value};

use super::json::{id_of, obj_of, str_of, Record, Users};
use super::Sink;
use crate::model::{Channel, Role};

fn threads(obj: &Map<String, Value>) -> Option<&Vec<Value>> {
    obj_of(obj, "_embedded")
        .and_then(|e| e.get("threads"))
        .or_else(|| obj.get("threads"))
        .and_then(Value::as_array)
}

/// Whether `obj` looks like a Help Scout conversation: it has threads.
pub(super) fn is_conversation(obj: &Map<String, Value>) -> bool {
    threads(obj).is_some()
}

fn author(t: &Map<String, Value>) -> Option<String> {
    let by = obj_of(t, "createdBy")?;
    let full: Vec<&str> = ["first", "last"].iter().filter_map(|k| str_of(by, k)).collect();
    if full.is_empty() {
        str_of(by, "email").map(str::to_string).or_else(|| by.get("id").and_then(id_of))
    } else {
        Some(full.join(" "))
    }
}

pub(super) fn read(path: &Path, line: u64, conv: &Map<String, Value>, _users: &Users, sink: &mut Sink) {
    let mut rec = Record::new(path, line);
    let Some(id) = conv.get("id").and_then(id_of) else {
        rec.skip(sink, "id", "Help Scout conversation without an id");
        return;
    };
    let channel = match str_of(conv, "type") {
        Some("email") => Some(Channel::Email),
        Some("chat") => Some(Channel::Chat),
        Some("phone") => Some(Channel::Voice),
        _ => None,
    };
    let field_base = if obj_of(conv, "_embedded").is_some_and(|e| e.contains_key("threads")) {
        "_embedded.threads"
    } else {
        "threads"
    };
    let list = threads(conv).map_or(&[][..], Vec::as_slice);
    // Oldest first: the API's newest-first list reversed, then ordered by time.
    let mut order: Vec<(usize, Option<time::OffsetDateTime>)> = Vec::with_capacity(list.len());
    let mut messages = Vec::with_capacity(list.len());
    for (i, t) in list.iter().enumerate().rev() {
        let field = format!("{field_base}[{i}]");
        let Some(t) = t.as_object() else {
            rec.warn(sink, &field, "expected an object; message kept in place as `system`, not mined");
            messages.push((Role::System, None, None, None, false));
            order.push((order.len(), None));
            continue;
        };
        let by_customer = obj_of(t, "createdBy").and_then(|b| str_of(b, "type")) == Some("customer");
        let kind = str_of(t, "type").unwrap_or("");
        let (role, note) = match kind {
            "customer" => (Role::Customer, false),
            "message" | "reply" => (Role::Agent, false),
            "chat" | "phone" if by_customer => (Role::Customer, false),
            "chat" | "phone" => (Role::Agent, false),
            "note" => (Role::System, true),
            _ => (Role::System, false),
        };
        let time = rec.time(sink, t, "createdAt", &format!("{field}.createdAt"));
        let text = if role == Role::System && !note && str_of(t, "body").is_none() {
            Some(String::new())
        } else {
            rec.text(sink, t, &[], &["body"], &field)
        };
        order.push((order.len(), time));
        messages.push((role, text, time, author(t), note));
    }
    if order.iter().all(|(_, t)| t.is_some()) {
        order.sort_by_key(|&(i, t)| (t, i));
    }
    let mut taken: Vec<Option<_>> = messages.into_iter().map(Some).collect();
    for (i, _) in order {
        if let Some((role, text, time, who, note)) = taken[i].take() {
            let m = rec.push(role, text, time, who);
            if note {
                m.metadata.insert("note".into(), "internal".into());
            }
        }
    }
    rec.finish(sink, format!("helpscout:{id}"), channel);
}
