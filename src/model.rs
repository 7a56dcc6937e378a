//! The data that flows between the stages: conversations in, FAQ entries out.
//!
//! These types are the serialization boundary of the crate (they appear in the input and
//! output files described in SPEC.md), so changing a field is a compatibility change.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The person asking for help. Only customer messages are mined for questions.
    Customer,
    /// A human support agent. Agent replies become FAQ answers.
    Agent,
    /// An automated reply.
    Bot,
    /// A system event (assignment, transfer, ...).
    System,
}

impl Role {
    /// Parses the role names of SPEC.md (`customer`, `agent`, `bot`, `system`), ignoring case
    /// and surrounding white space, plus a few common synonyms (`user`, `client`, `support`).
    pub fn parse(s: &str) -> Option<Role> {
        match s.trim().to_ascii_lowercase().as_str() {
            "customer" | "user" | "client" | "visitor" | "end-user" | "enduser" => Some(Role::Customer),
            "agent" | "support" | "staff" | "operator" | "assistant" | "system-agent" => Some(Role::Agent),
            "bot" => Some(Role::Bot),
            "system" => Some(Role::System),
            _ => None,
        }
    }

    /// The lowercase name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Agent => "agent",
            Role::Bot => "bot",
            Role::System => "system",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a conversation took place.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum Channel {
    /// Live chat or messaging.
    Chat,
    /// Email.
    Email,
    /// A phone or voice call, transcribed.
    Voice,
    /// Any other channel, by the name the input gave it (lowercased).
    Other(String),
}

impl From<String> for Channel {
    fn from(s: String) -> Self {
        match s.trim().to_lowercase().as_str() {
            "chat" | "livechat" | "messaging" | "messenger" => Channel::Chat,
            "email" | "e-mail" | "mail" => Channel::Email,
            "voice" | "phone" | "call" => Channel::Voice,
            other => Channel::Other(other.to_string()),
        }
    }
}

impl From<Channel> for String {
    fn from(c: Channel) -> Self {
        c.as_str().to_string()
    }
}

impl Channel {
    /// The lowercase name used in files.
    pub fn as_str(&self) -> &str {
        match self {
            Channel::Chat => "chat",
            Channel::Email => "email",
            Channel::Voice => "voice",
            Channel::Other(s) => s,
        }
    }
}

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// Who wrote it.
    pub role: Role,
    /// The text as read (for email: the decoded body as text, before cleaning).
    pub text: String,
    /// When it was sent, if the input says.
    #[serde(default, with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<OffsetDateTime>,
    /// The author's name or address, if the input says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Extra fields of the input record, kept as they were.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metadata: BTreeMap<String, String>,
}

impl Message {
    /// A message with no timestamp, author or metadata.
    pub fn new(role: Role, text: impl Into<String>) -> Self {
        Message { role, text: text.into(), timestamp: None, author: None, metadata: BTreeMap::new() }
    }
}

/// A support conversation: a chat transcript or a rebuilt email thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    /// The conversation's id, unique in one run.
    pub id: String,
    /// Where it took place, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// The messages, in the order they were written.
    pub messages: Vec<Message>,
}

impl Conversation {
    /// A conversation with no channel.
    pub fn new(id: impl Into<String>, messages: Vec<Message>) -> Self {
        Conversation { id: id.into(), channel: None, messages }
    }
}
