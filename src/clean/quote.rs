//! Quoted replies: `>` lines, reply headers, Outlook header blocks and forwarded blocks.
//!
//! Every pattern is anchored at both ends of one line (or of two joined lines for a wrapped
//! reply header) and only tried on lines shorter than [`MAX_HEADER_LEN`], so the cost is
//! linear in the text: the regex crate has no backtracking, and no pattern can scan across
//! the whole message.
//!
//! Lines are matched after [`normalize_spaces`]: mail clients put U+00A0 or U+202F before
//! French colons (`a écrit :`, `De :`), and the patterns see a plain space there.

use std::sync::LazyLock;

use regex::Regex;

/// Lines longer than this are body text, never a header.
const MAX_HEADER_LEN: usize = 400;

/// "On … wrote:" in the languages mail clients write it. The line must also hold a digit or
/// an `@` (a date, a time or an address): "On Monday I wrote:" written by a person is kept.
static REPLY_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:on|le|vào|am|el|il|op|em|w dniu|den)\b.*\b(?:wrote|a écrit|đã viết|schrieb|escribió|ha scritto|schreef|escreveu|napisał|skrev)\s*:\s*$",
    )
    .expect("valid regex")
});

/// "Name <address> wrote:" without a leading date (older Apple Mail, some webmails), and the
/// Urdu Gmail header ("… نے لکھا:").
static REPLY_HEADER_BARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^.*\S+@\S+.*\b(?:wrote|a écrit|đã viết)\s*:\s*$|^.*نے\s+لکھا\s*[:：]?\s*$")
        .expect("valid regex")
});

/// The first line of a reply header that a client wrapped over two lines.
static REPLY_HEADER_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:on|le|vào|am|el)\s+\S").expect("valid regex"));

/// Separators that open the quoted original in Outlook and other desktop clients.
static ORIGINAL_MESSAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^-{2,}\s*(?:original message|message d'origine|message d’origine|mensaje original|messaggio originale|ursprüngliche nachricht|thư gốc|tin nhắn gốc)\s*-{2,}\s*$",
    )
    .expect("valid regex")
});

/// Forwarded blocks.
static FORWARDED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:-{2,}\s*(?:forwarded message|message transféré|message transfere|tin nhắn đã chuyển tiếp|tin nhắn được chuyển tiếp|thư chuyển tiếp|weitergeleitete nachricht|mensaje reenviado)\s*-{2,}|begin forwarded message\s*:|début du message (?:réexpédié|transféré)\s*:)\s*$",
    )
    .expect("valid regex")
});

/// The first line of an Outlook header block: `From:` / `De :` / `Từ:` with a value.
static OUTLOOK_FROM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\*?(?:from|de|von|từ|da|van|od)\s*:\*?\s*\S").expect("valid regex"));

/// The other lines of an Outlook header block.
static OUTLOOK_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\*?(?:sent|date|to|cc|subject|envoyé|à|objet|gesendet|an|betreff|đã gửi|gửi lúc|ngày|đến|tới|chủ đề|tiêu đề|enviado|para|asunto)\s*:\*?",
    )
    .expect("valid regex")
});

/// A line of underscores Outlook puts above the header block.
static UNDERSCORES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^_{10,}\s*$").expect("valid regex"));

/// Replaces the no-break and thin spaces clients put inside headers with a plain space.
pub(crate) fn normalize_spaces(line: &str) -> std::borrow::Cow<'_, str> {
    if line.contains(['\u{a0}', '\u{202f}', '\u{2009}', '\u{2007}']) {
        line.replace(['\u{a0}', '\u{202f}', '\u{2009}', '\u{2007}'], " ").into()
    } else {
        line.into()
    }
}

fn is_quoted(line: &str) -> bool {
    line.trim_start().starts_with('>')
}

fn has_date_or_address(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit() || b == b'@')
}

/// How many lines (1 or 2) the reply header at `i` spans, if one starts there.
fn reply_header_at(lines: &[&str], i: usize) -> Option<usize> {
    let line = lines[i].trim();
    if line.is_empty() || line.len() > MAX_HEADER_LEN {
        return None;
    }
    let norm = normalize_spaces(line);
    if (REPLY_HEADER.is_match(&norm) && has_date_or_address(&norm)) || REPLY_HEADER_BARE.is_match(&norm) {
        return Some(1);
    }
    if REPLY_HEADER_START.is_match(&norm) {
        let next = lines.get(i + 1)?.trim();
        if next.is_empty() || next.len() > MAX_HEADER_LEN {
            return None;
        }
        let joined = format!("{norm} {}", normalize_spaces(next));
        if REPLY_HEADER.is_match(&joined) && has_date_or_address(&joined) {
            return Some(2);
        }
    }
    None
}

/// Whether an Outlook header block starts at `i`: a `From:` line followed within four lines
/// by another header field.
fn outlook_block_at(lines: &[&str], i: usize) -> bool {
    let line = lines[i].trim();
    if line.len() > MAX_HEADER_LEN {
        return false;
    }
    let norm = normalize_spaces(line);
    if ORIGINAL_MESSAGE.is_match(&norm) || FORWARDED.is_match(&norm) {
        return true;
    }
    let from_at = if UNDERSCORES.is_match(&norm) {
        match lines[i + 1..].iter().position(|l| !l.trim().is_empty()) {
            Some(k) => i + 1 + k,
            None => return false,
        }
    } else {
        i
    };
    let from = normalize_spaces(lines[from_at].trim());
    if from.len() > MAX_HEADER_LEN || !OUTLOOK_FROM.is_match(&from) {
        return false;
    }
    lines[from_at + 1..]
        .iter()
        .take(4)
        .filter(|l| l.len() <= MAX_HEADER_LEN)
        .any(|l| OUTLOOK_FIELD.is_match(&normalize_spaces(l.trim())))
}

/// The lines the author wrote: quoted lines dropped, and everything from a reply header,
/// an Outlook block or a forwarded block on cut, except that text *after* a `>` quote
/// (bottom posting, inline answers) is kept.
pub(crate) fn strip_quotes<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        if is_quoted(lines[i]) {
            i += 1;
            continue;
        }
        if let Some(span) = reply_header_at(lines, i) {
            let mut j = i + span;
            while j < lines.len() && lines[j].trim().is_empty() {
                j += 1;
            }
            if j < lines.len() && is_quoted(lines[j]) {
                // A header over `>` lines: drop both and read on.
                i = j;
                continue;
            }
            break;
        }
        if outlook_block_at(lines, i) {
            break;
        }
        out.push(lines[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_recognized_and_body_lines_are_not() {
        let headers = [
            "On Mon, Jun 3, 2024 at 10:00 AM Support <help@shop.example> wrote:",
            "Le lun. 3 juin 2024 à 10:00, Service client <sav@boutique.fr> a écrit\u{a0}:",
            "Le 03/06/2024 à 10:00, Marie Dupont a écrit\u{202f}:",
            "Vào Th 2, 3 thg 6, 2024 vào lúc 10:00 CSKH <cskh@shop.vn> đã viết:",
            "بروز پیر، 3 جون، 2024 کو 10:00 AM Ali <ali@mail.pk> نے لکھا:",
        ];
        for h in headers {
            assert_eq!(reply_header_at(&[h], 0), Some(1), "reply header not recognized: {h}");
        }
        let wrapped = ["On Mon, Jun 3, 2024 at 10:00 AM Support Team <", "help@shop.example> wrote:"];
        assert_eq!(reply_header_at(&wrapped, 0), Some(2));
        let body = [
            "Le colis est arrivé abîmé, que faire ?",
            "On Monday I wrote to you about this:",
            "Le service client m'a écrit hier mais rien.",
            "Vào hôm qua em đã đặt hàng.",
        ];
        for b in body {
            assert_eq!(reply_header_at(&[b, "more text"], 0), None, "body line taken for a header: {b}");
        }
    }
}
