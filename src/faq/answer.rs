//! Answers: the agent replies that follow a question, cleaned, and the consensus among them.
//!
//! The cleaner (`crate::clean`) removes quoted text and signatures and masks personal data;
//! this module removes what is left at answer level (opening greetings, "my name is ..."
//! introductions, sign-off lines, the names of the people in the conversation) and picks
//! the most central reply, with a confidence from how much the replies agree.

use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::entry::AlternativeAnswer;
use super::vector::{cosine, Centroid, Idf, SVec};
use crate::clean::{clean_message, is_sign_off, mask_personal_data, trailing_sign_off, Cleaned};
use crate::model::{Conversation, Role};

/// The placeholder put where a person's name was.
pub(crate) const NAME_PLACEHOLDER: &str = "⟨name⟩";

/// Replies this similar to the chosen answer say the same thing; less similar ones can be
/// alternatives.
const SAME_ANSWER: f32 = 0.5;
/// At most this many alternatives are kept.
const MAX_ALTERNATIVES: usize = 3;
/// At most this many consecutive agent messages make one reply.
const MAX_REPLY_MESSAGES: usize = 3;

/// The consensus answer of a cluster.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Consensus {
    /// The chosen reply.
    pub answer: Option<String>,
    /// Agreement of the replies with it, 0 to 1.
    pub confidence: Option<f32>,
    /// Replies seen.
    pub count: u32,
    /// Different answers agents also gave.
    pub alternatives: Vec<AlternativeAnswer>,
    /// For each reply given, in order: whether it says what the chosen answer says.
    pub agrees: Vec<bool>,
}

/// The cleaned reply agents gave to message `message_index` of `conv`: the agent messages
/// after it up to the next customer message (bots and system events skipped), or `None`.
/// `cleaned` is the conversation as the cleaner already cleaned it, when the caller has it;
/// messages it does not cover are cleaned here.
///
/// When the agents' whole reply is a short question back ("Could you send me your order
/// number, please?") and the customer answers it with a few words that ask nothing
/// ("LS114942"), the answer is the agents' next reply: the one that answers the question.
pub(crate) fn reply_to(
    conv: &Conversation,
    message_index: usize,
    names: &[String],
    cleaned: Option<&[Cleaned]>,
) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut clarified = false;
    for (i, m) in conv.messages.iter().enumerate().skip(message_index + 1) {
        match m.role {
            Role::Customer => {
                // The pipeline frees customers' cleaned bodies once their questions are
                // taken: this one is cleaned again (it is rare: only after a question back).
                let answers_back = || is_bare_content(&clean_message(&m.text, Role::Customer).body);
                if !clarified && is_clarifying_question(&parts) && answers_back() {
                    clarified = true;
                    parts.clear();
                    continue;
                }
                break;
            }
            Role::Agent => {
                let body = match cleaned.and_then(|c| c.get(i)) {
                    Some(c) => tidy_answer(&c.body, names),
                    None => tidy_answer(&clean_message(&m.text, Role::Agent).body, names),
                };
                if !body.is_empty() {
                    parts.push(body);
                }
                if parts.len() == MAX_REPLY_MESSAGES {
                    break;
                }
            }
            Role::Bot | Role::System => {}
        }
    }
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// At most this many words make a question back to the customer.
const MAX_CLARIFYING_WORDS: usize = 20;
/// At most this many words make a customer's bare answer to it (an order number, a date).
const MAX_BARE_WORDS: usize = 8;

/// `true` when the agents' reply `parts` is one short question ("Could you send me your
/// order number, please?"): a request for details, not an answer.
fn is_clarifying_question(parts: &[String]) -> bool {
    let [reply] = parts else { return false };
    let reply = reply.trim();
    !reply.contains("\n\n")
        && reply.split_whitespace().count() <= MAX_CLARIFYING_WORDS
        && reply.ends_with(['?', '？', '؟'])
}

/// `true` when `reply` only asks back: one short question ("Could you send me your order
/// number, please?"), the rule [`reply_to`] looks past.
pub(crate) fn is_asking_back(reply: &str) -> bool {
    is_clarifying_question(std::slice::from_ref(&reply.to_string()))
}

/// `true` when a customer's message is a few words that ask nothing: the detail an agent
/// asked for, not a new question.
fn is_bare_content(body: &str) -> bool {
    let words = body.split_whitespace().count();
    words > 0 && words <= MAX_BARE_WORDS && !body.contains(['?', '？', '؟'])
}

/// The names of the people in `conv` (message authors), longest first, each also split in
/// its capitalized parts, for masking. E-mail addresses are left to the cleaner.
pub(crate) fn names_in(conv: &Conversation) -> Vec<String> {
    // The cleaner's list: one policy for who counts as a person (team names left alone,
    // name parts of three letters or more so that "Hà" does not mask "Hà Nội").
    crate::clean::participant_names(conv)
}

/// `text` with every whole-word occurrence of `names` replaced by [`NAME_PLACEHOLDER`].
pub(crate) fn mask_names(text: &str, names: &[String]) -> String {
    crate::clean::replace_whole_words(text, names, NAME_PLACEHOLDER)
}

static GREETING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening|day)|greetings|bonjour|bonsoir|salut|cher|chère|madame|monsieur|xin chào|chào|kính gửi|dạ chào|assalam[ou]? ?[ao]laikum|wa ?alaikum (?:as)?salam|السلام علیکم|السلام عليكم|وعلیکم السلام|وعليكم السلام|hola|hallo)\b[^\n,.!?:]{0,40}[,.!:\n]+\s*",
    )
    .expect("greeting pattern")
});

static INTRO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:my name is|je m'appelle|je suis|tôi là|em là|mình là|this is|i am|i'm)\s+⟨name⟩[^\n.!?]{0,60}[.!?\n]+\s*")
        .expect("intro pattern")
});

static PLEASANTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:(?:many )?thanks|thank you(?: so much| very much)?|merci(?: beaucoup)?|cảm ơn|cám ơn|شکریہ)\s+(?:for|pour|(?:anh|chị|anh/chị|bạn|quý khách) đã)\b[^\n.!?]{0,60}[.!]+\s*",
    )
    .expect("pleasantry pattern")
});

static SIGN_OFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:(?:best|kind|warm|warmest)(?: regards)?|regards|thanks|thank you|many thanks|cheers|sincerely|yours(?: sincerely| truly)?|cordialement|bien (?:à|a) vous|bien cordialement|merci|trân trọng|thân ái|thân mến|cảm ơn|شکریہ|والسلام|shukriya|shukria|saludos|mit freundlichen grüßen)\b[\s,.!،]*(?:⟨name⟩)?[\s,.!،]*$",
    )
    .expect("sign-off pattern")
});

static SIGNATURE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:(?:best|kind|warm|warmest) regards|regards|best|cheers|sincerely|cordialement|bien (?:à|a) vous|trân trọng|thân ái|saludos|mit freundlichen grüßen)\b",
    )
    .expect("signature pattern")
});

/// `true` when `paragraph`, the last of a reply, is a signature: short, and starting with a
/// sign-off or naming a person ("Best regards, ⟨name⟩ — Lumen Support", "⟨name⟩\nCustomer Care").
fn is_signature(paragraph: &str) -> bool {
    let short = paragraph.lines().count() <= 3 && paragraph.split_whitespace().count() <= 15;
    short && (paragraph.contains(NAME_PLACEHOLDER) || SIGNATURE_START.is_match(paragraph))
}

/// `text` without opening greetings, self-introductions, sign-off lines (also one at the end
/// of the last line) and the names of `names`, white space tidied. A reply that is nothing
/// but what would be cut is kept as it is; empty only when `text` is.
pub(crate) fn tidy_answer(text: &str, names: &[String]) -> String {
    let masked = mask_names(&mask_personal_data(text), names);
    let mut lines: Vec<&str> = masked.lines().map(str::trim_end).collect();
    // A sign-off line ends the answer: drop it and the (short) signature lines after it.
    let sign_off = |l: &&str| {
        SIGN_OFF.is_match(l)
            || (SIGNATURE_START.is_match(l) && l.split_whitespace().count() <= 12)
            || is_sign_off(l)
    };
    if let Some(pos) = lines.iter().rposition(sign_off) {
        if pos > 0 && lines.len() - pos <= 4 && lines[..pos].iter().any(|l| !l.trim().is_empty()) {
            lines.truncate(pos);
        }
    }
    // A sign-off at the end of the last line of text: "… 30 days. Regards, ⟨name⟩ - Support".
    if let Some(last) = lines.iter().rposition(|l| !l.trim().is_empty()) {
        if let Some(at) = trailing_sign_off(lines[last]) {
            lines[last] = &lines[last][..at];
        }
    }
    // Lines that are nothing but a name are signatures.
    while lines
        .last()
        .is_some_and(|l| l.trim().is_empty() || l.trim().trim_matches(['-', ',']) == NAME_PLACEHOLDER)
    {
        lines.pop();
    }
    let mut body = lines.join("\n");
    // A last paragraph that is a signature block goes too.
    let trimmed = body.trim_end();
    if let Some(pos) = trimmed.rfind("\n\n") {
        if is_signature(trimmed[pos..].trim()) && !trimmed[..pos].trim().is_empty() {
            body = trimmed[..pos].to_string();
        }
    }
    for pattern in [&*GREETING, &*PLEASANTRY, &*INTRO, &*PLEASANTRY] {
        if let Some(m) = pattern.find(&body) {
            if body[m.end()..].trim().chars().count() >= 2 {
                body = body[m.end()..].to_string();
            }
        }
    }
    let tidy = tidy_spaces(&capitalize(body.trim()));
    if tidy.is_empty() {
        // Cutting never empties a reply: one that is only a sign-off stays as written.
        return tidy_spaces(masked.trim());
    }
    tidy
}

/// Collapses runs of spaces and of blank lines.
fn tidy_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = collapse_spaces(line);
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(&line);
    }
    out
}

/// `text` on one line: runs of white space become one space, except no-break spaces
/// (French typography: `48\u{a0}h`, `commande\u{202f}?`), which are kept as they are.
pub(crate) fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending = false;
    for c in text.chars() {
        if c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}') {
            pending = !out.is_empty();
        } else {
            if pending {
                out.push(' ');
                pending = false;
            }
            out.push(c);
        }
    }
    out
}

/// `text` with its first letter upper-cased.
pub(crate) fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => text.to_string(),
    }
}

/// One distinct reply: its text, how many times it was given and its vector.
struct Reply {
    text: String,
    count: u32,
    vector: SVec,
    words: usize,
}

/// The consensus of `replies` (cleaned reply texts, one per question message that got one),
/// each with its terms for the vectors.
/// Replies are given owned or borrowed (identical replies are stored once by the caller).
pub(crate) fn consensus<R: Borrow<(String, Vec<String>)>>(replies: &[R], idf: &Idf) -> Consensus {
    if replies.is_empty() {
        return Consensus::default();
    }
    // Group identical replies (after case and space folding), keeping the most common
    // spelling of each.
    /// Identical replies: their spellings with counts, their terms, and which replies given.
    #[derive(Default)]
    struct Same<'r> {
        spellings: BTreeMap<&'r str, u32>,
        terms: &'r [String],
        given: Vec<usize>,
    }
    let mut groups: BTreeMap<String, Same<'_>> = BTreeMap::new();
    for (i, (text, terms)) in replies.iter().map(Borrow::borrow).enumerate() {
        let key = text.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
        let g = groups.entry(key).or_insert_with(|| Same { terms, ..Same::default() });
        *g.spellings.entry(text.as_str()).or_default() += 1;
        g.given.push(i);
    }
    // Which distinct reply each reply given is.
    let mut group_of = vec![0usize; replies.len()];
    for (d, g) in groups.values().enumerate() {
        for &i in &g.given {
            group_of[i] = d;
        }
    }
    let distinct: Vec<Reply> = groups
        .into_values()
        .map(|Same { spellings, terms, .. }| {
            let count = spellings.values().sum();
            let text = spellings
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
                .map(|(t, _)| t.to_string())
                .unwrap_or_default();
            Reply { words: text.split_whitespace().count(), text, count, vector: idf.vector(terms) }
        })
        .collect();
    let total: u32 = distinct.iter().map(|r| r.count).sum();
    let mut centroid = Centroid::default();
    for r in &distinct {
        centroid.add(&r.vector, r.count as f32);
    }
    let centroid = centroid.finish();
    // Very short replies ("Ok", "Sure") are acknowledgements, not answers, unless nothing
    // else was said.
    let substantive = distinct.iter().any(|r| r.words >= 2);
    let chosen = distinct
        .iter()
        .enumerate()
        .filter(|(_, r)| !substantive || r.words >= 2)
        .max_by(|(_, a), (_, b)| {
            cosine(&a.vector, &centroid)
                .total_cmp(&cosine(&b.vector, &centroid))
                .then(a.count.cmp(&b.count))
                .then(b.text.cmp(&a.text))
        })
        .map(|(i, _)| i)
        .unwrap_or(0);
    // How alike each distinct reply is to the chosen one.
    let to_chosen: Vec<f32> = distinct
        .iter()
        .enumerate()
        .map(|(i, r)| if i == chosen { 1.0 } else { cosine(&r.vector, &distinct[chosen].vector) })
        .collect();
    let agreement: f32 = distinct.iter().zip(&to_chosen).map(|(r, &s)| r.count as f32 * s).sum();
    // Shrunk toward 0 for few replies: one reply is weak evidence however well it agrees.
    let confidence = round3(agreement / (total as f32 + 1.0));

    // Alternatives: well-supported replies unlike the chosen one and unlike each other.
    let support = |i: usize| -> u32 {
        distinct
            .iter()
            .filter(|r| cosine(&r.vector, &distinct[i].vector) >= SAME_ANSWER)
            .map(|r| r.count)
            .sum()
    };
    let mut candidates: Vec<(usize, u32)> = (0..distinct.len())
        .filter(|&i| i != chosen && distinct[i].words >= 2)
        .filter(|&i| to_chosen[i] < SAME_ANSWER)
        .map(|i| (i, support(i)))
        .collect();
    candidates.sort_by(|a, b| b.1.cmp(&a.1).then(distinct[a.0].text.cmp(&distinct[b.0].text)));
    let min_support = 2.max(total.div_ceil(10));
    let mut picked: Vec<usize> = Vec::new();
    for (i, s) in candidates {
        if picked.len() == MAX_ALTERNATIVES || s < min_support {
            break;
        }
        if picked.iter().all(|&p| cosine(&distinct[p].vector, &distinct[i].vector) < SAME_ANSWER) {
            picked.push(i);
        }
    }
    // Each reply counts for the nearest of the chosen answer and the alternatives.
    let mut counts = vec![0u32; picked.len()];
    for (r, &to_chosen) in distinct.iter().zip(&to_chosen) {
        let best = picked
            .iter()
            .enumerate()
            .map(|(k, &p)| (k, cosine(&r.vector, &distinct[p].vector)))
            .filter(|&(_, s)| s > to_chosen)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        if let Some((k, _)) = best {
            counts[k] += r.count;
        }
    }
    let mut alternatives: Vec<AlternativeAnswer> = picked
        .iter()
        .zip(counts)
        .filter(|&(_, c)| c >= 2)
        .map(|(&p, count)| AlternativeAnswer { text: distinct[p].text.clone(), count })
        .collect();
    alternatives.sort_by(|a, b| b.count.cmp(&a.count).then(a.text.cmp(&b.text)));

    Consensus {
        answer: Some(distinct[chosen].text.clone()),
        confidence: Some(confidence),
        count: total,
        alternatives,
        agrees: group_of.iter().map(|&d| to_chosen[d] >= SAME_ANSWER).collect(),
    }
}

/// `x` rounded to three decimals, so that the files stay readable and stable.
pub(crate) fn round3(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salutations_and_names_leave_answers() {
        let names = vec!["Anna Tran".to_string(), "Anna".to_string(), "Tran".to_string()];
        let cases: &[(&str, &str)] = &[
            (
                "Hi John,\nClick 'Forgot password' on the sign-in page.",
                "Click 'Forgot password' on the sign-in page.",
            ),
            (
                "Hello! My name is Anna and I will help.\nGo to Settings > Billing.",
                "Go to Settings > Billing.",
            ),
            ("Go to Settings.\n\nBest regards,\nAnna Tran", "Go to Settings."),
            (
                "Bonjour Madame,\nVous pouvez annuler dans l'application.\nCordialement,\nAnna",
                "Vous pouvez annuler dans l'application.",
            ),
            ("Thanks", "Thanks"),
            ("Hi Sam, thanks for your message. Refunds take 5 days.", "Refunds take 5 days."),
            ("Merci pour votre message ! Le remboursement prend 5 jours.", "Le remboursement prend 5 jours."),
            ("Cảm ơn anh đã liên hệ. Anh vào mục Đơn hàng nhé.", "Anh vào mục Đơn hàng nhé."),
            ("وعلیکم السلام! جی بالکل، JazzCash قبول ہے۔", "جی بالکل، JazzCash قبول ہے۔"),
            ("Thanks for waiting", "Thanks for waiting"),
            ("Go to Settings.\n\nBest regards, ⟨name⟩ — Lumen Support", "Go to Settings."),
            ("Go to Settings.\nBest regards, ⟨name⟩ — Lumen Support", "Go to Settings."),
            ("Go to Settings.\nBest of all, it is free for every customer who signs up before the end of June.", "Go to Settings.\nBest of all, it is free for every customer who signs up before the end of June."),
            ("Invoices are in My orders.\n\n⟨name⟩\nLumen Shop Customer Care", "Invoices are in My orders."),
            ("Refunds take 5 days.\n\nIf not, reply here.", "Refunds take 5 days.\n\nIf not, reply here."),
            ("Anna here: the refund takes 5 days.", "⟨name⟩ here: the refund takes 5 days."),
            ("Livraison sous 48\u{a0}h,   promis  !", "Livraison sous 48\u{a0}h, promis !"),
        ];
        for (input, want) in cases {
            assert_eq!(tidy_answer(input, &names), *want, "tidy_answer({input:?})");
        }
    }

    #[test]
    fn names_are_masked_only_as_whole_words() {
        let names = vec!["Ann".to_string()];
        assert_eq!(mask_names("Ann, see Annual plan", &names), "⟨name⟩, see Annual plan");
    }

    #[test]
    fn short_name_parts_do_not_mask_place_names() {
        use crate::model::{Conversation, Message, Role};
        let mut m = Message::new(Role::Customer, "Giao hàng ra Hà Nội mất bao lâu?");
        m.author = Some("Nguyễn Thị Hà <ha@example.vn>".to_string());
        let names = names_in(&Conversation::new("c1", vec![m]));
        let shown = mask_names("Nguyễn Thị Hà hỏi: giao hàng ra Hà Nội mất bao lâu?", &names);
        assert_eq!(shown, "⟨name⟩ hỏi: giao hàng ra Hà Nội mất bao lâu?", "names: {names:?}");
    }

    #[test]
    fn a_question_back_answered_with_a_detail_leads_to_the_real_answer() {
        use crate::model::{Conversation, Message, Role};
        let conv = |follow_up: &str| {
            Conversation::new(
                "c1",
                vec![
                    Message::new(Role::Customer, "How long does a refund take?"),
                    Message::new(Role::Agent, "Could you send me your order number, please?"),
                    Message::new(Role::Customer, follow_up),
                    Message::new(Role::Agent, "Thanks. Refunds take 5 to 10 business days."),
                ],
            )
        };
        let got = |follow_up: &str| reply_to(&conv(follow_up), 0, &[], None);
        assert_eq!(got("LS114942").as_deref(), Some("Thanks. Refunds take 5 to 10 business days."));
        assert_eq!(got("it's 4417 sorry").as_deref(), Some("Thanks. Refunds take 5 to 10 business days."));
        // A new question is not the detail asked for: the question back stays the reply.
        for other in [
            "And can I change my address?",
            "Actually never mind, I found the refund in my bank account this morning",
        ] {
            assert_eq!(
                got(other).as_deref(),
                Some("Could you send me your order number, please?"),
                "{other}"
            );
        }
        // An answer that ends with a question is still an answer.
        let answered = Conversation::new(
            "c2",
            vec![
                Message::new(Role::Customer, "How long does a refund take?"),
                Message::new(
                    Role::Agent,
                    "Refunds take 5 to 10 business days.\n\nAnything else I can help with?",
                ),
                Message::new(Role::Customer, "no thanks"),
                Message::new(Role::Agent, "Have a nice day!"),
            ],
        );
        assert_eq!(
            reply_to(&answered, 0, &[], None).as_deref(),
            Some("Refunds take 5 to 10 business days.\n\nAnything else I can help with?")
        );
    }

    fn reply(text: &str) -> (String, Vec<String>) {
        (text.to_string(), text.to_lowercase().split_whitespace().map(String::from).collect())
    }

    #[test]
    fn consensus_picks_the_central_reply_and_keeps_a_dissenting_one() {
        let mut replies: Vec<_> = (0..5).map(|_| reply("open settings then click reset password")).collect();
        replies.push(reply("open settings and click reset password now"));
        replies.extend((0..3).map(|_| reply("call the bank hotline today")));
        let idf = Idf::new(replies.iter().map(|r| &r.1));
        let c = consensus(&replies, &idf);
        assert_eq!(c.answer.as_deref(), Some("open settings then click reset password"));
        assert_eq!(c.count, 9);
        assert_eq!(c.alternatives.len(), 1, "the 3 hotline replies disagree and must be kept: {c:?}");
        assert_eq!(c.alternatives[0].count, 3);
        let conf = c.confidence.expect("an answer has a confidence");
        assert!(
            conf > 0.4 && conf < 0.9,
            "6 of 9 agreeing replies should give a middling confidence, got {conf}"
        );
    }

    #[test]
    fn no_replies_no_answer() {
        let c = consensus::<(String, Vec<String>)>(&[], &Idf::default());
        assert_eq!(c.answer, None);
        assert_eq!(c.confidence, None);
    }

    /// One agent message as an answer: cleaned as the pipeline cleans it, then tidied.
    fn answer_of(text: &str, names: &[String]) -> String {
        tidy_answer(&clean_message(text, Role::Agent).body, names)
    }

    #[test]
    fn sign_offs_leave_answers_in_every_language_in_chat_and_email() {
        let names: Vec<String> =
            ["Anna", "Tom", "Julien", "Claire", "Linh", "Minh", "عائشہ", "حمزہ", "Hamza"]
                .iter()
                .map(|n| n.to_string())
                .collect();
        let cases: &[(&str, &str)] = &[
            // English: email blocks, a closing with name and team, chat on one line.
            ("Hello,\n\nRefunds take 5 to 10 business days.\n\nRegards, Anna - Support team", "Refunds take 5 to 10 business days."),
            ("Refunds take 5 to 10 business days.\nBest regards,\nTom\nLumen Support", "Refunds take 5 to 10 business days."),
            ("Refunds take 5 to 10 business days. Regards, Anna - Support team", "Refunds take 5 to 10 business days."),
            ("Refunds take 5 to 10 business days. Thanks, Tom", "Refunds take 5 to 10 business days."),
            ("Refunds take 5 to 10 business days.\nAnna | Lumen Shop Customer Care", "Refunds take 5 to 10 business days."),
            // French.
            ("Bonjour,\nVous pouvez annuler dans l'application.\n\nBien à vous,\nJulien\nService client Lumen Shop", "Vous pouvez annuler dans l'application."),
            ("Vous pouvez annuler dans l'application. Cordialement, Claire — Service client", "Vous pouvez annuler dans l'application."),
            ("Vous pouvez annuler dans l'application.\nMerci, Claire", "Vous pouvez annuler dans l'application."),
            ("Vous pouvez annuler dans l'application.\nClaire, service client", "Vous pouvez annuler dans l'application."),
            ("Vous pouvez annuler dans l'application. Bien à vous", "Vous pouvez annuler dans l'application."),
            // Vietnamese.
            ("Dạ anh/chị vào mục Đơn hàng của tôi nha.\n\nTrân trọng,\nLinh - CSKH", "Dạ anh/chị vào mục Đơn hàng của tôi nha."),
            ("Dạ anh/chị vào mục Đơn hàng của tôi nha.\nMinh - CSKH Lumen Shop", "Dạ anh/chị vào mục Đơn hàng của tôi nha."),
            ("Dạ anh/chị vào mục Đơn hàng của tôi nha. Trân trọng, Linh - CSKH", "Dạ anh/chị vào mục Đơn hàng của tôi nha."),
            ("Dạ anh/chị vào mục Đơn hàng của tôi nha. Cảm ơn anh/chị!", "Dạ anh/chị vào mục Đơn hàng của tôi nha."),
            // Urdu in Arabic script.
            ("آپ 30 دن کے اندر سامان واپس کر سکتے ہیں۔\nشکریہ، عائشہ", "آپ 30 دن کے اندر سامان واپس کر سکتے ہیں۔"),
            ("آپ 30 دن کے اندر سامان واپس کر سکتے ہیں۔\n\nشکریہ،\nحمزہ\nLumen Shop کسٹمر سروس", "آپ 30 دن کے اندر سامان واپس کر سکتے ہیں۔"),
            ("آپ 30 دن کے اندر سامان واپس کر سکتے ہیں۔ شکریہ، عائشہ", "آپ 30 دن کے اندر سامان واپس کر سکتے ہیں۔"),
            ("آپ 30 دن کے اندر سامان واپس کر سکتے ہیں۔\nعائشہ - Lumen Shop", "آپ 30 دن کے اندر سامان واپس کر سکتے ہیں۔"),
            // Roman Urdu.
            ("Aap 30 din ke andar return kar sakte hain.\nShukriya,\nHamza\nLumen Shop Customer Service", "Aap 30 din ke andar return kar sakte hain."),
            ("Aap 30 din ke andar return kar sakte hain. Shukriya, Hamza", "Aap 30 din ke andar return kar sakte hain."),
            // Text that only looks like a sign-off stays.
            ("Thanks for waiting", "Thanks for waiting"),
            ("Refunds take 5 days. Best of all, they are free.", "Refunds take 5 days. Best of all, they are free."),
            ("Le service client répond sous 24 h.", "Le service client répond sous 24 h."),
            ("Go to Settings. Thanks to the update, it is faster.", "Go to Settings. Thanks to the update, it is faster."),
            // A reply that is nothing but a sign-off is not emptied.
            ("Trân trọng,\nLinh - CSKH", "Trân trọng,"),
            ("Thanks, Anna", "Thanks, ⟨name⟩"),
        ];
        for (input, want) in cases {
            assert_eq!(answer_of(input, &names), *want, "answer of {input:?}");
        }
    }

    #[test]
    fn demo_replies_keep_no_sign_off() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/");
        let read = crate::ingest::read_paths_with(
            &[format!("{dir}conversations.jsonl"), format!("{dir}messages.csv")],
            &crate::ingest::IngestOptions::default(),
        )
        .expect("the demo corpus reads");
        // The teams and closings the demo's agents sign with.
        let marks = [
            "Lumen Support",
            "CSKH",
            "Customer Care",
            "Customer Service",
            "ervice client",
            "کسٹمر سروس",
            "regards",
            "Cordialement",
            "Trân trọng",
            "Thân mến",
            "Cheers,",
            "شکریہ،",
            "Shukriya,",
            "- Lumen Shop",
        ];
        let mut replies = 0;
        for conv in &read.conversations {
            let cleaned = crate::clean::clean_conversation(conv);
            let names = names_in(conv);
            for (i, m) in conv.messages.iter().enumerate().filter(|(_, m)| m.role == Role::Agent) {
                let answer = tidy_answer(&cleaned[i].body, &names);
                assert!(!answer.trim().is_empty(), "{} #{i}: {:?} became empty", conv.id, m.text);
                let last = answer.lines().last().unwrap_or_default();
                // The end of the last line, where a sign-off would be.
                let end: String = last.chars().rev().take(40).collect::<Vec<_>>().into_iter().rev().collect();
                assert!(
                    !marks.iter().any(|k| end.contains(k)) && last.trim() != NAME_PLACEHOLDER,
                    "{} #{i}: a sign-off is left in {answer:?}",
                    conv.id
                );
                replies += 1;
            }
        }
        assert!(replies > 300, "the demo has agent replies: {replies}");
    }
}
