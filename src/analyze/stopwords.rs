//! Stopwords: the generated lists (`stopwords_data.rs`, made by `gen_stopwords.py` from the
//! Snowball and stopwords-iso lists; sources and licences in its header) and their lookup.
//!
//! The generated lists are sorted by code point, which is UTF-8 byte order, so a binary
//! search finds a word without building any table at run time.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

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
}

/// One language's stopwords and chat spellings in one hashed table, so that the tokenizer
/// looks each word up once.
#[derive(Debug)]
pub(crate) struct Lexicon {
    map: HashMap<&'static str, Entry, BuildHasherDefault<Fnv>>,
}

impl Lexicon {
    /// The table of stopword lists `stopwords` and chat spellings `chat` (keys longer than
    /// [`Lexicon::MAX_CHAT_LEN`] bytes are never looked up: chat spellings are short).
    pub(crate) fn new(stopwords: &[&[&'static str]], chat: &[(&'static str, &'static str)]) -> Lexicon {
        let mut map: HashMap<&'static str, Entry, BuildHasherDefault<Fnv>> = HashMap::default();
        for w in stopwords.iter().flat_map(|l| l.iter().copied()) {
            map.entry(w).or_default().stop = true;
        }
        for (spelling, canonical) in chat.iter().filter(|(k, _)| k.len() <= Self::MAX_CHAT_LEN) {
            map.entry(spelling).or_default().chat = Some(canonical);
        }
        Lexicon { map }
    }

    /// The longest chat spelling, in bytes.
    pub(crate) const MAX_CHAT_LEN: usize = 8;

    /// What the table says about `word` (normalized, lowercase, before stemming).
    pub(crate) fn get(&self, word: &str) -> Entry {
        self.map.get(word).copied().unwrap_or_default()
    }
}

/// First syllables of the Vietnamese two-syllable stopwords, each with the range of its
/// bigrams in `VIETNAMESE_BIGRAMS` (sorted by first, then second syllable, so the bigrams
/// of one first syllable are contiguous): a pair is checked without building its key.
static VIETNAMESE_BIGRAM_FIRSTS: LazyLock<HashMap<&'static str, (usize, usize), BuildHasherDefault<Fnv>>> =
    LazyLock::new(|| {
        let mut map: HashMap<&'static str, (usize, usize), BuildHasherDefault<Fnv>> = HashMap::default();
        for (i, b) in stopwords_data::VIETNAMESE_BIGRAMS.iter().enumerate() {
            let first = b.split_once('_').map_or(*b, |(a, _)| a);
            let range = map.entry(first).or_insert((i, i));
            range.0 = range.0.min(i);
            range.1 = range.1.max(i + 1);
        }
        map
    });

/// True when `word` (normalized, lowercase, before stemming) is in a sorted list.
#[cfg(test)]
fn contains(list: &[&str], word: &str) -> bool {
    list.binary_search(&word).is_ok()
}

/// True when the two syllables form a Vietnamese two-syllable stopword ("bao giờ").
pub(crate) fn is_vietnamese_bigram(first: &str, second: &str) -> bool {
    let Some(&(from, to)) = VIETNAMESE_BIGRAM_FIRSTS.get(first) else {
        return false;
    };
    stopwords_data::VIETNAMESE_BIGRAMS[from..to]
        .iter()
        .any(|b| b.split_once('_').is_some_and(|(a, s)| a == first && s == second))
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
        assert!(is_vietnamese_bigram("bao", "giờ"));
        assert!(!is_vietnamese_bigram("mật", "khẩu"));
    }
}
