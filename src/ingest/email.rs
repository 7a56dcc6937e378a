//! One email message (an `.eml` file, or one message of an mbox) through mail-parser.
//!
//! mail-parser decodes MIME (multipart, quoted-printable, base64, RFC 2047 headers, legacy
//! charsets such as ISO-8859-1, windows-1252 and windows-1258). The text of a message is its
//! text/plain body; an HTML-only body is turned into text by [`crate::clean::html_to_text`],
//! which writes quoted blocks (`gmail_quote`, `<blockquote>`) as `>` lines so that the
//! cleaner cuts them like quoted plain text. Threading happens later, in `thread.rs`, once
//! every file of a read is in.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use mail_parser::{MessageParser, PartType};
use regex::Regex;
use time::OffsetDateTime;
use unicode_normalization::UnicodeNormalization;

use super::{Diagnostic, Sink, MAX_MESSAGE_BYTES};
use crate::clean::html_to_text;

/// The parts of an email that threading and the conversation need.
#[derive(Debug, Clone)]
pub(super) struct ParsedEmail {
    /// Where it was read: file and 1-based line of its first line.
    pub(super) path: PathBuf,
    pub(super) line: u64,
    /// `Message-ID` without angle brackets.
    pub(super) message_id: Option<String>,
    /// `In-Reply-To` then `References` ids, without angle brackets; the direct parent first.
    pub(super) parents: Vec<String>,
    pub(super) subject: String,
    /// Sender address, lowercased.
    pub(super) from: Option<String>,
    /// Sender display name.
    pub(super) from_name: Option<String>,
    /// `To` and `Cc` addresses, lowercased.
    pub(super) recipients: Vec<String>,
    pub(super) date: Option<OffsetDateTime>,
    pub(super) text: String,
}

/// Parses one message read at `path:line` and hands it to `sink`.
pub(super) fn read_one(path: &Path, line: u64, bytes: &[u8], sink: &mut Sink) {
    sink.record(false);
    if bytes.len() > MAX_MESSAGE_BYTES {
        sink.records_skipped += 1;
        sink.diag(Diagnostic::skipped(path, line, format!("message larger than {MAX_MESSAGE_BYTES} bytes")));
        return;
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        sink.records_skipped += 1;
        sink.diag(Diagnostic::skipped(path, line, "empty message"));
        return;
    }
    match parse(path, line, bytes) {
        Ok(email) => {
            if email.text.trim().is_empty() {
                // Kept (a thread may need its place), but said: a truncated MIME body or a
                // message that is only attachments has no text to mine.
                sink.diag(Diagnostic::warning(
                    path,
                    line,
                    "no text in the message (truncated body or attachments only)",
                ));
            }
            sink.emails.push(email);
        }
        Err(why) => {
            sink.records_skipped += 1;
            sink.diag(Diagnostic::skipped(path, line, why));
        }
    }
}

fn strip_id(s: &str) -> Option<String> {
    let s = s.trim().trim_start_matches('<').trim_end_matches('>').trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// A pipermail address header, `From: jane.roe at example.com (Jane Roe)`: the archive
/// wrote ` at ` for `@` and put the name in parentheses.
static ARCHIVED_ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(from|to|cc|reply-to)[ \t]*:[ \t]*([^\s@<>()]+) at ([^\s@<>()]+\.[^\s@<>()]+)[ \t]*(?:\((.*)\))?[ \t]*$")
        .expect("valid regex")
});

/// `bytes` with the address headers that a mailing-list archive obfuscated written as
/// mail clients write them (`From: Jane Roe <jane.roe@example.com>`), so that the sender is
/// known to threading and roles and its name to the cleaner. Only the header block is
/// looked at; a message without such a header is returned as it is.
fn unobfuscate_headers(bytes: &[u8]) -> Cow<'_, [u8]> {
    // The header block ends at the first empty line (`\n\n` or `\n\r\n`).
    let header_end = (0..bytes.len())
        .find(|&i| bytes[i] == b'\n' && matches!(bytes.get(i + 1..), Some([b'\n', ..] | [b'\r', b'\n', ..])))
        .map_or(bytes.len(), |p| p + 1);
    let header = &bytes[..header_end];
    let needs = header.split(|&b| b == b'\n').any(|l| {
        let lower = l.to_ascii_lowercase();
        lower.contains(&b':') && !lower.contains(&b'@') && lower.windows(4).any(|w| w == b" at ")
    });
    if !needs {
        return Cow::Borrowed(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len() + 16);
    for l in header.split_inclusive(|&b| b == b'\n') {
        let text = String::from_utf8_lossy(l);
        let (content, end) = match text.strip_suffix('\n') {
            Some(c) => (c.trim_end_matches('\r'), "\n"),
            None => (text.as_ref(), ""),
        };
        match ARCHIVED_ADDRESS.captures(content) {
            Some(c) => {
                let address = format!("{}@{}", &c[2], &c[3]);
                let line = match c.get(4).map(|n| n.as_str().trim()).filter(|n| !n.is_empty()) {
                    Some(name) => format!("{}: \"{}\" <{address}>", &c[1], name.replace('"', "")),
                    None => format!("{}: <{address}>", &c[1]),
                };
                out.extend_from_slice(line.as_bytes());
                out.extend_from_slice(end.as_bytes());
            }
            None => out.extend_from_slice(l),
        }
    }
    out.extend_from_slice(&bytes[header_end..]);
    Cow::Owned(out)
}

fn parse(path: &Path, line: u64, bytes: &[u8]) -> Result<ParsedEmail, String> {
    let bytes = unobfuscate_headers(bytes);
    let msg =
        MessageParser::default().parse(bytes.as_ref()).ok_or_else(|| "not an email message".to_string())?;
    // mail-parser accepts almost anything (binary bytes parse as odd header names); a
    // message without any of the headers every mail client writes is not mail.
    if msg.from().is_none() && msg.message_id().is_none() && msg.date().is_none() && msg.subject().is_none() {
        return Err("not an email message: no From, Date, Subject or Message-ID header".into());
    }
    let from_addr = msg.from().and_then(|a| a.first());
    let from = from_addr.and_then(|a| a.address()).map(|a| a.trim().to_lowercase()).filter(|a| !a.is_empty());
    let from_name = from_addr
        .and_then(|a| a.name())
        .map(|n| n.trim().nfc().collect::<String>())
        .filter(|n| !n.is_empty());
    let mut recipients: Vec<String> = msg
        .to()
        .into_iter()
        .chain(msg.cc())
        .flat_map(|a| a.iter())
        .filter_map(|a| a.address())
        .map(|a| a.trim().to_lowercase())
        .filter(|a| !a.is_empty())
        .collect();
    recipients.sort();
    recipients.dedup();
    let mut parents = Vec::new();
    for h in [msg.in_reply_to(), msg.references()] {
        if let Some(list) = h.as_text_list() {
            parents.extend(list.iter().rev().filter_map(|s| strip_id(s)));
        } else if let Some(t) = h.as_text() {
            parents.extend(t.split_whitespace().rev().filter_map(strip_id));
        }
    }
    let mut seen = std::collections::HashSet::new();
    parents.retain(|p| seen.insert(p.clone()));
    let date = msg
        .date()
        .filter(|d| d.is_valid())
        .and_then(|d| OffsetDateTime::from_unix_timestamp(d.to_timestamp()).ok());
    let mut text = String::new();
    for part in msg.text_bodies() {
        let piece = match &part.body {
            PartType::Text(t) => t.to_string(),
            PartType::Html(h) => html_to_text(h),
            _ => continue,
        };
        if !text.is_empty() && !piece.trim().is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&piece);
    }
    if text.trim().is_empty() {
        // Some clients send only an HTML part that mail-parser files elsewhere.
        for part in msg.html_bodies() {
            if let PartType::Html(h) = &part.body {
                text = html_to_text(h);
                break;
            }
        }
    }
    Ok(ParsedEmail {
        path: path.to_path_buf(),
        line,
        message_id: msg.message_id().and_then(strip_id),
        parents,
        subject: msg.subject().unwrap_or("").trim().to_string(),
        from,
        from_name,
        recipients,
        date,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> ParsedEmail {
        parse(Path::new("t.eml"), 1, s.as_bytes()).expect("parses")
    }

    #[test]
    fn headers_charsets_and_html_only_bodies() {
        let raw = "From: =?windows-1258?Q?Nguy=EA=DEn_V=E3n_An?= <An.Nguyen@Mail.VN>\r\n\
To: CSKH <cskh@shop.vn>\r\n\
Subject: =?UTF-8?B?SOG7j2kgduG7gSDEkcahbiBow6BuZw==?=\r\n\
Message-ID: <m2@mail.vn>\r\n\
In-Reply-To: <m1@shop.vn>\r\n\
References: <m0@mail.vn> <m1@shop.vn>\r\n\
Date: Mon, 03 Jun 2024 10:00:00 +0700\r\n\
Content-Type: text/html; charset=utf-8\r\n\
\r\n\
<html><body><p>Cho em h&#7887;i &amp; c&aacute;m &#417;n</p>\
<div class=\"gmail_quote\"><div>Vào ... đã viết:</div><blockquote>cũ</blockquote></div></body></html>\r\n";
        let e = parse_str(raw);
        assert_eq!(e.from.as_deref(), Some("an.nguyen@mail.vn"));
        assert_eq!(
            e.from_name.as_deref(),
            Some("Nguyễn Văn An"),
            "windows-1258 with combining marks, then NFC"
        );
        assert_eq!(e.message_id.as_deref(), Some("m2@mail.vn"));
        assert_eq!(e.parents, ["m1@shop.vn", "m0@mail.vn"]);
        assert_eq!(e.subject, "Hỏi về đơn hàng");
        assert!(e.date.is_some());
        assert!(e.text.starts_with("Cho em hỏi & cám ơn"), "{:?}", e.text);
        assert!(!e.text.contains('<') && !e.text.contains("&amp;"), "{:?}", e.text);
        assert!(e.text.lines().any(|l| l.starts_with('>')), "quoted part must be marked: {:?}", e.text);
    }

    #[test]
    fn archived_addresses_are_read_as_addresses() {
        let raw = "From: jane.roe at example.com (Jane Roe)\nDate: Tue, 14 Jan 2025 14:23:54 +0000\n\
Subject: [users] plots\nMessage-ID: <1 at x>\n\nSee jane at example.com\n";
        let e = parse_str(raw);
        assert_eq!(e.from.as_deref(), Some("jane.roe@example.com"));
        assert_eq!(e.from_name.as_deref(), Some("Jane Roe"));
        assert!(e.text.contains("jane at example.com"), "the body is the cleaner's: {:?}", e.text);
        let plain = "From: a@b.fr\nSubject: x\n\nbody at home.com\n";
        assert!(matches!(unobfuscate_headers(plain.as_bytes()), Cow::Borrowed(_)));
    }

    #[test]
    fn legacy_charsets_are_decoded() {
        let raw = b"From: a@b.fr\r\nSubject: test\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\r\nJ'ai re=E7u un colis ab=EEm=E9.\r\n";
        let e = parse(Path::new("t.eml"), 1, raw).unwrap();
        assert_eq!(e.text.trim(), "J'ai reçu un colis abîmé.");
        let raw = b"From: a@b.fr\r\nSubject: test\r\nContent-Type: text/plain; charset=windows-1252\r\n\r\n\x93Merci\x94 \x80\r\n";
        let e = parse(Path::new("t.eml"), 1, raw).unwrap();
        assert_eq!(e.text.trim(), "\u{201c}Merci\u{201d} €");
    }
}
