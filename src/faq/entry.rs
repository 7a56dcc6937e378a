//! The FAQ data types: what `faq.json` holds.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The version of the `faq.json` schema this build writes. Readers accept this version only;
/// bump it whenever a field changes meaning or is removed.
pub const SCHEMA_VERSION: u32 = 1;

/// Where an entry stands in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Found by mining, untouched by people.
    #[default]
    Mined,
    /// Edited by people; mining keeps the edits.
    Curated,
    /// Already answered by the help center's existing FAQ.
    Covered,
    /// No longer seen in the latest run; kept so that curation is never lost.
    Retired,
    /// Hidden from the published FAQ and from search by a curator.
    Suppressed,
}

impl Status {
    /// The lowercase name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Mined => "mined",
            Status::Curated => "curated",
            Status::Covered => "covered",
            Status::Retired => "retired",
            Status::Suppressed => "suppressed",
        }
    }
}

/// One phrasing of an entry's question, with how often customers used it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    /// The phrasing, cleaned and with personal data masked.
    pub text: String,
    /// How many customer messages used this phrasing (or a near-duplicate of it).
    pub count: u32,
}

/// How many messages of an entry fell in one ISO week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekCount {
    /// The ISO week, as `2024-W07`.
    pub week: String,
    /// The number of messages.
    pub count: u32,
}

/// One frequently asked question with the answer agents gave to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaqEntry {
    /// A stable id derived from the entry's content, kept across runs with `--previous`.
    pub id: String,
    /// The canonical question, as customers phrase it.
    pub question: String,
    /// The distinct phrasings with counts, most frequent first.
    #[serde(default)]
    pub variants: Vec<Variant>,
    /// The answer agents gave, or `None` when no agent answered: a content gap.
    #[serde(default)]
    pub answer: Option<String>,
    /// `true` when [`answer`](Self::answer) is `None`.
    #[serde(default)]
    pub needs_answer: bool,
    /// Distinctive words of the entry, in display form.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The entry's dominant language (ISO 639-1, or `und`).
    #[serde(default = "und")]
    pub language: String,
    /// Message counts per language.
    #[serde(default)]
    pub languages: BTreeMap<String, u32>,
    /// Customer messages that asked this question.
    #[serde(default)]
    pub message_count: u32,
    /// Conversations in which it was asked.
    #[serde(default)]
    pub conversation_count: u32,
    /// Earliest message time (RFC 3339), when the input has times.
    #[serde(default)]
    pub first_seen: Option<String>,
    /// Latest message time (RFC 3339), when the input has times.
    #[serde(default)]
    pub last_seen: Option<String>,
    /// Messages per ISO week, oldest first.
    #[serde(default)]
    pub weekly_counts: Vec<WeekCount>,
    /// A few conversations in which the question was asked, for people to read.
    #[serde(default)]
    pub example_conversation_ids: Vec<String>,
    /// Where the entry stands.
    #[serde(default)]
    pub status: Status,
}

fn und() -> String {
    "und".to_string()
}

/// A set of FAQ entries: the content of `faq.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaqSet {
    /// The schema version, [`SCHEMA_VERSION`] when written by this build.
    pub schema_version: u32,
    /// The entries, most asked first.
    pub entries: Vec<FaqEntry>,
}

impl Default for FaqSet {
    fn default() -> Self {
        FaqSet { schema_version: SCHEMA_VERSION, entries: Vec::new() }
    }
}

impl FaqSet {
    /// A set of `entries` with the current schema version.
    pub fn new(entries: Vec<FaqEntry>) -> Self {
        FaqSet { schema_version: SCHEMA_VERSION, entries }
    }

    /// Reads a `faq.json` written by [`to_json`](Self::to_json).
    ///
    /// # Errors
    /// When the text is not a FaqSet of the current schema version.
    pub fn from_json(text: &str) -> crate::Result<FaqSet> {
        let set: FaqSet = serde_json::from_str(text)?;
        Ok(set)
    }

    /// The set as pretty-printed JSON, entries in their order.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("FaqSet serializes")
    }
}
