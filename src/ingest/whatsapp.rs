//! WhatsApp's "Export chat" text file (without media), Android and iOS layouts.
//!
//! Each message starts with its date and time; lines that do not are the message's next
//! lines. The layouts read:
//!
//! | layout | example |
//! |---|---|
//! | Android, en-US | `12/31/23, 9:41 PM - Ana: Hi` (U+202F before `PM` in recent versions) |
//! | Android, en-GB, vi, ur-PK | `31/12/2023, 21:41 - Ana: Hi`, `31/12/23, 9:41 CH - Ana: Hi`, `31/12/2023, 9:41 pm - Ana: Hi` |
//! | Android, fr | `31/12/2023 à 21:41 - Ana: Salut` |
//! | iOS | `[31/12/2023, 21:41:05] Ana: Hi`, `[12/31/23, 9:41:05 PM] Ana: Hi` |
//!
//! Dates are day/month/year, month/day/year or year-month-day with `/`, `.` or `-`, with
//! ASCII, Arabic-Indic or Urdu digits; times 24-hour or 12-hour (`AM`/`PM`, `a.m.`, the
//! Vietnamese `SA`/`CH`, the Urdu and Arabic markers). Bidirectional marks (LRM, RLM and
//! isolates, which RTL locales and iOS put around names and dates) are removed. Whether a
//! file's dates put the day or the month first is decided once per file from all its dates:
//! the side that goes above 12 more often is the day; when none does, the order under which
//! the dates run forward in time; when both do, month first for a 12-hour clock with
//! two-digit years (the en-US layout) and day first otherwise. A date that does not fit the
//! file's order is a warning and the message is kept without a time. Times are local and
//! read as UTC (the export does not say its zone).
//!
//! Lines without a sender (Android's "Messages and calls are end-to-end encrypted", "X
//! added Y"), iOS lines whose text starts with a left-to-right mark (its notices and
//! `<attached: ...>`), `<Media omitted>` and the other placeholders are `system` messages.
//! The file is read line by line; what is kept is what the messages hold. Conversations and
//! roles are decided with the other chats of the read (`chat.rs`).

use std::io::BufRead;
use std::path::Path;
use std::sync::OnceLock;

use regex::Regex;
use time::{Date, Month, PrimitiveDateTime, Time};

use super::chat::{is_mark, Chat, ChatMessage};
use super::{Diagnostic, Lines, Sink};

/// The longest line read; a longer one is cut, with a warning.
const MAX_LINE: usize = 1024 * 1024;

const DIGIT: &str = "[0-9\u{0660}-\u{0669}\u{06F0}-\u{06F9}]";

fn header() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let date = format!("(?P<date>{DIGIT}{{1,4}}[./-]{DIGIT}{{1,2}}[./-]{DIGIT}{{1,4}})");
        let time = format!(
            "(?P<time>{DIGIT}{{1,2}}[:.]{DIGIT}{{2}}(?:[:.]{DIGIT}{{2}})?)\
             (?:\\s*(?P<ampm>[AaPp]\\.?\\s?[Mm]\\.?|SA|CH|sáng|chiều|ص|م|قبل\\s?دوپہر|بعد\\s?دوپہر))?"
        );
        let sep = "(?:[,،]\\s*|\\s+)(?:à\\s+|lúc\\s+)?";
        let pattern = format!(
            "^(?:\\[{date}{sep}{time}\\]\\s*(?P<ios>.*)|{date2}{sep}{time2}\\s*[-–]\\s(?P<android>.*))$",
            date2 = date.replace("?P<date>", "?P<date2>"),
            time2 = time.replace("?P<time>", "?P<time2>").replace("?P<ampm>", "?P<ampm2>"),
        );
        Regex::new(&pattern).expect("the WhatsApp header pattern is valid")
    })
}

/// Whether `first_line` (the first line of a file) starts a WhatsApp export.
pub(super) fn looks_like(first_line: &str) -> bool {
    let clean: String = first_line.chars().filter(|&c| !is_mark(c)).collect();
    header().is_match(clean.trim_end())
}

/// One message as read, before the file's day/month order is known.
struct Raw {
    line: u64,
    date: [u32; 3],
    hms: [u32; 3],
    /// `Some(true)` for PM, `Some(false)` for AM, `None` on a 24-hour clock.
    pm: Option<bool>,
    latin_marker: bool,
    author: Option<String>,
    text: String,
    system: bool,
}

fn digits(s: &str) -> Option<u32> {
    let mut n: u32 = 0;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '\u{0660}'..='\u{0669}' => c as u32 - 0x0660,
            '\u{06F0}'..='\u{06F9}' => c as u32 - 0x06F0,
            _ => return None,
        };
        n = n.checked_mul(10)?.checked_add(d)?;
    }
    Some(n)
}

fn numbers(s: &str) -> Option<[u32; 3]> {
    let mut it = s.split([':', '.', '/', '-']).map(digits);
    let a = it.next()??;
    let b = it.next()??;
    let c = it.next().unwrap_or(Some(0))?;
    Some([a, b, c])
}

/// Whether the text is a placeholder or notice rather than something a person wrote.
fn is_notice(text: &str) -> bool {
    let t = text.trim();
    let lower = t.to_lowercase();
    (t.starts_with('<') && t.ends_with('>'))
        || lower.ends_with("(file attached)")
        || lower.ends_with("(fichier joint)")
        || [
            " omitted",
            "this message was deleted",
            "you deleted this message",
            "missed voice call",
            "missed video call",
            "ce message a été supprimé",
            "vous avez supprimé ce message",
            "tin nhắn này đã bị xóa",
            "tin nhắn này đã bị thu hồi",
            "یہ پیغام حذف کر دیا گیا",
        ]
        .iter()
        .any(|p| lower.ends_with(p) || lower == p.trim())
        || lower.starts_with("messages and calls are end-to-end encrypted")
        || lower.starts_with("les messages et les appels sont chiffrés")
        || lower.starts_with("tin nhắn và cuộc gọi được mã hóa")
}

pub(super) fn read<R: BufRead>(path: &Path, reader: R, sink: &mut Sink) {
    let mut lines = Lines::new(reader, MAX_LINE);
    let mut raws: Vec<Raw> = Vec::new();
    let mut stray: Option<(u64, usize)> = None;
    while let Some(line) = lines.next_or_report(path, "chat", sink) {
        let text = String::from_utf8_lossy(&line.bytes);
        if matches!(text, std::borrow::Cow::Owned(_)) {
            sink.diag(Diagnostic::warning(path, line.number, "not UTF-8; bad bytes replaced"));
        }
        if line.truncated {
            sink.diag(Diagnostic::warning(
                path,
                line.number,
                format!("line longer than {MAX_LINE} bytes, cut"),
            ));
        }
        let marked_text = text.contains(": \u{200E}");
        let clean: std::borrow::Cow<str> = if text.chars().any(is_mark) {
            text.chars().filter(|&c| !is_mark(c)).collect::<String>().into()
        } else {
            text
        };
        let clean = clean.trim_end();
        // Every header starts with `[` or a digit: other lines skip the pattern.
        let may_be_header =
            clean.chars().next().is_some_and(|c| c == '[' || digits(c.encode_utf8(&mut [0; 4])).is_some());
        let caps = if may_be_header { header().captures(clean) } else { None };
        let Some(caps) = caps else {
            match raws.last_mut() {
                Some(r) => {
                    r.text.push('\n');
                    r.text.push_str(clean);
                }
                None if clean.trim().is_empty() => {}
                None => {
                    let s = stray.get_or_insert((line.number, 0));
                    s.1 += 1;
                }
            }
            continue;
        };
        let get = |a: &str, b: &str| caps.name(a).or_else(|| caps.name(b)).map_or("", |m| m.as_str());
        let (Some(date), Some(hms)) = (numbers(get("date", "date2")), numbers(get("time", "time2"))) else {
            sink.record(true);
            sink.diag(
                Diagnostic::skipped(path, line.number, "date or time not understood").with_field("date"),
            );
            continue;
        };
        let marker = get("ampm", "ampm2");
        let pm = match marker.chars().next() {
            None => None,
            Some('P' | 'p' | 'C' | 'c' | 'م' | 'ب') => Some(true),
            Some(_) => Some(marker == "chiều"),
        };
        let latin_marker = marker.starts_with(['A', 'a', 'P', 'p']);
        let rest = get("ios", "android");
        let (author, body) = match rest.split_once(": ") {
            Some((a, b)) if !a.trim().is_empty() => (Some(a.trim().to_string()), b.to_string()),
            _ => match rest.strip_suffix(':') {
                Some(a) if !a.trim().is_empty() && !a.contains(": ") => {
                    (Some(a.trim().to_string()), String::new())
                }
                _ => (None, rest.to_string()),
            },
        };
        let system = author.is_none() || marked_text;
        raws.push(Raw { line: line.number, date, hms, pm, latin_marker, author, text: body, system });
    }
    if let Some((l, n)) = stray {
        sink.diag(Diagnostic::skipped(path, l, format!("{n} line(s) before the first message ignored")));
        sink.record(true);
    }
    if raws.is_empty() {
        sink.diag(Diagnostic::skipped(path, 0, "no WhatsApp message in the file"));
        return;
    }
    let day_first = day_first(&raws);
    let mut messages = Vec::with_capacity(raws.len());
    for r in raws {
        sink.record(false);
        let time = when(&r, day_first);
        if time.is_none() {
            sink.diag(
                Diagnostic::warning(
                    path,
                    r.line,
                    format!(
                        "date `{}/{}/{}` does not fit the file's {} order; message kept without a time",
                        r.date[0],
                        r.date[1],
                        r.date[2],
                        if day_first { "day/month" } else { "month/day" }
                    ),
                )
                .with_field("date"),
            );
        }
        let text = r.text.trim_end().to_string();
        let system = r.system || is_notice(&text);
        messages.push(ChatMessage { author: r.author, text, time, system, line: r.line });
    }
    let file = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let name = if file.starts_with('_') {
        // iOS names every export `_chat.txt`: the folder it was unpacked into names the chat.
        let dir = path.parent().and_then(Path::file_name).map(|n| n.to_string_lossy().into_owned());
        format!("{}/{file}", dir.unwrap_or_default())
    } else {
        file
    };
    let first = messages.first().map_or(1, |m| m.line);
    sink.chats.push(Chat { app: "whatsapp", name, path: path.to_path_buf(), line: first, messages });
}

/// The calendar date of `[a, b, c]` under the order given.
fn date_of(d: [u32; 3], day_first: bool) -> Option<Date> {
    let (y, m, day) = if d[0] >= 1000 {
        (d[0], d[1], d[2])
    } else {
        let y = if d[2] < 100 { 2000 + d[2] } else { d[2] };
        if day_first {
            (y, d[1], d[0])
        } else {
            (y, d[0], d[1])
        }
    };
    let month = Month::try_from(u8::try_from(m).ok()?).ok()?;
    Date::from_calendar_date(i32::try_from(y).ok()?, month, u8::try_from(day).ok()?).ok()
}

fn when(r: &Raw, day_first: bool) -> Option<time::OffsetDateTime> {
    let date = date_of(r.date, day_first)?;
    let [mut h, m, s] = r.hms;
    match r.pm {
        Some(true) if h < 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        _ => {}
    }
    let t = Time::from_hms(u8::try_from(h).ok()?, u8::try_from(m).ok()?, u8::try_from(s).ok()?).ok()?;
    Some(PrimitiveDateTime::new(date, t).assume_utc())
}

/// Whether the file's dates put the day first (see the module docs).
fn day_first(raws: &[Raw]) -> bool {
    let short = raws.iter().filter(|r| r.date[0] < 1000);
    let (mut day, mut month) = (0usize, 0usize);
    for r in short {
        if r.date[0] > 12 && r.date[1] <= 12 {
            day += 1;
        } else if r.date[1] > 12 && r.date[0] <= 12 {
            month += 1;
        }
    }
    if day != month {
        return day > month;
    }
    let forward = |first: bool| {
        let times: Vec<_> = raws.iter().map(|r| when(r, first)).collect();
        times.iter().all(Option::is_some) && times.windows(2).all(|w| w[0] <= w[1])
    };
    match (forward(true), forward(false)) {
        (true, false) => true,
        (false, true) => false,
        _ => !raws.iter().any(|r| r.latin_marker && r.date[2] < 100),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(input: &str) -> Vec<ChatMessage> {
        let mut sink = Sink::default();
        read(Path::new("chat.txt"), input.as_bytes(), &mut sink);
        sink.chats.pop().map(|c| c.messages).unwrap_or_default()
    }

    #[test]
    fn layouts_and_locales() {
        let cases = [
            ("12/31/23, 9:41\u{202F}PM - Ana: Hi", "2023-12-31 21:41:00"),
            ("1/2/23, 12:05 AM - Ana: Hi", "2023-01-02 00:05:00"),
            ("31/12/2023, 21:41 - Ana: Hi", "2023-12-31 21:41:00"),
            ("31/12/23, 9:41 CH - Ana: Hi", "2023-12-31 21:41:00"),
            ("31/12/23, 9:41 SA - Ana: Hi", "2023-12-31 09:41:00"),
            ("31/12/2023 à 21:41 - Ana: Salut", "2023-12-31 21:41:00"),
            ("[31/12/2023, 21:41:05] Ana: Hi", "2023-12-31 21:41:05"),
            ("[12/31/23, 9:41:05 PM] Ana: Hi", "2023-12-31 21:41:05"),
            ("\u{200F}31/12/2023, 9:41\u{a0}pm - \u{2068}Ana\u{2069}: Hi", "2023-12-31 21:41:00"),
            ("۳۱/۱۲/۲۰۲۳، ۹:۴۱ pm - Ana: Hi", "2023-12-31 21:41:00"),
            ("2023-12-31 21:41 - Ana: Hi", "2023-12-31 21:41:00"),
        ];
        let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
        for (line, want) in cases {
            let got = parse(line);
            assert_eq!(got.len(), 1, "{line}");
            assert_eq!(got[0].author.as_deref(), Some("Ana"), "{line}");
            assert_eq!(got[0].time.map(|t| t.format(&f).unwrap()).as_deref(), Some(want), "{line}");
        }
    }

    #[test]
    fn day_month_order_is_decided_per_file() {
        let us = parse("1/2/23, 9:00 AM - A: x\n1/13/23, 9:00 AM - A: y\n");
        assert_eq!(us[0].time.unwrap().month(), Month::January);
        assert_eq!(us[0].time.unwrap().day(), 2);
        let eu = parse("1/2/2023, 09:00 - A: x\n13/2/2023, 09:00 - A: y\n");
        assert_eq!(eu[0].time.unwrap().month(), Month::February);
        // Undecided, forward in time only day first.
        let fwd = parse("3/1/2023, 09:00 - A: x\n1/2/2023, 09:00 - A: y\n");
        assert_eq!(fwd[1].time.unwrap().month(), Month::February);
    }

    #[test]
    fn multiline_system_and_media() {
        let got = parse(concat!(
            "31/12/2023, 21:40 - Messages and calls are end-to-end encrypted. No one outside of this chat can read them.\n",
            "31/12/2023, 21:41 - Ana: first line\n",
            "second line\n",
            "\n",
            "31/12/2023, 21:42 - Ana: <Media omitted>\n",
            "[31/12/2023, 21:43:00] Ana: \u{200E}image omitted\n",
        ));
        assert_eq!(got.len(), 4);
        assert!(got[0].system && got[0].author.is_none());
        assert_eq!(got[1].text, "first line\nsecond line");
        assert!(!got[1].system);
        assert!(got[2].system && got[3].system);
    }
}
