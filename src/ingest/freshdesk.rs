//! Freshdesk tickets with their conversations, as the API gives them
//! (`GET /api/v2/tickets/{id}?include=conversations`) and exports copy it.
//!
//! The ticket's `description_text` (or HTML `description`), written by `requester_id` at
//! `created_at`, is the first customer message; each of `conversations` (`body_text` or HTML
//! `body`, `user_id`, `incoming`, `private`, `source`, `created_at`) follows in file order.
//! Roles: a private entry or a note (`source` 2) is kept as `system`; an entry by the
//! requester or marked `incoming` (it came from outside: the customer's email) is the
//! customer's; any other is an agent's reply. Conversation ids are `freshdesk:<ticket id>`.

use std::path::Path;

use serde_json::{Map, Value};

use super::json::{id_of, Record, Users};
use super::Sink;
use crate::model::{Channel, Role};

/// Whether `obj` looks like a Freshdesk ticket: `conversations` beside the ticket's own
/// description or requester.
pub(super) fn is_ticket(obj: &Map<String, Value>) -> bool {
    obj.get("conversations").is_some_and(Value::is_array)
        && ["description_text", "description", "requester_id"].iter().any(|k| obj.contains_key(*k))
}

/// The channel of a ticket's `source` (Freshdesk's numbered sources).
fn channel(source: Option<&Value>) -> Option<Channel> {
    match source.and_then(Value::as_i64)? {
        1 | 10 => Some(Channel::Email),
        3 => Some(Channel::Voice),
        2 | 7 | 9 => Some(Channel::Chat),
        _ => None,
    }
}

pub(super) fn read(path: &Path, line: u64, ticket: &Map<String, Value>, users: &Users, sink: &mut Sink) {
    let mut rec = Record::new(path, line);
    let Some(id) = ticket.get("id").and_then(id_of) else {
        rec.skip(sink, "id", "Freshdesk ticket without an id");
        return;
    };
    let requester = ticket.get("requester_id").and_then(id_of);
    let name = |who: &Option<String>| who.as_deref().map(|a| users.name(a).unwrap_or(a).to_string());
    let text = rec.text(sink, ticket, &["description_text"], &["description"], "description");
    let time = rec.time(sink, ticket, "created_at", "created_at");
    rec.push(Role::Customer, text, time, name(&requester));
    let entries = ticket.get("conversations").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    for (i, c) in entries.iter().enumerate() {
        let field = format!("conversations[{i}]");
        let Some(c) = rec.object(sink, c, &field) else { continue };
        let user = c.get("user_id").and_then(id_of);
        let private = c.get("private").and_then(Value::as_bool).unwrap_or(false);
        let note = c.get("source").and_then(Value::as_i64) == Some(2);
        let incoming = c.get("incoming").and_then(Value::as_bool).unwrap_or(false);
        let role = if private || note {
            Role::System
        } else if incoming || (user.is_some() && user == requester) {
            Role::Customer
        } else {
            Role::Agent
        };
        let text = rec.text(sink, c, &["body_text"], &["body"], &field);
        let time = rec.time(sink, c, "created_at", &format!("{field}.created_at"));
        let m = rec.push(role, text, time, name(&user));
        if private || note {
            m.metadata.insert("note".into(), if private { "internal" } else { "public" }.into());
        }
    }
    rec.finish(sink, format!("freshdesk:{id}"), channel(ticket.get("source")));
}
