//! Stopwords: the generated lists (`stopwords_data.rs`, made by `gen_stopwords.py` from the
//! Snowball and stopwords-iso lists; sources and licences in its header) and their lookup.
//!
//! The generated lists are sorted by code point (UTF-8 byte order). The tokenizer looks words
//! up in one hashed [`Lexicon`] per language (stopwords, chat spellings and the first
//! syllables of two-syllable stopwords), built on first use.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

#[cfg(test)]
use super::stopwords_data;

/// FNV-1a: the words are short and trusted (static tables), so a simple hash beats SipHash
/// by a wide margin in the tokenizer's inner loop.
#[derive(Default)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// What the tokenizer needs to know about one normalized word of a language.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Entry {
    /// The word is a stopword.
    pub(crate) stop: bool,
    /// The canonical form (space-separated words) when the word is a chat spelling.
    pub(crate) chat: Option<&'static str>,
    /// When the word is the first syllable of two-syllable stopwords: their range in the
    /// lexicon's bigram list (see [`Lexicon::completes_bigram`]).
    pub(crate) bigrams: Option<(u16, u16)>,
}

/// One language's stopwords and chat spellings in one hashed table, so that the tokenizer
/// looks each word up once.
#[derive(Debug)]
pub(crate) struct Lexicon {
    map: HashMap<&'static str, Entry, BuildHasherDefault<Fnv>>,
    /// Two-syllable stopwords, `_`-joined, sorted by first then second syllable.
    bigrams: Vec<&'static str>,
}

impl Lexicon {
    /// The table of stopword lists `stopwords`, chat spellings `chat` (keys longer than
    /// [`Lexicon::MAX_CHAT_LEN`] bytes are never looked up: chat spellings are short) and
    /// two-syllable stopword lists `bigrams` (`_`-joined).
    pub(crate) fn new(
        stopwords: &[&[&'static str]],
        chat: &[(&'static str, &'static str)],
        bigrams: &[&[&'static str]],
    ) -> Lexicon {
        // Sorted by first then second syllable, so each first syllable's bigrams are one range.
        let mut bigrams: Vec<&'static str> = bigrams.iter().flat_map(|l| l.iter().copied()).collect();
        bigrams.sort_by_key(|b| b.split_once('_').unwrap_or((b, "")));
        bigrams.dedup();
        let mut map: HashMap<&'static str, Entry, BuildHasherDefault<Fnv>> = HashMap::default();
        for w in stopwords.iter().flat_map(|l| l.iter().copied()) {
            map.entry(w).or_default().stop = true;
        }
        for (spelling, canonical) in chat.iter().filter(|(k, _)| k.len() <= Self::MAX_CHAT_LEN) {
            map.entry(spelling).or_default().chat = Some(canonical);
        }
        // (Ranges are u16 to keep entries small: the lists have a few hundred bigrams.)
        for (i, b) in bigrams.iter().enumerate().take(usize::from(u16::MAX)) {
            let i = i as u16;
            let first = b.split_once('_').map_or(*b, |(a, _)| a);
            let range = map.entry(first).or_default().bigrams.get_or_insert((i, i));
            range.0 = range.0.min(i);
            range.1 = range.1.max(i + 1);
        }
        Lexicon { map, bigrams }
    }

    /// True when `first` (whose entry gave `range`) and `second` form a two-syllable
    /// stopword ("bao giờ").
    pub(crate) fn completes_bigram(&self, first: &str, range: (u16, u16), second: &str) -> bool {
        self.bigrams[usize::from(range.0)..usize::from(range.1)]
            .iter()
            .any(|b| b.split_once('_').is_some_and(|(a, s)| a == first && s == second))
    }

    /// The longest chat spelling, in bytes.
    pub(crate) const MAX_CHAT_LEN: usize = 8;

    /// What the table says about `word` (normalized, lowercase, before stemming).
    pub(crate) fn get(&self, word: &str) -> Entry {
        self.map.get(word).copied().unwrap_or_default()
    }
}

/// True when `word` (normalized, lowercase, before stemming) is in a sorted list.
#[cfg(test)]
fn contains(list: &[&str], word: &str) -> bool {
    list.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_lists_are_sorted_for_binary_search() {
        let lists = [
            ("ENGLISH", stopwords_data::ENGLISH),
            ("FRENCH", stopwords_data::FRENCH),
            ("VIETNAMESE", stopwords_data::VIETNAMESE),
            ("URDU", stopwords_data::URDU),
        ];
        for (name, list) in lists {
            assert!(
                list.windows(2).all(|p| p[0] < p[1]),
                "regenerate stopwords_data.rs: {name} is not sorted"
            );
        }
        // Bigrams are searched by (first, second) syllable, which must agree with the order.
        let keys: Vec<(&str, &str)> =
            stopwords_data::VIETNAMESE_BIGRAMS.iter().map(|b| b.split_once('_').unwrap_or((b, ""))).collect();
        assert!(
            keys.windows(2).all(|p| p[0] < p[1]),
            "VIETNAMESE_BIGRAMS must sort by (first, second) syllable"
        );
    }

    #[test]
    fn lookups_find_entries() {
        assert!(contains(stopwords_data::ENGLISH, "the"));
        assert!(contains(stopwords_data::FRENCH, "les"));
        assert!(contains(stopwords_data::VIETNAMESE, "của"));
        assert!(contains(stopwords_data::URDU, "میں"));
        assert!(!contains(stopwords_data::ENGLISH, "password"));
        let lexicon = Lexicon::new(&[], &[], &[stopwords_data::VIETNAMESE_BIGRAMS]);
        let is_bigram =
            |a: &str, b: &str| lexicon.get(a).bigrams.is_some_and(|r| lexicon.completes_bigram(a, r, b));
        assert!(is_bigram("bao", "giờ"));
        assert!(!is_bigram("bao", "khẩu"));
        assert!(!is_bigram("mật", "khẩu"));
    }
}
