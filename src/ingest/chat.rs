//! Chat app histories (WhatsApp, Messenger) into conversations: what the two readers share.
//!
//! A chat export is one customer (or a group) talking with the business over months, with
//! no conversation boundaries and no roles. Both are decided here, once every file of the
//! read is in, so that a business that appears in many chats is recognised:
//!
//! - **Who is the business.** A participant named by [`IngestOptions::support`] (compared
//!   without regard to case or surrounding space). Otherwise the participant found in the
//!   most chats of the read, when that is at least two chats and more than anyone else: the
//!   business talks to every customer, a customer to the business alone. Otherwise, inside
//!   one chat, the participant who opens the fewest of its conversations (customers ask, the
//!   business answers), ties going to the one who spoke later; the guess is a warning that
//!   says how to name it. The business's messages are `agent`, everyone else's `customer`.
//! - **Where a conversation ends.** At a silence of [`SILENCE`] or more. Within one exchange
//!   people answer within minutes (the demo corpus's chats never pause longer than six
//!   minutes inside a conversation); when a customer writes again after hours, it is the next
//!   day or the next need (the demo's customers come back after six hours at the soonest).
//!   One exception: a business message after the silence that follows a customer's message is
//!   a late answer to it and stays in the same conversation, since a small business often
//!   answers hours later.
//! - System lines (encryption notices, media without a caption, deleted messages, calls) are
//!   kept as `system` messages of the conversation they fall in: never mined, never an
//!   answer, nothing dropped.
//!
//! Conversation ids are `whatsapp-<hash>#<n>` / `messenger-<hash>#<n>`: the hash is of the
//! file or thread name (which holds the customer's name, so it is not written as is), `n`
//! counts the chat's conversations from 1.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use time::{Duration, OffsetDateTime};

use super::{Diagnostic, IngestOptions};
use crate::faq::content_id;
use crate::model::{Channel, Conversation, Message, Role};

/// The silence after which a chat's next message starts a new conversation.
pub const SILENCE: Duration = Duration::hours(4);

/// One line or entry of a chat.
#[derive(Debug, Clone)]
pub(crate) struct ChatMessage {
    /// The sender, `None` for a system line.
    pub(crate) author: Option<String>,
    pub(crate) text: String,
    pub(crate) time: Option<OffsetDateTime>,
    /// Not something a person wrote (media, deleted message, call, notice).
    pub(crate) system: bool,
    pub(crate) line: u64,
}

/// One chat as read from one file (Messenger threads over several files are joined by id).
#[derive(Debug, Clone)]
pub(crate) struct Chat {
    pub(crate) app: &'static str,
    /// The chat's name (a file or thread name), hashed into the conversation ids.
    pub(crate) name: String,
    pub(crate) path: PathBuf,
    pub(crate) line: u64,
    pub(crate) messages: Vec<ChatMessage>,
}

fn key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Splits every chat into conversations with roles (see the module docs).
pub(crate) fn build(
    chats: Vec<Chat>,
    options: &IngestOptions,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(Conversation, PathBuf, u64)> {
    // Messenger writes a long thread as message_1.json, message_2.json ...: one chat.
    let mut joined: BTreeMap<(&'static str, String), Chat> = BTreeMap::new();
    for c in chats {
        match joined.entry((c.app, c.name.clone())) {
            std::collections::btree_map::Entry::Vacant(v) => {
                v.insert(c);
            }
            std::collections::btree_map::Entry::Occupied(mut o) => {
                let first = o.get_mut();
                if c.path < first.path {
                    first.path = c.path;
                    first.line = c.line;
                }
                first.messages.extend(c.messages);
            }
        }
    }
    let mut chats: Vec<Chat> = joined.into_values().collect();
    for c in &mut chats {
        // Stable: messages of the same second keep the file's order.
        if c.messages.iter().all(|m| m.time.is_some()) {
            c.messages.sort_by_key(|m| m.time);
        }
    }
    let support: BTreeSet<String> =
        options.support.iter().map(|s| key(s)).filter(|s| !s.is_empty()).collect();
    // In how many chats each participant writes.
    let mut presence: BTreeMap<String, usize> = BTreeMap::new();
    for c in &chats {
        let names: BTreeSet<String> =
            c.messages.iter().filter_map(|m| m.author.as_deref()).map(key).collect();
        for n in names {
            *presence.entry(n).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&String, &usize)> = presence.iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let everywhere = match ranked.as_slice() {
        [(name, &n), rest @ ..] if n >= 2 && rest.first().is_none_or(|r| *r.1 < n) => Some((*name).clone()),
        _ => None,
    };
    let mut out = Vec::new();
    for chat in chats {
        let names: BTreeSet<String> =
            chat.messages.iter().filter_map(|m| m.author.as_deref()).map(key).collect();
        let business: Option<String> = if let Some(s) = names.iter().find(|n| support.contains(*n)) {
            Some(s.clone())
        } else if let Some(e) = everywhere.as_ref().filter(|e| names.contains(*e)) {
            Some(e.clone())
        } else {
            let guess = guess_business(&chat.messages);
            if let Some(g) = &guess {
                let shown = chat.messages.iter().filter_map(|m| m.author.as_deref()).find(|a| key(a) == *g);
                diagnostics.push(Diagnostic::warning(
                    &chat.path,
                    0,
                    format!(
                        "took `{}` as the business (it opens the fewest conversations); name it with --support NAME",
                        shown.unwrap_or(g)
                    ),
                ));
            }
            guess
        };
        out.extend(split(chat, business.as_deref()));
    }
    out
}

/// Whether a conversation starts at a message sent at `time`, by the business or not, after
/// `prev` (the time and side of the last message someone wrote).
fn starts_after_silence(
    prev: Option<(Option<OffsetDateTime>, bool)>,
    time: Option<OffsetDateTime>,
    business: bool,
) -> bool {
    let Some((Some(a), prev_business)) = prev else { return false };
    let Some(b) = time else { return false };
    if b - a < SILENCE {
        return false;
    }
    // A late answer to a customer's message stays with it.
    !business || prev_business
}

/// Inside one chat, the participant who opens the fewest conversations.
fn guess_business(messages: &[ChatMessage]) -> Option<String> {
    let mut opened: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut prev: Option<&ChatMessage> = None;
    for (i, m) in messages.iter().enumerate() {
        let Some(a) = m.author.as_deref() else { continue };
        let e = opened.entry(key(a)).or_insert((0, i));
        let silence = match (prev.and_then(|p| p.time), m.time) {
            (Some(x), Some(y)) => y - x >= SILENCE,
            _ => false,
        };
        if prev.is_none() || silence {
            e.0 += 1;
        }
        prev = Some(m);
    }
    if opened.len() < 2 {
        return None;
    }
    opened.into_iter().min_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1))).map(|(n, _)| n)
}

fn split(chat: Chat, business: Option<&str>) -> Vec<(Conversation, PathBuf, u64)> {
    let is_business =
        |m: &ChatMessage| m.author.as_deref().is_some_and(|a| Some(key(a).as_str()) == business);
    let base = format!("{}-{}", chat.app, &content_id(&chat.name)["faq-".len()..]);
    let mut out: Vec<(Conversation, PathBuf, u64)> = Vec::new();
    let mut current: Vec<Message> = Vec::new();
    let mut prev: Option<(Option<OffsetDateTime>, bool)> = None;
    let path = chat.path;
    let flush = |messages: &mut Vec<Message>, line: u64, out: &mut Vec<(Conversation, PathBuf, u64)>| {
        if messages.is_empty() {
            return;
        }
        let id = format!("{base}#{}", out.len() + 1);
        let conv = Conversation { id, channel: Some(Channel::Chat), messages: std::mem::take(messages) };
        out.push((conv, path.clone(), line));
    };
    let mut first_line = chat.line;
    for m in chat.messages {
        let business = is_business(&m);
        let person = !m.system && m.author.is_some();
        if person {
            if starts_after_silence(prev, m.time, business) && current.iter().any(|x| x.role != Role::System)
            {
                flush(&mut current, first_line, &mut out);
            }
            prev = Some((m.time, business));
        }
        if current.is_empty() {
            first_line = m.line;
        }
        let role = match (person, business) {
            (false, _) => Role::System,
            (true, true) => Role::Agent,
            (true, false) => Role::Customer,
        };
        let mut msg = Message::new(role, m.text);
        msg.timestamp = m.time;
        msg.author = m.author;
        current.push(msg);
    }
    flush(&mut current, first_line, &mut out);
    out
}

/// Whether `c` is a bidirectional or other invisible formatting mark that chat apps put
/// around names and dates.
pub(crate) fn is_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}
