//! Cleaning: what the customer (or agent) actually wrote, with personal data masked.
//!
//! Each message loses quoted replies, signatures and forwarded blocks; the question text
//! also loses greetings and pleasantries. Personal data is masked with readable placeholders
//! (`⟨email⟩`, `⟨phone⟩` ...) in everything derived from a message.
//!
//! The steps, in order, one file each:
//!
//! 1. Unicode NFC, before any pattern: Vietnamese mail often arrives decomposed, and a
//!    decomposed "đã viết" does not match a composed pattern. Line ends become `\n`.
//! 2. `html.rs`: a body that is HTML becomes text, quoted blocks as `>` lines.
//! 3. `archive.rs`: what mailing-list software added (list footers, `next part` and
//!    scrubbed-attachment blocks, `[[alternative HTML version deleted]]`) goes first;
//!    `quote.rs`: `>` lines, reply headers (en, fr, vi, ur, es, pt, de, it, nl, ru, ar and
//!    more, also wrapped over two lines, with U+00A0 or U+202F before the colon, and with
//!    their non-ASCII letters turned to `?` by a lossy archive), Outlook header blocks in
//!    the same languages, and forwarded blocks.
//! 4. `signature.rs`: the `-- ` delimiter, mobile signatures, closing formula + name, a
//!    name + team line; for agents, also a sign-off at the end of the last line of text.
//! 5. `pii.rs`: personal data masked → [`Cleaned::body`].
//! 6. `greeting.rs`: greetings and pleasantries left out → [`Cleaned::question`].
//!
//! `followup.rs` empties a follow-up that only closes its thread (thanks, "it worked"), and
//! `pasted.rs` makes the question unit the miner clusters: no pasted logs, traces, code or
//! tables, at most about 200 characters, the subject before a question that names nothing.
//!
//! [`clean_conversation`] does the same for every message of a conversation and also masks
//! the display names of the conversation's participants wherever they appear.
//!
//! Architecture invariant: cleaning never fails and does no IO. Every pattern is anchored
//! to one line, so the time is linear in the length of the text.

mod archive;
mod followup;
mod greeting;
mod html;
mod pasted;
mod pii;
mod quote;
mod signature;

use std::collections::HashSet;

use unicode_normalization::UnicodeNormalization;

use crate::model::{Channel, Conversation, Role};

pub use html::{html_to_text, looks_like_html};
pub(crate) use pii::replace_whole_words;
pub use pii::{ACCOUNT, ADDRESS, BIRTH_DATE, CARD, EMAIL, IBAN, NAME, NUMBER, ORDER, PHONE, URL};
pub(crate) use signature::{is_sign_off, trailing_sign_off};

/// A cleaned message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cleaned {
    /// The message without quoted text and signatures, personal data masked. FAQ answers are
    /// built from this text for agent messages.
    pub body: String,
    /// The body without greetings and pleasantries: the text that is mined for questions
    /// (empty when nothing is left).
    pub question: String,
}

/// Cleans one message written by `role`.
///
/// The same rules apply to every role: a customer's quoted history and an agent's
/// signature are equally not part of what they wrote. Agents also sign at the end of a
/// line of chat ("… within 30 days. Trân trọng, Linh - CSKH"): that sign-off is cut from
/// agents' messages only, and never when it is all the message says.
///
/// ```
/// use faqmine::{clean::clean_message, Role};
/// let mail = "Bonjour,\n\nPeut-on changer l'adresse de livraison ?\n\nCordialement,\nMarie Dupont\n\n\
///             Le lun. 3 juin 2024 à 10:00, SAV <sav@boutique.fr> a écrit\u{a0}:\n> Votre commande est partie.";
/// let c = clean_message(mail, Role::Customer);
/// assert_eq!(c.body, "Bonjour,\n\nPeut-on changer l'adresse de livraison ?");
/// assert_eq!(c.question, "Peut-on changer l'adresse de livraison ?");
/// ```
pub fn clean_message(text: &str, role: Role) -> Cleaned {
    let body = pii::mask(&strip(text, role));
    let question = greeting::strip(&body);
    Cleaned { body, question }
}

/// `text` without the greetings and calls that open it ("Dạ em chào chị ạ Em ở Hà Nội …" →
/// "Em ở Hà Nội …"): for a sentence taken out of a message, whose start the cleaner did not
/// see as a line start.
pub(crate) fn strip_opening_greeting(text: &str) -> &str {
    greeting::strip_opening(text)
}

/// The text of a customer's message that is mined as its question (the question unit):
/// the cleaned question text without pasted logs, traces, code and tables, at most about
/// 200 characters (the sentences that ask, of a long message), and with the message's
/// subject before a question that names nothing ("How to solve this?"). The subject is
/// masked like the message: personal data, then `names` (the conversation's
/// participants; the miner passes their display names).
///
/// ```
/// use faqmine::clean::question_unit;
/// let q = "When I add facets the labels vanish.\nError in grid.Call(C_textBounds) : invalid font\nHow to solve this?";
/// assert_eq!(
///     question_unit(q, Some("Re: [users] Labels vanish with facet_wrap"), &[]),
///     "When I add facets the labels vanish. Labels vanish with facet_wrap: how to solve this?"
/// );
/// ```
pub fn question_unit(question: &str, subject: Option<&str>, names: &[String]) -> String {
    let subject = subject.map(|s| pii::mask_names(&mask_personal_data(s), names));
    pasted::question_unit(question, subject.as_deref())
}

/// `true` when `text` is nothing but greetings and pleasantries ("Hi team!", "Merci
/// beaucoup", "شکریہ"): nothing of it would be left in a question.
pub(crate) fn is_only_greeting(text: &str) -> bool {
    greeting::strip(text).trim().is_empty()
}

/// Cleans every message of `conversation`; `result[i]` is message `i`.
///
/// Besides what [`clean_message`] does, a message is cut where it starts repeating three
/// or more long lines of earlier messages (history quoted with no marker the quote rules
/// know), and the display names of the people in the
/// conversation (taken from [`Message::author`](crate::Message::author), as email gives
/// them: `Marie Dupont <marie@example.fr>`) are masked as `⟨name⟩` wherever they appear,
/// such as an agent's "Bonjour Marie," or a customer signing without a closing formula.
///
/// In an email conversation, a customer's message after the first that only closes the
/// thread (thanks, "it worked", "Very interesting!", asking nothing and reporting nothing
/// still wrong) is no question: its [`Cleaned`] is empty.
pub fn clean_conversation(conversation: &Conversation) -> Vec<Cleaned> {
    let names = participant_names(conversation);
    let name_words = participant_name_words(conversation);
    let mut earlier: HashSet<String> = HashSet::new();
    // In chat, "thanks!" is small talk the analyzer already leaves out; a mail that thanks
    // tells the whole story again ("Thanks to all, editing the line … worked").
    let email = conversation.channel == Some(Channel::Email);
    conversation
        .messages
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let stripped =
                cut_name_signature(&cut_repeated_history(&strip(&m.text, m.role), &earlier), &name_words);
            for line in m.text.lines() {
                if let Some(key) = history_key(line) {
                    earlier.insert(key);
                }
            }
            let body = pii::mask_names(&pii::mask(&stripped), &names);
            if i > 0 && email && m.role == Role::Customer && followup::is_closing_follow_up(&body) {
                return Cleaned::default();
            }
            let question = greeting::strip(&body);
            Cleaned { body, question }
        })
        .collect()
}

/// Cuts a signature that starts with a participant's name on its own line ("Julien
/// Moreau\nResponsable achats\nTél. : …"), which has no closing formula to find it by.
fn cut_name_signature(text: &str, name_words: &[String]) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    match signature::name_signature_start(&lines, name_words) {
        Some(i) => lines[..i].join("\n").trim_end().to_string(),
        None => text.to_string(),
    }
}

/// Every word of the participants' display names, folded by [`fold_name`] (team names included: a line that only
/// says "Service client Boutique" under an agent's text is a signature too), two letters or
/// more.
fn participant_name_words(conversation: &Conversation) -> Vec<String> {
    let mut words: Vec<String> = conversation
        .messages
        .iter()
        .filter_map(|m| display_name(m.author.as_deref()?))
        .flat_map(|(name, _)| {
            name.split(|c: char| c.is_whitespace() || c == ',')
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
                .filter(|w| w.chars().count() >= 2 && w.chars().next().is_some_and(char::is_uppercase))
                .map(|w| fold_name(&w))
                .collect::<Vec<_>>()
        })
        .collect();
    words.sort();
    words.dedup();
    words
}

/// A line as it is compared with the conversation's history: without quote marks and
/// outer spaces, NFC; `None` for lines too short to say anything (greetings, "Thanks").
fn history_key(line: &str) -> Option<String> {
    let t = line.trim().trim_start_matches(['>', ' ']).trim();
    (t.chars().count() >= 20).then(|| t.nfc().collect())
}

/// Cuts a message where it starts to repeat three or more consecutive lines of earlier
/// messages of the conversation: history quoted without any marker or header the quote
/// rules know (a client in another language, a copy and paste).
fn cut_repeated_history(text: &str, earlier: &HashSet<String>) -> String {
    if earlier.is_empty() {
        return text.to_string();
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let seen = |l: &str| history_key(l).is_some_and(|k| earlier.contains(&k));
    // Index of the first line of a run of three long lines from the history; blank lines
    // inside the run do not break it.
    let mut run_start = None;
    let mut run = 0;
    for (i, l) in lines.iter().enumerate() {
        if l.trim().is_empty() {
            continue;
        }
        if seen(l) {
            if run == 0 {
                run_start = Some(i);
            }
            run += 1;
            if run >= 3 {
                break;
            }
        } else {
            run = 0;
            run_start = None;
        }
    }
    match run_start {
        Some(i) if run >= 3 => lines[..i].join("\n").trim_end().to_string(),
        _ => text.to_string(),
    }
}

/// The display name of a message's author, NFC ("\"Julien Moreau\" <j@acme.fr>" →
/// "Julien Moreau"), and the address after it ("" without one); `None` for a bare address
/// or an empty name: there is no name to mask.
fn display_name(author: &str) -> Option<(String, &str)> {
    let (name, address) = match author.split_once('<') {
        Some((n, a)) => (n, a.trim_end_matches('>')),
        None => (author, ""),
    };
    let name = name.trim().trim_matches('"').trim();
    (!name.is_empty() && !name.contains('@')).then(|| (name.nfc().collect(), address))
}

/// The display names of the people in a conversation: each full name, then each of its
/// words of three letters or more that starts with a capital, longest first.
///
/// Team names are not people: a display name with a word such as "Support", "Service" or
/// "CSKH" is left alone, and so is any word that also appears in the sender's domain (the
/// shop's own name, "Acme" of `acme-shop.com`).
pub(crate) fn participant_names(conversation: &Conversation) -> Vec<String> {
    const TEAM: &[&str] = &[
        "support",
        "service",
        "services",
        "client",
        "clients",
        "customer",
        "care",
        "team",
        "équipe",
        "equipe",
        "cskh",
        "shop",
        "help",
        "helpdesk",
        "sales",
        "contact",
        "info",
        "admin",
        "billing",
        "facturation",
        "sav",
        "store",
        "boutique",
        "no-reply",
        "noreply",
        "hỗ",
        "trợ",
        "chăm",
        "sóc",
    ];
    let mut names: Vec<String> = Vec::new();
    for m in &conversation.messages {
        let Some((name, address)) = m.author.as_deref().and_then(display_name) else { continue };
        let domain = address.rsplit_once('@').map(|(_, d)| d.to_lowercase()).unwrap_or_default();
        let words: Vec<&str> =
            name.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric())).collect();
        if words.iter().any(|w| TEAM.contains(&w.to_lowercase().as_str())) {
            continue;
        }
        for w in &words {
            let lower = w.to_lowercase();
            if w.chars().count() >= 3
                && w.chars().next().is_some_and(char::is_uppercase)
                && !domain.contains(&lower)
            {
                names.push(w.to_string());
            }
        }
        names.push(name);
    }
    // As people also type them: in capitals (signatures) and without diacritics (chat typed
    // on a keyboard without Vietnamese or French input: "Tran Thi Lan", "Elodie").
    let variants: Vec<String> = names
        .iter()
        .flat_map(|n| [n.to_uppercase(), without_diacritics(n)])
        .filter(|v| v.chars().count() >= 3)
        .collect();
    names.extend(variants);
    names.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    names.dedup();
    names
}

/// A name word as it is compared whatever the case and the diacritics: "TRẦN" and "Tran"
/// are "tran".
pub(crate) fn fold_name(word: &str) -> String {
    without_diacritics(word).to_lowercase()
}

/// `text` without combining marks, and `đ`/`Đ` as `d`/`D`: "Trần Thị Lan" → "Tran Thi Lan".
fn without_diacritics(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

/// Masks personal data in `text`: email addresses, phone numbers (international and local
/// formats of at least France, Vietnam, Pakistan, the US and the UK), URLs that carry
/// tokens, card and IBAN numbers, order and account numbers (also reference codes written
/// without a keyword, such as `#A1234567` or `ORD-2024-99812`, and runs of 8+ digits), and
/// names introduced as names ("my name is …", "Hi Anna,", "Thanks, John", "Mme Martin",
/// "chị Hương", "جناب عمران"). Error codes (`E1234`, `0x80070005`), dates, times, prices and
/// sizes survive; the policy is in the documentation of the `pii` rules.
///
/// ```
/// use faqmine::clean::mask_personal_data;
/// assert_eq!(
///     mask_personal_data("Order 48213, call +33 6 12 34 56 78 or write to anna@example.fr"),
///     "Order ⟨order⟩, call ⟨phone⟩ or write to ⟨email⟩"
/// );
/// ```
pub fn mask_personal_data(text: &str) -> String {
    pii::mask(&text.nfc().collect::<String>())
}

/// NFC, HTML to text, quoted replies and signatures out (and, for agents, a sign-off at the
/// end of the last line). No masking yet.
fn strip(text: &str, role: Role) -> String {
    let mut normalized: String = text.nfc().collect();
    if normalized.contains('\r') {
        normalized = normalized.replace("\r\n", "\n").replace('\r', "\n");
    }
    if looks_like_html(&normalized) {
        normalized = html_to_text(&normalized);
    }
    let normalized = archive::remove_markers(&normalized);
    let mut lines: Vec<&str> = normalized.split('\n').collect();
    if let Some(cut) = archive::list_additions_start(&lines) {
        lines.truncate(cut);
    }
    let mut kept = quote::strip_quotes(&lines);
    if let Some(cut) = signature::signature_start(&kept) {
        // An agent's message is never cut to nothing: a reply that is only a closing
        // line stays what it is.
        if role != Role::Agent || kept[..cut].iter().any(|l| !l.trim().is_empty()) {
            kept.truncate(cut);
        }
    }
    if role == Role::Agent {
        if let Some(last) = kept.iter().rposition(|l| !l.trim().is_empty()) {
            if let Some(at) = signature::trailing_sign_off(kept[last]) {
                kept[last] = &kept[last][..at];
            }
        }
    }
    // Trailing spaces go; runs of empty lines become one.
    let mut out = String::with_capacity(normalized.len());
    let mut blank_run = 0;
    for line in kept {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    out
}
