//! Analysis: which language a text is in, whether it asks something, and the terms that
//! represent it for mining and search.
//!
//! One [`Analyzer`] serves both mining and the search index (the `search` module wraps
//! [`Analyzer::tokenize`] as a tantivy tokenizer), so a query is analyzed by exactly the
//! code that analyzed the documents.
//!
//! # Layout
//! One file per concern and one per language, in layers: a module uses only modules of the
//! layers above it, so the imports form no circle.
//! 1. `sentence.rs` (a prepared `Sentence`, `has_phrase`, the `Utterance` verdict) and
//!    `stopwords.rs` with the generated `stopwords_data.rs` (and `gen_stopwords.py`): they
//!    use no other module of the analyzer;
//! 2. `language.rs`: the `Language` row a language module fills (stemmer, stopwords, chat
//!    spellings, its own word rule, markers, its question forms);
//! 3. `normalize.rs`: NFC, apostrophes, digits, joiners, lowercase, then the row's word
//!    rule; accent folding;
//! 4. `english.rs`, `french.rs`, `vietnamese.rs`, `urdu.rs`: each language's row and rules;
//! 5. `registry.rs`: the rows in one table (`LANGUAGES`), and the Snowball stemmers;
//! 6. `question.rs` (question / request / problem / other, before stopwords are removed)
//!    and `detect.rs` (script, marker words, whatlang and the hint, layered);
//! 7. this file: the [`Analyzer`] and the tokenizer, on top of all of them.
//!
//! Adding a language is one file with a `Language` row, one line in `LANGUAGES` and a
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
//! `static`s (the hashed ones built on first use); Snowball stems are remembered per thread
//! in a bounded table that no result depends on; [`Analyzer`] is a zero-sized handle.
//!
//! Speed: [`Analyzer::tokenize_with`] hands out borrowed tokens without allocating per
//! token; `benches/analyzer.rs` measures throughput per language, and
//! `examples/analyze_dump.rs` prints every output for a file of texts, so that a speed
//! change can be checked to change nothing.

mod detect;
mod english;
mod french;
mod language;
mod normalize;
mod question;
mod registry;
mod sentence;
mod stopwords;
#[rustfmt::skip]
mod stopwords_data;
/// The Vietnamese function words and two-syllable function words (`_` between syllables),
/// accented: what search restores the marks of Vietnamese typed without them from, beside
/// the index's own words.
pub(crate) use stopwords_data::{
    VIETNAMESE as VIETNAMESE_STOPWORDS, VIETNAMESE_BIGRAMS as VIETNAMESE_STOPWORD_PAIRS,
};
mod urdu;
mod vietnamese;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
use unicode_segmentation::UnicodeSegmentation;

use language::Language;
pub use language::UNDETERMINED;
pub use normalize::fold;
pub(crate) use registry::language;
use registry::stemmer_for;
pub use sentence::Utterance;

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

/// Options of [`Analyzer::tokenize_with_options`]. The default is what
/// [`Analyzer::tokenize`] does.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenizeOptions {
    /// Keep stopwords: every word becomes a term (stemmed and folded like the others), and
    /// Vietnamese two-syllable stopwords ("bao giờ") become bigrams like any other pair.
    /// The other tokens are unchanged (same terms, positions and offsets), so the default
    /// tokens are a subsequence of these. For an index that wants stopwords in the same
    /// field (phrase queries through them) instead of a field of their own.
    pub keep_stopwords: bool,
}

impl TokenizeOptions {
    /// These options with [`TokenizeOptions::keep_stopwords`] set to `keep`.
    pub fn keep_stopwords(mut self, keep: bool) -> Self {
        self.keep_stopwords = keep;
        self
    }
}

/// One index term borrowed from the analyzer's working buffers: what
/// [`Analyzer::tokenize_with`] hands to its callback, valid for the duration of the call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenRef<'a> {
    /// The term as the index stores it (see [`Token::term`]).
    pub term: &'a str,
    /// The same term with accents and đ folded (see [`Token::folded`]).
    pub folded: &'a str,
    /// Byte offset of the token's start in the *original* text (a char boundary).
    pub start: usize,
    /// Byte offset of the token's end in the *original* text (a char boundary).
    pub end: usize,
    /// The token's ordinal position (see [`Token::position`]).
    pub position: usize,
}

impl TokenRef<'_> {
    /// The owned [`Token`].
    pub fn to_token(&self) -> Token {
        Token {
            term: self.term.to_string(),
            folded: self.folded.to_string(),
            start: self.start,
            end: self.end,
            position: self.position,
        }
    }
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
        // About one token per four bytes; Vietnamese has a bigram after most syllables.
        let per = if lang == "vi" { 2 } else { 4 };
        let mut out: Vec<Token> = Vec::with_capacity(text.len() / per + 1);
        self.tokenize_with(text, lang, |t| out.push(t.to_token()));
        out
    }

    /// The tokens of [`Analyzer::tokenize`], handed one by one to `emit` as borrowed
    /// [`TokenRef`]s, in the same order and with the same values: no allocation per token.
    /// For callers that keep only some of each token (only the folded form, or counts).
    ///
    /// # Example
    /// ```
    /// use faqmine::analyze::Analyzer;
    ///
    /// let mut folded = Vec::new();
    /// Analyzer::new().tokenize_with("Đổi mật khẩu", "vi", |t| folded.push(t.folded.to_string()));
    /// assert!(folded.contains(&"mat_khau".to_string()));
    /// ```
    pub fn tokenize_with<F: FnMut(TokenRef<'_>)>(&self, text: &str, lang: &str, emit: F) {
        self.tokenize_with_options(text, lang, TokenizeOptions::default(), emit);
    }

    /// [`Analyzer::tokenize_with`] with [`TokenizeOptions`]. With the default options the
    /// tokens are exactly those of [`Analyzer::tokenize`].
    ///
    /// # Example
    /// ```
    /// use faqmine::analyze::{Analyzer, TokenizeOptions};
    ///
    /// let mut terms = Vec::new();
    /// let keep = TokenizeOptions::default().keep_stopwords(true);
    /// Analyzer::new().tokenize_with_options("Where is my card?", "en", keep, |t| {
    ///     terms.push(t.term.to_string())
    /// });
    /// assert_eq!(terms, ["where", "is", "my", "card"]);
    /// ```
    pub fn tokenize_with_options<F: FnMut(TokenRef<'_>)>(
        &self,
        text: &str,
        lang: &str,
        options: TokenizeOptions,
        emit: F,
    ) {
        let keep = options.keep_stopwords;
        let lookup = |spec: Option<&'static Language>, word: &str| {
            let mut entry = spec.map(|s| s.lexicon.get(word)).unwrap_or_default();
            if keep {
                entry.stop = false;
                entry.bigrams = None;
            }
            entry
        };
        let mut state = TokenizerState {
            text,
            spec: language(lang),
            stemmer: stemmer_for(lang),
            bigrams: lang == "vi",
            position: 0,
            term: String::new(),
            folded: String::new(),
            prev: None,
            prev_norm: String::new(),
            prev_folded: String::new(),
            prev_bigrams: None,
            bigram: String::new(),
            bigram_folded: String::new(),
            emit,
        };
        let mut scratch = String::new();
        for (start, word) in words(text) {
            let (start, word) = strip_elision(lang, start, word, &mut scratch);
            let end = start + word.len();
            let norm = normalize::word(word, state.spec);
            let entry = lookup(state.spec, &norm);
            match entry.chat {
                Some(expansion) => {
                    for w in expansion.split(' ') {
                        let entry = lookup(state.spec, w);
                        state.unit(w, entry, start, end);
                    }
                }
                None => state.unit(&norm, entry, start, end),
            }
        }
    }
}

/// The tokenizer's state across the units (normalized words) of one text.
struct TokenizerState<'t, F> {
    text: &'t str,
    spec: Option<&'static Language>,
    stemmer: Option<Algorithm>,
    bigrams: bool,
    position: usize,
    /// The current unigram and its folded twin.
    term: String,
    folded: String,
    /// The previous Vietnamese syllable waiting for the next one to form a bigram: its span
    /// and whether it produced a unigram (`false` for a stopword).
    prev: Option<(usize, usize, bool)>,
    prev_norm: String,
    prev_folded: String,
    /// Its entry's two-syllable stopwords (see [`stopwords::Lexicon::completes_bigram`]).
    prev_bigrams: Option<(u16, u16)>,
    /// The current bigram and its folded twin.
    bigram: String,
    bigram_folded: String,
    emit: F,
}

impl<F: FnMut(TokenRef<'_>)> TokenizerState<'_, F> {
    /// One unit: a normalized word (or one word of a chat spelling's expansion) spanning
    /// `start..end` in the original.
    fn unit(&mut self, norm: &str, entry: stopwords::Entry, start: usize, end: usize) {
        let stop = entry.stop;
        let syllable = self.bigrams && is_syllable(norm);
        // The unigram, built first and emitted after the bigram that ends with it. Without a
        // stemmer the term is the normalized word itself.
        let mut stemmed = std::mem::take(&mut self.term);
        let term: &str = match self.stemmer {
            _ if stop => "",
            Some(alg) => {
                stemmed.clear();
                stem_into(alg, norm, &mut stemmed);
                &stemmed
            }
            None => norm,
        };
        let unigram = !term.is_empty();
        if unigram {
            self.folded.clear();
            normalize::fold_into(term, &mut self.folded);
        }
        let p_bigrams = std::mem::take(&mut self.prev_bigrams);
        if let Some((p_start, p_end, p_token)) = self.prev.take() {
            // A stopword after a stopword makes no bigram.
            if syllable
                && (p_token || !stop)
                && (p_end == end || self.text[p_end..start].chars().all(char::is_whitespace))
                && !p_bigrams.is_some_and(|range| {
                    self.spec.is_some_and(|s| s.lexicon.completes_bigram(&self.prev_norm, range, norm))
                })
            {
                // Vietnamese has no stemmer: a syllable's unigram is its normalized form, and
                // its folded twin is the folded normalized form.
                let (term, folded) = (&mut self.bigram, &mut self.bigram_folded);
                term.clear();
                term.push_str(&self.prev_norm);
                term.push('_');
                term.push_str(norm);
                folded.clear();
                folded.push_str(&self.prev_folded);
                folded.push('_');
                if unigram {
                    folded.push_str(&self.folded);
                } else {
                    normalize::fold_into(norm, folded);
                }
                (self.emit)(TokenRef { term, folded, start: p_start, end, position: self.position - 1 });
            }
        }
        if unigram {
            (self.emit)(TokenRef { term, folded: &self.folded, start, end, position: self.position });
        }
        if syllable {
            self.prev = Some((start, end, unigram));
            self.prev_bigrams = entry.bigrams;
            self.prev_norm.clear();
            self.prev_norm.push_str(norm);
            self.prev_folded.clear();
            if unigram {
                self.prev_folded.push_str(&self.folded);
            } else {
                normalize::fold_into(norm, &mut self.prev_folded);
            }
        }
        self.position += 1;
        self.term = stemmed;
    }
}

/// Appends the Snowball stem of `word` to `out`.
///
/// Stems are remembered per thread (a word's stem never changes, and support text repeats
/// its vocabulary): a bounded table per algorithm, emptied when full, so memory stays
/// under about a megabyte per language and thread and results do not depend on it.
fn stem_into(alg: Algorithm, word: &str, out: &mut String) {
    if word.len() > STEM_CACHE_MAX_WORD {
        out.push_str(&Stemmer::create(alg).stem(word));
        return;
    }
    let cached = STEMS.try_with(|cache| {
        let Ok(mut cache) = cache.try_borrow_mut() else {
            return false;
        };
        let index = match cache.iter().position(|(a, _)| *a == alg) {
            Some(i) => i,
            None => {
                cache.push((alg, StemTable::default()));
                cache.len() - 1
            }
        };
        let table = &mut cache[index].1;
        match table.get(word) {
            Some(stem) => out.push_str(stem),
            None => {
                let stem = Stemmer::create(alg).stem(word);
                out.push_str(&stem);
                if table.len() >= STEM_CACHE_WORDS {
                    table.clear();
                }
                table.insert(word.into(), stem.into());
            }
        }
        true
    });
    if cached != Ok(true) {
        out.push_str(&Stemmer::create(alg).stem(word));
    }
}

/// Words remembered per algorithm and thread by [`stem_into`].
const STEM_CACHE_WORDS: usize = 1 << 14;
/// Longer words are stemmed every time.
const STEM_CACHE_MAX_WORD: usize = 40;

type StemTable = std::collections::HashMap<Box<str>, Box<str>, std::hash::BuildHasherDefault<stopwords::Fnv>>;

thread_local! {
    /// The stems [`stem_into`] remembers, per algorithm.
    static STEMS: std::cell::RefCell<Vec<(Algorithm, StemTable)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Forgets the stems this thread remembers, so that a benchmark can measure the analyzer
/// on vocabulary it has not seen. Results never depend on the remembered stems.
#[doc(hidden)]
pub fn forget_cached_stems() {
    let _ = STEMS.try_with(|cache| cache.try_borrow_mut().map(|mut c| c.clear()));
}

/// The words of `text` (UAX #29, with at least one letter or digit) and their byte offsets,
/// split at narrow no-break spaces.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    Words { text, pos: 0, slow: None }.flat_map(split_narrow_spaces)
}

/// UAX #29 words, exactly as `unicode_word_indices` finds them in the whole text, found
/// piece by piece.
///
/// A piece ends after ASCII whitespace and before a character that no word-boundary rule
/// joins to whitespace (an ASCII character or a letter of the Latin, Vietnamese or Arabic
/// blocks; not a combining mark, format character, joiner or space). UAX #29 always breaks
/// there, and its rules look no further than that whitespace on either side, so each piece
/// can be segmented on its own. Most pieces are one run of letters and digits with ASCII
/// punctuation around it ("nhập,", "(compte)"): that run is the piece's only word, found
/// without the general rules. Other pieces go through unicode-segmentation.
struct Words<'a> {
    text: &'a str,
    pos: usize,
    /// The general segmentation of the current piece, and the piece's offset.
    slow: Option<(usize, unicode_segmentation::UnicodeWordIndices<'a>)>,
}

/// A letter that UAX #29 classes ALetter (never a mark, joiner or format character): Latin-1
/// and Latin Extended letters, Vietnamese letters of Latin Extended Additional, and the
/// Arabic letters Urdu uses (without harakat or tatweel).
fn is_plain_letter(c: char) -> bool {
    matches!(c,
        '\u{00C0}'..='\u{00D6}' | '\u{00D8}'..='\u{00F6}' | '\u{00F8}'..='\u{024F}'
        | '\u{1E00}'..='\u{1EFF}'
        | '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0671}'..='\u{06D3}')
}

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let text = self.text;
        let bytes = text.as_bytes();
        loop {
            if let Some((at, general)) = &mut self.slow {
                if let Some((i, w)) = general.next() {
                    return Some((*at + i, w));
                }
                self.slow = None;
            }
            let from = self.pos;
            if from >= bytes.len() {
                return None;
            }
            // One pass over the piece: where it ends, and whether it is ASCII punctuation (not
            // `_`), one run of letters and digits, ASCII punctuation. Then the run is the
            // piece's only word: UAX #29 joins letters and digits, and joins punctuation only
            // between two letters or two digits.
            let mut i = from;
            let mut simple = true;
            let (mut start, mut end) = (None, None);
            loop {
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                    let c = match bytes[i] {
                        b if b < 0x80 => char::from(b),
                        _ => text[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER),
                    };
                    if simple {
                        if c.is_ascii_alphanumeric() || is_plain_letter(c) {
                            if end.is_some() {
                                simple = false;
                            }
                            start.get_or_insert(i);
                        } else if c.is_ascii_punctuation() && c != '_' {
                            if start.is_some() && end.is_none() {
                                end = Some(i);
                            }
                        } else {
                            simple = false;
                        }
                    }
                    i += c.len_utf8();
                }
                if start.is_some() && end.is_none() {
                    end = Some(i);
                }
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                // A cut, unless what follows may join the whitespace (then the piece goes on,
                // and the general rules decide).
                match text[i..].chars().next() {
                    Some(c) if !c.is_ascii() && !is_plain_letter(c) => simple = false,
                    _ => break,
                }
            }
            self.pos = i;
            match (simple, start, end) {
                (true, Some(s), Some(e)) => return Some((s, &text[s..e])),
                // Only ASCII punctuation: no word.
                (true, None, _) => {}
                _ => self.slow = Some((from, text[from..i].unicode_word_indices())),
            }
        }
    }
}

/// Splits a UAX #29 word at U+202F NARROW NO-BREAK SPACE. UAX #29 classes it as a word
/// joiner (it joins Mongolian suffixes), but French typography puts it before `?`, `!`, `:`
/// and inside numbers, where it is a space.
fn split_narrow_spaces((start, word): (usize, &str)) -> impl Iterator<Item = (usize, &str)> {
    // Nearly every word has none: it is then the one piece (UAX #29 words already have a
    // letter or digit).
    // (U+202F is E2 80 AF in UTF-8: a byte search rules most words out.)
    let whole = !word.as_bytes().contains(&0xE2) || !word.contains('\u{202F}');
    let mut offset = start;
    let pieces = (!whole).then(|| {
        word.split('\u{202F}')
            .map(move |piece| {
                let at = offset;
                offset += piece.len() + '\u{202F}'.len_utf8();
                (at, piece)
            })
            .filter(|(_, piece)| piece.chars().any(char::is_alphanumeric))
    });
    whole.then_some((start, word)).into_iter().chain(pieces.into_iter().flatten())
}

/// A Vietnamese syllable for bigrams: letters only (no digits, no apostrophes).
fn is_syllable(word: &str) -> bool {
    // Words come from UAX #29, so non-ASCII bytes belong to letters and marks here.
    !word.is_empty() && word.bytes().all(|b| b >= 0x80 || b.is_ascii_alphabetic())
}

/// Strips a French elided prefix ("l'", "qu'") off a word, keeping offsets in the original.
/// `scratch` is a reusable buffer.
fn strip_elision<'a>(lang: &str, start: usize, word: &'a str, scratch: &mut String) -> (usize, &'a str) {
    if lang != "fr" {
        return (start, word);
    }
    let Some(apostrophe) = word.find(['\'', '\u{2019}']) else {
        return (start, word);
    };
    let quote_len = word[apostrophe..].chars().next().map_or(1, char::len_utf8);
    let after = apostrophe + quote_len;
    // The word with its prefix lowercased and a plain apostrophe, as `elision` expects.
    scratch.clear();
    scratch.extend(word[..apostrophe].chars().flat_map(char::to_lowercase));
    scratch.push('\'');
    scratch.push_str(&word[after..]);
    match french::elision(scratch) {
        Some(_) if after < word.len() => (start + after, &word[after..]),
        _ => (start, word),
    }
}

#[cfg(test)]
mod tests {
    use super::registry::LANGUAGES;
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

    /// The reference segmentation: UAX #29 on the whole text.
    fn reference_words(text: &str) -> Vec<(usize, &str)> {
        text.unicode_word_indices().flat_map(split_narrow_spaces).collect()
    }

    #[test]
    fn chunked_segmentation_equals_whole_text_segmentation() {
        // Characters that exercise the word-boundary rules around whitespace: marks and
        // joiners after spaces, mid-word punctuation, numbers, regional indicators, emoji,
        // ideographic space, Arabic with harakat, Vietnamese, CR LF.
        let alphabet: Vec<char> = "aZé ệđ\t\n\r.,:;'’1_-?!()\"ق\u{64E}ہ\u{301}\u{200C}\u{200D}\u{202F}\u{A0}\u{3000}🇫🇷👍カー漢\u{AD}\u{2060}\u{FEFF}\u{0640}٣"
            .chars()
            .collect();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for case in 0..20_000 {
            let len = (next() % 24) as usize;
            let text: String =
                (0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect();
            let got: Vec<(usize, &str)> = words(&text).collect();
            assert_eq!(got, reference_words(&text), "case {case}: words({text:?})");
        }
        for text in
            ["", " ", "l'appli  plante", "Cho em hỏi\u{202F}?", "a \u{301}b", "x\r\ny", "1 000\u{202F}000"]
        {
            assert_eq!(words(text).collect::<Vec<_>>(), reference_words(text), "words({text:?})");
        }
    }

    #[test]
    fn keeping_stopwords_adds_tokens_and_changes_none() {
        let a = Analyzer::new();
        let cases = [
            ("en", "Where is my card? I was charged twice for the same order", &["is", "my", "the"][..]),
            ("fr", "Je n'arrive pas à me connecter à mon compte depuis hier", &["je", "pas", "mon"]),
            ("vi", "Cho em hỏi bao giờ thì được hoàn tiền ạ", &["bao_giờ", "thì"]),
            ("vi", "bao gio thi duoc hoan tien vay shop", &["bao_gio"]),
            ("ur", "میرا آرڈر ابھی تک نہیں ملا", &["نہیں", "تک"]),
        ];
        for (lang, text, stopwords) in cases {
            let default = a.tokenize(text, lang);
            let mut kept = Vec::new();
            let keep = TokenizeOptions::default().keep_stopwords(true);
            a.tokenize_with_options(text, lang, keep, |t| kept.push(t.to_token()));
            let mut rest = kept.iter();
            for t in &default {
                assert!(
                    rest.any(|k| k == t),
                    "{lang} {text:?}: {t:?} missing or out of order with stopwords kept"
                );
            }
            for s in stopwords {
                assert!(!default.iter().any(|t| t.term == *s), "{lang} {text:?}: {s} is a stopword");
                assert!(kept.iter().any(|t| t.term == *s), "{lang} {text:?}: {s} must be kept, got {kept:?}");
            }
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
