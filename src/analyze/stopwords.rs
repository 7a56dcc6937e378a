//! Stopwords: the generated lists (`stopwords_data.rs`, made by `gen_stopwords.py` from the
//! Snowball and stopwords-iso lists; sources and licences in its header) and their lookup.
//!
//! The generated lists are sorted by code point, which is UTF-8 byte order, so a binary
//! search finds a word without building any table at run time.

use std::collections::HashSet;
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

/// A set of static words with a fast hash.
pub(crate) type WordSet = HashSet<&'static str, BuildHasherDefault<Fnv>>;

/// Builds a [`WordSet`] from static lists.
pub(crate) fn word_set(lists: &[&[&'static str]]) -> WordSet {
    lists.iter().flat_map(|l| l.iter().copied()).collect()
}

/// The Vietnamese two-syllable stopwords, keyed by their `_`-joined form.
static VIETNAMESE_BIGRAMS: LazyLock<WordSet> =
    LazyLock::new(|| word_set(&[stopwords_data::VIETNAMESE_BIGRAMS]));

/// First syllables of the Vietnamese two-syllable stopwords: most pairs are rejected
/// without building the joined key.
static VIETNAMESE_BIGRAM_FIRSTS: LazyLock<WordSet> = LazyLock::new(|| {
    stopwords_data::VIETNAMESE_BIGRAMS.iter().map(|b| b.split_once('_').map_or(*b, |(a, _)| a)).collect()
});

/// True when `word` (normalized, lowercase, before stemming) is in a sorted list.
#[cfg(test)]
fn contains(list: &[&str], word: &str) -> bool {
    list.binary_search(&word).is_ok()
}

/// True when the two syllables form a Vietnamese two-syllable stopword ("bao giờ").
pub(crate) fn is_vietnamese_bigram(first: &str, second: &str) -> bool {
    if !VIETNAMESE_BIGRAM_FIRSTS.contains(first) {
        return false;
    }
    let mut key = String::with_capacity(first.len() + second.len() + 1);
    key.push_str(first);
    key.push('_');
    key.push_str(second);
    VIETNAMESE_BIGRAMS.contains(key.as_str())
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
