//! Does a text ask something? Question detection runs on whole words *before* stopwords are
//! removed, sentence by sentence: explicit question marks first, then each language's forms.
//!
//! The verdict of a text is the strongest verdict of its sentences (question > request >
//! problem > other): "Hi. My card was declined. Why?" is a question.

use std::collections::HashSet;
use std::sync::LazyLock;

use unicode_segmentation::UnicodeSegmentation;

use super::french;
use super::language::Language;
use super::normalize::{self, fold};
use super::sentence::{Sentence, Utterance};

/// Accent-folded words of greetings, thanks, confirmations and closings in our languages. A
/// sentence made only of these is small talk, whatever its punctuation ("ok?", "merci !").
static SMALL_TALK: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [
        // English
        "a",
        "again",
        "alright",
        "all",
        "and",
        "awesome",
        "bye",
        "cheers",
        "cool",
        "correct",
        "day",
        "else",
        "evening",
        "excellent",
        "fine",
        "for",
        "good",
        "goodbye",
        "got",
        "great",
        "have",
        "hello",
        "help",
        "hey",
        "hi",
        "is",
        "it",
        "it's",
        "k",
        "kk",
        "later",
        "lot",
        "morning",
        "much",
        "nah",
        "nice",
        "night",
        "no",
        "nope",
        "nothing",
        "ok",
        "okay",
        "oki",
        "perfect",
        "please",
        "right",
        "same",
        "see",
        "so",
        "sounds",
        "sure",
        "that",
        "that's",
        "thank",
        "thanks",
        "the",
        "thx",
        "too",
        "ty",
        "understood",
        "very",
        "welcome",
        "wonderful",
        "ya",
        "yeah",
        "yep",
        "yes",
        "you",
        "your",
        "yup",
        // French
        "accord",
        "au",
        "beaucoup",
        "bien",
        "bientot",
        "bonjour",
        "bonne",
        "bonsoir",
        "ce",
        "cordialement",
        "de",
        "est",
        "journee",
        "madame",
        "merci",
        "monsieur",
        "non",
        "oui",
        "parfait",
        "revoir",
        "rien",
        "salut",
        "soiree",
        "super",
        "tout",
        "tres",
        // Vietnamese (folded)
        "ad",
        "anh",
        "biet",
        "cam",
        "chao",
        "chi",
        "co",
        "da",
        "em",
        "gi",
        "minh",
        "nha",
        "nhe",
        "oke",
        "on",
        "roi",
        "shop",
        "tam",
        "vang",
        "xin",
        // Urdu and Roman Urdu
        "achha",
        "acha",
        "alaikum",
        "allah",
        "assalam",
        "bahut",
        "bohat",
        "haan",
        "hafiz",
        "hai",
        "han",
        "ji",
        "nahi",
        "salam",
        "shukriya",
        "theek",
        "walaikum",
        "اوکے",
        "اچھا",
        "السلام",
        "بہت",
        "جی",
        "حافظ",
        "خدا",
        "سلام",
        "شکریہ",
        "علیکم",
        "نہیں",
        "وعلیکم",
        "ٹھیک",
        "ہاں",
        "ہے",
    ]
    .into_iter()
    .collect()
});

/// True for a character that ends a question in any script we know.
fn is_question_mark(c: char) -> bool {
    matches!(c, '?' | '؟' | '？' | '⸮')
}

/// Lowercases a sentence, unifies apostrophes and drops URLs (whose `?` asks nothing).
fn lower_without_urls(sentence: &str) -> String {
    let mut out = String::with_capacity(sentence.len());
    for piece in sentence.split_whitespace() {
        if is_url(piece) {
            continue;
        }
        let lower = piece.to_lowercase();
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(lower.chars().map(|c| match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' => '\'',
            '\u{202F}' => ' ',
            c => c,
        }));
    }
    out
}

/// Prepares one sentence for the rules of language `lang` (`spec` is its registry row).
pub(crate) fn prepare(text: &str, lang: &str, spec: Option<&Language>) -> Sentence {
    let lower = lower_without_urls(text);
    let mut words = Vec::new();
    for raw in lower.unicode_words() {
        let word = normalize::word(raw, spec);
        let mut rest: &str = &word;
        if lang == "fr" {
            if let Some((full, len)) = french::elision(rest) {
                words.push(full.to_string());
                rest = &rest[len..];
            }
        }
        match spec.and_then(|s| s.chat_form(rest)) {
            Some(expansion) => words.extend(expansion.split(' ').map(str::to_string)),
            None => words.push(rest.to_string()),
        }
    }
    let folded = words.iter().map(|w| fold(w)).collect();
    Sentence { lower, words, folded }
}

fn rank(u: Utterance) -> u8 {
    match u {
        Utterance::Question => 3,
        Utterance::Request => 2,
        Utterance::Problem => 1,
        Utterance::Other => 0,
    }
}

/// The verdict on one sentence.
pub(crate) fn classify_sentence(s: &Sentence, spec: Option<&Language>) -> Utterance {
    if s.folded.iter().all(|w| SMALL_TALK.contains(w.as_str())) {
        return Utterance::Other;
    }
    if s.lower.chars().any(is_question_mark) {
        return Utterance::Question;
    }
    match spec {
        Some(spec) => (spec.classify)(s),
        None => Utterance::Other,
    }
}

/// True for a whitespace-separated piece of text that is a URL.
fn is_url(piece: &str) -> bool {
    piece.contains("://") || piece.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("www."))
}

/// The text with its URLs blanked, so that their `?` and `.` neither ask nor split.
fn without_urls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("://") && !text.contains("www.") && !text.contains("WWW.") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let ws = rest.find(|c: char| !c.is_whitespace()).unwrap_or(rest.len());
        out.push_str(&rest[..ws]);
        rest = &rest[ws..];
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        if !is_url(&rest[..end]) {
            out.push_str(&rest[..end]);
        }
        rest = &rest[end..];
    }
    std::borrow::Cow::Owned(out)
}

/// The verdict on a whole text (already NFC) and its sentences.
pub(crate) fn classify(nfc: &str, lang: &str, spec: Option<&Language>) -> (Utterance, Vec<String>) {
    let sentences: Vec<String> =
        nfc.unicode_sentences().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect();
    let mut verdict = Utterance::Other;
    let mut judge = |sentence: &str| {
        let prepared = prepare(sentence, lang, spec);
        let v = classify_sentence(&prepared, spec);
        if rank(v) > rank(verdict) {
            verdict = v;
        }
        verdict == Utterance::Question
    };
    // Sentence segmentation is costly: URLs are blanked and the text split again only when
    // it has any.
    match without_urls(nfc) {
        std::borrow::Cow::Borrowed(_) => {
            for sentence in &sentences {
                if judge(sentence) {
                    break;
                }
            }
        }
        std::borrow::Cow::Owned(masked) => {
            for sentence in masked.unicode_sentences().map(str::trim).filter(|s| !s.is_empty()) {
                if judge(sentence) {
                    break;
                }
            }
        }
    }
    (verdict, sentences)
}
