//! Personal data masking: email addresses, phone numbers, URLs that carry tokens, card and
//! IBAN numbers, order and account numbers, and names where the text says they are names.
//!
//! Each kind is replaced by a readable placeholder so that a masked question still reads
//! as a question: "my order ⟨order⟩ has not arrived, call me on ⟨phone⟩".
//!
//! The rules run in a fixed order, most specific first, and each sees the output of the
//! one before: URLs (an address inside a URL goes with the URL), emails, IBANs, cards,
//! numbers named as order or account numbers, phones, then any remaining long digit run,
//! then names.

use std::sync::LazyLock;

use regex::{Captures, Regex};

/// Placeholder for an email address.
pub const EMAIL: &str = "⟨email⟩";
/// Placeholder for a phone number.
pub const PHONE: &str = "⟨phone⟩";
/// Placeholder for a URL that carries a token or personal data.
pub const URL: &str = "⟨url⟩";
/// Placeholder for a payment card number.
pub const CARD: &str = "⟨card⟩";
/// Placeholder for an IBAN.
pub const IBAN: &str = "⟨iban⟩";
/// Placeholder for an order, parcel, invoice or ticket number.
pub const ORDER: &str = "⟨order⟩";
/// Placeholder for an account or customer number.
pub const ACCOUNT: &str = "⟨account⟩";
/// Placeholder for any other long number (9 digits or more).
pub const NUMBER: &str = "⟨number⟩";
/// Placeholder for a person's name.
pub const NAME: &str = "⟨name⟩";

static URL_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)\b(?:https?://|www\.)[^\s<>"'`)\]}]+"#).expect("valid regex"));

/// Query parameters and path words that carry secrets or identities.
static URL_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[?&;#](?:[a-z_]*token|key|api_?key|code|sig|signature|auth|session|sid|otp|hash|secret|password|pwd|email|mail|phone|user(?:_?id)?|uid|customer|account|order(?:_?id)?|ref|t|k|s|u|id)=|/(?:reset|verify|confirm|activate|unsubscribe|invite|magic|login|track|tracking|order|orders|account|user|users)/").expect("valid regex")
});

/// A path or query piece that looks random: 16+ characters with letters and digits.
static URL_RANDOM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9_-]{16,}").expect("valid regex"));

static EMAIL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i-u)\b[a-z0-9._%+-]+(?:@|\s?\[at\]\s?|\s?\(at\)\s?)[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b",
    )
    .expect("valid regex")
});

static IBAN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)[A-Z]{2}[0-9]{2}(?:[ \u{a0}]?[A-Z0-9]{4}){2,7}(?:[ \u{a0}]?[A-Z0-9]{1,4})?(?-u:\b)")
        .expect("valid regex")
});

static CARD_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)(?:[0-9][ \u{a0}-]?){12,18}[0-9](?-u:\b)").expect("valid regex"));

/// "order 12345", "commande n° FR-2024-118", "đơn hàng số DH123456", "آرڈر نمبر 55821".
static ORDER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(\b(?:order|orders|commande|cmd|parcel|package|tracking|shipment|invoice|facture|colis|suivi|ticket|case|réf|ref|reference|référence|đơn hàng|đơn|mã đơn|mã đơn hàng|mã vận đơn|vận đơn|hóa đơn|mã vé)\b|آرڈر|پارسل|ٹریکنگ)((?:\s*(?:number|no\.?|nr\.?|n°|nº|num(?:é|e)ro|id|code|số|mã|#|is|est|là|:|نمبر|کا|ہے))*\s*#?\s*)([A-Z0-9][A-Z0-9/_-]{3,}[A-Z0-9]|\d{4,})",
    )
    .expect("valid regex")
});

/// "account 00123456", "compte client n° 4455667", "số tài khoản 0123456789".
static ACCOUNT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(\b(?:account|acct|customer|client|member|membership|compte|compte client|abonné|tài khoản|stk|số tài khoản|mã khách hàng|mã thành viên)\b|اکاؤنٹ|کھاتہ|کسٹمر)((?:\s*(?:number|no\.?|nr\.?|n°|nº|num(?:é|e)ro|id|code|số|mã|#|is|est|là|:|نمبر|کا|ہے))*\s*#?\s*)(\d[\d \u{a0}-]{3,}\d|[A-Z]{0,4}\d[A-Z0-9-]{3,})",
    )
    .expect("valid regex")
});

/// A hash sign and digits: "#48213".
static HASH_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"#[0-9]{4,}(?-u:\b)").expect("valid regex"));

/// Phone number candidates: digits with the separators people type.
static PHONE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+ ?\(?|\(|(?-u:\b))[0-9][0-9 \u{a0}\u{202f}.\-()/]{5,24}[0-9](?-u:\b)")
        .expect("valid regex")
});

static US_PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4}$").expect("valid regex"));

static LONG_DIGITS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)[0-9]{9,}(?-u:\b)").expect("valid regex"));

/// "My name is …", "je m'appelle …", "tôi tên là …": up to three words, capitalized or not
/// (chat is often typed in lowercase); [`name_words`] decides how many are the name.
static SELF_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?i:my name is|my name's|je m'appelle|je m’appelle|mon nom est|tôi tên là|tôi tên|em tên là|mình tên là|tên tôi là|tên em là|tên mình là)\s+)([\p{L}\p{M}'’-]+(?:\s+[\p{L}\p{M}'’-]+){0,2})")
        .expect("valid regex")
});

/// Words that end a name typed after "my name is" (or show there is none).
const NOT_NAME_WORDS: &[&str] = &[
    "and",
    "but",
    "i",
    "i'm",
    "im",
    "not",
    "is",
    "was",
    "on",
    "in",
    "at",
    "the",
    "a",
    "an",
    "wrong",
    "incorrect",
    "missing",
    "misspelled",
    "spelled",
    "showing",
    "shown",
    "displayed",
    "changed",
    "still",
    "also",
    "please",
    "from",
    "with",
    "for",
    "to",
    "of",
    "et",
    "mais",
    "je",
    "j'ai",
    "est",
    "pas",
    "mal",
    "faux",
    "sur",
    "dans",
    "de",
    "và",
    "nhưng",
    "em",
    "tôi",
    "mình",
    "bị",
    "sai",
    "không",
    "chưa",
    "ở",
    "của",
    "ạ",
    "nha",
];

/// How many of the words after "my name is" are the name: those before the first word of
/// [`NOT_NAME_WORDS`].
fn name_words(words: &str) -> usize {
    words.split_whitespace().take_while(|w| !NOT_NAME_WORDS.contains(&w.to_lowercase().as_str())).count()
}

/// "میرا نام علی احمد ہے".
static SELF_NAME_UR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(میرا نام\s+)(\S+(?:\s+\S+)?)(\s+ہے)").expect("valid regex"));

/// A greeting that names someone: "Hi Anna,", "Bonjour Mme Martin,", "Chào chị Lan,".
static GREETING_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^(\s*(?i:hi|hello|hey|dear|good morning|good afternoon|bonjour|bonsoir|salut|cher|chère|chào|xin chào|kính gửi|dạ chào|dạ em chào|em chào|dạ xin chào|chao|xin chao)\s+(?i:(?:mr|mrs|ms|miss|dr|m|mme|mlle|monsieur|madame|anh|chị|em|bạn|ông|bà|cô|chú)\.?\s+)?)(\p{Lu}[\p{L}\p{M}'’-]+(?:\s+\p{Lu}[\p{L}\p{M}'’-]+){0,2})(\s*[,!:])")
        .expect("valid regex")
});

/// Words after a greeting that are not names.
const NOT_NAMES: &[&str] = &[
    "Team",
    "Support",
    "Sir",
    "Madam",
    "Madame",
    "Monsieur",
    "All",
    "There",
    "Everyone",
    "Shop",
    "Admin",
    "Ad",
    "Customer",
    "Customers",
    "Client",
    "Service",
    "Guys",
    "Friends",
    "Mọi",
    "Quý",
    "Shop",
    "Bạn",
    "Anh",
    "Chị",
    "Em",
    "Cả",
    "Tous",
    "Mesdames",
    "Messieurs",
    "Valued",
];

fn luhn(digits: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, d) in digits.iter().rev().enumerate() {
        let mut v = u32::from(*d);
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum.is_multiple_of(10)
}

fn digits_of(s: &str) -> Vec<u8> {
    s.bytes().filter(u8::is_ascii_digit).map(|b| b - b'0').collect()
}

fn is_phone(candidate: &str) -> bool {
    let t = candidate.trim();
    let n = digits_of(t).len();
    // Dates and decimal numbers are not phones.
    if t.contains('/') && n <= 8 {
        return false;
    }
    if t.starts_with('+') {
        return (8..=15).contains(&n);
    }
    let first = t.trim_start_matches('(');
    if first.starts_with("00") {
        return (10..=15).contains(&n);
    }
    if first.starts_with('0') {
        return (9..=11).contains(&n);
    }
    US_PHONE.is_match(t)
}

fn is_token_url(url: &str) -> bool {
    URL_TOKEN.is_match(url)
        || URL_RANDOM.find_iter(url).any(|m| {
            let s = m.as_str();
            s.bytes().any(|b| b.is_ascii_digit()) && s.bytes().any(|b| b.is_ascii_alphabetic())
        })
        || url.contains('@')
}

/// Masks personal data in `text`; see the module documentation for what counts.
pub fn mask(text: &str) -> String {
    // Each rule runs only when the text holds what it needs: most messages have no `@`,
    // no URL and few digits, and a rule that is skipped costs nothing.
    let lower = text.to_lowercase();
    let mut s = text.to_string();
    if lower.contains("http") || lower.contains("www.") {
        s = mask_urls(&s);
    }
    if s.contains('@') || lower.contains("[at]") || lower.contains("(at)") {
        s = EMAIL_RE.replace_all(&s, EMAIL).into_owned();
    }
    if s.bytes().any(|b| b.is_ascii_digit()) {
        s = mask_numbers(&s);
    }
    if ["name", "nom", "appelle", "tên", "نام"].iter().any(|n| lower.contains(n)) {
        s = mask_self_names(&s);
    }
    GREETING_NAME
        .replace_all(&s, |c: &Captures| {
            let first = c[2].split_whitespace().next().unwrap_or("");
            if NOT_NAMES.contains(&first) {
                c[0].to_string()
            } else {
                format!("{}{NAME}{}", &c[1], &c[3])
            }
        })
        .into_owned()
}

fn mask_urls(text: &str) -> String {
    URL_RE
        .replace_all(text, |c: &Captures| {
            let url = &c[0];
            if is_token_url(url) {
                URL.to_string()
            } else {
                url.to_string()
            }
        })
        .into_owned()
}

/// IBANs, cards, order and account numbers, phones, then any long digit run.
fn mask_numbers(s: &str) -> String {
    let s = IBAN_RE.replace_all(s, |c: &Captures| {
        let digits = digits_of(&c[0]).len();
        let len = c[0].chars().filter(|c| c.is_ascii_alphanumeric()).count();
        if (15..=34).contains(&len) && digits >= 10 {
            IBAN.to_string()
        } else {
            c[0].to_string()
        }
    });
    let s = CARD_RE.replace_all(&s, |c: &Captures| {
        let d = digits_of(&c[0]);
        if (13..=19).contains(&d.len()) && luhn(&d) && !c[0].trim_start().starts_with('0') {
            CARD.to_string()
        } else {
            c[0].to_string()
        }
    });
    let keyword_id = |placeholder: &'static str| {
        move |c: &Captures| {
            if c[3].bytes().any(|b| b.is_ascii_digit()) {
                // "order #58213" → "order ⟨order⟩": the `#` goes with the number.
                format!("{}{} {placeholder}", &c[1], c[2].trim_end_matches(['#', ' ', '\u{a0}']))
            } else {
                c[0].to_string()
            }
        }
    };
    let s = ACCOUNT_RE.replace_all(&s, keyword_id(ACCOUNT));
    let s = ORDER_RE.replace_all(&s, keyword_id(ORDER));
    let s = HASH_NUMBER.replace_all(&s, ORDER);
    let s = PHONE_RE.replace_all(&s, |c: &Captures| {
        let m = &c[0];
        // The match may end with separators the class allows; keep them outside the mask.
        let core = m.trim_end_matches(|ch: char| !ch.is_ascii_digit());
        if is_phone(core) {
            format!("{PHONE}{}", &m[core.len()..])
        } else {
            m.to_string()
        }
    });
    LONG_DIGITS.replace_all(&s, NUMBER).into_owned()
}

/// Names introduced as names: "my name is …", "میرا نام … ہے".
fn mask_self_names(s: &str) -> String {
    let s = SELF_NAME.replace_all(s, |c: &Captures| {
        let n = name_words(&c[2]);
        if n == 0 {
            return c[0].to_string();
        }
        let rest: Vec<&str> = c[2].split_whitespace().skip(n).collect();
        if rest.is_empty() {
            format!("{}{NAME}", &c[1])
        } else {
            format!("{}{NAME} {}", &c[1], rest.join(" "))
        }
    });
    SELF_NAME_UR.replace_all(&s, |c: &Captures| format!("{}{NAME}{}", &c[1], &c[3])).into_owned()
}

/// Masks every whole-word occurrence of the given names (display names of the people in a
/// conversation, each of at least three letters).
pub(crate) fn mask_names(text: &str, names: &[String]) -> String {
    let long: Vec<String> = names.iter().filter(|n| n.chars().count() >= 3).cloned().collect();
    replace_whole_words(text, &long, NAME)
}

/// `text` with every whole-word occurrence of each of `words` (tried in order) replaced by
/// `placeholder`. A plain scan rather than a regex per word: it runs for every message of
/// every conversation that has authors.
pub(crate) fn replace_whole_words(text: &str, words: &[String], placeholder: &str) -> String {
    let mut out = text.to_string();
    for word in words.iter().filter(|w| !w.is_empty()) {
        if !out.contains(word.as_str()) {
            continue;
        }
        let mut result = String::with_capacity(out.len());
        let mut rest = out.as_str();
        while let Some(pos) = rest.find(word.as_str()) {
            let before_ok = !rest[..pos].chars().next_back().is_some_and(char::is_alphanumeric);
            let after = &rest[pos + word.len()..];
            let after_ok = !after.chars().next().is_some_and(char::is_alphanumeric);
            result.push_str(&rest[..pos]);
            result.push_str(if before_ok && after_ok { placeholder } else { word });
            rest = after;
        }
        result.push_str(rest);
        out = result;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_and_phone_rules() {
        assert!(luhn(&digits_of("4111 1111 1111 1111")));
        assert!(!luhn(&digits_of("4111 1111 1111 1112")));
        for p in [
            "+33 6 12 34 56 78",
            "06 12 34 56 78",
            "0912 345 678",
            "0300-1234567",
            "(415) 555-0132",
            "07700 900123",
            "+44 20 7946 0958",
            "0033 6 12 34 56 78",
        ] {
            assert!(is_phone(p), "phone `{p}`");
        }
        for p in ["2024-06-03", "12/06/2024", "1 000 000", "3.14159"] {
            assert!(!is_phone(p), "not a phone: `{p}`");
        }
    }
}
