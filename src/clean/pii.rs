//! Personal data masking: email addresses, phone numbers, URLs that carry tokens, card and
//! IBAN numbers, order and account numbers, social security numbers, street addresses,
//! dates of birth, and names where the text says they are names.
//!
//! Each kind is replaced by a readable placeholder so that a masked question still reads
//! as a question: "my order ⟨order⟩ has not arrived, call me on ⟨phone⟩".
//!
//! The rules run in a fixed order, most specific first, and each sees the output of the
//! one before: URLs (an address inside a URL goes with the URL), emails, social security
//! numbers (`469-29-9659`, as [`NUMBER`]), street addresses (a house number and a street:
//! "331 Vine Street", "12 rue de la Paix", "số 12 đường Lê Lợi", and a US state with its
//! ZIP, as [`ADDRESS`]), IBANs, cards, numbers named as order or account numbers, reference
//! codes written without a keyword, phones, then any remaining long digit run, then names,
//! then dates after "born on", "date of birth", "né le", "sinh ngày" ([`BIRTH_DATE`]); the
//! dates people ask about survive.
//!
//! # What counts as a reference number, and what survives
//! Customers paste order, parcel and account references with no keyword before them
//! ("#A1234567 still not here", "ORD-2024-99812", "DH2024061234"). A code is masked as
//! [`ORDER`] when it is a `#` followed by a code of 4+ characters with a digit, or a code of
//! letters and digits (joined by `-` or `_`) with 6+ digits, or with 2+ letters and 5+
//! digits; a run of 8+ digits is masked as [`NUMBER`]. What FAQs group on survives: error
//! codes with up to 5 digits (`E1234`, `ERR-404`), hexadecimal codes (`0x80070005`),
//! codes whose letters are only units or separators (`10h30-12h00`, `1920x1080`,
//! `30x40x50cm`, `5000mAh`), dates (`2024-06-03`, `03/06/2024`, `20240603`), prices (an
//! 8+ digit run written with a currency: `12500000đ`, `12500000 VND`), years and small
//! numbers. Eastern Arabic digits (Urdu: `۰۳۰۰۱۲۳۴۵۶۷`) in runs of 7 or more are read as
//! ASCII digits first, so phones and references written in them are masked too.
//!
//! # Names
//! Names are masked where the text says they are names: after "my name is", "my full name
//! is", "her name is", "whose name is" (and the French, Vietnamese and Urdu forms), in a
//! self-introduction by a capitalized name ("I am Gloria Kelly", "I'm David Rice with …",
//! "This is Sam Curran, …", "April Mitchell here", "je suis Marie Dupont", "em là Lan"),
//! after a greeting ("Hi Anna,"), after a closing
//! ("Thanks, John"), after an honorific or a word that introduces a person (`Mr.`, `Mme`,
//! "spoke with", "votre collègue", the Vietnamese kinship words `chị`, `anh`, `bạn` ...
//! followed by a capitalized word; `جناب`, `محترم` before and `صاحب` after a word in
//! Urdu). The names of a conversation's participants are masked everywhere by
//! [`clean_conversation`](super::clean_conversation).

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
/// Placeholder for any other long number (8 digits or more).
pub const NUMBER: &str = "⟨number⟩";
/// Placeholder for a person's name.
pub const NAME: &str = "⟨name⟩";
/// Placeholder for a date of birth.
pub const BIRTH_DATE: &str = "⟨birthdate⟩";
/// Placeholder for a street address (number and street).
pub const ADDRESS: &str = "⟨address⟩";

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

/// An address as mailing-list archives and people obfuscate it: `name at host.com`,
/// `name [at] host [dot] com`, `name(at)host.com`, `name {at} host {dot} com`, `name AT host
/// DOT com`. Group 1 is the local part, group 2 the separator, 3 the host.
static OBFUSCATED_EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    let at = r"(\s*(?:\[at\]|\(at\)|\{at\}|<at>|\[@\]|\(@\))\s*|\s+at\s+|\s+@\s+)";
    let dot = r"(?:\.|\s*(?:\[dot\]|\(dot\)|\{dot\}|<dot>|\[\.\]|\(\.\))\s*|\s+dot\s+)";
    Regex::new(&format!(r"(?i-u)\b([a-z0-9._%+-]+){at}((?:[a-z0-9-]+{dot})+[a-z]{{2,}})\b"))
        .expect("valid regex")
});

/// The R project's archives' form, `name @end|ng |rom host`, whose host is disguised too
/// (`gm@||@com`): the marker is unmistakable, so the words on both sides go.
static ENDING_FROM_EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[^\s<>()\[\]]*\s*@end\|ng\s*\|rom\s*(?:[^\s<>()\[\],;]*[^\s<>()\[\],;.!?:])?")
        .expect("valid regex")
});

/// Words that come before a plain " at " in running text ("look at example.com",
/// "available at docs.example.org"): `word at host.tld` after one of them is no address.
const NOT_LOCAL_PARTS: &[&str] = &[
    "a",
    "all",
    "also",
    "am",
    "and",
    "answer",
    "answered",
    "archive",
    "archives",
    "are",
    "arrive",
    "arrived",
    "asked",
    "available",
    "back",
    "be",
    "been",
    "best",
    "blog",
    "both",
    "bug",
    "but",
    "code",
    "described",
    "details",
    "directly",
    "discussed",
    "docs",
    "documentation",
    "documented",
    "download",
    "downloads",
    "even",
    "example",
    "explained",
    "faq",
    "file",
    "files",
    "first",
    "found",
    "glance",
    "go",
    "guide",
    "help",
    "here",
    "him",
    "home",
    "hosted",
    "info",
    "information",
    "is",
    "issue",
    "issues",
    "it",
    "just",
    "last",
    "least",
    "link",
    "list",
    "listed",
    "located",
    "look",
    "looked",
    "looking",
    "looks",
    "manual",
    "me",
    "mentioned",
    "message",
    "more",
    "most",
    "not",
    "now",
    "online",
    "only",
    "or",
    "out",
    "package",
    "page",
    "pm",
    "post",
    "posted",
    "project",
    "published",
    "released",
    "report",
    "reported",
    "repo",
    "repository",
    "see",
    "seen",
    "shown",
    "site",
    "source",
    "still",
    "that",
    "them",
    "then",
    "there",
    "these",
    "this",
    "those",
    "thread",
    "time",
    "tracker",
    "up",
    "uploaded",
    "us",
    "version",
    "was",
    "website",
    "were",
    "work",
    "working",
    "you",
];

/// A `From:`, `To:` or `Cc:` line (a header block quoted or pasted into a message) whose
/// value holds a masked address: the name beside it is the person's too.
static HEADER_PERSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^([ \t>]*\*?(?:from|to|cc|de|von|da|van|para|an|à|a|aan|от|кому|من|إلى|từ|đến)[ \t]*:\*?[ \t]*)(.*⟨email⟩.*)$")
        .expect("valid regex")
});

/// Masks obfuscated addresses in `s` (after [`EMAIL_RE`]).
fn mask_obfuscated_emails(s: &str) -> String {
    let s = ENDING_FROM_EMAIL.replace_all(s, EMAIL);
    OBFUSCATED_EMAIL
        .replace_all(&s, |c: &Captures| {
            let bare_at = c[2].trim().eq_ignore_ascii_case("at");
            let local = c[1].to_ascii_lowercase();
            let host = c[3].to_ascii_lowercase();
            if bare_at && (NOT_LOCAL_PARTS.contains(&local.as_str()) || host.starts_with("www.")) {
                c[0].to_string()
            } else {
                EMAIL.to_string()
            }
        })
        .into_owned()
}

/// Masks the names beside masked addresses in `From:` / `To:` / `Cc:` lines: "From: Jane
/// Roe ⟨email⟩" → "From: ⟨name⟩ ⟨email⟩", "De : ⟨email⟩ (Jane Roe)" likewise.
fn mask_header_names(s: &str) -> std::borrow::Cow<'_, str> {
    HEADER_PERSON.replace_all(s, |c: &Captures| {
        let value = &c[2];
        let rest = value.replace(EMAIL, "");
        if rest.chars().any(char::is_alphabetic) {
            format!("{}{NAME} {EMAIL}", &c[1])
        } else {
            format!("{}{value}", &c[1])
        }
    })
}

static IBAN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)[A-Z]{2}[0-9]{2}(?:[ \u{a0}]?[A-Z0-9]{4}){2,7}(?:[ \u{a0}]?[A-Z0-9]{1,4})?(?-u:\b)",
    )
    .expect("valid regex")
});

/// Countries whose banks use IBANs (ISO 13616 registry), so that a parcel number such as
/// `LP00123456789CN` is not taken for one.
const IBAN_COUNTRIES: &[&str] = &[
    "AD", "AE", "AL", "AT", "AZ", "BA", "BE", "BG", "BH", "BI", "BR", "BY", "CH", "CR", "CY", "CZ", "DE",
    "DJ", "DK", "DO", "EE", "EG", "ES", "FI", "FK", "FO", "FR", "GB", "GE", "GI", "GL", "GR", "GT", "HR",
    "HU", "IE", "IL", "IQ", "IS", "IT", "JO", "KW", "KZ", "LB", "LC", "LI", "LT", "LU", "LV", "LY", "MC",
    "MD", "ME", "MK", "MN", "MR", "MT", "MU", "NI", "NL", "NO", "OM", "PK", "PL", "PS", "PT", "QA", "RO",
    "RS", "RU", "SA", "SC", "SD", "SE", "SI", "SK", "SM", "SO", "ST", "SV", "TL", "TN", "TR", "UA", "VA",
    "VG", "XK", "YE",
];

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

static CARD_GROUPED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*[0-9]{4}(?:[ \u{a0}][0-9]{4}){3}\s*$|^\s*[0-9]{4}(?:-[0-9]{4}){3}\s*$")
        .expect("valid regex")
});

static US_PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(?\d{3}\)?[ .-]?\d{3}[ .-]\d{4}$").expect("valid regex"));

static LONG_DIGITS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)[0-9]{8,}(?-u:\b)").expect("valid regex"));

/// A `#` and a code with a digit: "#A1234567", "#SPX0099812".
static HASH_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"#[A-Za-z0-9][A-Za-z0-9_-]{2,}[A-Za-z0-9](?-u:\b)").expect("valid regex"));

/// A run of letters and digits, possibly joined by `-` or `_`: a candidate reference code.
static CODE_TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*(?-u:\b)").expect("valid regex"));

/// Letter runs that are units or separators, not parts of an identifier.
const UNIT_LETTERS: &[&str] = &[
    "h", "x", "m", "cm", "mm", "km", "kg", "g", "mg", "l", "ml", "gb", "mb", "tb", "kb", "ghz", "mhz", "mah",
    "w", "kw", "v", "k", "p", "min", "s", "am", "pm", "st", "nd", "rd", "th", "e", "er", "ème", "eme",
];

/// Whether `token` (letters and digits, possibly joined by `-` or `_`) is a reference code
/// rather than an error code, a size, a time or a model number; see the module docs.
fn is_reference_code(token: &str) -> bool {
    let digits = token.bytes().filter(u8::is_ascii_digit).count();
    let letters = token.bytes().filter(u8::is_ascii_alphabetic).count();
    if letters == 0 || digits < 5 {
        return false;
    }
    let lower = token.to_ascii_lowercase();
    if lower.starts_with("0x") {
        return false;
    }
    let only_units = lower
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|run| !run.is_empty())
        .all(|run| UNIT_LETTERS.contains(&run));
    if only_units {
        return false;
    }
    digits >= 6 || letters >= 2
}

/// Whether the 8+ digit run at `range` of `text` is a compact date (`20240603`) or a price
/// (`12500000đ`, `12500000 VND`, `$12500000`).
fn is_date_or_price(text: &str, range: std::ops::Range<usize>) -> bool {
    let run = &text[range.clone()];
    if run.len() == 8 {
        let (y, m, d) = (&run[..4], &run[4..6], &run[6..]);
        let n = |s: &str| s.parse::<u32>().unwrap_or(0);
        if (1900..=2099).contains(&n(y)) && (1..=12).contains(&n(m)) && (1..=31).contains(&n(d)) {
            return true;
        }
    }
    const AFTER: &[&str] = &[
        "đ", "₫", "d ", "vnd", "vnđ", "dong", "đồng", "€", "eur", "$", "usd", "£", "gbp", "rs", "pkr",
        "روپے", "k ",
    ];
    let after = text[range.end..].trim_start_matches([' ', '\u{a0}', '\u{202f}']).to_lowercase();
    let before = text[..range.start].trim_end_matches([' ', '\u{a0}', '\u{202f}']);
    AFTER.iter().any(|c| after.starts_with(c) || after == c.trim_end())
        || ["$", "€", "£", "₫", "Rs", "Rs.", "PKR", "VND"].iter().any(|c| before.ends_with(c))
}

/// Eastern Arabic and Extended Arabic-Indic digits (Urdu writes `۰۳۰۰۱۲۳۴۵۶۷`) as ASCII,
/// in runs of 7 digits or more (with the separators phones use), so that the number rules
/// see them; shorter numbers (years, prices) keep their script.
fn fold_eastern_digits(text: &str) -> String {
    fn eastern(c: char) -> Option<char> {
        match c {
            '\u{660}'..='\u{669}' => char::from_u32(c as u32 - 0x660 + u32::from(b'0')),
            '\u{6f0}'..='\u{6f9}' => char::from_u32(c as u32 - 0x6f0 + u32::from(b'0')),
            _ => None,
        }
    }
    if !text.chars().any(|c| eastern(c).is_some()) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if eastern(chars[i]).is_none() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let mut j = i;
        let mut count = 0;
        while j < chars.len()
            && (eastern(chars[j]).is_some()
                || (matches!(chars[j], ' ' | '-') && j + 1 < chars.len() && eastern(chars[j + 1]).is_some()))
        {
            if eastern(chars[j]).is_some() {
                count += 1;
            }
            j += 1;
        }
        for &c in &chars[i..j] {
            out.push(if count >= 7 { eastern(c).unwrap_or(c) } else { c });
        }
        i = j;
    }
    out
}

/// "My name is …", "je m'appelle …", "tôi tên là …": up to three words, capitalized or not
/// (chat is often typed in lowercase); [`in_self_name`] decides how many are the name.
static SELF_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?i:(?:my|his|her|their|whose)\s+(?:(?:full|first|last|legal|maiden|birth)\s*)?name(?:\s+in its entirety)?\s+is(?:\s+registered as)?|my name's|je m'appelle|je m’appelle|s'appelle|s’appelle|(?:mon|son) nom est|tôi tên là|tôi tên|em tên là|mình tên là|tên tôi là|tên em là|tên mình là)\s+)([\p{L}\p{M}'’-]+(?:\s+[\p{L}\p{M}'’-]+){0,2})")
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

/// `true` for a word typed after "my name is" that can be part of the name: not a word of
/// [`NOT_NAME_WORDS`].
fn in_self_name(word: &str) -> bool {
    !NOT_NAME_WORDS.contains(&word.to_lowercase().as_str())
}

/// `head`, the name placeholder in place of the leading words of `name` that `in_name`
/// accepts, the words of `name` after them, then `tail`. `None` when the first word is no
/// part of a name. Every name rule ends this way: the capture may run past the name
/// ("Léa Martin sur", "David Rice with").
fn masked_name(head: &str, name: &str, in_name: impl Fn(&str) -> bool, tail: &str) -> Option<String> {
    let n = name.split_whitespace().take_while(|w| in_name(w)).count();
    if n == 0 {
        return None;
    }
    let rest: Vec<&str> = name.split_whitespace().skip(n).collect();
    Some(if rest.is_empty() {
        format!("{head}{NAME}{tail}")
    } else {
        format!("{head}{NAME} {}{tail}", rest.join(" "))
    })
}

/// "میرا نام علی احمد ہے".
static SELF_NAME_UR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(میرا نام\s+)(\S+(?:\s+\S+)?)(\s+ہے)").expect("valid regex"));

/// A self-introduction by a capitalized name: "I am Gloria Kelly.", "I'm David Rice with
/// …", "Je suis Marie Dupont", "tôi là Lan"; and, at the start of a line only (where it
/// introduces the writer, not a product), "This is Sam Curran, …", "C'est Julie". The name
/// is capitalized words with lowercase letters after the first (not "I'm OK"); a first word
/// of [`NOT_INTRO_NAMES`] ("I'm Canadian", "I am Looking") is no name. After "this is" the
/// name must end the clause (a comma, a full stop, "from", "and", "here", "I"), so that
/// "This is Outlook crashing again" keeps its product.
static SELF_INTRO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)((?:^|[^\p{L}\p{M}'’])(?i:i am|i'm|i’m|je suis|moi c'est|tôi là|em là|mình là)\s+|^\s*(?i:(?:hi|hello|hey|bonjour|salut)[,!]?\s+)?(?i:this is|it's|it’s|c'est|c’est)\s+)(\p{Lu}\p{Ll}[\p{Ll}\p{M}'’-]*(?:\s+\p{Lu}\p{Ll}[\p{Ll}\p{M}'’-]*){0,2})(\s*[,.!]|\s+(?i:from|and|et|de|here|i|je)\b|\s*$)?")
        .expect("valid regex")
});

/// "Samantha Rhiner here and …": a capitalized name that starts a line, then "here".
static NAME_HERE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^(\s*)(\p{Lu}\p{Ll}[\p{Ll}\p{M}'’-]*(?:\s+\p{Lu}\p{Ll}[\p{Ll}\p{M}'’-]*){0,2})(\s+here\b)",
    )
    .expect("valid regex")
});

/// Capitalized words that follow "I am" or "this is" without being a name: nationalities,
/// languages, beliefs, and words people capitalize by habit.
const NOT_INTRO_NAMES: &[&str] = &[
    "American",
    "British",
    "Canadian",
    "English",
    "French",
    "German",
    "Indian",
    "Pakistani",
    "Vietnamese",
    "Urdu",
    "Chinese",
    "Spanish",
    "Italian",
    "European",
    "Australian",
    "Muslim",
    "Christian",
    "Jewish",
    "Hindu",
    "Catholic",
    "Sorry",
    "Not",
    "Just",
    "Still",
    "Also",
    "Here",
    "Back",
    "New",
    "Able",
    "Unable",
    "Happy",
    "Sad",
    "Sure",
    "Fine",
    "Okay",
    "Ok",
    "Very",
    "So",
    "Really",
    "Please",
    "The",
    "A",
    "An",
    "My",
    "Your",
    "Our",
    "This",
    "That",
    "It",
    "In",
    "On",
    "At",
    "From",
    "With",
    "Without",
    "About",
    "Done",
    "Interested",
    "Premium",
    "Gold",
    "Silver",
    "Member",
    "Customer",
    "Client",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Team",
    "Support",
    "Très",
    "Pas",
    "Déjà",
    "Bien",
    "Client",
    "Cliente",
    "Français",
    "Française",
    "Désolé",
    "Désolée",
];

/// `true` when `word` cannot start a name after "I am" / "this is": a word of
/// [`NOT_INTRO_NAMES`] or of [`NOT_NAMES`], or an -ing form ("I'm Looking for …").
fn not_intro_name(word: &str) -> bool {
    NOT_INTRO_NAMES.contains(&word) || NOT_NAMES.contains(&word) || word.ends_with("ing")
}

/// A US social security number ("469-29-9659"): three, two and four digits.
static SSN_RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b\d{3}-\d{2}-\d{4}\b").expect("valid regex"));

/// A street address: a house number and a street ("331 Vine Street", "2609 Ramona Blvd",
/// "12 rue de la Paix", "số 12 đường Lê Lợi"), and a US state code with its ZIP ("PA 49058").
/// The city stays: it is not a person's.
static ADDRESS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\b\d{1,6}[A-Za-z]?\s+(?:(?:North|South|East|West|[NSEW]\.?)\s+)?(?:\p{Lu}[\p{L}'’-]*\s+){1,3}",
        r"(?:Street|St|Avenue|Ave|Boulevard|Blvd|Road|Rd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Center|Square|Sq)\b\.?",
        r"(?:,?\s*(?:Apt|Apartment|Suite|Unit|#)\.?\s*\w+)?",
        r"|\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?i:rue|avenue|av\.|boulevard|bd|allée|impasse|chemin|place|quai|route|cours)\s+(?:(?:de|du|des|la|le|l'|l’|d'|d’)\s*)*\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,3}",
        r"|(?i:số\s+)?\b\d{1,4}[A-Za-z]?(?:/\d+)*\s+(?i:đường|phố|ngõ|hẻm|ngách)\s+\p{Lu}[\p{L}\p{M}]*(?:\s+\p{Lu}[\p{L}\p{M}]*){0,3}",
        r"|\b(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY)\s+\d{5}(?:-\d{4})?\b",
    ))
    .expect("valid regex")
});

/// A date of birth after the words that introduce one: "born on May 1, 1982", "date of
/// birth: 01/05/1982", "DOB 1982-05-01", "né le 3 mars 1990", "sinh ngày 1/5/1982".
static BIRTH_DATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)((?:\bborn(?: on| in)?|\bdate of birth(?: is)?|\bd\.?o\.?b\.?|\bnée? (?:le|en)|date de naissance(?: est)?|sinh ngày|ngày sinh(?: là)?|sinh năm)\s*:?\s*)((?:\d{1,2}(?:st|nd|rd|th|er)?\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|fevr|mars|avr|mai|juin|juil|août|aout|sept|déc)[\p{L}]*\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?,?\s+\d{4}|\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4})")
        .expect("valid regex")
});

/// A greeting that names someone: "Hi Anna,", "Bonjour Mme Martin,", "Chào chị Lan,".
static GREETING_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^(\s*(?i:hi|hello|hey|dear|good morning|good afternoon|bonjour|bonsoir|salut|cher|chère|chào|xin chào|kính gửi|dạ chào|dạ em chào|em chào|dạ xin chào|chao|xin chao)\s+(?i:(?:mr|mrs|ms|miss|dr|m|mme|mlle|monsieur|madame|anh|chị|em|bạn|ông|bà|cô|chú)\.?\s+)?)(\p{Lu}[\p{L}\p{M}'’-]+(?:\s+\p{Lu}[\p{L}\p{M}'’-]+){0,2})(\s*[,!:])")
        .expect("valid regex")
});

/// A word that introduces a person, then the person's name (capitalized, up to three
/// words): honorifics, "spoke with", "votre collègue", Vietnamese kinship words.
static PERSON_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\p{L}\p{M}])((?:(?i:mr|mrs|ms|dr)\.?|(?i:miss|mme|mlle|monsieur|madame|mademoiselle)|M\.|(?i:spoke with|spoke to|talked to|talked with|chatted with|your colleague|your agent|the agent|agent|votre collègue|votre conseiller|votre conseillère|le conseiller|la conseillère|le livreur|parlé avec|parlé à|eu au téléphone)|[Aa]nh|[Cc]hị|[Ee]m|[Bb]ạn|[Cc]ô|[Cc]hú|[Bb]ác|[Nn]hân viên)\s+)(\p{Lu}[\p{L}\p{M}'’-]*(?:\s+\p{Lu}[\p{L}\p{M}'’-]*){0,2})")
        .expect("valid regex")
});

/// A closing that names someone at the end of a line: "Thanks, John", "Merci Julien !".
static CLOSING_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)((?i:thanks|thank you|many thanks|cheers|regards|merci|merci beaucoup|cảm ơn|cám ơn),?\s+)(\p{Lu}[\p{L}\p{M}'’-]+)(\s*[.!]*\s*)$")
        .expect("valid regex")
});

/// Urdu honorifics: "جناب عمران", "محترمہ عائشہ" (the name follows) and "علی صاحب" (the
/// name comes first).
static URDU_HONORIFIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"((?:^|\s)(?:جناب|محترم|محترمہ)\s+)([\p{Arabic}]+)|(^|\s)([\p{Arabic}]+)(\s+(?:صاحب|صاحبہ)(?:\s|$))",
    )
    .expect("valid regex")
});

/// Words before `صاحب` that are not names ("آپ صاحب", "ان صاحب").
const URDU_NOT_NAMES: &[&str] =
    &["آپ", "ان", "اس", "وہ", "یہ", "میرے", "ہمارے", "آپکے", "کے", "کی", "کا", "جو", "کون", "دوسرے", "ایک"];

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
    "Quốc",
    "Please",
    "Thanks",
    "Thank",
    "Hello",
    "Hi",
    "I",
    "The",
    "Xin",
    "Chào",
    "Dạ",
    "Cảm",
    "Again",
    "So",
    "Very",
    "In",
    "For",
    "Beaucoup",
    "Infiniment",
    "Encore",
    "Pour",
    "Le",
    "La",
    "Les",
    "Un",
    "Une",
    "Service",
    "Agent",
    "Bot",
    "Bye",
    "Goodbye",
    "Good",
    "See",
    "Have",
    "Best",
    "Mỹ",
    "Việt",
    "Nhật",
    "Hàn",
    "Pháp",
    "Trung",
    "Úc",
    "Đức",
    "Nga",
    "Thái",
    "Lào",
    "Ý",
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
        // 9 to 11 digits in Europe, Vietnam and Pakistan; 12 for a Chinese landline with its
        // area code (0512-52018188).
        return (9..=12).contains(&n);
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
    let mut s = fold_eastern_digits(text);
    if lower.contains("http") || lower.contains("www.") {
        s = mask_urls(&s);
    }
    if s.contains('@') || lower.contains("[at]") || lower.contains("(at)") {
        s = EMAIL_RE.replace_all(&s, EMAIL).into_owned();
    }
    if s.contains('@') || lower.contains("at") {
        s = mask_obfuscated_emails(&s);
    }
    if s.contains(EMAIL) && s.contains(':') {
        s = mask_header_names(&s).into_owned();
    }
    if s.bytes().any(|b| b.is_ascii_digit()) {
        s = SSN_RE.replace_all(&s, NUMBER).into_owned();
        s = ADDRESS_RE.replace_all(&s, ADDRESS).into_owned();
        s = mask_numbers(&s);
    }
    if ["name", "nom", "appelle", "tên", "نام"].iter().any(|n| lower.contains(n)) {
        s = mask_self_names(&s);
    }
    if ["born", "birth", "dob", "d.o.b", "né", "naissance", "sinh"].iter().any(|n| lower.contains(n)) {
        s = BIRTH_DATE_RE.replace_all(&s, |c: &Captures| format!("{}{BIRTH_DATE}", &c[1])).into_owned();
    }
    if ["i am", "i'm", "i’m", "this is", "it's", "it’s", "je suis", "c'est", "c’est", " là ", " here"]
        .iter()
        .any(|n| lower.contains(n))
    {
        s = mask_self_intros(&s);
    }
    let s = GREETING_NAME.replace_all(&s, |c: &Captures| {
        let first = c[2].split_whitespace().next().unwrap_or("");
        if NOT_NAMES.contains(&first) {
            c[0].to_string()
        } else {
            format!("{}{NAME}{}", &c[1], &c[3])
        }
    });
    let s = CLOSING_NAME.replace_all(&s, |c: &Captures| {
        if NOT_NAMES.contains(&&c[2]) {
            c[0].to_string()
        } else {
            format!("{}{NAME}{}", &c[1], &c[3])
        }
    });
    let s = mask_person_cues(&s);
    if s.contains("جناب") || s.contains("محترم") || s.contains("صاحب") {
        return URDU_HONORIFIC
            .replace_all(&s, |c: &Captures| match (c.get(1), c.get(4)) {
                (Some(before), _) => format!("{}{NAME}", before.as_str()),
                (None, Some(name)) if !URDU_NOT_NAMES.contains(&name.as_str()) => {
                    format!("{}{NAME}{}", &c[3], &c[5])
                }
                _ => c[0].to_string(),
            })
            .into_owned();
    }
    s.into_owned()
}

/// Names after an honorific or a word that introduces a person ([`PERSON_CUE`]). The name
/// stops before a word of [`NOT_NAMES`]; a name that starts with one is no name.
fn mask_person_cues(s: &str) -> std::borrow::Cow<'_, str> {
    PERSON_CUE.replace_all(s, |c: &Captures| {
        let whole = &c[0];
        let name = &c[2];
        // "trẻ em" is "children", not the kinship word "em".
        let cue = c[1].trim_end();
        let start = c.get(1).map_or(0, |m| m.start());
        if cue.eq_ignore_ascii_case("em") && s[..start].trim_end().to_lowercase().ends_with("trẻ") {
            return whole.to_string();
        }
        // What the match holds before the name: the cue and the character before it.
        let head = &whole[..whole.len() - name.len()];
        // An acronym is no name: Portuguese "em PDF" is "in PDF", not the kinship word.
        let first = name.split_whitespace().next().unwrap_or("");
        if (2..=5).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_uppercase()) {
            return whole.to_string();
        }
        masked_name(head, name, |w| !NOT_NAMES.contains(&w), "").unwrap_or_else(|| whole.to_string())
    })
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
        let country = c[0].get(..2).unwrap_or("").to_ascii_uppercase();
        if (15..=34).contains(&len) && digits >= 10 && IBAN_COUNTRIES.contains(&country.as_str()) {
            IBAN.to_string()
        } else {
            c[0].to_string()
        }
    });
    let s = CARD_RE.replace_all(&s, |c: &Captures| {
        let d = digits_of(&c[0]);
        // Four groups of four digits is how a card number is typed, mistyped ones too.
        let grouped = CARD_GROUPED.is_match(&c[0]);
        if (13..=19).contains(&d.len()) && (luhn(&d) || grouped) && !c[0].trim_start().starts_with('0') {
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
    let s = HASH_CODE.replace_all(&s, |c: &Captures| {
        if c[0].bytes().any(|b| b.is_ascii_digit()) {
            ORDER.to_string()
        } else {
            c[0].to_string()
        }
    });
    let s = mask_reference_codes(&s);
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
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for m in LONG_DIGITS.find_iter(&s) {
        if is_date_or_price(&s, m.range()) {
            continue;
        }
        out.push_str(&s[last..m.start()]);
        out.push_str(NUMBER);
        last = m.end();
    }
    out.push_str(&s[last..]);
    out
}

/// Reference codes without a keyword ([`is_reference_code`]); codes inside a URL, a path or
/// an address are left to the URL and email rules.
fn mask_reference_codes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for m in CODE_TOKEN.find_iter(s) {
        let before = s[..m.start()].chars().next_back();
        let after = s[m.end()..].chars().next();
        let in_link = matches!(before, Some('/' | '.' | '@' | '=' | '?' | '&' | ':'))
            || matches!(after, Some('/' | '@' | '='))
            || (after == Some('.') && s[m.end() + 1..].starts_with(|c: char| c.is_ascii_alphanumeric()));
        if in_link || !is_reference_code(m.as_str()) {
            continue;
        }
        out.push_str(&s[last..m.start()]);
        out.push_str(ORDER);
        last = m.end();
    }
    out.push_str(&s[last..]);
    out
}

/// Names introduced as names: "my name is …", "میرا نام … ہے".
fn mask_self_names(s: &str) -> String {
    let s = SELF_NAME.replace_all(s, |c: &Captures| {
        masked_name(&c[1], &c[2], in_self_name, "").unwrap_or_else(|| c[0].to_string())
    });
    SELF_NAME_UR.replace_all(&s, |c: &Captures| format!("{}{NAME}{}", &c[1], &c[3])).into_owned()
}

/// Names in self-introductions ([`SELF_INTRO`], [`NAME_HERE`]).
fn mask_self_intros(s: &str) -> String {
    let s = SELF_INTRO.replace_all(s, |c: &Captures| {
        let cue = c[1].trim().to_lowercase();
        let presents = ["this is", "it's", "it’s", "c'est", "c’est"].iter().any(|p| cue.ends_with(p));
        match c.get(3) {
            None if presents => None,
            after => masked_name(&c[1], &c[2], |w| !not_intro_name(w), after.map_or("", |m| m.as_str())),
        }
        .unwrap_or_else(|| c[0].to_string())
    });
    NAME_HERE
        .replace_all(&s, |c: &Captures| {
            let first = c[2].split_whitespace().next().unwrap_or("");
            // "April Mitchell here": before "here", a month is a first name.
            if NOT_NAMES.contains(&first) || (not_intro_name(first) && c[2].split_whitespace().count() == 1) {
                c[0].to_string()
            } else {
                format!("{}{NAME}{}", &c[1], &c[3])
            }
        })
        .into_owned()
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
