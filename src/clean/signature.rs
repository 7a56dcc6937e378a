//! Signatures: the `-- ` delimiter, mobile signatures, a closing formula followed by a
//! name, and a name with its team ("Linh - CSKH Lumen Shop", "Claire, service client",
//! "عائشہ - Lumen Shop کسٹمر سروس"). Agents also sign at the end of a line of text in chat
//! ("… within 30 days. Regards, Anna - Support team"): [`trailing_sign_off`] finds that.
//!
//! What is never a signature: a line that starts with "Le" (French body text such as "Le
//! colis est arrivé") or that merely contains a hyphen ("Peut-on", "e-mail", "Jean-Pierre").
//! Only the exact delimiter line (`--`, `-- `, `—`, `__`) counts as a delimiter.

use std::sync::LazyLock;

use regex::Regex;

use super::quote::normalize_spaces;

/// The signature delimiter line.
static DELIMITER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:--|—|–|__+)\s*$").expect("valid regex"));

/// Signatures phones and mail apps add.
static MOBILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:sent from my\b|sent from (?:outlook|yahoo|mail|samsung|my)\b|sent via\b|sent with\b|get outlook for\b|envoyé de mon\b|envoyé depuis\b|envoyé à partir de\b|obtenir outlook pour\b|télécharger outlook pour\b|được gửi từ\b|gửi từ (?:iphone|điện thoại|samsung|outlook|thiết bị)|tải outlook cho\b|میرے .{1,30} سے بھیجا گیا)",
    )
    .expect("valid regex")
});

/// Closing formulas, alone on their line (with optional punctuation).
const CLOSINGS: &str = r"best regards|kind regards|warm regards|warmest regards|regards|best wishes|best|cheers|sincerely|yours sincerely|yours truly|yours faithfully|thanks|thank you|many thanks|thanks again|thanks in advance|thank you in advance|thx|cordialement|bien cordialement|très cordialement|cordialement vôtre|bien à vous|salutations|sincères salutations|meilleures salutations|merci|merci beaucoup|merci d'avance|merci d’avance|merci par avance|bonne journée|bonne soirée|à bientôt|trân trọng|tran trong|trân trọng cảm ơn|thân ái|than ai|thân mến|thân|cảm ơn|cam on|xin cảm ơn|cám ơn|em cảm ơn|em cảm ơn ạ|cảm ơn bạn|cảm ơn quý khách|chúc quý khách một ngày tốt lành|شکریہ|بہت شکریہ|shukriya|shukria|والسلام|خیر اندیش|نیک تمنائیں|آپ کا مخلص|مخلص|دعاگو";

/// Who a closing may thank: "Cảm ơn shop!", "Thanks team", "Merci à vous".
const CLOSING_ADDRESSEE: &str = r"(?:\s+(?:shop|ad|admin|team|all|guys|everyone|à vous|à tous|bạn|anh/chị|anh|chị|quý khách|nhiều|rất nhiều|ạ|nha|nhé|again|so much|a lot))*";

/// A person's name as a signature writes it: one to four capitalized words, one or two
/// words in Arabic script (which has no capitals), or the `⟨name⟩` placeholder once names
/// are masked.
const NAME: &str = r"(?:⟨name⟩|\p{Lu}[\p{L}\p{M}'’.-]*(?:\s+\p{Lu}[\p{L}\p{M}'’.-]*){0,3}|[\p{Arabic}&&\p{L}][\p{Arabic}&&[\p{L}\p{M}]]*(?:\s+[\p{Arabic}&&\p{L}][\p{Arabic}&&[\p{L}\p{M}]]*)?)";

/// What a support team calls itself after an agent's name: a few words, no sentence
/// punctuation, with a word such as "Support", "service client", "CSKH" or "کسٹمر سروس".
const TEAM: &str = r"(?i:[^\n.?!۔؟]{0,30}\b(?:support|service|services|client|clients|customer|care|team|équipe|equipe|cskh|shop|helpdesk|sav|store|boutique|hỗ trợ|chăm sóc|کسٹمر|سروس|ٹیم|سپورٹ)\b[^\n.?!۔؟]{0,30})";

static CLOSING_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)^(?:{CLOSINGS}){CLOSING_ADDRESSEE}\s*[,.!،۔]*\s*$")).expect("valid regex")
});

/// A closing formula with the name on the same line: "Thanks, John", "Cordialement, Marie",
/// "Best regards, Anna — Lumen Support", "شکریہ، عائشہ".
static CLOSING_WITH_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^(?i:{CLOSINGS})\s*[,،]\s*{NAME}\s*[.!]?(?:\s*[—–|,،-]\s*[^?؟]{{1,40}})?\s*$"))
        .expect("valid regex")
});

/// A name and the team it signs for, alone on a line: "Linh - CSKH Lumen Shop",
/// "Claire, service client", "Anna | Lumen Shop Customer Care", "عائشہ - Lumen Shop".
static SIGNED_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^{NAME}\s*[—–|,،-]\s*{TEAM}\s*$")).expect("valid regex"));

/// Whether `text`, one line, is a sign-off: a closing formula ("Best regards", "Trân
/// trọng", "شکریہ"), with or without a name and team, or a name with its team.
pub(crate) fn is_sign_off(text: &str) -> bool {
    let norm = normalize_spaces(text.trim());
    CLOSING_ALONE.is_match(&norm) || CLOSING_WITH_NAME.is_match(&norm) || SIGNED_LINE.is_match(&norm)
}

/// Where a sign-off written at the end of a line of text starts: "Refunds take 5 days.
/// Regards, Anna - Support team" → the offset of "Regards". Only whole sentences after a
/// sentence end count, and some text must come before them.
pub(crate) fn trailing_sign_off(line: &str) -> Option<usize> {
    for (i, c) in line.char_indices() {
        if !matches!(c, '.' | '!' | '?' | '۔' | '؟' | '。') {
            continue;
        }
        let end = i + c.len_utf8();
        let rest = &line[end..];
        if !rest.starts_with(char::is_whitespace) || line[..end].trim().chars().count() < 2 {
            continue;
        }
        if !rest.trim().is_empty() && is_sign_off(rest) {
            return Some(end + (rest.len() - rest.trim_start().len()));
        }
    }
    None
}

/// The most lines a signature block under a closing formula may have.
const MAX_TAIL: usize = 7;

fn is_blank(l: &str) -> bool {
    l.trim().is_empty()
}

/// Whether `line` may belong to a signature block: short, not a question or a sentence of
/// body text, and not starting with "Le".
fn signature_like(line: &str) -> bool {
    let t = line.trim();
    let starts_with_le = t.starts_with("Le ") || t == "Le";
    let question = t.ends_with('?') || t.ends_with('؟');
    t.chars().count() <= 70 && !question && !starts_with_le && t.split_whitespace().count() <= 8
}

/// A name alone on the last line: one to three capitalized words.
static BARE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{L}\p{M}'’.-]*(?:\s+\p{Lu}[\p{L}\p{M}'’.-]*){0,2}$").expect("valid regex")
});

/// Whether the last line is a bare name signing the message: a name alone after an empty
/// line, below some text ("…\n\nMarcus").
fn bare_name_at_end(lines: &[&str]) -> Option<usize> {
    let last = lines.iter().rposition(|l| !is_blank(l))?;
    let t = lines[last].trim();
    let blank_before = last > 0 && is_blank(lines[last - 1]);
    let text_before = lines[..last].iter().any(|l| !is_blank(l));
    let name_like = t.chars().count() <= 40
        && BARE_NAME.is_match(t)
        && !(t.starts_with("Le ") || t == "Le")
        && !CLOSING_ALONE.is_match(t);
    (blank_before && text_before && name_like).then_some(last)
}

/// The index of the first signature line, if `lines` end with a signature.
pub(crate) fn signature_start(lines: &[&str]) -> Option<usize> {
    let formula = signature_formula_start(lines);
    formula.or_else(|| bare_name_at_end(lines))
}

fn signature_formula_start(lines: &[&str]) -> Option<usize> {
    // Closing formulas and mobile signatures are only looked for near the end.
    let non_blank: Vec<usize> = (0..lines.len()).filter(|&i| !is_blank(lines[i])).collect();
    for (rank, &i) in non_blank.iter().enumerate() {
        let norm = normalize_spaces(lines[i].trim());
        if DELIMITER.is_match(&norm) {
            return Some(i);
        }
        let tail = non_blank.len() - rank - 1;
        if tail <= 3 && norm.chars().count() <= 80 && MOBILE.is_match(&norm) {
            return Some(i);
        }
        if rank == 0 {
            // The first line is never a signature: "Merci" at the top is a pleasantry.
            continue;
        }
        let rest_ok = || non_blank[rank + 1..].iter().all(|&k| signature_like(lines[k]));
        if CLOSING_WITH_NAME.is_match(&norm) && tail <= MAX_TAIL && rest_ok() {
            return Some(i);
        }
        if CLOSING_ALONE.is_match(&norm) && (1..=MAX_TAIL).contains(&tail) && rest_ok() {
            return Some(i);
        }
        if SIGNED_LINE.is_match(&norm) && tail <= MAX_TAIL && rest_ok() {
            return Some(i);
        }
    }
    None
}

/// The index of a signature that starts with a line holding only the name of a person of
/// the conversation ("Julien Moreau", "Moreau, Julien", "Hà"), below some text and followed
/// only by lines a signature has (a title, a company, a phone); `name_words` are the words of
/// the participants' display names, folded by `fold_name` (case and diacritics ignored).
pub(crate) fn name_signature_start(lines: &[&str], name_words: &[String]) -> Option<usize> {
    if name_words.is_empty() {
        return None;
    }
    let non_blank: Vec<usize> = (0..lines.len()).filter(|&i| !is_blank(lines[i])).collect();
    for (rank, &i) in non_blank.iter().enumerate().skip(1) {
        let tail = non_blank.len() - rank - 1;
        if tail > MAX_TAIL {
            continue;
        }
        let words: Vec<String> = lines[i]
            .split(|c: char| c.is_whitespace() || c == ',')
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .filter(|w| !w.is_empty())
            .map(super::fold_name)
            .collect();
        let only_names =
            !words.is_empty() && words.len() <= 4 && words.iter().all(|w| name_words.contains(w));
        if only_names && non_blank[rank + 1..].iter().all(|&k| signature_like(lines[k])) {
            return Some(i);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphens_and_le_lines_are_not_signatures() {
        let cases: &[&[&str]] = &[
            &["Peut-on changer l'adresse ?", "Merci"],
            &["Bonjour", "Cordialement,", "Le colis n'est toujours pas arrivé, pouvez-vous vérifier ?"],
            &["My e-mail changed.", "Thanks", "Can you update it?"],
        ];
        for lines in cases {
            assert_eq!(signature_start(lines), None, "{lines:?}");
        }
        assert_eq!(signature_start(&["Question?", "", "Cordialement,", "Jean-Pierre Martin"]), Some(2));
    }
}
