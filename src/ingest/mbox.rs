//! mbox mailboxes, read message by message.
//!
//! A message starts at a `From ` line that opens the file or follows an empty line (the
//! mboxo and mboxrd conventions; a body line that starts with `From ` after text is body).
//! Lines quoted as `>From ` (mboxrd) lose one `>`. Only one message is held in memory at a
//! time, and a message larger than [`MAX_MESSAGE_BYTES`] is skipped without being kept, so a
//! mailbox of any size is read in bounded memory.

use std::io::BufRead;
use std::path::Path;

use super::{email, Diagnostic, Lines, Sink, MAX_MESSAGE_BYTES};

pub(super) fn read<R: BufRead>(path: &Path, reader: R, sink: &mut Sink) {
    read_with_limit(path, reader, sink, MAX_MESSAGE_BYTES);
}

/// The message being collected.
struct Current {
    line: u64,
    bytes: Vec<u8>,
    oversized: bool,
}

pub(super) fn read_with_limit<R: BufRead>(path: &Path, reader: R, sink: &mut Sink, limit: usize) {
    let mut lines = Lines::new(reader, limit);
    let mut current: Option<Current> = None;
    let mut garbage_line: Option<u64> = None;
    let mut previous_blank = true;
    let mut saw_message = false;
    while let Some(line) = lines.next_line() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                sink.diag(Diagnostic::skipped(
                    path,
                    lines.line + 1,
                    format!("read error, rest of mailbox skipped: {e}"),
                ));
                break;
            }
        };
        let is_separator = previous_blank && line.bytes.starts_with(b"From ");
        previous_blank = line.bytes.iter().all(u8::is_ascii_whitespace);
        if is_separator {
            if let Some(c) = current.take() {
                finish(path, c, sink, limit);
            }
            saw_message = true;
            current = Some(Current { line: line.number + 1, bytes: Vec::new(), oversized: false });
            continue;
        }
        let Some(c) = current.as_mut() else {
            if !previous_blank && garbage_line.is_none() {
                garbage_line = Some(line.number);
            }
            continue;
        };
        if c.oversized {
            continue;
        }
        let mut body: &[u8] = &line.bytes;
        // mboxrd: `>From `, `>>From ` ... lose one `>`.
        if body.starts_with(b">") {
            let gt = body.iter().take_while(|&&b| b == b'>').count();
            if body[gt..].starts_with(b"From ") {
                body = &body[1..];
            }
        }
        if line.truncated || c.bytes.len() + body.len() + 1 > limit {
            c.oversized = true;
            c.bytes = Vec::new();
            continue;
        }
        c.bytes.extend_from_slice(body);
        c.bytes.push(b'\n');
    }
    if let Some(c) = current.take() {
        finish(path, c, sink, limit);
    }
    if let Some(l) = garbage_line {
        let what = if saw_message {
            "text before the first `From ` line ignored"
        } else {
            "not an mbox: no `From ` line"
        };
        sink.diag(Diagnostic::skipped(path, l, what));
    } else if !saw_message {
        sink.diag(Diagnostic::skipped(path, 0, "empty mailbox"));
    }
}

fn finish(path: &Path, c: Current, sink: &mut Sink, limit: usize) {
    if c.oversized {
        sink.record(true);
        sink.diag(Diagnostic::skipped(path, c.line, format!("message larger than {limit} bytes")));
        return;
    }
    email::read_one(path, c.line, &c.bytes, sink);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::IngestOptions;

    const MBOX: &str = "From a@x.fr Mon Jun  3 10:00:00 2024\n\
From: a@x.fr\nTo: help@shop.fr\nSubject: Colis\nMessage-ID: <1@x.fr>\n\n\
Bonjour,\n>From the start, it went wrong.\nFrom then on nothing.\n\n\
From help@shop.fr Mon Jun  3 11:00:00 2024\n\
From: help@shop.fr\nTo: a@x.fr\nSubject: Re: Colis\nMessage-ID: <2@shop.fr>\nIn-Reply-To: <1@x.fr>\n\n\
Bonjour, voici.\n\n\
From b@y.vn Mon Jun  3 12:00:00 2024\n\
From: b@y.vn\nSubject: big\n\n";

    #[test]
    fn messages_split_unescaped_and_oversized_skipped() {
        let mut input = MBOX.to_string();
        input.push_str(&"x".repeat(300));
        input.push('\n');
        let mut sink = Sink::default();
        read_with_limit(Path::new("box.mbox"), input.as_bytes(), &mut sink, 200);
        assert_eq!(sink.emails.len(), 2);
        assert!(sink.emails[0].text.contains("\nFrom the start"), "{:?}", sink.emails[0].text);
        assert!(sink.emails[0].text.contains("\nFrom then on"), "{:?}", sink.emails[0].text);
        assert_eq!(sink.emails[0].line, 2);
        assert_eq!(sink.emails[1].line, 12);
        assert_eq!(sink.diagnostics.len(), 1, "{:?}", sink.diagnostics);
        assert_eq!(sink.diagnostics[0].line, 21);
        let got = sink.finish(&IngestOptions::default());
        assert_eq!(got.conversations.len(), 1, "two messages, one thread");
        assert_eq!((got.records_read, got.records_skipped), (3, 1));
    }

    #[test]
    fn garbage_is_a_diagnostic() {
        let mut sink = Sink::default();
        read_with_limit(Path::new("junk.mbox"), &b"\x00\xff\xfe binary\n junk"[..], &mut sink, 1000);
        assert!(sink.emails.is_empty());
        assert_eq!(sink.diagnostics.len(), 1);
        assert!(sink.diagnostics[0].message.contains("not an mbox"));
    }
}
