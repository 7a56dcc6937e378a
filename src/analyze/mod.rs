//! Analysis: which language a text is in, whether it asks something, and the terms that
//! represent it for mining and search.
//!
//! One [`Analyzer`] serves both mining and the search index (the `search` module wraps
//! [`Analyzer::tokenize`] as a tantivy tokenizer), so a query is analyzed by exactly the
//! code that analyzed the documents.
//!
//! # Layout
//! One file per concern and one per language, registered in one table ([`LANGUAGES`]):
//! - `detect.rs`: script, marker words, whatlang and the hint, layered;
//! - `normalize.rs`: NFC, apostrophes, digits, joiners, lowercase, accent folding;
//! - `question.rs`: question / request / problem / other, before stopwords are removed;
//! - `stopwords.rs` with the generated `stopwords_data.rs` (and `gen_stopwords.py`);
//! - `english.rs`, `french.rs`, `vietnamese.rs`, `urdu.rs`: each language's table row.
//!
//! Adding a language is one file with a [`Language`] row, one line in [`LANGUAGES`] and a
//! test table in `tests/data/analyze/`.
//!
//! # Terms
//! Words are Unicode words (UAX #29) of the original text, normalized one by one
//! (offsets stay valid in the original), French elisions stripped, chat spellings made
//! canonical, stopwords dropped, then stemmed where rust-stemmers has the language.
//! Vietnamese emits each syllable plus the bigram of each pair of adjacent syllables
//! ("đăng_nhập"): most Vietnamese words are two syllables.
//!
//! Positions: every word of the text (stopwords included) takes one position, so the
//! gaps left by stopwords are kept and phrase queries analyzed by the same code line up.
//! A Vietnamese bigram takes the position of its *first* syllable and comes right after
//! it, so positions never decrease and the bigram sequence of any phrase has the same
//! relative positions in the query and in the document.
//!
//! Architecture invariant: analysis never fails and does no IO. Any string, including
//! empty, binary-looking or mixed-script text, yields an [`Analysis`]. Tables are
//! `static`s built at compile time; [`Analyzer`] is a zero-sized handle.

mod detect;
mod english;
mod french;
mod normalize;
mod question;
mod stopwords;
#[rustfmt::skip]
mod stopwords_data;
mod urdu;
mod vietnamese;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
use unicode_segmentation::UnicodeSegmentation;

pub use normalize::fold;

/// The language code for "cannot say" (ISO 639-2 `und`).
pub const UNDETERMINED: &str = "und";

/// What kind of utterance a text is, as far as mining is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Utterance {
    /// A question ("How do I reset my password?").
    Question,
    /// A request for help or action ("Please help me change my address").
    Request,
    /// A problem statement ("I can't log in").
    Problem,
    /// Anything else: greetings, thanks, confirmations, bare content.
    Other,
}

impl Utterance {
    /// `true` for questions, requests and problems: the utterances worth mining.
    pub fn is_minable(self) -> bool {
        !matches!(self, Utterance::Other)
    }
}

/// One index term with its position in the analyzed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The term as the index stores it (normalized, lowercased, stemmed where the language
    /// has a stemmer).
    pub term: String,
    /// The same term with accents and đ folded, for queries typed without diacritics.
    pub folded: String,
    /// Byte offset of the token's start in the *original* text (a char boundary).
    pub start: usize,
    /// Byte offset of the token's end in the *original* text (a char boundary).
    pub end: usize,
    /// The token's ordinal position, for phrase queries (non-decreasing; see the module
    /// docs for stopword gaps and Vietnamese bigrams).
    pub position: usize,
}

/// Everything the analyzer says about one text.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Analysis {
    /// ISO 639-1 code, or [`UNDETERMINED`].
    pub language: String,
    /// ISO 15924 script code (`Latn`, `Arab`, ...), or `Zyyy` when there is no letter.
    pub script: String,
    /// `true` when the text asks something (a question or a request).
    pub is_question: bool,
    /// The kind of utterance.
    pub utterance: Utterance,
    /// The sentences of the text.
    pub sentences: Vec<String>,
    /// Index terms in order, exactly as the search index stores them.
    pub tokens: Vec<String>,
    /// The same terms accent-folded.
    pub folded: Vec<String>,
}

/// One language's row in the registry: everything language-specific the analyzer needs.
#[derive(Debug)]
pub(crate) struct Language {
    /// ISO 639-1 code.
    pub(crate) code: &'static str,
    /// The Snowball stemmer, if the language has one worth using.
    pub(crate) stemmer: Option<Algorithm>,
    /// Generated stopword list, sorted (detection counts these as evidence).
    pub(crate) stopwords: &'static [&'static str],
    /// The generated list and the language's own (for example Roman Urdu) as one hashed
    /// set, built on first use.
    pub(crate) stopword_set: &'static std::sync::LazyLock<stopwords::WordSet>,
    /// Chat spellings → canonical form (space-separated words), sorted by key.
    pub(crate) chat: &'static [(&'static str, &'static str)],
    /// Accent-folded marker words for detection, sorted.
    pub(crate) markers: &'static [&'static str],
    /// The language's question / request / problem forms for one prepared sentence.
    pub(crate) classify: fn(&question::Sentence) -> Utterance,
}

impl Language {
    /// The canonical form of a chat spelling, if `word` is one.
    pub(crate) fn chat_form(&self, word: &str) -> Option<&'static str> {
        // Chat spellings are short; most words are not looked up at all.
        if word.len() > 8 || self.chat.is_empty() {
            return None;
        }
        self.chat.binary_search_by(|(k, _)| (*k).cmp(word)).ok().map(|i| self.chat[i].1)
    }

    fn is_stopword(&self, word: &str) -> bool {
        self.stopword_set.contains(word)
    }
}

/// The languages with their own rules. Other languages get the generic pipeline (Unicode
/// words, lowercase, folding, and a Snowball stemmer when rust-stemmers has one).
pub(crate) static LANGUAGES: [&Language; 4] =
    [&english::ENGLISH, &french::FRENCH, &vietnamese::VIETNAMESE, &urdu::URDU];

/// The registry row for `code`.
pub(crate) fn language(code: &str) -> Option<&'static Language> {
    LANGUAGES.iter().copied().find(|l| l.code == code)
}

/// The Snowball algorithm for a language code, ours or not.
fn stemmer_for(code: &str) -> Option<Algorithm> {
    if let Some(lang) = language(code) {
        return lang.stemmer;
    }
    Some(match code {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "fi" => Algorithm::Finnish,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "nb" | "no" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

/// The analyzer. A zero-sized handle to static tables: cheap to clone, `Send + Sync`.
///
/// # Example
/// ```
/// use faqmine::analyze::{Analyzer, Utterance};
///
/// let analyzer = Analyzer::new();
/// let a = analyzer.analyze("Cho em hỏi đăng nhập không được thì làm sao?", None);
/// assert_eq!(a.language, "vi");
/// assert_eq!(a.utterance, Utterance::Question);
/// assert!(a.tokens.contains(&"đăng_nhập".to_string()));
/// assert!(a.folded.contains(&"dang_nhap".to_string()));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Analyzer {
    _private: (),
}

/// One word ready to become a token: its normalized form and its span in the original.
struct Unit<'a> {
    norm: std::borrow::Cow<'a, str>,
    start: usize,
    end: usize,
}

impl Analyzer {
    /// The analyzer with its built-in tables.
    pub fn new() -> Self {
        Analyzer { _private: () }
    }

    /// Detects the language of `text`: an ISO 639-1 code ("vi", "fr", "ur", "en", and
    /// every other language whatlang knows under its own code, such as "es" or "ar"), or
    /// [`UNDETERMINED`] when nothing can be said (empty, digits only). `hint` (for example
    /// the conversation's language) decides short texts that say too little themselves.
    pub fn detect_language(&self, text: &str, hint: Option<&str>) -> String {
        detect::detect(text, hint).language
    }

    /// The ISO 15924 code of the dominant script of `text` (`Zyyy` when there is no
    /// letter). Urdu beside Latin product names is `Arab`.
    pub fn detect_script(&self, text: &str) -> String {
        detect::detect_script(text).to_string()
    }

    /// Analyzes `text`. `lang` forces the language when given.
    pub fn analyze(&self, text: &str, lang: Option<&str>) -> Analysis {
        self.analyze_with_hint(text, lang, None)
    }

    /// Analyzes `text`, detecting its language with `hint` as the prior for short texts
    /// (for example the language of the rest of the conversation). `lang` forces the
    /// language when given.
    pub fn analyze_with_hint(&self, text: &str, lang: Option<&str>, hint: Option<&str>) -> Analysis {
        let (language, script) = match lang.map(str::trim).filter(|l| !l.is_empty()) {
            Some(l) => (l.to_ascii_lowercase(), detect::detect_script(text)),
            None => {
                let d = detect::detect(text, hint);
                (d.language, d.script)
            }
        };
        let nfc: std::borrow::Cow<'_, str> = match is_nfc_quick(text.chars()) {
            IsNormalized::Yes => std::borrow::Cow::Borrowed(text),
            _ => std::borrow::Cow::Owned(text.nfc().collect()),
        };
        let spec = self::language(&language);
        let (utterance, sentences) = question::classify(&nfc, &language, spec);
        let tokens = self.tokenize(text, &language);
        let mut terms = Vec::with_capacity(tokens.len());
        let mut folded = Vec::with_capacity(tokens.len());
        for t in tokens {
            terms.push(t.term);
            folded.push(t.folded);
        }
        Analysis {
            script: script.to_string(),
            is_question: matches!(utterance, Utterance::Question | Utterance::Request),
            utterance,
            sentences,
            tokens: terms,
            folded,
            language,
        }
    }

    /// The index terms of `text` in language `lang` (an ISO 639-1 code or [`UNDETERMINED`]),
    /// with byte offsets into `text` (always char boundaries of the original) and
    /// non-decreasing positions. Stopwords are removed but keep their position.
    pub fn tokenize(&self, text: &str, lang: &str) -> Vec<Token> {
        let spec = language(lang);
        let stemmer = stemmer_for(lang).map(Stemmer::create);
        let bigrams = lang == "vi";
        let mut out = Vec::with_capacity(text.len() / 4 + 1);
        let mut position = 0usize;
        // The previous syllable, for Vietnamese bigrams.
        let mut prev: Option<Syllable> = None;
        let mut units: Vec<Unit<'_>> = Vec::with_capacity(3);
        for (start, word) in text.unicode_word_indices() {
            units.clear();
            let (start, word) = strip_elision(lang, start, word);
            let end = start + word.len();
            let norm = normalize::word(word, lang);
            match spec.and_then(|s| s.chat_form(&norm)) {
                Some(expansion) => {
                    units.extend(expansion.split(' ').map(|w| Unit { norm: w.into(), start, end }))
                }
                None => units.push(Unit { norm, start, end }),
            }
            for unit in units.drain(..) {
                let stop = spec.is_some_and(|s| s.is_stopword(&unit.norm));
                let term = if stop {
                    String::new()
                } else {
                    match &stemmer {
                        Some(s) => s.stem(&unit.norm).into_owned(),
                        None => unit.norm.to_string(),
                    }
                };
                let folded = if stop { String::new() } else { fold(&term) };
                if bigrams {
                    let syllable = is_syllable(&unit.norm);
                    if let Some(p) = prev.take() {
                        let adjacent =
                            p.end == unit.end || text[p.end..unit.start].chars().all(char::is_whitespace);
                        if adjacent
                            && syllable
                            && !(stop && p.stop)
                            && !stopwords::is_vietnamese_bigram(&p.norm, &unit.norm)
                        {
                            let term = join(&p.norm, &unit.norm);
                            let p_folded = if p.stop { fold(&p.norm) } else { p.folded };
                            let folded = if stop {
                                join(&p_folded, &fold(&unit.norm))
                            } else {
                                join(&p_folded, &folded)
                            };
                            out.push(Token {
                                term,
                                folded,
                                start: p.start,
                                end: unit.end,
                                position: position - 1,
                            });
                        }
                    }
                    if syllable {
                        prev = Some(Syllable {
                            norm: unit.norm.to_string(),
                            folded: folded.clone(),
                            start: unit.start,
                            end: unit.end,
                            stop,
                        });
                    }
                }
                if !stop && !term.is_empty() {
                    out.push(Token { term, folded, start: unit.start, end: unit.end, position });
                }
                position += 1;
            }
        }
        out
    }
}

/// The previous Vietnamese syllable, waiting for the next one to form a bigram.
struct Syllable {
    norm: String,
    folded: String,
    start: usize,
    end: usize,
    stop: bool,
}

/// A Vietnamese syllable for bigrams: letters only (no digits, no apostrophes).
fn is_syllable(word: &str) -> bool {
    // Words come from UAX #29, so non-ASCII bytes belong to letters and marks here.
    !word.is_empty() && word.bytes().all(|b| b >= 0x80 || b.is_ascii_alphabetic())
}

/// `a_b`, the form of a Vietnamese bigram term.
fn join(a: &str, b: &str) -> String {
    let mut out = String::with_capacity(a.len() + b.len() + 1);
    out.push_str(a);
    out.push('_');
    out.push_str(b);
    out
}

/// Strips a French elided prefix ("l'", "qu'") off a word, keeping offsets in the original.
fn strip_elision<'a>(lang: &str, start: usize, word: &'a str) -> (usize, &'a str) {
    if lang != "fr" || !word.contains(['\'', '\u{2019}']) {
        return (start, word);
    }
    let Some(apostrophe) = word.find(['\'', '\u{2019}']) else {
        return (start, word);
    };
    let quote_len = word[apostrophe..].chars().next().map_or(1, char::len_utf8);
    let lower = format!("{}'", word[..apostrophe].to_lowercase());
    let after = apostrophe + quote_len;
    let rest_probe = format!("{lower}{}", &word[after..]);
    match french::elision(&rest_probe) {
        Some(_) if after < word.len() => (start + after, &word[after..]),
        _ => (start, word),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync + Clone>() {}

    #[test]
    fn analyzer_is_send_sync_and_cheap() {
        assert_send_sync::<Analyzer>();
        assert_eq!(std::mem::size_of::<Analyzer>(), 0);
    }

    #[test]
    fn analysis_never_fails() {
        let a = Analyzer::new();
        for text in [
            "",
            "   ",
            "🙂🙂",
            "12345",
            "\u{0}\u{1}",
            "Làm sao đổi mật khẩu?",
            "'''",
            "l'",
            "a\u{301}\u{301}\u{301}",
        ] {
            let _ = a.analyze(text, None);
            for lang in ["vi", "fr", "ur", "en", "und", "es"] {
                let _ = a.analyze(text, Some(lang));
            }
        }
    }

    #[test]
    fn folding_removes_vietnamese_marks_and_d() {
        assert_eq!(fold("đổi mật khẩu"), "doi mat khau");
    }

    #[test]
    fn offsets_point_into_the_original() {
        let a = Analyzer::new();
        let text = "Làm sao đổi mật khẩu";
        for t in a.tokenize(text, "vi") {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
    }

    #[test]
    fn registry_rows_are_consistent() {
        for lang in LANGUAGES {
            assert_eq!(language(lang.code).map(|l| l.code), Some(lang.code));
            assert!(lang.markers.windows(2).all(|p| p[0] < p[1]), "sort the markers of {}", lang.code);
            assert!(lang.chat.windows(2).all(|p| p[0].0 < p[1].0), "sort the chat table of {}", lang.code);
        }
    }
}
