//! Mining: group the question units that ask the same thing.
//!
//! The number of groups is not given: clusters emerge from the similarity graph, and
//! one-off questions (clusters smaller than the minimum support) stay out as noise.
//!
//! Architecture invariant: the result depends only on the set of units, not on their order
//! or on the number of threads.

use time::OffsetDateTime;

use crate::analyze::Utterance;

/// One customer message prepared for mining.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionUnit {
    /// Index of the conversation in the slice given to the miner.
    pub conversation: usize,
    /// 0-based index of the message in its conversation.
    pub message_index: usize,
    /// The cleaned question text (greetings removed, personal data masked).
    pub text: String,
    /// The detected language (ISO 639-1 or `und`).
    pub language: String,
    /// What kind of utterance it is.
    pub utterance: Utterance,
    /// The analyzer's index terms.
    pub terms: Vec<String>,
    /// When it was sent, if known.
    pub timestamp: Option<OffsetDateTime>,
}

/// Settings of the clustering.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterConfig {
    /// The smallest number of messages that makes a cluster an FAQ.
    pub min_support: usize,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig { min_support: 3 }
    }
}

/// Groups `units` into clusters of unit indices. Units in no cluster are noise.
///
/// Clusters are returned largest first, each sorted by unit index, ties broken by their
/// first member, so the output is deterministic.
pub fn cluster(units: &[QuestionUnit], config: &ClusterConfig) -> Vec<Vec<usize>> {
    // First honest baseline: units whose sets of terms are identical form a group.
    let mut groups: std::collections::BTreeMap<Vec<&str>, Vec<usize>> = Default::default();
    for (i, u) in units.iter().enumerate() {
        if !u.utterance.is_minable() || u.terms.is_empty() {
            continue;
        }
        let mut key: Vec<&str> = u.terms.iter().map(String::as_str).collect();
        key.sort_unstable();
        key.dedup();
        groups.entry(key).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() >= config.min_support).collect();
    out.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    out
}
