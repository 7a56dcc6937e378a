//! Urdu, in Arabic script and in Latin script (Roman Urdu): letter variants, spelling
//! variants, marker words for detection, and the question, request and problem forms.
//!
//! Letters: text typed on Arabic or Persian keyboards uses Arabic kaf (ك), yeh (ي, ى) and
//! heh (ه) where Urdu has ک, ی and ہ; they are unified. Harakat (short-vowel marks) are
//! removed after NFC, so letters that carry a mark as part of their identity (آ, أ, ۂ, ۓ)
//! are kept whole; generic "strip all marks after NFD" would turn آپ into اپ.
//! No stemmer: Urdu is left unstemmed until a light stemmer measurably helps.

use super::language::Language;
use super::sentence::{has_phrase, Sentence, Utterance};

/// The registry row for Urdu.
pub(crate) static URDU: Language = Language {
    code: "ur",
    stemmer: None,
    stopwords: super::stopwords_data::URDU,
    lexicon: &LEXICON,
    chat: CHAT,
    normalize_word: Some(normalize_letters),
    markers: MARKERS,
    classify,
};

/// Letters that occur in Urdu and not in Arabic or Persian: one of them marks a text as
/// Urdu even when Latin product names surround it.
pub(crate) fn is_urdu_only_letter(c: char) -> bool {
    matches!(c, 'ٹ' | 'ڈ' | 'ڑ' | 'ں' | 'ے' | 'ھ' | 'ہ' | 'ۃ')
}

/// Unifies Arabic letter variants and removes harakat in a lowercase NFC(K) word. `None`
/// when the word has nothing to change.
pub(crate) fn normalize_letters(word: &str) -> Option<String> {
    let changes = |c: char| matches!(c, 'ك' | 'ي' | 'ى' | 'ه' | '\u{064B}'..='\u{065F}' | '\u{0670}');
    if !word.chars().any(changes) {
        return None;
    }
    Some(
        word.chars()
            .filter_map(|c| match c {
                'ك' => Some('ک'),
                'ي' | 'ى' => Some('ی'),
                'ه' => Some('ہ'),
                '\u{064B}'..='\u{065F}' | '\u{0670}' => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// Stopwords and chat spellings as one hashed table.
static LEXICON: std::sync::LazyLock<super::stopwords::Lexicon> = std::sync::LazyLock::new(|| {
    super::stopwords::Lexicon::new(&[super::stopwords_data::URDU, ROMAN_STOPWORDS], CHAT, &[])
});

/// Roman Urdu spelling variants and their canonical spelling. Sorted by key. Only
/// variants that are not English words are folded.
const CHAT: &[(&str, &str)] = &[
    ("abi", "abhi"),
    ("ap", "aap"),
    ("chahie", "chahiye"),
    ("chahye", "chahiye"),
    ("chaiye", "chahiye"),
    ("hae", "hai"),
    ("hy", "hai"),
    ("kahaan", "kahan"),
    ("kaisay", "kaise"),
    ("kesay", "kaise"),
    ("kese", "kaise"),
    ("kia", "kya"),
    ("kiyon", "kyun"),
    ("kon", "kaun"),
    ("kr", "kar"),
    ("krna", "karna"),
    ("kyaa", "kya"),
    ("kyon", "kyun"),
    ("kyu", "kyun"),
    ("mjhe", "mujhe"),
    ("mujhay", "mujhe"),
    ("mujhy", "mujhe"),
    ("nahin", "nahi"),
    ("nai", "nahi"),
    ("nhi", "nahi"),
    ("nhin", "nahi"),
    ("rha", "raha"),
    ("rhe", "rahe"),
    ("rhi", "rahi"),
    ("shukria", "shukriya"),
    ("skta", "sakta"),
    ("thek", "theek"),
    ("thik", "theek"),
    ("wapis", "wapas"),
];

/// Roman Urdu words (accent-folded, canonical spelling) and frequent Urdu words: they
/// recognize Urdu typed in Latin script. Sorted.
const MARKERS: &[&str] = &[
    "aap", "abhi", "aur", "bhai", "bhi", "chahiye", "gaya", "gayi", "hai", "hain", "ho", "hoga", "hum",
    "jaldi", "kab", "kahan", "kaise", "kar", "karein", "karna", "karo", "kaun", "ke", "ki", "kitna", "kitne",
    "kitni", "kiya", "ko", "kya", "kyun", "madad", "mein", "mera", "mere", "meri", "mil", "mila", "mujhe",
    "nahi", "paise", "raha", "rahe", "rahi", "sakta", "sakte", "sakti", "se", "shukriya", "tha", "theek",
    "thi", "wapas", "yeh",
];

/// Roman Urdu stopwords (project list, same licence as the crate). Sorted.
pub(crate) const ROMAN_STOPWORDS: &[&str] = &[
    "aap", "aur", "bhi", "hai", "hain", "ho", "hum", "ka", "kar", "karna", "ke", "ki", "ko", "kya", "mein",
    "mera", "mere", "meri", "mujhe", "ne", "par", "pe", "raha", "rahe", "rahi", "se", "tha", "the", "thi",
    "to", "tum", "wo", "woh", "ye", "yeh",
];

const QUESTION_WORDS: &[&str] = &[
    "کیسے",
    "کیوں",
    "کب",
    "کہاں",
    "کون",
    "کونسا",
    "کونسی",
    "کتنا",
    "کتنی",
    "کتنے",
    "kaise",
    "kyun",
    "kab",
    "kahan",
    "kaun",
    "konsa",
    "konsi",
    "kitna",
    "kitni",
    "kitne",
    "kidhar",
];

const GREETINGS: &[&str] =
    &["السلام", "علیکم", "سلام", "ہیلو", "جی", "assalam", "salam", "aoa", "hello", "hi", "ji"];

fn classify(s: &Sentence) -> Utterance {
    // Normalized, not folded: folding decomposes ئ into Arabic yeh and hamza.
    let all = &s.words;
    let start = all.iter().take(3).take_while(|x| GREETINGS.contains(&x.as_str())).count();
    let w = &all[start..];
    if w.is_empty() {
        return Utterance::Other;
    }
    // کیا / kya opens a yes-no question; elsewhere کیا is the past of کرنا ("میں نے آرڈر
    // کیا تھا").
    if matches!(w[0].as_str(), "کیا" | "kya") || w.iter().any(|x| QUESTION_WORDS.contains(&x.as_str())) {
        return Utterance::Question;
    }
    if has_phrase(w, &["کس", "طرح"]) || has_phrase(w, &["kis", "tarah"]) {
        return Utterance::Question;
    }
    let last = w[w.len() - 1].as_str();
    let request = [
        "براہ",
        "مہربانی",
        "مدد",
        "چاہیے",
        "چاہئے",
        "چاہیئے",
        "بتائیں",
        "madad",
        "chahiye",
        "please",
        "plz",
        "pls",
        "batayein",
        "bataein",
        "karein",
        "krein",
        "dein",
    ]
    .iter()
    .any(|r| w.iter().any(|x| x == r))
        || matches!(last, "دیں" | "کریں" | "کرو" | "دو" | "do" | "dein" | "karein" | "karo");
    if request {
        return Utterance::Request;
    }
    let problem = w.iter().any(|x| {
        matches!(
            x.as_str(),
            "نہیں"
                | "مسئلہ"
                | "مسلہ"
                | "خرابی"
                | "ایرر"
                | "غلط"
                | "nahi"
                | "masla"
                | "masla'"
                | "error"
                | "problem"
                | "galat"
                | "issue"
        )
    });
    if problem {
        return Utterance::Problem;
    }
    Utterance::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_are_unified_and_madda_kept() {
        let cases = [("كيا", "کیا"), ("يه", "یہ"), ("آپ", "آپ"), ("مُجھے", "مجھے"), ("على", "علی")];
        for (input, expected) in cases {
            let got = normalize_letters(input).unwrap_or_else(|| input.to_string());
            assert_eq!(got, expected, "normalize_letters({input:?})");
        }
    }

    #[test]
    fn tables_are_sorted_for_binary_search() {
        assert!(MARKERS.windows(2).all(|p| p[0] < p[1]), "sort and dedup urdu::MARKERS");
        assert!(ROMAN_STOPWORDS.windows(2).all(|p| p[0] < p[1]), "sort and dedup urdu::ROMAN_STOPWORDS");
        assert!(CHAT.windows(2).all(|p| p[0].0 < p[1].0), "sort and dedup urdu::CHAT by key");
    }
}
