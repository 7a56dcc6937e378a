//! Stopwords: the generated lists (`stopwords_data.rs`, made by `gen_stopwords.py` from the
//! Snowball and stopwords-iso lists; sources and licences in its header) and their lookup.
//!
//! The generated lists are sorted by code point, which is UTF-8 byte order, so a binary
//! search finds a word without building any table at run time.

use super::stopwords_data;

/// True when `word` (normalized, lowercase, before stemming) is a stopword of a list.
pub(crate) fn contains(list: &[&str], word: &str) -> bool {
    list.binary_search(&word).is_ok()
}

/// True when the two syllables form a Vietnamese two-syllable stopword ("bao giờ").
pub(crate) fn is_vietnamese_bigram(first: &str, second: &str) -> bool {
    stopwords_data::VIETNAMESE_BIGRAMS
        .binary_search_by(|probe| {
            let (a, b) = probe.split_once('_').unwrap_or((probe, ""));
            a.cmp(first).then_with(|| b.cmp(second))
        })
        .is_ok()
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
