//! Zendesk tickets with their comments, as the JSON export and the Tickets API give them.
//!
//! A ticket (`id`, `requester_id`, `via.channel`, `comments`) is one conversation, its
//! comments (`author_id`, `public`, `created_at`, `body` / `plain_body` / `html_body`,
//! `via.channel`) its messages, in the order of the file. Roles: a private comment
//! (`"public": false`) is an internal note, kept as `system`; a comment by the Zendesk system
//! user (`author_id` -1) is `system` and one made through Answer Bot is `bot`; otherwise the
//! author's role among side-loaded `users` (`end-user`, `agent`, `admin`) decides, and
//! without them the ticket's requester is the customer and every other author an agent.
//! Conversation ids are `zendesk:<ticket id>`.

use std::path::Path;

use serde_json::{Map, Value};

use super::json::{id_of, obj_of, str_of, Record, Users};
use super::Sink;
use crate::model::{Channel, Role};

/// Whether `obj` looks like a Zendesk ticket: it has `comments`.
pub(super) fn is_ticket(obj: &Map<String, Value>) -> bool {
    obj.get("comments").is_some_and(Value::is_array)
}

/// The channel of a Zendesk `via.channel`.
fn channel(via: &str) -> Option<Channel> {
    match via {
        "email" | "mail" => Some(Channel::Email),
        "voice" | "phone" => Some(Channel::Voice),
        "" => None,
        "chat" | "native_messaging" | "messaging" | "web" | "mobile" | "mobile_sdk" | "api" | "sms"
        | "whatsapp" | "facebook" | "instagram_dm" | "line" | "wechat" | "telegram" | "twitter" => {
            Some(Channel::Chat)
        }
        other => Some(Channel::from(other.to_string())),
    }
}

pub(super) fn read(path: &Path, line: u64, ticket: &Map<String, Value>, users: &Users, sink: &mut Sink) {
    let mut rec = Record::new(path, line);
    let Some(id) = ticket.get("id").and_then(id_of) else {
        rec.skip(sink, "id", "Zendesk ticket without an id");
        return;
    };
    let requester = ticket.get("requester_id").and_then(id_of);
    let via =
        |m: &Map<String, Value>| obj_of(m, "via").and_then(|v| str_of(v, "channel")).map(str::to_string);
    let ticket_channel = via(ticket).and_then(|v| channel(&v));
    let comments = ticket.get("comments").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    for (i, c) in comments.iter().enumerate() {
        let field = format!("comments[{i}]");
        let Some(c) = rec.object(sink, c, &field) else { continue };
        let author = c.get("author_id").and_then(id_of);
        let public = c.get("public").and_then(Value::as_bool).unwrap_or(true);
        let role = if !public || author.as_deref() == Some("-1") {
            Role::System
        } else if via(c).is_some_and(|v| v.contains("bot")) {
            Role::Bot
        } else if let Some(r) = author.as_deref().and_then(|a| users.role(a)) {
            r
        } else if author.is_some() && author == requester {
            Role::Customer
        } else if author.is_none() {
            rec.warn(
                sink,
                &format!("{field}.author_id"),
                "no author; message kept in place as `system`, not mined",
            );
            Role::System
        } else {
            Role::Agent
        };
        let text = rec.text(sink, c, &["body", "plain_body"], &["html_body"], &field);
        let time = rec.time(sink, c, "created_at", &format!("{field}.created_at"));
        let name = author.as_deref().map(|a| users.name(a).map_or_else(|| a.to_string(), str::to_string));
        let m = rec.push(role, text, time, name);
        if !public {
            m.metadata.insert("note".into(), "internal".into());
        }
    }
    rec.finish(sink, format!("zendesk:{id}"), ticket_channel);
}
