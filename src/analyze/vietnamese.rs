//! Vietnamese: one canonical tone-mark placement, chat abbreviations, marker syllables for
//! detection, and the question, request and problem forms.
//!
//! Tone placement: Vietnamese writes the same syllable with the tone mark on different
//! vowels ("hoà"/"hòa", "thuý"/"thúy", "khoẻ"/"khỏe"), and NFC keeps them different. Every
//! syllable is rewritten to the traditional placement (the one most Vietnamese text and
//! Vietnamese Wikipedia use): the mark goes on the vowel carrying a quality mark (â ă ê ô
//! ơ ư; on ơ in ươ), else on the middle of three vowels, else on the second of two vowels
//! when a final consonant follows, else on the first ("hòa", "thúy", "khỏe", "hoàn").
//! "qu" and "gi" (before a vowel) count as consonants.

use unicode_normalization::UnicodeNormalization;

use super::language::Language;
use super::sentence::{has_phrase, Sentence, Utterance};

/// The registry row for Vietnamese.
pub(crate) static VIETNAMESE: Language = Language {
    code: "vi",
    stemmer: None,
    stopwords: super::stopwords_data::VIETNAMESE,
    lexicon: &LEXICON,
    chat: CHAT,
    normalize_word: Some(canonical_tone),
    markers: MARKERS,
    classify,
};

const GRAVE: char = '\u{300}';
const ACUTE: char = '\u{301}';
const TILDE: char = '\u{303}';
const HOOK: char = '\u{309}';
const DOT: char = '\u{323}';

fn is_tone(c: char) -> bool {
    matches!(c, GRAVE | ACUTE | TILDE | HOOK | DOT)
}

fn is_quality(c: char) -> bool {
    matches!(c, '\u{302}' | '\u{306}' | '\u{31B}')
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

const FINALS: [&str; 9] = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// Rewrites a lowercase NFC syllable to the canonical tone placement. `None` when the word
/// is not a Vietnamese syllable with a tone mark, or already has the canonical placement (it
/// is then left as it is).
pub(crate) fn canonical_tone(word: &str) -> Option<String> {
    if !may_need_tone_move(word) {
        return None;
    }
    // Letters: base, optional quality mark. One tone for the whole syllable.
    let mut letters: Vec<(char, Option<char>)> = Vec::with_capacity(word.len());
    let mut tone = None;
    for c in word.nfd() {
        if is_tone(c) {
            if tone.replace(c).is_some() {
                return None;
            }
        } else if is_quality(c) {
            let last = letters.last_mut()?;
            if last.1.replace(c).is_some() {
                return None;
            }
        } else if c.is_ascii_lowercase() || c == 'đ' {
            letters.push((c, None));
        } else {
            return None;
        }
    }
    let tone = tone?;
    let mut i = 0;
    while i < letters.len() && !is_vowel(letters[i].0) {
        i += 1;
    }
    // "qu" and "gi" + vowel: the u and the i belong to the initial consonant.
    if i == 1 && i + 1 < letters.len() {
        let (first, (second, mark)) = (letters[0].0, letters[1]);
        let next_is_vowel = letters.get(2).is_some_and(|l| is_vowel(l.0));
        if mark.is_none()
            && ((first == 'q' && second == 'u') || (first == 'g' && second == 'i' && next_is_vowel))
        {
            i = 2;
        }
    }
    let nucleus_start = i;
    while i < letters.len() && is_vowel(letters[i].0) {
        i += 1;
    }
    let nucleus = nucleus_start..i;
    let final_consonant: String = letters[i..].iter().map(|l| l.0).collect();
    if nucleus.is_empty() || nucleus.len() > 3 || letters[i..].iter().any(|l| l.1.is_some()) {
        return None;
    }
    if !FINALS.contains(&final_consonant.as_str()) {
        return None;
    }
    let marked: Vec<usize> = nucleus.clone().filter(|&k| letters[k].1.is_some()).collect();
    let target = if let Some(&horn_o) =
        marked.iter().find(|&&k| letters[k].0 == 'o' && letters[k].1 == Some('\u{31B}'))
    {
        horn_o
    } else if let Some(&last) = marked.last() {
        last
    } else if nucleus.len() == 3 || (nucleus.len() == 2 && !final_consonant.is_empty()) {
        nucleus.start + 1
    } else {
        nucleus.start
    };
    let mut out = String::with_capacity(word.len());
    for (k, (base, mark)) in letters.iter().enumerate() {
        out.push(*base);
        if let Some(m) = mark {
            out.push(*m);
        }
        if k == target {
            out.push(tone);
        }
    }
    // Already in place: the word stays as it is (its decomposition is what was rebuilt).
    if out.chars().eq(word.nfd()) {
        return None;
    }
    Some(out.nfc().collect())
}

/// Cheap precheck: a tone mark and a vowel pair whose placement varies between the two
/// conventions (oa, oe, uy). Other placements are fixed by the spelling.
fn may_need_tone_move(word: &str) -> bool {
    // Most syllables have none of the pairs; their letters' base forms show it without
    // decomposing anything (the base of a precomposed letter is its first character, which
    // is what it folds to, except for đ, which makes no pair either way).
    let mut prev = ' ';
    let mut pair = false;
    for c in word.chars() {
        let Some(base) = super::normalize::folded_char(c) else {
            pair = true; // not in the tables: decide below
            break;
        };
        if matches!((prev, base), ('o', 'a') | ('o', 'e') | ('u', 'y')) {
            pair = true;
            break;
        }
        prev = base;
    }
    if !pair {
        return false;
    }
    let mut tone = false;
    let mut pair = false;
    let mut prev = ' ';
    for c in word.chars() {
        let mut base = c;
        let mut first = true;
        unicode_normalization::char::decompose_canonical(c, |d| {
            if first {
                base = d;
                first = false;
            } else if is_tone(d) {
                tone = true;
            }
        });
        if is_tone(c) {
            tone = true;
        }
        pair |= matches!((prev, base), ('o', 'a') | ('o', 'e') | ('u', 'y'));
        prev = base;
    }
    tone && pair
}

/// Stopwords (with their forms typed without diacritics, which detection does not count as
/// evidence) and chat spellings as one hashed table.
static LEXICON: std::sync::LazyLock<super::stopwords::Lexicon> = std::sync::LazyLock::new(|| {
    super::stopwords::Lexicon::new(
        &[super::stopwords_data::VIETNAMESE, super::stopwords_data::VIETNAMESE_FOLDED],
        CHAT,
        &[super::stopwords_data::VIETNAMESE_BIGRAMS, super::stopwords_data::VIETNAMESE_FOLDED_BIGRAMS],
    )
});

/// Chat spellings and their canonical forms (several syllables where the abbreviation
/// stands for a phrase). Sorted by key.
const CHAT: &[(&str, &str)] = &[
    ("bn", "bao nhiêu"),
    ("dc", "được"),
    ("duoc", "được"),
    ("hok", "không"),
    ("hông", "không"),
    ("j", "gì"),
    ("k", "không"),
    ("kg", "không"),
    ("kh", "không"),
    ("khg", "không"),
    ("khong", "không"),
    ("ko", "không"),
    ("mn", "mọi người"),
    ("ntn", "như thế nào"),
    ("r", "rồi"),
    ("sdt", "số điện thoại"),
    ("sđt", "số điện thoại"),
    ("tk", "tài khoản"),
    ("đc", "được"),
    ("đt", "điện thoại"),
];

/// Accent-folded syllables that are frequent in Vietnamese and rare as words of English,
/// French or Roman Urdu: they recognize Vietnamese typed without diacritics. Sorted.
const MARKERS: &[&str] = &[
    "anh", "bao", "bay", "bi", "cach", "cam", "chi", "cho", "chua", "chuyen", "co", "cua", "cung", "dang",
    "dau", "dc", "den", "dia", "dien", "doi", "don", "duoc", "giao", "gio", "giup", "hang", "hay", "hoi",
    "hom", "hop", "j", "khach", "khau", "khi", "khoan", "khong", "ko", "lai", "lam", "luon", "mat", "minh",
    "moi", "muon", "nao", "nay", "nen", "neu", "ngay", "nguoi", "nhan", "nhap", "nhe", "nhieu", "nhu",
    "nhung", "nua", "oi", "phai", "qua", "roi", "sao", "sau", "tai", "thanh", "thay", "thi", "thoai", "thoi",
    "tien", "toan", "toi", "tra", "trong", "vay", "viec", "voi", "vui", "xin", "xong",
];

/// Particles that may close a Vietnamese sentence after the word that carries its meaning
/// (accent-folded).
const FINAL_PARTICLES: &[&str] =
    &["a", "ah", "ak", "ha", "hen", "ho", "nha", "nhe", "nhi", "oi", "shop", "ta", "v", "vay", "z"];

fn classify(s: &Sentence) -> Utterance {
    let w = &s.folded;
    if w.is_empty() {
        return Utterance::Other;
    }
    // The last word that is not a closing particle or an address term.
    let mut end = w.len();
    while end > 1 && FINAL_PARTICLES.contains(&w[end - 1].as_str()) {
        end -= 1;
    }
    let core = &w[..end];
    let last = core[end - 1].as_str();
    let thanks_reply = has_phrase(core, &["khong", "co", "gi"]);
    let never = has_phrase(core, &["chua", "bao", "gio"]) || has_phrase(core, &["khong", "bao", "gio"]);
    if !thanks_reply && core.len() >= 2 && (last == "khong" || last == "chua") {
        return Utterance::Question;
    }
    const QUESTION_PHRASES: &[&[&str]] = &[
        &["bao", "lau"],
        &["bao", "nhieu"],
        &["khi", "nao"],
        &["lam", "sao"],
        &["the", "nao"],
        &["tai", "sao"],
        &["vi", "sao"],
        &["o", "dau"],
        &["cho", "em", "hoi"],
        &["cho", "minh", "hoi"],
        &["cho", "toi", "hoi"],
        &["cho", "hoi"],
        &["xin", "hoi"],
        &["muon", "hoi"],
        &["hoi", "chut"],
        &["la", "gi"],
        &["lam", "gi"],
        &["cai", "gi"],
        &["gi", "vay"],
        &["co", "phai"],
        &["phai", "khong"],
        &["duoc", "khong"],
        &["cai", "nao"],
        &["nao", "vay"],
    ];
    if QUESTION_PHRASES.iter().any(|p| has_phrase(core, p)) {
        return Utterance::Question;
    }
    if !never && has_phrase(core, &["bao", "gio"]) {
        return Utterance::Question;
    }
    // "sao" opening a sentence asks why, unless it is "sao kê" (a bank statement).
    if core[0] == "sao" && core.get(1).is_none_or(|n| n != "ke") {
        return Utterance::Question;
    }
    if !thanks_reply && last == "gi" {
        return Utterance::Question;
    }
    const REQUEST_PHRASES: &[&[&str]] = &[
        &["giup"],
        &["ho", "tro"],
        &["vui", "long"],
        &["lam", "on"],
        &["muon"],
        &["can"],
        &["nho"],
        &["xin", "duoc"],
    ];
    // Problem statements first: "không ... được" is the canonical "cannot".
    let negation = core.iter().position(|x| x == "khong" || x == "chua");
    let problem = negation.is_some_and(|n| core[n + 1..].iter().any(|x| x == "duoc"))
        || has_phrase(core, &["khong", "the"])
        || has_phrase(core, &["bi", "loi"])
        || has_phrase(core, &["that", "bai"])
        || core.iter().any(|x| x == "loi" || x == "bi")
        || has_phrase(core, &["chua", "nhan"])
        || has_phrase(core, &["khong", "nhan"])
        || has_phrase(core, &["khong", "vao"])
        || has_phrase(core, &["khong", "thay"])
        || has_phrase(core, &["khong", "hoat", "dong"]);
    if REQUEST_PHRASES.iter().any(|p| has_phrase(core, p)) {
        return Utterance::Request;
    }
    if problem && !thanks_reply {
        return Utterance::Problem;
    }
    Utterance::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_marks_have_one_placement() {
        let cases = [
            ("hoà", "hòa"),
            ("hòa", "hòa"),
            ("thuý", "thúy"),
            ("oà", "òa"),
            ("khoẻ", "khỏe"),
            ("hoàn", "hoàn"),
            ("quý", "quý"),
            ("giá", "giá"),
            ("gì", "gì"),
            ("người", "người"),
            ("được", "được"),
            ("nguyễn", "nguyễn"),
            ("khoái", "khoái"),
            ("mía", "mía"),
        ];
        for (input, expected) in cases {
            let got = canonical_tone(input).unwrap_or_else(|| input.to_string());
            assert_eq!(got, expected, "canonical_tone({input:?})");
        }
        assert_eq!(canonical_tone("café"), None, "café is not a Vietnamese syllable");
        assert_eq!(canonical_tone("nha"), None, "no tone, nothing to move");
    }

    #[test]
    fn tables_are_sorted_for_binary_search() {
        assert!(MARKERS.windows(2).all(|p| p[0] < p[1]), "sort and dedup vietnamese::MARKERS");
        assert!(CHAT.windows(2).all(|p| p[0].0 < p[1].0), "sort and dedup vietnamese::CHAT by key");
    }
}
