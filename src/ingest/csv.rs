//! SPEC format 2 as CSV: a header row, then one message a row.
//!
//! Required columns: `conversation_id`, `role`, `text`; `timestamp`, `author` and `channel`
//! are read when present; any other column is kept in [`Message::metadata`] under its
//! header name. Header names are matched without regard to case or surrounding space.

use std::io::BufRead;
use std::path::Path;

use super::flat::FlatGroups;
use super::jsonl::clip;
use super::{Diagnostic, Sink};
use crate::ingest::timestamp::parse_timestamp;
use crate::model::{Channel, Message, Role};

pub(super) fn read<R: BufRead>(path: &Path, reader: R, sink: &mut Sink) {
    let mut rdr = ::csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(reader);
    let headers: Vec<String> = match rdr.byte_headers() {
        Ok(h) => h
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let s = String::from_utf8_lossy(b);
                let s = if i == 0 { s.trim_start_matches('\u{feff}') } else { &s };
                s.trim().to_lowercase()
            })
            .collect(),
        Err(e) => {
            sink.diag(Diagnostic::skipped(path, 1, format!("cannot read the CSV header: {e}")));
            return;
        }
    };
    if headers.iter().all(String::is_empty) {
        sink.diag(Diagnostic::skipped(path, 0, "empty file: no CSV header"));
        return;
    }
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(c_id), Some(c_role), Some(c_text)) = (col("conversation_id"), col("role"), col("text")) else {
        let missing: Vec<&str> =
            ["conversation_id", "role", "text"].into_iter().filter(|n| col(n).is_none()).collect();
        sink.diag(
            Diagnostic::skipped(path, 1, format!("CSV header lacks column(s) {}", missing.join(", ")))
                .with_field(missing.join(",")),
        );
        return;
    };
    let (c_time, c_author, c_channel) = (col("timestamp"), col("author"), col("channel"));
    let known = [Some(c_id), Some(c_role), Some(c_text), c_time, c_author, c_channel];

    let mut flat = FlatGroups::default();
    let mut record = ::csv::ByteRecord::new();
    loop {
        let line = rdr.position().line();
        match rdr.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line, |p| p.line());
                sink.record(true);
                sink.diag(Diagnostic::skipped(path, line, format!("bad CSV row: {e}")));
                // An IO error or a broken quote leaves nothing sensible to read after it.
                if matches!(e.kind(), ::csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        let line = record.position().map_or(line, |p| p.line());
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        sink.record(false);
        let get = |i: usize| record.get(i).map(String::from_utf8_lossy);
        if record.iter().any(|f| std::str::from_utf8(f).is_err()) {
            sink.diag(Diagnostic::warning(path, line, "invalid UTF-8 replaced with U+FFFD"));
        }
        if record.len() != headers.len() {
            sink.diag(Diagnostic::warning(
                path,
                line,
                format!("{} fields where the header has {}", record.len(), headers.len()),
            ));
        }
        let id = get(c_id).map(|s| s.trim().to_string()).unwrap_or_default();
        if id.is_empty() {
            sink.records_skipped += 1;
            sink.diag(Diagnostic::skipped(path, line, "empty conversation_id").with_field("conversation_id"));
            continue;
        }
        // A row with an unusable role or text keeps its place in its conversation (message
        // indices stay those of the file) as a `system` message, never mined.
        let kept_as_system = "message kept in place as `system`, not mined";
        let role_s = get(c_role).unwrap_or_default();
        let mut role = Role::parse(&role_s).unwrap_or_else(|| {
            let why = if role_s.trim().is_empty() {
                "missing role".to_string()
            } else {
                format!("unknown role `{}`", clip(&role_s))
            };
            sink.diag(Diagnostic::warning(path, line, format!("{why}; {kept_as_system}")).with_field("role"));
            Role::System
        });
        let text = match get(c_text) {
            Some(t) => t.into_owned(),
            None => {
                sink.diag(
                    Diagnostic::warning(path, line, format!("missing text; {kept_as_system}"))
                        .with_field("text"),
                );
                role = Role::System;
                String::new()
            }
        };
        let mut msg = Message::new(role, text);
        if let Some(t) = c_time.and_then(get) {
            if !t.trim().is_empty() {
                msg.timestamp = parse_timestamp(&t);
                if msg.timestamp.is_none() {
                    sink.diag(
                        Diagnostic::warning(
                            path,
                            line,
                            format!("timestamp `{}` not understood; message kept without it", clip(&t)),
                        )
                        .with_field("timestamp"),
                    );
                }
            }
        }
        msg.author = c_author.and_then(get).map(|a| a.trim().to_string()).filter(|a| !a.is_empty());
        let channel = c_channel
            .and_then(get)
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .map(Channel::from);
        for (i, h) in headers.iter().enumerate() {
            if known.contains(&Some(i)) || h.is_empty() {
                continue;
            }
            if let Some(v) = get(i) {
                if !v.is_empty() {
                    msg.metadata.insert(h.clone(), v.into_owned());
                }
            }
        }
        flat.push(id, msg, channel, line);
    }
    flat.flush(path, sink);
}

#[cfg(test)]
mod tests {
    use crate::ingest::{read_bytes, IngestOptions, Severity};

    #[test]
    fn rows_group_with_metadata_and_diagnostics() {
        let input = "\u{feff}Conversation_ID,role,text,timestamp,queue\n\
            c1,customer,\"Bonjour, où est mon colis ?\",2024-06-03T10:00:00Z,fr\n\
            c2,customer,Xin chào,bad-time,vi\n\
            c1,agent,\"Il part demain.\nBonne journée\",2024-06-03T11:00:00Z,fr\n\
            c1,alien,???,,\n\
            ,customer,orphan,,\n";
        let got = read_bytes("export.csv", input.as_bytes(), &IngestOptions::default());
        assert_eq!(got.conversations.len(), 2, "{:#?}", got.diagnostics);
        let c1 = &got.conversations[0];
        assert_eq!(c1.messages.len(), 3, "the bad row keeps its place");
        assert_eq!(c1.messages[2].role, crate::model::Role::System);
        assert_eq!(c1.messages[1].text, "Il part demain.\nBonne journée");
        assert_eq!(c1.messages[0].metadata.get("queue").map(String::as_str), Some("fr"));
        let d: Vec<(u64, Option<&str>, Severity)> =
            got.diagnostics.iter().map(|d| (d.line, d.field.as_deref(), d.severity)).collect();
        assert_eq!(
            d,
            vec![
                (3, Some("timestamp"), Severity::Warning),
                (6, Some("role"), Severity::Warning),
                (7, Some("conversation_id"), Severity::Skipped),
            ],
            "{:#?}",
            got.diagnostics
        );
        assert_eq!((got.records_read, got.records_skipped), (5, 1));
    }

    #[test]
    fn missing_columns_are_one_file_diagnostic() {
        let got = read_bytes("x.csv", b"id,who,what\n1,2,3\n", &IngestOptions::default());
        assert!(got.conversations.is_empty());
        assert_eq!(got.diagnostics.len(), 1);
        assert!(got.diagnostics[0].message.contains("conversation_id, role, text"), "{}", got.diagnostics[0]);
    }
}
