//! What one language module registers: its [`Language`] row. The language modules
//! (`english.rs`, `french.rs`, `urdu.rs`, `vietnamese.rs`) each fill one; `registry.rs`
//! lists them.

use rust_stemmers::Algorithm;

use super::sentence::{Sentence, Utterance};
use super::stopwords;

/// The language code for "cannot say" (ISO 639-2 `und`).
pub const UNDETERMINED: &str = "und";

/// One language's row in the registry: everything language-specific the analyzer needs.
#[derive(Debug)]
pub(crate) struct Language {
    /// ISO 639-1 code.
    pub(crate) code: &'static str,
    /// The Snowball stemmer, if the language has one worth using.
    pub(crate) stemmer: Option<Algorithm>,
    /// Generated stopword list, sorted (detection counts these as evidence).
    pub(crate) stopwords: &'static [&'static str],
    /// The generated stopword list and the language's own (for example Roman Urdu), with
    /// the chat spellings, as one hashed table built on first use.
    pub(crate) lexicon: &'static std::sync::LazyLock<stopwords::Lexicon>,
    /// Chat spellings → canonical form (space-separated words), sorted by key.
    pub(crate) chat: &'static [(&'static str, &'static str)],
    /// The language's own rule for one normalized word (lowercase NFC, see
    /// `normalize::word`): the word rewritten, or `None` when it has nothing to change.
    pub(crate) normalize_word: Option<fn(&str) -> Option<String>>,
    /// Accent-folded marker words for detection, sorted.
    pub(crate) markers: &'static [&'static str],
    /// The language's question / request / problem forms for one prepared sentence.
    pub(crate) classify: fn(&Sentence) -> Utterance,
}

impl Language {
    /// The canonical form of a chat spelling, if `word` is one.
    pub(crate) fn chat_form(&self, word: &str) -> Option<&'static str> {
        // Chat spellings are short; most words are not looked up at all.
        if word.len() > stopwords::Lexicon::MAX_CHAT_LEN || self.chat.is_empty() {
            return None;
        }
        self.lexicon.get(word).chat
    }
}
