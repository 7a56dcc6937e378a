//! Facebook Messenger threads from "Download your information" (JSON), for a person or a
//! Page's inbox.
//!
//! A thread (`participants`, `messages` with `sender_name`, `timestamp_ms`, `content`;
//! or the newer `senderName`, `timestamp`, `text`) lists its messages newest first; they are
//! put back in time order. A long thread comes as `message_1.json`, `message_2.json` ... in
//! one folder: all of them are one chat (joined by `thread_path`, else the folder's name).
//! Messages without text (photos, stickers, calls, shares without a comment, unsent ones)
//! are `system` messages. Conversations and roles are decided as for every chat
//! (`chat.rs`).
//!
//! Facebook writes the export's strings as Latin-1 escapes of their UTF-8 bytes, so that
//! "Dạ" arrives as `D\u00e1\u00ba\u00a1`. Every string is decoded back when all its
//! characters are below U+0100 and, taken as bytes, they are valid UTF-8 (at least one of
//! them above U+007F): a genuine Latin-1 text ("café") is not valid UTF-8 as bytes and stays
//! as it is.

use std::path::Path;

use serde_json::{Map, Value};

use super::chat::{Chat, ChatMessage};
use super::json::{str_of, Users};
use super::{Diagnostic, Sink};

/// Whether `obj` looks like a Messenger thread: `participants` and `messages` from senders.
pub(super) fn is_thread(obj: &Map<String, Value>) -> bool {
    let Some(messages) = obj.get("messages").and_then(Value::as_array) else { return false };
    obj.get("participants").is_some_and(Value::is_array)
        && messages.first().is_none_or(|m| m.get("sender_name").is_some() || m.get("senderName").is_some())
}

/// Undoes Facebook's encoding defect (see the module docs); other strings are returned as
/// they are.
pub(super) fn fix_mojibake(s: &str) -> String {
    if !s.chars().any(|c| ('\u{80}'..='\u{ff}').contains(&c)) || s.chars().any(|c| c > '\u{ff}') {
        return s.to_string();
    }
    let bytes: Vec<u8> = s.chars().map(|c| c as u32 as u8).collect();
    String::from_utf8(bytes).unwrap_or_else(|_| s.to_string())
}

fn string(m: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| str_of(m, k)).map(fix_mojibake)
}

pub(super) fn read(path: &Path, line: u64, thread: &Map<String, Value>, _users: &Users, sink: &mut Sink) {
    let name = string(thread, &["thread_path", "threadPath"]).unwrap_or_else(|| {
        let dir = path.parent().and_then(Path::file_name).map(|n| n.to_string_lossy().into_owned());
        let title = string(thread, &["title", "threadName"]).unwrap_or_default();
        format!("{}/{title}", dir.unwrap_or_default())
    });
    let list = thread.get("messages").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    let mut messages = Vec::with_capacity(list.len());
    for (i, m) in list.iter().enumerate().rev() {
        let field = format!("messages[{i}]");
        let Some(m) = m.as_object() else {
            sink.record(true);
            sink.diag(Diagnostic::skipped(path, line, "expected an object").with_field(field));
            continue;
        };
        let author = string(m, &["sender_name", "senderName"]);
        let time = ["timestamp_ms", "timestamp"]
            .iter()
            .find_map(|k| m.get(*k).and_then(Value::as_i64))
            .and_then(|ms| time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok());
        if time.is_none() {
            sink.diag(
                Diagnostic::warning(path, line, "no time (`timestamp_ms`); message kept without one")
                    .with_field(format!("{field}.timestamp_ms")),
            );
        }
        if author.is_none() {
            sink.diag(
                Diagnostic::warning(path, line, "no sender; message kept in place as `system`, not mined")
                    .with_field(format!("{field}.sender_name")),
            );
        }
        let text = string(m, &["content", "text"]);
        let unsent = m.get("is_unsent").or_else(|| m.get("isUnsent")).and_then(Value::as_bool) == Some(true);
        let kind = str_of(m, "type").unwrap_or("Generic");
        let system = text.is_none()
            || unsent
            || author.is_none()
            || matches!(kind, "Call" | "Subscribe" | "Unsubscribe");
        sink.record(false);
        messages.push(ChatMessage { author, text: text.unwrap_or_default(), time, system, line });
    }
    sink.chats.push(Chat { app: "messenger", name, path: path.to_path_buf(), line, messages });
}

#[cfg(test)]
mod tests {
    use super::fix_mojibake;

    #[test]
    fn mojibake_is_decoded_only_when_it_round_trips() {
        assert_eq!(fix_mojibake("D\u{e1}\u{ba}\u{a1}"), "Dạ");
        assert_eq!(fix_mojibake("Cho em h\u{e1}\u{bb}\u{8f}i"), "Cho em hỏi");
        assert_eq!(fix_mojibake("caf\u{e9}"), "café", "Latin-1 that is not UTF-8 stays");
        assert_eq!(fix_mojibake("Dạ"), "Dạ", "already decoded");
        assert_eq!(fix_mojibake("plain"), "plain");
    }
}
