//! SPEC format 1: one conversation a line.

use std::io::{BufRead, BufReader};
use std::path::Path;

use serde::Deserialize;

use super::{Diagnostic, Ingested, Severity};
use crate::model::{Channel, Conversation, Message, Role};

#[derive(Deserialize)]
struct RawConversation {
    id: serde_json::Value,
    #[serde(default)]
    channel: Option<String>,
    messages: Vec<RawMessage>,
}

#[derive(Deserialize)]
struct RawMessage {
    role: String,
    text: String,
    #[serde(default)]
    timestamp: Option<String>,
    #[serde(default)]
    author: Option<String>,
}

pub(super) fn read_conversations(path: &Path, out: &mut Ingested) {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            out.diagnostics.push(Diagnostic {
                path: path.to_path_buf(),
                line: 0,
                field: None,
                message: e.to_string(),
                severity: Severity::Skipped,
            });
            return;
        }
    };
    let diag = |line: u64, message: String| Diagnostic {
        path: path.to_path_buf(),
        line,
        field: None,
        message,
        severity: Severity::Skipped,
    };
    for (i, line) in BufReader::new(file).split(b'\n').enumerate() {
        let lineno = i as u64 + 1;
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                out.diagnostics.push(diag(lineno, e.to_string()));
                break;
            }
        };
        let text = String::from_utf8_lossy(&line);
        if text.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<RawConversation>(&text) {
            Ok(raw) => {
                let id = match raw.id {
                    serde_json::Value::String(s) => s,
                    other => other.to_string(),
                };
                let messages = raw
                    .messages
                    .into_iter()
                    .map(|m| {
                        let mut msg = Message::new(Role::parse(&m.role).unwrap_or(Role::Customer), m.text);
                        msg.author = m.author;
                        msg.timestamp = m.timestamp.and_then(|t| {
                            time::OffsetDateTime::parse(&t, &time::format_description::well_known::Rfc3339)
                                .ok()
                        });
                        msg
                    })
                    .collect();
                out.records_read += 1;
                out.conversations.push(Conversation {
                    id,
                    channel: raw.channel.map(Channel::from),
                    messages,
                });
            }
            Err(e) => {
                out.records_skipped += 1;
                out.diagnostics.push(diag(lineno, e.to_string()));
            }
        }
    }
}
