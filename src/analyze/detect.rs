//! Which language is a text in? A layered detector, because whatlang alone is wrong on short
//! support text ("How do I reset my password?" comes back Portuguese, "merci" Indonesian,
//! unaccented Vietnamese Javanese, Roman Urdu Tagalog):
//!
//! 1. Script: letters are counted by script. Urdu-only letters (ٹ ڈ ڑ ں ے ھ ہ ۃ) make a text
//!    Urdu even beside Latin product names; Vietnamese-only letters (ă đ ơ ư and the
//!    tone-marked vowels of Latin Extended Additional) make it Vietnamese.
//! 2. A vote of marker words (frequent words of each of our languages, accent-folded, so
//!    Vietnamese typed without diacritics and Roman Urdu count).
//! 3. whatlang's trigram verdict, weighted by its confidence and the text's length (it is
//!    good on long text), which also names every other language (es, de, ar ...).
//! 4. The hint (the conversation's language) as a prior for short texts.
//!
//! whatlang runs at most once per text, and not at all when script or markers decide.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

use unicode_segmentation::UnicodeSegmentation;

use super::language::UNDETERMINED;
use super::normalize::fold;
use super::registry::LANGUAGES;
use super::stopwords::Fnv;
use super::urdu;

/// What detection says about a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Detected {
    /// ISO 639-1 code (or whatlang's 639-3 code for a language without one), or `und`.
    pub(crate) language: String,
    /// ISO 15924 code of the dominant script, `Zyyy` when there is no letter.
    pub(crate) script: &'static str,
}

/// Letter counts by script.
#[derive(Debug, Default)]
struct Letters {
    latin: usize,
    arabic: usize,
    urdu_only: usize,
    vietnamese_only: usize,
    cyrillic: usize,
    han: usize,
    kana: usize,
    hangul: usize,
    other: usize,
}

fn is_vietnamese_only(c: char) -> bool {
    matches!(
        c,
        'ă' | 'Ă' | 'đ' | 'Đ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ' | 'ỳ' | 'Ỳ' | '\u{1EA0}'
            ..='\u{1EF9}'
    )
}

impl Letters {
    fn count(text: &str) -> Letters {
        let mut l = Letters::default();
        for c in text.chars() {
            if c.is_ascii() {
                if c.is_ascii_alphabetic() {
                    l.latin += 1;
                }
                continue;
            }
            if !c.is_alphabetic() {
                continue;
            }
            match c {
                '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' => {
                    l.latin += 1;
                    if is_vietnamese_only(c) {
                        l.vietnamese_only += 1;
                    }
                }
                '\u{0600}'..='\u{06FF}'
                | '\u{0750}'..='\u{077F}'
                | '\u{FB50}'..='\u{FDFF}'
                | '\u{FE70}'..='\u{FEFF}' => {
                    l.arabic += 1;
                    if urdu::is_urdu_only_letter(c) {
                        l.urdu_only += 1;
                    }
                }
                '\u{0400}'..='\u{04FF}' => l.cyrillic += 1,
                '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' => l.han += 1,
                '\u{3040}'..='\u{30FF}' => l.kana += 1,
                '\u{AC00}'..='\u{D7AF}' | '\u{1100}'..='\u{11FF}' => l.hangul += 1,
                _ => l.other += 1,
            }
        }
        l
    }

    fn total(&self) -> usize {
        self.latin + self.arabic + self.cyrillic + self.han + self.kana + self.hangul + self.other
    }

    fn script(&self, text: &str) -> &'static str {
        if self.total() == 0 {
            return "Zyyy";
        }
        // Urdu with Latin product names is still Urdu text.
        if self.arabic > 0 && (self.urdu_only > 0 || self.arabic * 2 >= self.latin) {
            return "Arab";
        }
        if self.kana > 0 {
            return "Jpan";
        }
        let max =
            [self.latin, self.cyrillic, self.han, self.hangul, self.other].into_iter().max().unwrap_or(0);
        if max == self.latin {
            "Latn"
        } else if max == self.cyrillic {
            "Cyrl"
        } else if max == self.han {
            "Hani"
        } else if max == self.hangul {
            "Hang"
        } else {
            whatlang_script(text)
        }
    }
}

fn whatlang_script(text: &str) -> &'static str {
    use whatlang::Script::*;
    match whatlang::detect_script(text) {
        Some(Latin) => "Latn",
        Some(Arabic) => "Arab",
        Some(Cyrillic) => "Cyrl",
        Some(Mandarin) => "Hani",
        Some(Hiragana | Katakana) => "Jpan",
        Some(Hangul) => "Hang",
        Some(Thai) => "Thai",
        Some(Devanagari) => "Deva",
        Some(Greek) => "Grek",
        Some(Hebrew) => "Hebr",
        Some(Bengali) => "Beng",
        Some(Georgian) => "Geor",
        Some(Armenian) => "Armn",
        Some(Tamil) => "Taml",
        Some(Ethiopic) => "Ethi",
        Some(_) => "Zzzz",
        None => "Zyyy",
    }
}

/// ISO 639-1 for whatlang's languages (639-3 where there is no 639-1 code).
fn iso639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Eng => "en",
        Fra => "fr",
        Vie => "vi",
        Urd => "ur",
        Spa => "es",
        Deu => "de",
        Por => "pt",
        Ita => "it",
        Nld => "nl",
        Rus => "ru",
        Ara => "ar",
        Pes => "fa",
        Hin => "hi",
        Ind => "id",
        Tur => "tr",
        Pol => "pl",
        Jpn => "ja",
        Cmn => "zh",
        Kor => "ko",
        Tha => "th",
        Swe => "sv",
        Dan => "da",
        Fin => "fi",
        Nob => "nb",
        Ces => "cs",
        Slk => "sk",
        Ukr => "uk",
        Ell => "el",
        Heb => "he",
        Hun => "hu",
        Ron => "ro",
        Bul => "bg",
        Hrv => "hr",
        Srp => "sr",
        Slv => "sl",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Cat => "ca",
        Epo => "eo",
        Afr => "af",
        Zul => "zu",
        Jav => "jv",
        Tgl => "tl",
        Ben => "bn",
        Tam => "ta",
        Tel => "te",
        Mar => "mr",
        Guj => "gu",
        Kan => "kn",
        Mal => "ml",
        Pan => "pa",
        Ori => "or",
        Nep => "ne",
        Sin => "si",
        Mya => "my",
        Khm => "km",
        Amh => "am",
        Kat => "ka",
        Hye => "hy",
        Aze => "az",
        Uzb => "uz",
        Bel => "be",
        Yid => "yi",
        Lat => "la",
        Sna => "sn",
        Aka => "ak",
        Tuk => "tk",
        Mkd => "mk",
        Cym => "cy",
    }
}

/// What one word says about the languages of the registry: bit `i` of `marker` (of
/// `stop`) is set when the word is a marker (a stopword) of `LANGUAGES[i]`.
#[derive(Debug, Default, Clone, Copy)]
struct Evidence {
    marker: u8,
    stop: u8,
}

/// Every marker (accent-folded, chat spellings included) and stopword of the registry in
/// one hashed table, so a word costs one or two lookups whatever the number of languages.
static EVIDENCE: LazyLock<HashMap<String, Evidence, BuildHasherDefault<Fnv>>> = LazyLock::new(|| {
    let mut map: HashMap<String, Evidence, BuildHasherDefault<Fnv>> = HashMap::default();
    for (i, lang) in LANGUAGES.iter().enumerate() {
        let bit = 1u8 << i;
        for m in lang.markers {
            map.entry((*m).to_string()).or_default().marker |= bit;
        }
        for (spelling, canonical) in lang.chat {
            if canonical.split(' ').any(|w| lang.markers.binary_search(&fold(w).as_str()).is_ok()) {
                map.entry(fold(spelling)).or_default().marker |= bit;
            }
        }
        for w in lang.stopwords {
            map.entry((*w).to_string()).or_default().stop |= bit;
        }
    }
    map
});

/// Marker-word hits per language of the registry, in registry order: votes (markers and
/// stopwords), hits of distinctive markers alone, and the number of words.
fn marker_votes(text: &str) -> ([f32; LANGUAGES.len()], [usize; LANGUAGES.len()], usize) {
    let mut votes = [0.0f32; LANGUAGES.len()];
    let mut distinct = [0usize; LANGUAGES.len()];
    let french = registry_index("fr");
    let mut words = 0;
    for raw in text.unicode_words() {
        if !raw.chars().any(char::is_alphabetic) {
            continue;
        }
        words += 1;
        let mut lower = if raw.is_ascii() { raw.to_ascii_lowercase() } else { raw.to_lowercase() };
        if lower.contains(['\u{2019}', '\u{2018}']) {
            lower = lower.replace(['\u{2019}', '\u{2018}'], "'");
        }
        // A French elision ("l'appli", "j'ai") is French evidence of its own.
        let (elided, rest) = match super::french::elision(&lower) {
            Some((_, len)) => (true, &lower[len..]),
            None => (false, lower.as_str()),
        };
        let stop = EVIDENCE.get(rest).map_or(0, |e| e.stop);
        let marker = if rest.is_ascii() {
            EVIDENCE.get(rest).map_or(0, |e| e.marker)
        } else {
            EVIDENCE.get(fold(rest).as_str()).map_or(0, |e| e.marker)
        };
        for i in 0..LANGUAGES.len() {
            let bit = 1u8 << i;
            if (marker | stop) & bit != 0 {
                votes[i] += 1.5;
            }
            if marker & bit != 0 {
                distinct[i] += 1;
            }
        }
        if let (true, Some(f)) = (elided, french) {
            votes[f] += 1.5;
        }
    }
    (votes, distinct, words)
}

fn registry_index(code: &str) -> Option<usize> {
    LANGUAGES.iter().position(|l| l.code == code)
}

/// Detects the language and script of `text`; `hint` is the prior for short texts.
pub(crate) fn detect(text: &str, hint: Option<&str>) -> Detected {
    let letters = Letters::count(text);
    let script = letters.script(text);
    let hint = hint.filter(|h| !h.is_empty() && *h != UNDETERMINED);
    let language = match script {
        "Zyyy" => UNDETERMINED.to_string(),
        "Arab" => detect_arabic(text, &letters, hint),
        "Latn" => detect_latin(text, &letters, hint),
        _ => whatlang::detect(text)
            .map(|i| iso639_1(i.lang()).to_string())
            .or(hint.map(str::to_string))
            .unwrap_or_else(|| UNDETERMINED.to_string()),
    };
    Detected { language, script }
}

fn detect_arabic(text: &str, letters: &Letters, hint: Option<&str>) -> String {
    if letters.urdu_only > 0 {
        return "ur".to_string();
    }
    if letters.arabic < 12 && hint == Some("ur") {
        return "ur".to_string();
    }
    match whatlang::detect(text) {
        Some(info)
            if matches!(info.lang(), whatlang::Lang::Ara | whatlang::Lang::Pes | whatlang::Lang::Urd) =>
        {
            iso639_1(info.lang()).to_string()
        }
        _ => hint.unwrap_or("ar").to_string(),
    }
}

fn detect_latin(text: &str, letters: &Letters, hint: Option<&str>) -> String {
    // One Vietnamese-only letter in 30 is more than any name or loanword brings.
    if letters.vietnamese_only > 0 && letters.vietnamese_only * 30 >= letters.latin {
        return "vi".to_string();
    }
    let (mut votes, distinct, words) = marker_votes(text);
    let n = words as f32;
    if letters.vietnamese_only > 0 {
        if let Some(vi) = registry_index("vi") {
            votes[vi] += letters.vietnamese_only as f32;
        }
    }
    let short = words <= 5;
    if short {
        if let Some(h) = hint.and_then(registry_index) {
            votes[h] += 1.5;
        }
    }
    let (best, best_votes) = best_of(&votes);
    let second_votes =
        votes.iter().enumerate().filter(|(i, _)| *i != best).map(|(_, v)| *v).fold(0.0, f32::max);
    // Decisive markers, and whatlang is not asked: a good share of the words are markers or
    // stopwords of one language, at least two of them distinctive, and few of another.
    if distinct[best] >= 2 && best_votes >= 3.0 && best_votes >= 0.45 * n && second_votes * 2.0 <= best_votes
    {
        return LANGUAGES[best].code.to_string();
    }
    // whatlang adds at most `whatlang_max` to one language (see the weight below): when the
    // votes' leader is further ahead than that, whatlang cannot change the verdict and is
    // not asked (a margin of 1 covers rounding).
    let whatlang_max = (0.3 + 0.25 * n) + (0.5 + 0.15 * n);
    if best_votes >= 0.5 && best_votes > second_votes + whatlang_max + 1.0 {
        return LANGUAGES[best].code.to_string();
    }
    let mut scores: Vec<(String, f32)> =
        LANGUAGES.iter().zip(votes).map(|(l, v)| (l.code.to_string(), v)).collect();
    if let Some(info) = whatlang::detect(text) {
        let code = iso639_1(info.lang());
        // Reliable verdicts on longer texts are worth more; whatlang is only weak on short text.
        let reliable = if info.is_reliable() { 0.5 + 0.15 * n } else { 0.0 };
        let weight = (0.3 + 0.25 * n) * info.confidence() as f32 + reliable;
        match scores.iter_mut().find(|(c, _)| c == code) {
            Some(entry) => entry.1 += weight,
            None => scores.push((code.to_string(), weight)),
        }
    }
    let top = scores.iter().map(|(_, s)| *s).fold(0.0, f32::max);
    if top < 0.5 {
        return hint.unwrap_or(UNDETERMINED).to_string();
    }
    // Ties go to the hint, then to registry order (deterministic).
    if let Some(h) = hint {
        if scores.iter().any(|(c, s)| c == h && *s >= top) {
            return h.to_string();
        }
    }
    scores.into_iter().find(|(_, s)| *s >= top).map(|(c, _)| c).unwrap_or_else(|| UNDETERMINED.to_string())
}

fn best_of(votes: &[f32]) -> (usize, f32) {
    let mut best = (0, votes.first().copied().unwrap_or(0.0));
    for (i, v) in votes.iter().enumerate() {
        if *v > best.1 {
            best = (i, *v);
        }
    }
    best
}

/// The dominant script of `text` alone (no language detection).
pub(crate) fn detect_script(text: &str) -> &'static str {
    Letters::count(text).script(text)
}
