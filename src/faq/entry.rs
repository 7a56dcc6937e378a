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
    /// Folded into another entry by a curator ([`Curation::merged_into`]); kept as a
    /// redirect so that its id stays valid.
    Merged,
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
            Status::Merged => "merged",
        }
    }

    /// `true` for the statuses that are published: mined, curated and covered entries.
    pub fn is_live(self) -> bool {
        matches!(self, Status::Mined | Status::Curated | Status::Covered)
    }
}

/// Which way an entry's weekly volume is going, relative to all traffic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Trend {
    /// Asked markedly more often in the latest weeks than in the weeks before.
    Rising,
    /// Asked markedly less often in the latest weeks than in the weeks before.
    Falling,
    /// Neither.
    Steady,
}

impl Trend {
    /// The lowercase name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Trend::Rising => "rising",
            Trend::Falling => "falling",
            Trend::Steady => "steady",
        }
    }
}

/// Another answer agents gave to the same question, different from the chosen one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlternativeAnswer {
    /// The reply, cleaned and with personal data masked.
    pub text: String,
    /// How many agent replies are closer to this answer than to the chosen one.
    pub count: u32,
}

/// What people decided about an entry. Mining never changes these fields; it carries them
/// over from `--previous` and applies them on every run.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Curation {
    /// The question as a curator wrote it; replaces the mined question.
    pub question: Option<String>,
    /// The answer as a curator wrote it; replaces the mined answer.
    pub answer: Option<String>,
    /// Listed first, and kept published even when no longer asked.
    pub pinned: bool,
    /// Hidden from the published FAQ and from search.
    pub suppressed: bool,
    /// The id of the entry this one was folded into: its messages count for that entry.
    pub merged_into: Option<String>,
}

impl Curation {
    /// `true` when a person has decided anything about the entry.
    pub fn is_empty(&self) -> bool {
        self == &Curation::default()
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
    /// How much the agents' replies agree with the chosen answer, from 0 to 1 (the mean
    /// similarity of every reply to it, shrunk for few replies); `None` without an answer.
    #[serde(default)]
    pub answer_confidence: Option<f32>,
    /// How many agent replies to the entry's messages were seen.
    #[serde(default)]
    pub answer_count: u32,
    /// Other answers agents gave when they disagreed, most given first.
    #[serde(default)]
    pub alternative_answers: Vec<AlternativeAnswer>,
    /// The answer agents gave in each other language the entry was asked in (ISO 639-1),
    /// for an entry that gathers one question asked in several languages: `answer` is in
    /// `language`, these in theirs. Absent when the entry has one language of replies.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers_by_language: BTreeMap<String, String>,
    /// Distinct customers who asked (message authors when the input names them, otherwise
    /// one per conversation).
    #[serde(default)]
    pub customer_count: u32,
    /// Message counts per channel (`chat`, `email` ...), for conversations that say.
    #[serde(default)]
    pub channels: BTreeMap<String, u32>,
    /// Which way the weekly volume is going; `None` when the input has too few dated weeks.
    #[serde(default)]
    pub trend: Option<Trend>,
    /// Ids of the entries that ask the same question in other languages.
    #[serde(default)]
    pub siblings: Vec<String>,
    /// The id of the existing help-center FAQ entry (`--existing`) that already answers
    /// this question, if any. Live entries without it are content gaps.
    #[serde(default)]
    pub covered_by: Option<String>,
    /// The id of the entry this one was split from, for entries created by a split.
    /// Re-applied on every run: new phrasings closer to this entry's variants than to the
    /// parent's come here.
    #[serde(default)]
    pub split_from: Option<String>,
    /// What people decided about the entry; carried over by `--previous`.
    #[serde(default)]
    pub curation: Curation,
}

fn und() -> String {
    "und".to_string()
}

impl Default for FaqEntry {
    fn default() -> Self {
        FaqEntry::new(String::new(), String::new())
    }
}

impl FaqEntry {
    /// An entry with `id` and `question`, no answer (so `needs_answer`), no counts, language
    /// `und` and status mined. Fill the other fields as needed: `FaqEntry { answer: ..,
    /// ..FaqEntry::new(id, question) }`.
    pub fn new(id: impl Into<String>, question: impl Into<String>) -> Self {
        FaqEntry {
            id: id.into(),
            question: question.into(),
            variants: Vec::new(),
            answer: None,
            needs_answer: true,
            keywords: Vec::new(),
            language: und(),
            languages: BTreeMap::new(),
            message_count: 0,
            conversation_count: 0,
            first_seen: None,
            last_seen: None,
            weekly_counts: Vec::new(),
            example_conversation_ids: Vec::new(),
            status: Status::Mined,
            answer_confidence: None,
            answer_count: 0,
            alternative_answers: Vec::new(),
            answers_by_language: BTreeMap::new(),
            customer_count: 0,
            channels: BTreeMap::new(),
            trend: None,
            siblings: Vec::new(),
            covered_by: None,
            split_from: None,
            curation: Curation::default(),
        }
    }
}

/// A set of FAQ entries: the content of `faq.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaqSet {
    /// The schema version, [`SCHEMA_VERSION`] when written by this build.
    pub schema_version: u32,
    /// The entries: pinned first, then live entries most asked first, then suppressed,
    /// merged and retired entries.
    pub entries: Vec<FaqEntry>,
    /// How the entries compare with the help center's existing FAQ, when one was given.
    #[serde(default)]
    pub coverage: Option<Coverage>,
    /// What customers searched and did not find, when the run was given a search log
    /// (see [`gaps`](crate::faq::gaps)). Absent from the file otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_log: Option<crate::faq::gaps::SearchGaps>,
    /// The published entries grouped by subject, most asked first: every published entry is
    /// in exactly one topic (a topic of its own when it shares its subject with no other).
    /// Files written before topics existed have none.
    #[serde(default)]
    pub topics: Vec<Topic>,
}

/// Entries that share a subject (a product, an account area), shown together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    /// A stable id, `topic-` and 12 hex digits, derived from the ids of its entries when
    /// first seen, then kept through `--previous` while its entries stay mostly the same.
    pub id: String,
    /// A readable name: its one to three most distinctive keywords, in its main language.
    pub name: String,
    /// Up to 8 distinctive words of the topic, by class-based TF-IDF among topics.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// The ids of its entries, in the set's order (most asked first).
    pub entry_ids: Vec<String>,
    /// The topic's main language: that of most of its messages.
    #[serde(default = "und")]
    pub language: String,
    /// Message counts per language, over its entries.
    #[serde(default)]
    pub languages: BTreeMap<String, u32>,
    /// Customer messages of its entries.
    #[serde(default)]
    pub message_count: u32,
    /// Messages per ISO week over its entries, oldest first, empty weeks included.
    #[serde(default)]
    pub weekly_counts: Vec<WeekCount>,
    /// Which way the topic's weekly volume is going, relative to all traffic.
    #[serde(default)]
    pub trend: Option<Trend>,
}

/// How a mined FAQ compares with the help center's existing FAQ (`--existing`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Coverage {
    /// Entries in the existing FAQ.
    pub existing_entries: u32,
    /// Live mined entries the existing FAQ already answers.
    pub covered: u32,
    /// Ids of the live mined entries it does not answer (content gaps), most asked first.
    pub gaps: Vec<String>,
}

impl Default for FaqSet {
    fn default() -> Self {
        FaqSet::new(Vec::new())
    }
}

impl FaqSet {
    /// A set of `entries` with the current schema version.
    pub fn new(entries: Vec<FaqEntry>) -> Self {
        FaqSet {
            schema_version: SCHEMA_VERSION,
            entries,
            coverage: None,
            search_log: None,
            topics: Vec::new(),
        }
    }

    /// The entry with id `id`, if any.
    pub fn get(&self, id: &str) -> Option<&FaqEntry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The topic that holds entry `entry_id`, if any.
    pub fn topic_of(&self, entry_id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.entry_ids.iter().any(|e| e == entry_id))
    }

    /// For each entry id in a topic, its topic's id.
    pub fn topic_ids(&self) -> BTreeMap<&str, &str> {
        self.topics
            .iter()
            .flat_map(|t| t.entry_ids.iter().map(move |e| (e.as_str(), t.id.as_str())))
            .collect()
    }

    /// The published entries (mined, curated or covered), in file order.
    pub fn live(&self) -> impl Iterator<Item = &FaqEntry> {
        self.entries.iter().filter(|e| e.status.is_live())
    }

    /// Reads a `faq.json` written by [`to_json`](Self::to_json).
    ///
    /// # Errors
    /// When the text is not a FaqSet of the current schema version.
    pub fn from_json(text: &str) -> crate::Result<FaqSet> {
        let set: FaqSet = serde_json::from_str(text)?;
        if set.schema_version != SCHEMA_VERSION {
            return Err(crate::Error::Config {
                field: "schema_version",
                message: format!(
                    "faq.json schema version {} is not supported (expected {SCHEMA_VERSION})",
                    set.schema_version
                ),
            });
        }
        Ok(set)
    }

    /// The set as pretty-printed JSON, entries in their order.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("FaqSet serializes")
    }
}
