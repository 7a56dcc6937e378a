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

/// The words mail clients end a reply header with ("… wrote:"), in the languages they
/// write it: en, fr, vi, de, es, it, nl, pt, pl, sv/da/no, fi, ru, ar, ur, tr.
const WROTE: &[&str] = &[
    "wrote",
    "writes",
    "a écrit",
    "đã viết",
    "schrieb",
    "escribió",
    "ha scritto",
    "scrisse",
    "schreef",
    "het volgende geschreven",
    "escreveu",
    "napisał",
    "napisał(a)",
    "skrev",
    "kirjoitti",
    "пишет",
    "писал",
    "писала",
    "писал(а)",
    "написал",
    "написала",
    "написал(а)",
    "كتب",
    "نے لکھا",
    "yazdı",
];

/// Words that open a reply header ("On …", "Le …", "Às 16:39 de …", "В …", "في …").
const OPENERS: &[&str] = &[
    "on",
    "le",
    "vào",
    "am",
    "el",
    "il",
    "op",
    "em",
    "às",
    "as",
    "w dniu",
    "den",
    "dne",
    "в",
    "في",
    "il giorno",
];

/// The phrase of a separator line that opens the quoted original ("-----Original
/// Message-----") in Outlook and other desktop clients.
const ORIGINAL: &[&str] = &[
    "original message",
    "message d'origine",
    "message d’origine",
    "mensaje original",
    "mensagem original",
    "messaggio originale",
    "ursprüngliche nachricht",
    "originalnachricht",
    "oorspronkelijk bericht",
    "origineel bericht",
    "исходное сообщение",
    "الرسالة الأصلية",
    "اصل پیغام",
    "thư gốc",
    "tin nhắn gốc",
];

/// The phrase of a forwarded block's separator.
const FORWARDED_PHRASES: &[&str] = &[
    "forwarded message",
    "message transféré",
    "message transfere",
    "tin nhắn đã chuyển tiếp",
    "tin nhắn được chuyển tiếp",
    "thư chuyển tiếp",
    "weitergeleitete nachricht",
    "mensaje reenviado",
    "mensagem encaminhada",
    "messaggio inoltrato",
    "doorgestuurd bericht",
    "пересылаемое сообщение",
    "пересланное сообщение",
    "رسالة معاد توجيهها",
];

/// The first field of an Outlook header block (`From:` / `De :` / `Von:` / `От:` / `من:`).
const FROM_FIELDS: &[&str] = &["from", "de", "von", "từ", "da", "van", "od", "от", "من", "از", "منجانب"];

/// The other fields of an Outlook header block.
const OTHER_FIELDS: &[&str] = &[
    "sent",
    "date",
    "to",
    "cc",
    "subject", // en
    "envoyé",
    "à",
    "objet", // fr
    "gesendet",
    "an",
    "betreff",
    "datum", // de
    "đã gửi",
    "gửi lúc",
    "ngày",
    "đến",
    "tới",
    "chủ đề",
    "tiêu đề", // vi
    "enviado",
    "enviado el",
    "para",
    "asunto",
    "fecha", // es
    "enviada em",
    "enviado em",
    "assunto",
    "data", // pt
    "inviato",
    "a",
    "oggetto", // it
    "verzonden",
    "aan",
    "onderwerp", // nl
    "wysłano",
    "do",
    "temat", // pl
    "отправлено",
    "кому",
    "тема",
    "дата",
    "копия", // ru
    "تاريخ الإرسال",
    "التاريخ",
    "إلى",
    "الموضوع",
    "نسخة", // ar
    "بھیجا گیا",
    "بنام",
    "موضوع", // ur
];

/// A regex alternation of `phrases` that also matches them as a lossy archive wrote them:
/// each non-ASCII letter may have become one `?` per byte or one per letter (`ao?t`,
/// `?????`), and spaces may be several.
fn tolerant(phrases: &[&str]) -> String {
    let mut sorted: Vec<&str> = phrases.to_vec();
    // Longest first, so that "enviado el" is tried before "enviado".
    sorted.sort_by_key(|p| std::cmp::Reverse(p.len()));
    sorted
        .iter()
        .map(|p| {
            p.chars()
                .map(|c| match c {
                    ' ' => r"\s+".to_string(),
                    c if c.is_ascii() => regex::escape(&c.to_string()),
                    c => format!(r"(?:{}|\?{{1,4}})", regex::escape(&c.to_string())),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// "On … wrote:" in the languages mail clients write it. The line must also hold a digit or
/// an `@` (a date, a time or an address): "On Monday I wrote:" written by a person is kept.
static REPLY_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)^(?:{})\b.*(?:^|\W)(?:{})\s*:\s*$", tolerant(OPENERS), tolerant(WROTE)))
        .expect("valid regex")
});

/// "Name <address> wrote:" without a leading date (older Apple Mail, some webmails; the
/// address also as an archive obfuscates it, `name at host.com`), and the Urdu Gmail header
/// ("… نے لکھا:").
static REPLY_HEADER_BARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^.*(?:\S+@\S+|<[^<>\s]+\s+at\s+[^<>\s]+>).*(?:^|\W)(?:{})\s*:\s*$|^.*نے\s+لکھا\s*[:：]?\s*$",
        tolerant(WROTE)
    ))
    .expect("valid regex")
});

/// A reply header with a time in it, whatever its first word: a verb at the end ("Às 16:39
/// de 16/01/2023, Ana escreveu:", "14.01.2025 14:23, Ivan пишет:"), a verb before the name
/// ("Am 14.01.2025 um 14:23 schrieb Max:", Arabic Gmail's "… كتب Name <address>:"), an
/// address and a colon and no verb at all (Russian Gmail: "вт, 14 янв. 2025 г. в 14:23,
/// Ivan <ivan@example.ru>:"), or a verb a lossy archive turned into question marks
/// ("? Tue, 14 Jan 2025 14:23:54 +0000 Ivan <…> ?????:").
static TIMED_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:^|\W)(?:{wrote})\s*:\s*$|^(?:am|في|op|le)\b.*\b(?:schrieb|كتب|heeft)\s.*:\s*$|(?:<[^<>\s]+(?:@|\s+at\s+)[^<>\s]+>|\S+@\S+\.\w+)\)?\s*:\s*$|\s\?{{2,}}\s*:\s*$",
        wrote = tolerant(WROTE)
    ))
    .expect("valid regex")
});

/// A time of day (`14:23`, `2:23 PM`, `16h39`).
static TIME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b\d{1,2}[:h]\d{2}\b").expect("valid regex"));

/// The first line of a reply header that a client wrapped over two lines.
static REPLY_HEADER_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)^(?:{})\s+\S", tolerant(OPENERS))).expect("valid regex"));

/// Separators that open the quoted original in Outlook and other desktop clients.
static ORIGINAL_MESSAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)^-{{2,}}\s*(?:{})\s*-{{2,}}\s*$", tolerant(ORIGINAL))).expect("valid regex")
});

/// Forwarded blocks.
static FORWARDED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:-{{2,}}\s*(?:{})\s*-{{2,}}|begin forwarded message\s*:|début du message (?:réexpédié|transféré)\s*:)\s*$",
        tolerant(FORWARDED_PHRASES)
    ))
    .expect("valid regex")
});

/// The first line of an Outlook header block: `From:` / `De :` / `Từ:` with a value.
static OUTLOOK_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)^\*?(?:{})\s*:\*?\s*\S", tolerant(FROM_FIELDS))).expect("valid regex")
});

/// The other lines of an Outlook header block.
static OUTLOOK_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)^\*?(?:{})\s*:\*?", tolerant(OTHER_FIELDS))).expect("valid regex")
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

/// Whether one line (spaces normalized) is a reply header.
fn is_reply_header(line: &str) -> bool {
    (REPLY_HEADER.is_match(line) && has_date_or_address(line))
        || REPLY_HEADER_BARE.is_match(line)
        || (TIME.is_match(line) && TIMED_HEADER.is_match(line))
}

/// How many lines (1 or 2) the reply header at `i` spans, if one starts there.
fn reply_header_at(lines: &[&str], i: usize) -> Option<usize> {
    let line = lines[i].trim();
    if line.is_empty() || line.len() > MAX_HEADER_LEN {
        return None;
    }
    let norm = normalize_spaces(line);
    if is_reply_header(&norm) {
        return Some(1);
    }
    if REPLY_HEADER_START.is_match(&norm) {
        let next = lines.get(i + 1)?.trim();
        if next.is_empty() || next.len() > MAX_HEADER_LEN {
            return None;
        }
        let joined = format!("{norm} {}", normalize_spaces(next));
        if is_reply_header(&joined) {
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
