//! Reads a large generated mailbox and reports the peak memory: the proof that an mbox (or a
//! directory of `.eml` files) is read in memory that grows with the text customers and agents
//! wrote, not with the size of the file or its attachments.
//!
//! ```text
//! cargo build --release --example big_mbox
//! /usr/bin/time -v target/release/examples/big_mbox 1024          # a 1 GiB mbox
//! /usr/bin/time -v target/release/examples/big_mbox 256 --eml     # 256 MiB of .eml files
//! ```
//!
//! The mailbox is generated deterministically in a temporary directory (removed at the end;
//! `--keep DIR` writes it to DIR and keeps it): threads of a customer question in French,
//! Vietnamese, English or Urdu, an agent reply quoting it with a signature, sometimes a
//! follow-up; bodies in UTF-8 (8bit, quoted-printable, base64, decomposed Vietnamese),
//! ISO-8859-1, windows-1252 and windows-1258; multipart/alternative with HTML; about two
//! messages in five carry a base64 attachment (photo, PDF) of 10–250 KB, and one in 2 000 a
//! 20 MB one. mboxrd `>From ` escaping included.
//!
//! `--pipermail FILE [--threads N]` writes instead a mailing-list archive as pipermail's
//! monthly `.txt` files are downloaded (`pipermail.rs`: obfuscated addresses, attributions
//! in many languages and clients, some damaged, pasted code and logs, thank-you follow-ups,
//! list footers and scrubbed attachments), the input `tests/archive.rs` mines:
//!
//! ```text
//! target/release/examples/big_mbox --pipermail /tmp/list.txt --threads 1400
//! target/release/examples/faqmine mine /tmp/list.txt --out /tmp/list-faq
//! ```
//!
//! `--lists` writes a developers' mailing list instead, the shape that makes a sentence
//! model slow: long emails (paragraphs, code, build logs and stack traces of tens to
//! hundreds of lines), each reply quoting the whole message before it, and maintainers at
//! `@project.example` answering (mine it with `--support @project.example`):
//!
//! ```text
//! target/release/examples/big_mbox 24 --lists --keep /tmp/list    # about 4,200 emails
//! faqmine mine /tmp/list/big.mbox --support @project.example -o /tmp/list/out
//! ```
//!
//! Prints the file size, the number of messages, threads and bytes of text read, the time,
//! and the peak resident memory of the read (`VmHWM`, reset after generating). To measure
//! the read alone with `/usr/bin/time -v`, generate first and read in a second process:
//!
//! ```text
//! target/release/examples/big_mbox 1024 --keep /tmp/big      # generates and reads
//! /usr/bin/time -v target/release/examples/big_mbox --read /tmp/big/big.mbox
//! ```

mod pipermail;

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use faqmine::ingest::{read_path_with, IngestOptions};
use unicode_normalization::UnicodeNormalization;

/// xorshift64*: deterministic and fast enough to fill a gigabyte.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const FR_Q: &[&str] = &[
    "J'ai reçu mon colis ce matin mais le carton était abîmé et le vase est cassé.\nPeut-on avoir un remboursement ou un renvoi ?",
    "Ma commande n'est toujours pas arrivée après deux semaines. Où en est la livraison ?",
    "Comment puis-je changer l'adresse de livraison de ma commande ?",
    "Le code promo ÉTÉ2024 ne fonctionne pas au moment du paiement, pourquoi ?",
    "Je voudrais retourner une paire de chaussures trop petite. Quelle est la procédure ?",
];
const FR_A: &[&str] = &[
    "Nous sommes désolés pour ce désagrément. Un renvoi part sous 48\u{a0}h, sans frais.",
    "Votre colis est en transit ; vous recevrez un e-mail de suivi dès sa remise au transporteur.",
    "Vous pouvez modifier l'adresse depuis « Mon compte » tant que la commande n'est pas expédiée.",
];
const VI_Q: &[&str] = &[
    "Cho em hỏi đơn hàng của em bao giờ được giao ạ?",
    "Em muốn đổi size áo thì làm thế nào ạ?",
    "Sao em thanh toán bằng thẻ mà bị lỗi vậy shop?",
    "Shop có giao hàng ra Phú Quốc không ạ?",
];
const VI_A: &[&str] = &[
    "Dạ, đơn hàng của chị sẽ được giao trong 2-3 ngày ạ.",
    "Dạ, chị vui lòng gửi lại sản phẩm kèm hóa đơn, shop sẽ đổi size miễn phí ạ.",
];
const EN_Q: &[&str] = &[
    "The password reset email never arrives. Could you send it again?",
    "How long is a password reset link valid?",
    "I was charged twice for the same order, can you refund one of the payments?",
    "Do you ship to Canada, and how much does it cost?",
];
const EN_A: &[&str] = &[
    "I have sent a new link; it is valid for one hour.",
    "We have refunded the duplicate payment; it takes 3 to 5 business days to show.",
];
const UR_Q: &[&str] = &[
    "میرا آرڈر ابھی تک نہیں پہنچا، کب تک آئے گا؟",
    "کیا میں اپنا آرڈر منسوخ کر سکتا ہوں؟",
    "رقم واپسی میں کتنے دن لگتے ہیں؟",
];
const UR_A: &[&str] =
    &["آپ کا آرڈر دو سے تین دن میں پہنچ جائے گا۔", "رقم واپسی پانچ کاروباری دنوں میں ہو جاتی ہے۔"];

#[derive(Clone, Copy, PartialEq)]
enum Lang {
    Fr,
    Vi,
    En,
    Ur,
}

/// How a body goes on the wire.
#[derive(Clone, Copy)]
enum Wire {
    Utf8Bit8,
    Utf8Qp,
    Utf8Base64,
    /// ISO-8859-1 or windows-1252, quoted-printable.
    Latin(&'static str),
    /// windows-1258 (Vietnamese, tone marks as combining characters), quoted-printable.
    Win1258,
    /// multipart/alternative, text and HTML.
    Alternative,
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_lines(data: &[u8], out: &mut Vec<u8>) {
    for line in data.chunks(57) {
        for c in line.chunks(3) {
            let b = [c[0], *c.get(1).unwrap_or(&0), *c.get(2).unwrap_or(&0)];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for k in 0..4 {
                if k <= c.len() {
                    out.push(B64[((n >> (18 - 6 * k)) & 63) as usize]);
                } else {
                    out.push(b'=');
                }
            }
        }
        out.extend_from_slice(b"\r\n");
    }
}

/// Quoted-printable of already encoded bytes, soft line breaks at 76.
fn quoted_printable(bytes: &[u8], out: &mut Vec<u8>) {
    let mut col = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            out.extend_from_slice(b"\r\n");
            col = 0;
            continue;
        }
        // A space at the end of a line is encoded, or decoders drop it (the `-- ` delimiter).
        let line_end = bytes.get(i + 1).is_none_or(|&n| n == b'\n');
        let literal = (b' '..=b'~').contains(&b) && b != b'=' && !(b == b' ' && line_end);
        let piece: Vec<u8> = if literal { vec![b] } else { format!("={b:02X}").into_bytes() };
        if col + piece.len() > 75 {
            out.extend_from_slice(b"=\r\n");
            col = 0;
        }
        col += piece.len();
        out.extend_from_slice(&piece);
    }
    out.extend_from_slice(b"\r\n");
}

/// ISO-8859-1 / windows-1252 bytes (characters outside become `?`).
fn latin(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '€' => 0x80,
            '\u{2019}' => 0x92,
            '«' => 0xAB,
            '»' => 0xBB,
            c if (c as u32) < 256 => c as u8,
            _ => b'?',
        })
        .collect()
}

/// windows-1258: base letters (with circumflex, breve, horn) precomposed, tone marks as
/// combining characters.
fn win1258(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for c in text.nfc() {
        let mut parts = std::iter::once(c).nfd();
        let mut base = parts.next().unwrap_or(c);
        let mut tones = Vec::new();
        for m in parts {
            match m {
                '\u{302}' | '\u{306}' | '\u{31b}' => {
                    base = unicode_normalization::char::compose(base, m).unwrap_or(base);
                }
                _ => tones.push(m),
            }
        }
        out.push(match base {
            'Ă' => 0xC3,
            'ă' => 0xE3,
            'Đ' => 0xD0,
            'đ' => 0xF0,
            'Ơ' => 0xD5,
            'ơ' => 0xF5,
            'Ư' => 0xDD,
            'ư' => 0xFD,
            c if (c as u32) < 256 => c as u8,
            _ => b'?',
        });
        for t in tones {
            out.push(match t {
                '\u{300}' => 0xCC,
                '\u{301}' => 0xEC,
                '\u{303}' => 0xDE,
                '\u{309}' => 0xD2,
                '\u{323}' => 0xF2,
                _ => b'?',
            });
        }
    }
    out
}

fn html_of(text: &str) -> String {
    let escaped = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let paras: Vec<String> =
        escaped.split("\n\n").map(|p| format!("<p>{}</p>", p.replace('\n', "<br>"))).collect();
    format!(
        "<html><head><style>p{{margin:0}}</style></head><body><div dir=\"auto\">{}</div></body></html>",
        paras.join("\n")
    )
}

/// The body part(s) of a message, with their Content-Type headers.
fn body_part(text: &str, wire: Wire, rng: &mut Rng, out: &mut Vec<u8>) {
    match wire {
        Wire::Utf8Bit8 => {
            out.extend_from_slice(
                b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
            );
            for line in text.split('\n') {
                // mboxrd: a body line starting with `From ` is written `>From `.
                if line.starts_with("From ") || line.starts_with(">From ") {
                    out.push(b'>');
                }
                out.extend_from_slice(line.as_bytes());
                out.extend_from_slice(b"\r\n");
            }
        }
        Wire::Utf8Qp => {
            out.extend_from_slice(
                b"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n",
            );
            // Half of these in decomposed form, as some Vietnamese clients send it.
            let t: String = if rng.below(2) == 0 { text.nfd().collect() } else { text.to_string() };
            quoted_printable(t.as_bytes(), out);
        }
        Wire::Utf8Base64 => {
            out.extend_from_slice(
                b"Content-Type: text/plain; charset=\"UTF-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n",
            );
            base64_lines(text.as_bytes(), out);
        }
        Wire::Latin(charset) => {
            out.extend_from_slice(
                format!("Content-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
                    .as_bytes(),
            );
            quoted_printable(&latin(text), out);
        }
        Wire::Win1258 => {
            out.extend_from_slice(
                b"Content-Type: text/plain; charset=windows-1258\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n",
            );
            quoted_printable(&win1258(text), out);
        }
        Wire::Alternative => {
            let boundary = format!("alt_{:016x}", rng.next());
            out.extend_from_slice(
                format!(
                    "Content-Type: multipart/alternative; boundary=\"{boundary}\"\r\n\r\n--{boundary}\r\n"
                )
                .as_bytes(),
            );
            body_part(text, Wire::Utf8Qp, rng, out);
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            out.extend_from_slice(
                b"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n",
            );
            quoted_printable(html_of(text).as_bytes(), out);
            out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        }
    }
}

struct Mail<'a> {
    from_name: &'a str,
    from: &'a str,
    to: &'a str,
    subject: &'a str,
    message_id: String,
    in_reply_to: Option<String>,
    minutes: u64,
    text: String,
    wire: Wire,
    attachment: usize,
}

/// One message as mbox bytes (with its `From ` line) or as an `.eml` (without).
fn write_mail(m: &Mail<'_>, mbox: bool, rng: &mut Rng, out: &mut Vec<u8>) {
    let t = 1_717_200_000 + m.minutes * 60;
    let date = time::OffsetDateTime::from_unix_timestamp(t as i64).expect("valid time");
    let rfc = date.format(&time::format_description::well_known::Rfc2822).expect("formats");
    if mbox {
        out.extend_from_slice(format!("From {} {}\n", m.from, rfc).as_bytes());
    }
    let subject_b64 = {
        let mut v = Vec::new();
        base64_lines(m.subject.as_bytes(), &mut v);
        String::from_utf8(v).expect("ascii").replace("\r\n", "")
    };
    out.extend_from_slice(
        format!(
            "From: \"{}\" <{}>\r\nTo: {}\r\nSubject: =?UTF-8?B?{}?=\r\nDate: {}\r\nMessage-ID: <{}>\r\nMIME-Version: 1.0\r\n",
            m.from_name, m.from, m.to, subject_b64, rfc, m.message_id
        )
        .as_bytes(),
    );
    if let Some(parent) = &m.in_reply_to {
        out.extend_from_slice(format!("In-Reply-To: <{parent}>\r\nReferences: <{parent}>\r\n").as_bytes());
    }
    if m.attachment == 0 {
        body_part(&m.text, m.wire, rng, out);
    } else {
        let boundary = format!("mixed_{:016x}", rng.next());
        out.extend_from_slice(
            format!("Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n--{boundary}\r\n")
                .as_bytes(),
        );
        body_part(&m.text, m.wire, rng, out);
        let (name, mime) = if rng.below(3) == 0 {
            ("facture.pdf", "application/pdf")
        } else {
            ("IMG_2041.jpg", "image/jpeg")
        };
        out.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Type: {mime}; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            )
            .as_bytes(),
        );
        let mut data = Vec::with_capacity(m.attachment + 8);
        while data.len() < m.attachment {
            data.extend_from_slice(&rng.next().to_le_bytes());
        }
        data.truncate(m.attachment);
        base64_lines(&data, out);
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    }
    if mbox {
        out.push(b'\n');
    }
}

/// Writes about `target` bytes of mail: one mbox at `dir/big.mbox`, or `.eml` files in
/// `dir/eml/NNN/`. Returns (path to read, bytes written, messages).
fn generate(dir: &Path, target: u64, eml: bool) -> std::io::Result<(PathBuf, u64, u64)> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let read_path = if eml { dir.join("eml") } else { dir.join("big.mbox") };
    let mut mbox =
        if eml { None } else { Some(BufWriter::with_capacity(1 << 20, std::fs::File::create(&read_path)?)) };
    let (mut written, mut messages, mut minutes) = (0u64, 0u64, 0u64);
    let mut buf = Vec::new();
    let mut thread = 0u64;
    while written < target {
        thread += 1;
        let lang = [Lang::Fr, Lang::Vi, Lang::En, Lang::Ur][rng.below(4)];
        let (questions, answers, domain, customer_name, greeting, closing, reply_header) = match lang {
            Lang::Fr => (
                FR_Q,
                FR_A,
                "orange.fr",
                "Marie Dupont",
                "Bonjour,",
                "Cordialement,\nMarie Dupont",
                "Le lun. 3 juin 2024 à 10:12, Marie Dupont <{a}> a écrit\u{a0}:",
            ),
            Lang::Vi => (
                VI_Q,
                VI_A,
                "gmail.com",
                "Trần Thị Lan",
                "Dạ em chào shop ạ,",
                "Em cảm ơn ạ",
                "Vào Th 2, 3 thg 6, 2024 vào lúc 10:12 Trần Thị Lan <{a}> đã viết:",
            ),
            Lang::En => (
                EN_Q,
                EN_A,
                "example.org",
                "Tom Baker",
                "Hello,",
                "Thanks,\nTom\n\nSent from my iPhone",
                "On Mon, Jun 3, 2024 at 10:12 AM Tom Baker <{a}> wrote:",
            ),
            Lang::Ur => (
                UR_Q,
                UR_A,
                "yahoo.com.pk",
                "Ali Ahmed",
                "السلام علیکم،",
                "شکریہ\nعلی احمد",
                "On Mon, Jun 3, 2024 at 10:12 AM Ali Ahmed <{a}> wrote:",
            ),
        };
        let customer = format!("customer{thread}@{domain}");
        let subject =
            format!("{} #{}", rng.pick(&["Commande", "Đơn hàng", "Question", "Help", "سوال"]), thread % 997);
        let question = rng.pick(questions);
        let wire_for = |rng: &mut Rng| match (lang, rng.below(6)) {
            (_, 0) => Wire::Utf8Bit8,
            (_, 1) => Wire::Alternative,
            (_, 2) => Wire::Utf8Base64,
            (Lang::Fr, 3) => Wire::Latin("iso-8859-1"),
            (Lang::Fr, 4) => Wire::Latin("windows-1252"),
            (Lang::Vi, 3 | 4) => Wire::Win1258,
            _ => Wire::Utf8Qp,
        };
        let attachment = |rng: &mut Rng| {
            if messages % 2000 == 1999 {
                20 << 20
            } else if rng.below(5) < 2 {
                10_000 + rng.below(240_000)
            } else {
                0
            }
        };
        let q_id = format!("q{thread}.{}@{domain}", rng.next() % 100_000);
        minutes += 1 + rng.below(30) as u64;
        let mut mails = vec![Mail {
            from_name: customer_name,
            from: &customer,
            to: "support@shop.example",
            subject: &subject,
            message_id: q_id.clone(),
            in_reply_to: None,
            minutes,
            text: format!("{greeting}\n\n{question}\nFrom now on I keep the box.\n\n{closing}"),
            wire: wire_for(&mut rng),
            attachment: attachment(&mut rng),
        }];
        let quoted: String = question.lines().map(|l| format!("> {l}\n")).collect();
        let a_id = format!("a{thread}@shop.example");
        let reply_subject = format!("Re: {subject}");
        mails.push(Mail {
            from_name: "Service client",
            from: "support@shop.example",
            to: &customer,
            subject: &reply_subject,
            message_id: a_id.clone(),
            in_reply_to: Some(q_id),
            minutes: minutes + 60,
            text: format!(
                "{}\n\n-- \nService client\n\n{}\n{quoted}",
                rng.pick(answers),
                reply_header.replace("{a}", &customer)
            ),
            wire: wire_for(&mut rng),
            attachment: 0,
        });
        if rng.below(3) == 0 {
            mails.push(Mail {
                from_name: customer_name,
                from: &customer,
                to: "support@shop.example",
                subject: &reply_subject,
                message_id: format!("f{thread}@{domain}"),
                in_reply_to: Some(a_id),
                minutes: minutes + 120,
                text: format!("{}\n\n{closing}", rng.pick(questions)),
                wire: wire_for(&mut rng),
                attachment: attachment(&mut rng),
            });
        }
        for m in &mails {
            buf.clear();
            write_mail(m, !eml, &mut rng, &mut buf);
            written += buf.len() as u64;
            messages += 1;
            match &mut mbox {
                Some(w) => w.write_all(&buf)?,
                None => {
                    let sub = read_path.join(format!("{:03}", messages / 1000));
                    std::fs::create_dir_all(&sub)?;
                    std::fs::write(sub.join(format!("{messages:07}.eml")), &buf)?;
                }
            }
        }
    }
    if let Some(mut w) = mbox {
        w.flush()?;
    }
    Ok((read_path, written, messages))
}

const SUBSYSTEMS: &[&str] = &[
    "the scheduler",
    "the TLS handshake",
    "the config loader",
    "the HTTP client",
    "the build script",
    "the cache",
    "the migration tool",
    "the plugin loader",
    "the metrics exporter",
    "the CLI parser",
    "the connection pool",
    "the index writer",
    "the file watcher",
    "the JSON decoder",
    "the worker queue",
];
const SYMPTOMS: &[&str] = &[
    "panics on startup",
    "hangs after a few minutes",
    "leaks memory under load",
    "returns a wrong status code",
    "fails to compile on ARM",
    "segfaults when the file is empty",
    "times out behind a proxy",
    "ignores the environment variable",
    "deadlocks with two threads",
    "crashes after the upgrade",
    "reports a checksum mismatch",
    "drops the last record",
    "loops forever on a bad input",
];
const CONTEXTS: &[&str] = &[
    "I upgraded from {v1} to {v2} yesterday and since then {s} {y}.",
    "On a fresh checkout of {v2}, {s} {y} as soon as I run the tests.",
    "We run {v1} in production on {os}; after a restart {s} {y}.",
    "I am not sure whether this is a bug or a misconfiguration on my side, but {s} {y}.",
    "Following the guide in the documentation, {s} {y} on {os} with {v2}.",
];
const ASKS: &[&str] = &[
    "Is there a known workaround, or should I open an issue?",
    "Could someone tell me which option controls this?",
    "How can I get more logging out of it to see what happens?",
    "Has anyone seen this before, and is it fixed on the main branch?",
    "What is the recommended way to configure it for this case?",
];
const ANSWERS: &[&str] = &[
    "This is a known regression in {v2}; it is fixed on main and the fix will be in the next release. Until then, set the timeout explicitly in the configuration file.",
    "It looks like your build picks up an old version of the library. Run a clean build and check the lock file; the trace shows two copies being linked.",
    "The option you are looking for is documented in the configuration chapter; with it set to false the loader no longer scans the plugin directory at startup.",
    "Thanks for the detailed report. Could you run it again with the debug log level and send the part of the log just before the panic?",
    "I can reproduce it here on {os}. The problem is the order in which the pool is shut down; a patch is on the list, please test it and report back.",
];
const OSES: &[&str] = &["Debian 12", "Ubuntu 22.04", "macOS 14", "Windows 11", "Alpine 3.19", "FreeBSD 14"];
const IDENTS: &[&str] = &[
    "config", "pool", "handle", "buffer", "request", "worker", "entry", "state", "reader", "writer",
    "timeout", "retries", "path", "index", "session", "payload", "counter", "limit", "queue", "socket",
];

fn version(rng: &mut Rng) -> String {
    format!("{}.{}.{}", 1 + rng.below(3), rng.below(20), rng.below(10))
}

/// A paragraph of the question: context sentences filled with the thread's details.
fn fill(template: &str, rng: &mut Rng, s: &str, y: &str) -> String {
    template
        .replace("{v1}", &version(rng))
        .replace("{v2}", &version(rng))
        .replace("{os}", rng.pick(OSES))
        .replace("{s}", s)
        .replace("{y}", y)
}

/// A code snippet of `lines` lines (Rust-like: functions, calls, literals).
fn code(rng: &mut Rng, lines: usize) -> String {
    let mut out = String::new();
    for i in 0..lines {
        let (a, b) = (rng.pick(IDENTS), rng.pick(IDENTS));
        let line = match rng.below(6) {
            0 => format!(
                "fn {a}_{b}(&mut self, {b}: usize) -> Result<{}, Error> {{",
                rng.pick(&["u64", "String", "Vec<u8>", "()"])
            ),
            1 => format!("    let {a} = self.{b}.get({}).ok_or(Error::Missing)?;", rng.below(100)),
            2 => {
                format!("    if {a}.len() > {} {{ return Err(Error::TooLong({a}.len())); }}", rng.below(4096))
            }
            3 => format!("    {a}.{b}_with(|x| x * {} + {});", rng.below(16), rng.below(1000)),
            4 => format!("    // {a}: see #{}", 1000 + rng.below(9000)),
            _ => "}".to_string(),
        };
        out.push_str(&line);
        out.push('\n');
        if i % 12 == 11 {
            out.push('\n');
        }
    }
    out
}

/// A build or run log of `lines` lines: timestamps, levels, paths, addresses, a stack trace.
fn log(rng: &mut Rng, lines: usize) -> String {
    let mut out = String::new();
    for i in 0..lines {
        let (a, b) = (rng.pick(IDENTS), rng.pick(IDENTS));
        let line = match rng.below(5) {
            0 => format!(
                "2024-06-{:02}T{:02}:{:02}:{:02}.{:03}Z {} {a}::{b}: {} in {}ms",
                1 + rng.below(28), rng.below(24), rng.below(60), rng.below(60), rng.below(1000),
                rng.pick(&["INFO", "WARN", "DEBUG", "ERROR"]),
                rng.pick(&["connection reset", "retrying", "flushed", "queue full", "lock acquired"]),
                rng.below(5000)
            ),
            1 => format!("  {i:>3}: 0x{:012x} - {a}::{b}::h{:016x}", rng.next() >> 16, rng.next()),
            2 => format!("             at src/{a}/{b}.rs:{}:{}", 1 + rng.below(900), 1 + rng.below(80)),
            3 => format!("   Compiling {a}-{b} v0.{}.{} (/usr/src/{a})", rng.below(30), rng.below(10)),
            _ => format!("thread 'worker-{}' panicked at 'called `Option::unwrap()` on a `None` value', src/{a}.rs:{}:{}", rng.below(16), rng.below(800), rng.below(60)),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Writes a mailing list of long emails to `dir/big.mbox` (about `target` bytes). Returns
/// (path, bytes, messages).
fn generate_list(dir: &Path, target: u64) -> std::io::Result<(PathBuf, u64, u64)> {
    let mut rng = Rng(0x51ce_b00c_0ddb_a115);
    let path = dir.join("big.mbox");
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(&path)?);
    let (mut written, mut messages, mut minutes, mut thread) = (0u64, 0u64, 0u64, 0u64);
    let mut buf = Vec::new();
    let names = ["Alex Moreau", "Priya Natarajan", "Jonas Weber", "Mai Nguyen", "Carlos Ruiz", "Sara Lind"];
    let maintainers = ["Kim Park", "Lea Fontaine", "Omar Haddad"];
    while written < target {
        thread += 1;
        let (s, y) = (rng.pick(SUBSYSTEMS), rng.pick(SYMPTOMS));
        let author = names[rng.below(names.len())];
        let from = format!("dev{}@users.example", thread % 500);
        let subject = format!("[users] {} {}", s.trim_start_matches("the "), y);
        let mut body = format!("Hi all,\n\n{}\n\n", fill(rng.pick(CONTEXTS), &mut rng, s, y));
        body.push_str(&fill(rng.pick(CONTEXTS), &mut rng, s, y));
        body.push_str("\n\nHere is the code that triggers it:\n\n");
        let n = 10 + rng.below(70);
        body.push_str(&code(&mut rng, n));
        body.push_str("\nand the log:\n\n");
        let n = 20 + rng.below(160);
        body.push_str(&log(&mut rng, n));
        body.push_str(&format!("\n{}\n\nThanks,\n{author}\n", rng.pick(ASKS)));
        let mut parent = format!("t{thread}.0@users.example");
        minutes += 1 + rng.below(120) as u64;
        let mut mails = vec![Mail {
            from_name: author,
            from: &from,
            to: "users@lists.project.example",
            subject: &subject,
            message_id: parent.clone(),
            in_reply_to: None,
            minutes,
            text: body.clone(),
            wire: Wire::Utf8Bit8,
            attachment: 0,
        }];
        let reply_subject = format!("Re: {subject}");
        let mut previous = (author, body);
        let replies = 1 + rng.below(4);
        let maintainer_addr: Vec<String> = maintainers
            .iter()
            .map(|m| format!("{}@project.example", m.split(' ').next().unwrap_or("dev").to_lowercase()))
            .collect();
        let mut texts = Vec::new();
        for r in 1..=replies {
            let by_maintainer = r % 2 == 1;
            let (name, addr) = if by_maintainer {
                let k = rng.below(maintainers.len());
                (maintainers[k], maintainer_addr[k].clone())
            } else {
                (author, from.clone())
            };
            let own = if by_maintainer {
                fill(rng.pick(ANSWERS), &mut rng, s, y)
            } else {
                let n = 10 + rng.below(60);
                format!(
                    "Thanks, that helps. I tried it and now I get this instead:\n\n{}\n{}",
                    log(&mut rng, n),
                    rng.pick(ASKS)
                )
            };
            let quoted: String = previous.1.lines().map(|l| format!("> {l}\n")).collect();
            let header = format!("On Mon, Jun 3, 2024 at 10:12 AM {} wrote:", previous.0);
            let text = if rng.below(2) == 0 {
                format!("{own}\n\n{header}\n{quoted}")
            } else {
                format!("{header}\n{quoted}\n{own}\n\n-- \n{name}\n")
            };
            texts.push((name, addr, text.clone()));
            previous = (name, text);
        }
        let ids: Vec<String> = (1..=replies).map(|r| format!("t{thread}.{r}@users.example")).collect();
        for (r, (name, addr, text)) in texts.iter().enumerate() {
            mails.push(Mail {
                from_name: name,
                from: addr,
                to: "users@lists.project.example",
                subject: &reply_subject,
                message_id: ids[r].clone(),
                in_reply_to: Some(parent.clone()),
                minutes: minutes + 30 * (r as u64 + 1),
                text: text.clone(),
                wire: Wire::Utf8Bit8,
                attachment: 0,
            });
            parent = ids[r].clone();
        }
        for m in &mails {
            buf.clear();
            write_mail(m, true, &mut rng, &mut buf);
            written += buf.len() as u64;
            messages += 1;
            w.write_all(&buf)?;
        }
    }
    w.flush()?;
    Ok((path, written, messages))
}

/// The peak resident memory of this process in MB (`VmHWM`), what `/usr/bin/time -v` calls
/// "Maximum resident set size".
fn peak_rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

/// Resets the peak so that the read is measured without the generator (Linux ≥ 4.0).
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn read(path: &Path, bytes: u64) -> anyhow::Result<()> {
    let t = Instant::now();
    let options = IngestOptions { support: vec!["@shop.example".into()] };
    let read = read_path_with(path, &options)?;
    let messages = || read.conversations.iter().flat_map(|c| &c.messages);
    let text: usize = messages().map(|m| m.text.len()).sum();
    println!(
        "read {:.0} MiB ({}) in {:.1}s: {}; {:.1} MB of message text; peak resident {} MB",
        bytes as f64 / f64::from(1 << 20),
        path.display(),
        t.elapsed().as_secs_f64(),
        read.summary(),
        text as f64 / 1e6,
        peak_rss_mb()
    );
    for d in read.diagnostics.iter().take(5) {
        eprintln!("  {d}");
    }
    // `BIG_MBOX_SHOW=N` prints the first N conversations, to see what the decoder made of them.
    let show: usize = std::env::var("BIG_MBOX_SHOW").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
    for c in read.conversations.iter().take(show) {
        for m in &c.messages {
            eprintln!("--- {} {:?} {:?}\n{}", c.id, m.role, m.author, m.text);
        }
    }
    Ok(())
}

fn size_of(path: &Path) -> u64 {
    walkdir::WalkDir::new(path)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mb: u64 = args.iter().find_map(|a| a.parse().ok()).unwrap_or(1024);
    let eml = args.iter().any(|a| a == "--eml");
    let after =
        |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).map(PathBuf::from);
    if let Some(path) = after("--read") {
        return read(&path, size_of(&path));
    }
    if let Some(path) = after("--pipermail") {
        let threads: usize =
            args.iter().skip_while(|a| *a != "--threads").nth(1).and_then(|n| n.parse().ok()).unwrap_or(300);
        let mut out = Vec::new();
        let messages = pipermail::generate(threads, 0x5eed, &mut out);
        std::fs::write(&path, &out)?;
        eprintln!(
            "wrote {} ({threads} threads, {messages} messages, {} KiB)",
            path.display(),
            out.len() >> 10
        );
        return Ok(());
    }
    let keep = after("--keep");
    let temp = tempfile::tempdir()?;
    let dir = keep.clone().unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&dir)?;
    let t = Instant::now();
    let lists = args.iter().any(|a| a == "--lists");
    let (path, bytes, messages) =
        if lists { generate_list(&dir, mb << 20)? } else { generate(&dir, mb << 20, eml)? };
    eprintln!(
        "generated {} ({:.0} MiB, {messages} messages) in {:.1}s; generator peak resident {} MB",
        path.display(),
        bytes as f64 / f64::from(1 << 20),
        t.elapsed().as_secs_f64(),
        peak_rss_mb()
    );
    if !reset_peak_rss() {
        eprintln!("cannot reset the peak; the figure below includes the generator");
    }
    read(&path, bytes)
}
