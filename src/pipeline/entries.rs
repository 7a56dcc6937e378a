//! Stage 7, build entries: what would a support team publish for each cluster?

use super::cluster::Eligible;
use crate::clean::Cleaned;
use crate::faq::{ExistingFaq, FaqBuild, FaqBuilder, FaqSet};
use crate::mine::{Clustering, QuestionUnit};
use crate::model::Conversation;

/// What the entries are built from.
pub(super) struct EntrySources<'a> {
    /// The conversations, as given to the miner.
    pub(super) conversations: &'a [Conversation],
    /// Their cleaning results (stage 2): the agent replies are read from them.
    pub(super) cleaned: &'a [Vec<Cleaned>],
    /// The analyzed questions (stage 4).
    pub(super) units: &'a [QuestionUnit],
    /// The units that were mined (stage 5).
    pub(super) eligible: &'a Eligible,
    /// The clusters, their siblings in other languages and their topics (stages 5 and 6).
    pub(super) clustering: &'a Clustering,
    /// The last run's FAQ, whose ids, curated edits and retired entries carry over.
    pub(super) previous: Option<&'a FaqSet>,
    /// The help center's existing FAQ, which marks mined entries covered.
    pub(super) existing: &'a [ExistingFaq],
}

/// Writes one entry per cluster and says which entry each unit went to. The entries may
/// move units between clusters (carry-over from the previous run, curated merges and
/// splits), so the assignments come from here, not from the clusters.
pub(super) fn build_entries(sources: EntrySources<'_>) -> FaqBuild {
    let EntrySources { conversations, cleaned, units, eligible, clustering, previous, existing } = sources;
    let mut builder = FaqBuilder::new()
        .cleaned(cleaned)
        .existing(existing)
        .eligible(eligible.mask())
        .siblings(&clustering.siblings)
        .topics(&clustering.topics);
    if let Some(previous) = previous {
        builder = builder.previous(previous);
    }
    builder.build(conversations, units, &clustering.clusters)
}
