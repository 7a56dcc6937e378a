//! Search: a tantivy index over FAQ entries, ranked hits for what a customer types.
//!
//! - [`FaqIndex`] builds ([`create_in_ram`](FaqIndex::create_in_ram),
//!   [`create_in_dir`](FaqIndex::create_in_dir)), opens ([`open`](FaqIndex::open)),
//!   replaces ([`replace`](FaqIndex::replace)) and queries
//!   ([`search`](FaqIndex::search), [`suggest`](FaqIndex::suggest)) the index.
//! - [`SearchRequest`] is a query with its options; [`Hit`] a ranked result with its
//!   highlights and [`Snippet`]; [`Suggestion`] an autocomplete result.
//! - [`faq_set_from_existing`] turns a curated FAQ (`{"id", "question", "answer"}`) into a
//!   [`FaqSet`](crate::FaqSet) to index.
//!
//! # How an entry is indexed
//! Question (with keywords), variants and answer each go to two text fields of the entry's
//! language group (English, French, Vietnamese, Urdu, other): one with the terms of our
//! [`Analyzer`](crate::analyze::Analyzer) for that language, one with their accent-folded
//! twins. Id, language and status are raw fields (filters); `message_count` is a fast
//! field (the popularity prior). The layout has a version ([`INDEX_SCHEMA_VERSION`]),
//! written beside tantivy's `meta.json`; an index of another version is refused with
//! [`Error::SchemaVersion`](crate::Error::SchemaVersion).
//!
//! # How a query is ranked
//! The query is analyzed once per language group that holds entries (the group of the
//! request's language, or else the group that knows most of the query's words, weighs
//! most); each term is searched exact, folded, fuzzy (edit distance 1 or 2, only for words
//! the index barely knows, scored lower and by distance) and, for the word still being
//! typed, as a prefix. The stopwords the analyzer drops ("how do I", "what is") are matched
//! in fields of their own: they tell FAQ questions apart. BM25 scores are summed with field
//! weights (question 2, variants 1.5, answer 1) and multiplied by a popularity prior,
//! `1 + 0.05 ln(1 + message_count)`; the second stage below reorders the first hits.
//! Query syntax has no meaning: quotes, `AND`, colons and
//! parentheses are text, so no query can fail to parse.
//!
//! Weights were chosen on covidfaq and xquad-r-en together (only changes that helped or
//! kept both were kept): idf-squared term weighting, a phrase (bigram, slop 1) bonus,
//! Robertson idf without the `1 +`, no length normalization and stopword weights of 0.5 to 3
//! all lost on one set or both. Stopword weights per part were checked on banking77
//! deflection too (`scripts/deflection.sh`), which no weight was chosen on: a heavier
//! question part lifts covidfaq and lowers deflection.
//!
//! A second stage (`rerank.rs`) adds to the first 10 hits of a complete query what BM25 in
//! tantivy cannot express: BM25 without length normalization and the query's bigrams, over
//! question and answer. Of the twelve signals `scripts/rerank-study.py` measured on the top
//! 50 (BM25 with other k1 and b, term proximity, bigrams, idf coverage, question words,
//! stopword weights, answer types), these two together helped most: +0.008 MRR@10 on
//! xquad-r-en, covidfaq and banking77 deflection kept. Even all twelve fitted on the test
//! queries stay far from FTS5 + 5% on xquad-r-en; see the search section of docs/quality.md.
//!
//! Speed: without filters, tantivy's block-WAND finds the best entries by BM25, and the
//! popularity prior reorders them exactly (see `FaqIndex::run`); filters take a general
//! path that scores every match.
//!
//! Architecture invariant: only this module names tantivy types.

mod accents;
mod confidence;
mod existing;
mod index;
mod query;
mod rerank;
mod schema;
mod semantic;
mod snippet;
mod suggest;
mod tokenizer;
mod words;

pub use confidence::{answered, Evidence, ANSWER_CONFIDENCE};
pub use existing::faq_set_from_existing;
pub use index::{FaqIndex, FaqIndexBuilder};
pub use schema::INDEX_SCHEMA_VERSION;
pub use snippet::Snippet;
pub use suggest::Suggestion;
pub use tokenizer::{FaqTokenizer, TermForm};

use std::ops::Range;

use crate::faq::Status;

/// Whether the last word of a query may still be growing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LastTerm {
    /// The customer is typing: when the query does not end with a space or punctuation, its
    /// last word also matches the longer words it starts ("passw" finds "password").
    #[default]
    Prefix,
    /// The query is complete: every word matches as a whole word (or a near miss).
    Complete,
}

/// A search query with its options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRequest {
    /// The text the user typed.
    pub query: String,
    /// How many hits at most.
    pub limit: usize,
    /// The query's language, when known (ISO 639-1); detected otherwise.
    pub language: Option<String>,
    /// Only entries in one of these languages (ISO 639-1); every language when empty.
    pub languages: Vec<String>,
    /// Only entries with one of these statuses; `None` means every status but
    /// [`Retired`](Status::Retired), [`Suppressed`](Status::Suppressed) and
    /// [`Merged`](Status::Merged).
    pub statuses: Option<Vec<Status>>,
    /// Whether the last word may be unfinished.
    pub last_term: LastTerm,
    /// Keep the hits of a complete query whose [`confidence`](Hit::confidence) is below
    /// [`ANSWER_CONFIDENCE`] (ranked after none: they are the same ranking, flagged). By
    /// default they are left out, so that a query the index has no answer for gets no hit.
    pub keep_unanswered: bool,
}

impl SearchRequest {
    /// A request for `query` with 10 hits at most.
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            limit: 10,
            language: None,
            languages: Vec::new(),
            statuses: None,
            last_term: LastTerm::default(),
            keep_unanswered: false,
        }
    }

    /// At most `n` hits.
    pub fn limit(mut self, n: usize) -> Self {
        self.limit = n;
        self
    }

    /// The query's language.
    pub fn language(mut self, lang: impl Into<String>) -> Self {
        self.language = Some(lang.into());
        self
    }

    /// Only entries in language `lang`; call again to allow more languages.
    pub fn filter_language(mut self, lang: impl Into<String>) -> Self {
        self.languages.push(lang.into());
        self
    }

    /// Only entries with one of `statuses` (instead of all but retired and suppressed).
    pub fn statuses(mut self, statuses: impl IntoIterator<Item = Status>) -> Self {
        self.statuses = Some(statuses.into_iter().collect());
        self
    }

    /// Whether the last word may be unfinished.
    pub fn last_term(mut self, last: LastTerm) -> Self {
        self.last_term = last;
        self
    }

    /// Keep the hits that do not answer the query too (see
    /// [`keep_unanswered`](Self::keep_unanswered)).
    pub fn keep_unanswered(mut self, keep: bool) -> Self {
        self.keep_unanswered = keep;
        self
    }
}

impl Hit {
    /// `true` unless search judged that the entry does not answer the query (its
    /// [`confidence`](Self::confidence) is below [`ANSWER_CONFIDENCE`]).
    pub fn answers(&self) -> bool {
        self.confidence.is_none_or(|c| c >= ANSWER_CONFIDENCE)
    }
}

/// One ranked result.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Hit {
    /// The entry's id.
    pub faq_id: String,
    /// The relevance score; higher is better.
    pub score: f32,
    /// How sure search is that the entry answers the query, from 0 to 1, calibrated on
    /// labelled queries (see `confidence.rs`): below [`ANSWER_CONFIDENCE`] it does not.
    /// `None` when it was not judged: a query still being typed, or search without the
    /// sentence model (a hit is then an entry that shares a word with the query).
    pub confidence: Option<f32>,
    /// What [`confidence`](Self::confidence) was computed from (`None` with it).
    pub evidence: Option<Evidence>,
    /// The entry's question, in [`shown_language`](Self::shown_language).
    pub question: String,
    /// The entry's answer, if it has one, in [`shown_language`](Self::shown_language).
    pub answer: Option<String>,
    /// The entry's language (ISO 639-1, or `und`).
    pub language: String,
    /// The language [`question`](Self::question) and [`answer`](Self::answer) are shown in:
    /// the query's (the request's [`language`](SearchRequest::language), or else detected
    /// from the query) when the entry holds an answer in it (`answers_by_language`) and
    /// the phrasing its customers used in it, otherwise the entry's own.
    pub shown_language: String,
    /// `false` when the entry has nothing in the query's language and is shown in its own
    /// ([`shown_language`](Self::shown_language) then differs from the query's).
    pub in_query_language: bool,
    /// The entry's status.
    pub status: Status,
    /// How many customer messages asked it (`message_count`).
    pub popularity: u64,
    /// Byte ranges of the words of [`question`](Self::question) that matched the query.
    pub question_highlights: Vec<Range<usize>>,
    /// The part of the answer that best matches, with highlights; `None` without answer.
    pub snippet: Option<Snippet>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync_clone<T: Send + Sync + Clone + 'static>() {}

    #[test]
    fn the_index_is_shareable_between_threads() {
        assert_send_sync_clone::<FaqIndex>();
        assert_send_sync_clone::<Hit>();
    }
}
