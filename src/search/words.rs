//! The words of stored texts, analyzed once per index: what the second stage (`rerank.rs`)
//! and the highlighter (`snippet.rs`) read for every hit.
//!
//! Both walk the words of a hit's question and answer and analyze the words that may match
//! the query. The same entries come back query after query, so each text's words (their
//! byte ranges and first-letter keys) are kept in a bounded cache, and each word's analyzer
//! tokens are added the first time a query needs them (most words never pass the
//! first-letter test, and are never analyzed): a text seen again is neither segmented nor
//! analyzed again, and a text seen once costs what it cost without the cache. No result
//! depends on the cache: a miss computes exactly what a hit returns.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use unicode_segmentation::UnicodeSegmentation;

use super::snippet::key;
use crate::analyze::{Analyzer, Token};

/// Texts kept at most; past it the cache starts again empty.
const MAX_TEXTS: usize = 8192;

/// Indexes of at most this many entries use the cache: their texts fit in it. In a larger
/// one, hits rarely repeat a text before the cache is full and starts again, and caching
/// would cost more (copies, frees) than it saves.
const MAX_CACHED_ENTRIES: u64 = (MAX_TEXTS / 2) as u64;

/// One word of a text.
pub(crate) struct Word {
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    /// Its first two letters (see [`key`]).
    pub key: Option<[char; 2]>,
    /// What the analyzer makes of the word alone, once asked for.
    tokens: OnceLock<Vec<Token>>,
}

impl Word {
    /// What the analyzer makes of the word alone; `text` and `lang` are those the word was
    /// cut from.
    pub(crate) fn tokens(&self, analyzer: &Analyzer, lang: &str, text: &str) -> &[Token] {
        self.tokens.get_or_init(|| analyzer.tokenize(&text[self.start..self.end], lang))
    }
}

struct Entry {
    lang: Box<str>,
    text: Box<str>,
    words: Arc<[Word]>,
}

/// Analyzed texts, by language and text.
#[derive(Default)]
pub(crate) struct WordCache {
    map: Mutex<(HashMap<u64, Vec<Entry>>, usize)>,
}

/// The words of `text` in order (those of `unicode_word_indices`), from `cache` when given.
pub(crate) fn words_of(cache: Option<&WordCache>, lang: &str, text: &str) -> Arc<[Word]> {
    match cache {
        Some(c) => c.words(lang, text),
        None => segment(text),
    }
}

fn segment(text: &str) -> Arc<[Word]> {
    text.unicode_word_indices()
        .map(|(start, word)| Word { start, end: start + word.len(), key: key(word), tokens: OnceLock::new() })
        .collect()
}

impl WordCache {
    /// The cache, when an index of `entries` entries should use it.
    pub(crate) fn for_entries(&self, entries: u64) -> Option<&WordCache> {
        (entries <= MAX_CACHED_ENTRIES).then_some(self)
    }

    /// The words of `text` in language `lang`, in order (those of `unicode_word_indices`).
    pub(crate) fn words(&self, lang: &str, text: &str) -> Arc<[Word]> {
        let mut h = std::hash::DefaultHasher::new();
        (lang, text).hash(&mut h);
        let hash = h.finish();
        {
            let map = self.map.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(e) =
                map.0.get(&hash).and_then(|b| b.iter().find(|e| &*e.lang == lang && &*e.text == text))
            {
                return e.words.clone();
            }
        }
        let words = segment(text);
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if map.1 >= MAX_TEXTS {
            *map = Default::default();
        }
        let bucket = map.0.entry(hash).or_default();
        if !bucket.iter().any(|e| &*e.lang == lang && &*e.text == text) {
            bucket.push(Entry { lang: lang.into(), text: text.into(), words: words.clone() });
            map.1 += 1;
        }
        words
    }
}
