//! What the language modules' rules read and say: a [`Sentence`] prepared for them, the
//! [`has_phrase`] test most of their forms are written with, and the [`Utterance`] verdict
//! they give. The shared ground of `english.rs`, `french.rs`, `urdu.rs` and
//! `vietnamese.rs`; it depends on no other module of the analyzer.

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

/// One sentence prepared for the per-language rules.
#[derive(Debug)]
pub(crate) struct Sentence {
    /// Lowercase, apostrophes unified, URLs removed: for patterns across words
    /// ("peut-on").
    pub(crate) lower: String,
    /// Normalized lowercase words: language rules applied, chat spellings canonical,
    /// French elisions expanded ("j'ai" → "je", "ai").
    pub(crate) words: Vec<String>,
    /// `words` accent-folded (Vietnamese typed without diacritics then reads the same).
    pub(crate) folded: Vec<String>,
}

/// True when `phrase` occurs as consecutive words of `words`.
pub(crate) fn has_phrase(words: &[String], phrase: &[&str]) -> bool {
    if phrase.is_empty() || words.len() < phrase.len() {
        return false;
    }
    words.windows(phrase.len()).any(|win| win.iter().zip(phrase).all(|(a, b)| a == b))
}
