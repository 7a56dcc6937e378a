//! Autocomplete: what [`FaqIndex::suggest`](super::FaqIndex::suggest) returns.

use std::ops::Range;

/// One autocomplete suggestion: an entry whose question matches what was typed so far.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Suggestion {
    /// The entry's id.
    pub faq_id: String,
    /// The relevance score; higher is better.
    pub score: f32,
    /// The entry's question, to show in the suggestion list.
    pub question: String,
    /// Byte ranges of the words of [`question`](Self::question) that match what was typed.
    pub highlights: Vec<Range<usize>>,
}
